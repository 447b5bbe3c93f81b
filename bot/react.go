package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// reactAction is what an agent asks for, by reaction or by command.
type reactAction string

// The actions agents take on a case.
const (
	reactClaim    reactAction = "claim"
	reactTakeover reactAction = "takeover"
	reactRelease  reactAction = "release"
	reactResolve  reactAction = "resolve"
	reactNoReply  reactAction = "no_response_needed"
	reactHandover reactAction = "handover"
	reactAway     reactAction = "away"
)

// reactBy is who asks for an action and how to answer them.
type reactBy struct {
	user    string
	channel string // where the private answer goes
	key     string // unique per delivery: makes the resulting event idempotent
}

// reactName strips the colons and a skin-tone suffix from a reaction name:
// ":raised_hand::skin-tone-3:" is "raised_hand".
func reactName(name string) string {
	name = strings.Trim(name, ":")
	if i := strings.Index(name, "::"); i >= 0 {
		name = name[:i]
	}
	return name
}

// reactionAction maps a reaction name to an action; added is false for
// reaction_removed, where only removing the claim emoji means something.
func (b *Bot) reactionAction(name string, added bool) (reactAction, bool) {
	r := b.cfg.Reactions
	name = reactName(name)
	if !added {
		return reactRelease, name == reactName(r.Claim)
	}
	switch name {
	case reactName(r.Claim):
		return reactClaim, true
	case reactName(r.Takeover):
		return reactTakeover, true
	case reactName(r.Resolve):
		return reactResolve, true
	case reactName(r.NoResponse):
		return reactNoReply, true
	}
	return "", false
}

// onReaction handles reaction_added and reaction_removed in the ingress
// loop: it filters and hands the work to the workers.
func (b *Bot) onReaction(ev *slackevents.EventsAPIEvent, user, name string, item slackevents.Item, eventTS string, added bool) {
	if user == "" || user == b.cfg.BotUserID || item.Type != "message" || item.Channel == "" || item.Timestamp == "" {
		return
	}
	action, ok := b.reactionAction(name, added)
	if !ok {
		return
	}
	id := eventTS
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
		id = cb.EventID
	}
	by := reactBy{user: user, channel: item.Channel, key: "reaction/" + id}
	b.enqueue("reaction "+string(action), func(ctx context.Context) {
		c, err := b.store.CaseByThread(ctx, item.Channel, item.Timestamp)
		if errors.Is(err, store.ErrNotFound) {
			return // a reaction on some other message
		}
		if err != nil {
			b.log.Warn().Err(err).Msg("reaction: case lookup failed")
			return
		}
		b.act(ctx, c.ID, action, by)
	})
}

// act carries out an agent's action on a case: agents only, one at a time
// per case, each change recorded with its actor and announced in the thread.
func (b *Bot) act(ctx context.Context, id buyerdesk.CaseID, action reactAction, by reactBy) {
	if action != reactRelease && !b.isAgent(ctx, by.user) {
		b.reactRefuse(ctx, id, action, by)
		return
	}
	b.withCase(id, func() {
		c, err := b.store.Case(ctx, id)
		if err != nil {
			b.log.Warn().Err(err).Str("case", string(id)).Msg("action: case unreadable")
			return
		}
		switch action {
		case reactClaim:
			b.reactClaim(ctx, c, by)
		case reactTakeover:
			b.reactTakeover(ctx, c, by)
		case reactRelease:
			b.reactRelease(ctx, c, by)
		case reactResolve:
			b.reactResolve(ctx, c, by)
		case reactNoReply:
			b.reactNoResponse(ctx, c, by)
		}
	})
}

