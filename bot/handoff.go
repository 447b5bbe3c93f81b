package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/sla"
)

// The handoff's store namespaces: posted handoffs by "<team>/<unix>", and
// the instant up to which shift ends were handled.
const (
	handoffNS     = "handoff"
	handoffCursor = "handoff-cursor"
)

// ActionHandoverAccept is the "Accept handover" button of a handoff post.
const ActionHandoverAccept = "handover_accept"

// handoffLookback bounds how far back shift ends missed while the service
// was down are still announced.
const handoffLookback = 2 * time.Hour

// handoffMaxSleep bounds the handoff loop's sleep, so rota overrides set
// meanwhile move the next shift end.
const handoffMaxSleep = 6 * time.Hour

// handoffTextMax bounds the bytes of the handoff's list, below the 3,000
// characters Slack allows in a section, with room for "… and N more".
const handoffTextMax = 2900

// handoff is a posted handoff as stored.
type handoff struct {
	Team       string    `json:"team"`
	At         time.Time `json:"at"`
	Channel    string    `json:"channel"`
	TS         string    `json:"ts"`
	AcceptedBy string    `json:"accepted_by,omitempty"`
	Escalated  bool      `json:"escalated,omitempty"`
}

func handoffKey(team string, at time.Time) string {
	return fmt.Sprintf("%s/%d", team, at.Unix())
}

