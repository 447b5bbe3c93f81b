package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/slackout"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// Idempotency keys of the mirror's events.
const (
	mirrorKeyIntent = "mirror/intent" // EventMirrorIntent: about to post the parent
	mirrorKeyParent = "mirror/parent" // EventMirrored: the parent is posted
	mirrorKeyMsg    = "mirror/msg/"   // EventPosted: a stored mail is in the thread (+ message key)
	mirrorClaimNote = ":warning: A-to-z Guarantee claim filed for this order"
)

// mirrorRetries are the pauses before a failed mirror job runs again; after
// the last one the case waits for its next mail or the next start-up's
// Reconcile.
var mirrorRetries = [...]time.Duration{2 * time.Second, 15 * time.Second, time.Minute}

// Changed is called by the ingest pipeline once mails are durably stored. It
// queues one mirror job per affected case and never blocks.
func (b *Bot) Changed(ctx context.Context, results []store.IngestResult) {
	seen := make(map[buyerdesk.CaseID]bool, len(results))
	for _, r := range results {
		id := r.Case.ID
		if id == "" || r.Duplicate || seen[id] {
			continue
		}
		seen[id] = true
		b.mirrorLater(id, 0)
	}
}

// mirrorLater queues Mirror for a case and, when it fails, tries again
// after the next pause of mirrorRetries.
func (b *Bot) mirrorLater(id buyerdesk.CaseID, attempt int) {
	b.enqueue("mirror", func(ctx context.Context) {
		err := b.mirrorCase(ctx, id, attempt > 0) // a failed run may have left the card stale
		if err == nil || ctx.Err() != nil {
			return
		}
		if attempt >= len(mirrorRetries) {
			b.log.Error().Err(err).Str("case", string(id)).Msg("mirror failed; left for the next start-up")
			return
		}
		b.log.Warn().Err(err).Str("case", string(id)).Int("attempt", attempt+1).Msg("mirror failed; will retry")
		go func() {
			t := time.NewTimer(mirrorRetries[attempt])
			defer t.Stop()
			select {
			case <-ctx.Done():
			case <-t.C:
				b.mirrorLater(id, attempt+1)
			}
		}()
	})
}

// Mirror brings a case's Slack thread up to date: it posts the parent card
// once (recording the intent first and, after a crash, finding a parent
// already posted by its metadata), posts every stored mail of the case not
// yet in the thread, and then updates the card in place. It is idempotent
// and serialised per case: it takes the case's lock (withCase), so it must
// not be called while holding it.
func (b *Bot) Mirror(ctx context.Context, id buyerdesk.CaseID) error {
	return b.mirrorCase(ctx, id, false)
}

// mirrorCase is Mirror; refresh updates the card even when nothing new was
// posted.
func (b *Bot) mirrorCase(ctx context.Context, id buyerdesk.CaseID, refresh bool) error {
	var err error
	b.withCase(id, func() { err = b.mirror(ctx, id, refresh) })
	return err
}

func (b *Bot) mirror(ctx context.Context, id buyerdesk.CaseID, refresh bool) error {
	c, err := b.store.Case(ctx, id)
	if err != nil {
		return fmt.Errorf("mirror: %w", err)
	}
	if !c.Deadline.IsZero() {
		ctx = slackout.WithDeadline(ctx, c.Deadline) // the most urgent case is posted first
	}
	msgs, err := b.store.Messages(ctx, id)
	if err != nil {
		return fmt.Errorf("mirror: %w", err)
	}
	fresh, stale := false, false
	if c.ThreadTS == "" {
		var found bool
		if c, found, err = b.mirrorParent(ctx, c, b.cardState(ctx, c, msgs)); err != nil {
			return err
		}
		fresh, stale = !found, found
	}
	posted := 0
	for _, m := range msgs {
		key := mirrorKeyMsg + m.Key
		done, err := b.store.HasEvent(ctx, id, key)
		if err != nil {
			return fmt.Errorf("mirror: %w", err)
		}
		if done {
			continue
		}
		text, blocks := mirrorReply(m.Mail)
		err = b.postOnce(ctx, c, key, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...),
			slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
		if err != nil {
			return fmt.Errorf("mirror: %w", err)
		}
		posted++
	}
	if err := b.assign(ctx, id); err != nil { // tag the on-call person, once per clock
		return fmt.Errorf("mirror: %w", err)
	}
	// A parent posted just now already shows the current state; one found
	// after a crash may not.
	if !stale && (fresh || !refresh && posted == 0) {
		return nil
	}
	if c, err = b.store.Case(ctx, id); err != nil {
		return fmt.Errorf("mirror: %w", err)
	}
	return b.updateCard(ctx, c, b.cardState(ctx, c, msgs))
}

