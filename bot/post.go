package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// postOnce posts a reply in the case's thread at most once per key; see
// postKeyed.
func (b *Bot) postOnce(ctx context.Context, c buyerdesk.Case, key string, opts ...slack.MsgOption) error {
	if c.ThreadTS == "" {
		return fmt.Errorf("thread post %s: case %s has no thread yet", key, c.ID)
	}
	all := append(append([]slack.MsgOption(nil), opts...), slack.MsgOptionTS(c.ThreadTS))
	return b.postKeyed(ctx, c, key, c.Channel, all...)
}

// postKeyed posts to channel (a channel, or a user id for a DM) at most
// once per key of the case's log: it reads the log first and records
// EventPosted with the key, the channel and the ts after Slack accepted the
// message. A crash between the two can repeat a notice, never a reply to
// the buyer.
func (b *Bot) postKeyed(ctx context.Context, c buyerdesk.Case, key, channel string, opts ...slack.MsgOption) error {
	done, err := b.store.HasEvent(ctx, c.ID, key)
	if err != nil {
		return fmt.Errorf("post %s: %w", key, err)
	}
	if done {
		return nil
	}
	_, ts, err := b.slack.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		return fmt.Errorf("post %s: %w", key, err)
	}
	_, _, err = b.store.Append(ctx, c.ID, buyerdesk.Event{
		Type: buyerdesk.EventPosted, At: b.now(), Actor: buyerdesk.SystemActor, Key: key,
		Data: map[string]string{"channel": channel, "ts": ts},
	})
	if err != nil && !errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("post %s: record: %w", key, err)
	}
	return nil
}

// tell answers one person privately in a channel.
func (b *Bot) tell(ctx context.Context, channel, user, text string) {
	b.tellIn(ctx, channel, "", user, text)
}

// tellIn answers one person privately in a thread of a channel (in the
// channel itself when thread is empty).
func (b *Bot) tellIn(ctx context.Context, channel, thread, user, text string) {
	if channel == "" || user == "" {
		return
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	if _, err := b.slack.PostEphemeralContext(ctx, channel, user, opts...); err != nil {
		b.log.Warn().Err(err).Str("user", user).Msg("ephemeral answer failed")
	}
}

// record appends an event and logs (without PII) when that fails.
func (b *Bot) record(ctx context.Context, id buyerdesk.CaseID, e buyerdesk.Event) (buyerdesk.Case, error) {
	if e.At.IsZero() {
		e.At = b.now()
	}
	if e.Actor == "" {
		e.Actor = buyerdesk.SystemActor
	}
	c, _, err := b.store.Append(ctx, id, e)
	if err != nil {
		return c, fmt.Errorf("record %s: %w", e.Type, err)
	}
	return c, nil
}

// channelFor routes a case: by mailbox name, then marketplace, then the default.
func (b *Bot) channelFor(c buyerdesk.Case) string {
	if ch := b.cfg.Routes[c.Mailbox]; ch != "" && c.Mailbox != "" {
		return ch
	}
	if ch := b.cfg.Routes[c.Marketplace]; ch != "" && c.Marketplace != "" {
		return ch
	}
	return b.cfg.DefaultChannel
}