// Handoffs posts a handoff at each team's shift end and escalates the ones
// nobody accepted within acceptWithin, until ctx ends.
func (b *Bot) Handoffs(ctx context.Context, acceptWithin time.Duration) error {
	for {
		next, err := b.RunHandoffs(ctx, acceptWithin)
		wait := handoffMaxSleep
		if err != nil {
			b.log.Error().Err(err).Msg("handoffs failed; retrying")
			wait = time.Minute
		} else if !next.IsZero() {
			wait = min(max(next.Sub(b.now()), 0), handoffMaxSleep)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// RunHandoffs posts the handoffs of the shift ends since the last run (at
// most handoffLookback ago) up to now, escalates unaccepted handoffs older
// than acceptWithin, and returns when it has work next. Each handoff is
// posted and escalated once.
func (b *Bot) RunHandoffs(ctx context.Context, acceptWithin time.Duration) (time.Time, error) {
	now := b.now()
	r := b.rota(ctx)
	since := now.Add(-handoffLookback)
	if v, err := b.store.Get(ctx, handoffCursor, "last"); err == nil {
		var last time.Time
		if last.UnmarshalText(v) == nil && last.After(since) {
			since = last
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return time.Time{}, fmt.Errorf("handoffs: %w", err)
	}
	for _, h := range r.Handoffs(since, now) {
		if err := b.handoffPost(ctx, r, h); err != nil {
			return time.Time{}, err
		}
	}
	if v, err := now.MarshalText(); err == nil {
		if err := b.store.Put(ctx, handoffCursor, "last", v); err != nil {
			return time.Time{}, fmt.Errorf("handoffs: %w", err)
		}
	}
	next, err := b.handoffEscalate(ctx, r, now, acceptWithin)
	if err != nil {
		return time.Time{}, err
	}
	if hs := r.Handoffs(now, now.Add(handoffMaxSleep)); len(hs) > 0 && (next.IsZero() || hs[0].At.Before(next)) {
		next = hs[0].At
	}
	return next, nil
}

// handoffPost announces a shift end in the team's channel: the open cases
// it serves with deadlines and claimers, the unclaimed ones tagged to
// whoever is on call next, and the Accept handover button.
func (b *Bot) handoffPost(ctx context.Context, r sla.Rota, h sla.Handoff) error {
	key := handoffKey(h.Team, h.At)
	if _, err := b.store.Get(ctx, handoffNS, key); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("handoff %s: %w", key, err)
	}
	t := digestTeam(r, h.Team)
	if t == nil {
		return nil
	}
	cases, err := b.digestCases(ctx, t)
	if err != nil {
		return err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, ":handshake: *Handoff: team %s's shift ended %s* – %d open case(s).", escape(t.Name), slackDate(h.At), len(cases))
	for i, c := range cases {
		who := digestClaimer(c)
		if c.Assignee == "" {
			next := r.OnCallFor(c.Marketplace, h.At)
			who = "unclaimed → " + escMention(handoffNext(r, next))
		}
		line := fmt.Sprintf("\n• %s – due %s – %s", caseLink(c), slackDate(c.Deadline), who)
		if i == digestListMax*2 || sb.Len()+len(line) > handoffTextMax {
			fmt.Fprintf(&sb, "\n• … and %d more", len(cases)-i)
			break
		}
		sb.WriteString(line)
	}
	text := sb.String()
	blocks := []slack.Block{
		slack.NewSectionBlock(md(text), nil, nil),
		slack.NewActionBlock("handoff", slack.NewButtonBlockElement(ActionHandoverAccept, key, plain("Accept handover")).WithStyle(slack.StylePrimary)),
	}
	ch := cmpOrString(t.Channel, b.cfg.DefaultChannel)
	_, ts, err := b.slack.PostMessageContext(ctx, ch, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...), slack.MsgOptionDisableLinkUnfurl())
	if err != nil {
		return fmt.Errorf("handoff %s: %w", key, err)
	}
	return b.handoffSave(ctx, key, handoff{Team: h.Team, At: h.At, Channel: ch, TS: ts})
}

// handoffNext is who takes unclaimed cases: the on-call primary, or the
// fallback when nobody is on shift.
func handoffNext(r sla.Rota, oc sla.OnCall) sla.Target {
	if oc.FallbackUsed {
		return r.Fallback
	}
	return sla.Target{Kind: sla.User, ID: oc.Primary}
}

// handoffEscalate escalates the handoffs nobody accepted within
// acceptWithin and returns when the next pending one is due.
func (b *Bot) handoffEscalate(ctx context.Context, r sla.Rota, now time.Time, acceptWithin time.Duration) (time.Time, error) {
	var due []string
	var next time.Time
	pending := map[string]handoff{}
	err := b.store.Scan(ctx, handoffNS, "", func(key string, v []byte) bool {
		var h handoff
		if json.Unmarshal(v, &h) != nil || h.AcceptedBy != "" || h.Escalated {
			return true
		}
		if at := h.At.Add(acceptWithin); !at.After(now) {
			due = append(due, key)
			pending[key] = h
		} else if next.IsZero() || at.Before(next) {
			next = at
		}
		return true
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("handoffs: %w", err)
	}
	for _, key := range due {
		still := false
		if _, err := b.handoffUpdate(ctx, key, func(x *handoff) bool {
			still = x.AcceptedBy == "" && !x.Escalated
			return false
		}); err != nil {
			return time.Time{}, err
		}
		if !still {
			continue // accepted meanwhile
		}
		h := pending[key]
		text := fmt.Sprintf(":rotating_light: Nobody accepted the handoff of team %s (shift ended %s) within %s: <%s|handoff>. %s",
			escape(h.Team), slackDate(h.At), acceptWithin, permalink(h.Channel, h.TS), escMention(r.Fallback))
		if ch := b.escChannel(); ch != "" {
			if _, _, err := b.slack.PostMessageContext(ctx, ch, slack.MsgOptionText(text, false), slack.MsgOptionDisableLinkUnfurl()); err != nil {
				return time.Time{}, fmt.Errorf("handoff %s escalation: %w", key, err)
			}
		}
		if _, err := b.handoffUpdate(ctx, key, func(x *handoff) bool { x.Escalated = true; return true }); err != nil {
			return time.Time{}, err
		}
	}
	return next, nil
}

// handoffAccept records who accepted a handoff and notes it in the
// handoff's thread; later clicks change nothing.
func (b *Bot) handoffAccept(ctx context.Context, key, user, channel string) {
	if !b.isAgent(ctx, user) {
		b.tell(ctx, channel, user, "Only agents can accept a handover.")
		return
	}
	var h handoff
	accepted, err := b.handoffUpdate(ctx, key, func(x *handoff) bool {
		if x.AcceptedBy != "" {
			return false
		}
		x.AcceptedBy, h = user, *x
		return true
	})
	if err != nil {
		b.log.Warn().Err(err).Str("handoff", key).Msg("handoff accept not saved")
		return
	}
	if !accepted {
		return
	}
	note := fmt.Sprintf(":white_check_mark: Handover accepted by <@%s>.", user)
	if _, _, err := b.slack.PostMessageContext(ctx, h.Channel, slack.MsgOptionText(note, false), slack.MsgOptionTS(h.TS)); err != nil {
		b.log.Warn().Err(err).Str("handoff", key).Msg("handoff accept note failed")
	}
}

// handoffUpdate changes a stored handoff under its lock (the per-case
// lock map, keyed "handoff/<key>"); fn reports whether to save.
func (b *Bot) handoffUpdate(ctx context.Context, key string, fn func(*handoff) bool) (bool, error) {
	var changed bool
	var err error
	b.withCase(buyerdesk.CaseID(handoffNS+"/"+key), func() {
		var v []byte
		if v, err = b.store.Get(ctx, handoffNS, key); err != nil {
			return
		}
		var h handoff
		if err = json.Unmarshal(v, &h); err != nil {
			return
		}
		if changed = fn(&h); changed {
			err = b.handoffSave(ctx, key, h)
		}
	})
	if err != nil {
		return false, fmt.Errorf("handoff %s: %w", key, err)
	}
	return changed, nil
}

func (b *Bot) handoffSave(ctx context.Context, key string, h handoff) error {
	v, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("handoff %s: %w", key, err)
	}
	if err := b.store.Put(ctx, handoffNS, key, v); err != nil {
		return fmt.Errorf("handoff %s: %w", key, err)
	}
	return nil
}

// onHandoffAction routes the Accept handover button; it only enqueues.
func (b *Bot) onHandoffAction(cb *slack.InteractionCallback) bool {
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 {
		return false
	}
	a := cb.ActionCallback.BlockActions[0]
	if a.ActionID != ActionHandoverAccept {
		return false
	}
	key, user, channel := a.Value, cb.User.ID, cmpOrString(cb.Channel.ID, cb.Container.ChannelID)
	b.enqueue("handoff accept", func(ctx context.Context) { b.handoffAccept(ctx, key, user, channel) })
	return true
}