// reactRefuse tells a non-agent politely that they may not act and leaves
// an audit event.
func (b *Bot) reactRefuse(ctx context.Context, id buyerdesk.CaseID, action reactAction, by reactBy) {
	b.tell(ctx, by.channel, by.user, "Sorry, only the support agents can claim, resolve or hand over buyer messages. "+
		"Ask your team lead to add you if you should be one of them.")
	_, _, err := b.reactAppend(ctx, id, buyerdesk.Event{Type: buyerdesk.EventRefused, Actor: by.user,
		Key: "refused/" + by.key, Data: map[string]string{"action": string(action)}})
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("refusal not recorded")
	}
}

// reactClaim claims c for the person asking, unless someone else holds it.
func (b *Bot) reactClaim(ctx context.Context, c buyerdesk.Case, by reactBy) {
	switch c.Assignee {
	case by.user:
		return
	case "":
	default:
		b.tell(ctx, by.channel, by.user, fmt.Sprintf("This case is already claimed by <@%s>; react :%s: to take over.",
			c.Assignee, reactName(b.cfg.Reactions.Takeover)))
		return
	}
	b.reactChange(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventClaimed, Actor: by.user, Key: "claim/" + by.key},
		"claim", fmt.Sprintf(":%s: <@%s> claimed this case.", reactName(b.cfg.Reactions.Claim), by.user))
}

// reactTakeover hands c from its holder to the person asking.
func (b *Bot) reactTakeover(ctx context.Context, c buyerdesk.Case, by reactBy) {
	switch c.Assignee {
	case by.user:
		return
	case "":
		b.reactClaim(ctx, c, by)
		return
	}
	b.reactChange(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventHandover, Actor: by.user, Key: "takeover/" + by.key,
		Data: map[string]string{"from": c.Assignee, "to": by.user}},
		"takeover", fmt.Sprintf(":%s: <@%s> took this case over from <@%s>.", reactName(b.cfg.Reactions.Takeover), by.user, c.Assignee))
}

// reactRelease gives up the claim, if the person asking holds it.
func (b *Bot) reactRelease(ctx context.Context, c buyerdesk.Case, by reactBy) {
	if c.Assignee != by.user {
		return
	}
	b.reactChange(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventReleased, Actor: by.user, Key: "release/" + by.key},
		"release", fmt.Sprintf("<@%s> released this case; it is unclaimed again.", by.user))
}

// reactAppend appends e, stamped with the bot's clock. An error wrapping
// store.ErrDuplicate means another delivery already recorded it.
func (b *Bot) reactAppend(ctx context.Context, id buyerdesk.CaseID, e buyerdesk.Event) (buyerdesk.Case, buyerdesk.Event, error) {
	if e.At.IsZero() {
		e.At = b.now()
	}
	c, e, err := b.store.Append(ctx, id, e)
	if err != nil {
		return c, e, fmt.Errorf("record %s: %w", e.Type, err)
	}
	return c, e, nil
}

// reactChange records a change of shared state, announces it in the thread
// (once, keyed by the event's position in the log) and refreshes the card.
// It returns the case after the change, and false when nothing changed.
func (b *Bot) reactChange(ctx context.Context, id buyerdesk.CaseID, e buyerdesk.Event, note, text string) (buyerdesk.Case, bool) {
	c, e, err := b.reactAppend(ctx, id, e)
	if errors.Is(err, store.ErrDuplicate) {
		return c, false
	}
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("change not recorded")
		return c, false
	}
	b.reactAnnounce(ctx, c, fmt.Sprintf("note/%s/%d", note, e.Seq), text)
	return c, true
}

// reactAnnounce posts a note in the case's thread once per key and brings
// the card up to date.
func (b *Bot) reactAnnounce(ctx context.Context, c buyerdesk.Case, key, text string) {
	if c.ThreadTS == "" {
		return
	}
	if err := b.postOnce(ctx, c, key, slack.MsgOptionText(text, false)); err != nil {
		b.log.Warn().Err(err).Str("case", string(c.ID)).Msg("thread note failed")
	}
	if err := b.refreshCard(ctx, c); err != nil {
		b.log.Warn().Err(err).Str("case", string(c.ID)).Msg("card refresh failed")
	}
}