// mirrorParent gives a case its parent message: it records the intent,
// posts the card with the case id in the message metadata and records the
// (channel, ts). After a crash between post and record, the parent is found
// in the channel's history instead of posted again (found is true).
func (b *Bot) mirrorParent(ctx context.Context, c buyerdesk.Case, x cardExtra) (_ buyerdesk.Case, found bool, _ error) {
	intent, err := b.mirrorIntent(ctx, c.ID)
	if err != nil {
		return c, false, err
	}
	channel := b.channelFor(c)
	if intent != nil {
		if ch := intent.Data["channel"]; ch != "" {
			channel = ch
		}
		ts, err := b.mirrorFind(ctx, channel, c.ID, intent.At)
		if err != nil {
			return c, false, err
		}
		if ts != "" {
			c, err = b.mirrorRecord(ctx, c, channel, ts)
			return c, true, err
		}
	} else {
		_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventMirrorIntent, Key: mirrorKeyIntent,
			Data: map[string]string{"channel": channel}})
		if err != nil {
			return c, false, fmt.Errorf("mirror intent: %w", err)
		}
	}
	_, ts, err := b.slack.PostMessageContext(slackout.WithoutBlindRetry(ctx), channel,
		slack.MsgOptionText(cardText(c), false),
		slack.MsgOptionBlocks(b.card(c, x)...),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: metadataType, EventPayload: map[string]any{"case_id": string(c.ID)}}),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
	if err != nil {
		return c, false, fmt.Errorf("parent post: %w", err)
	}
	c, err = b.mirrorRecord(ctx, c, channel, ts)
	return c, false, err
}

// mirrorIntent returns the case's mirror_intent event, or nil.
func (b *Bot) mirrorIntent(ctx context.Context, id buyerdesk.CaseID) (*buyerdesk.Event, error) {
	has, err := b.store.HasEvent(ctx, id, mirrorKeyIntent)
	if err != nil || !has {
		return nil, err
	}
	evs, err := b.store.Events(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("mirror intent: %w", err)
	}
	for i := range evs {
		if evs[i].Key == mirrorKeyIntent {
			return &evs[i], nil
		}
	}
	return nil, nil
}

// mirrorRecord stores the case ↔ (channel, ts) mapping. When another worker
// recorded a parent first, its record stands.
func (b *Bot) mirrorRecord(ctx context.Context, c buyerdesk.Case, channel, ts string) (buyerdesk.Case, error) {
	got, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventMirrored, Key: mirrorKeyParent,
		Data: map[string]string{"channel": channel, "ts": ts}})
	if errors.Is(err, store.ErrDuplicate) {
		b.log.Warn().Str("case", string(c.ID)).Str("ts", ts).Msg("parent recorded by another worker")
		if got, err = b.store.Case(ctx, c.ID); err != nil {
			return c, fmt.Errorf("mirror record: %w", err)
		}
		return got, nil
	}
	if err != nil {
		return c, fmt.Errorf("mirror record: %w", err)
	}
	return got, nil
}

// mirrorExtra is what the card shows from the case's mails.
func mirrorExtra(msgs []store.Message) cardExtra {
	var x cardExtra
	for _, m := range msgs {
		if m.Mail.Kind == buyerdesk.KindClaim {
			x.Note = mirrorClaimNote
		}
	}
	return x
}
