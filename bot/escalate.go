package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/sla"
)

// escSlackID is what a Slack id looks like; mentions are built only from
// ids that match, never from text a buyer wrote.
var escSlackID = regexp.MustCompile(`^[A-Z0-9]{2,32}$`)

// Escalate performs one ladder step for a case; it is the scheduler's Fire.
// Under the case's lock it re-reads the case and the log: a step already
// recorded does nothing, and a step of a clock that stopped in the meantime
// is recorded as skipped. Otherwise it resolves the step's targets through
// the rota at the present instant, mentions people and user groups in the
// case thread, DMs the DM targets, posts in channels (with @here where the
// step says so), adds a breach notice in the escalation channel at the
// deadline step, and finally records EventEscalated with the step's key.
// Each post has its own key, so a retry after a partial failure repeats
// nothing.
func (b *Bot) Escalate(ctx context.Context, c buyerdesk.Case, d sla.Due) error {
	var err error
	b.withCase(c.ID, func() { err = b.escalate(ctx, c.ID, c.Clock, d) })
	return err
}

func (b *Bot) escalate(ctx context.Context, id buyerdesk.CaseID, clock int, d sla.Due) error {
	key := sla.StepKey(clock, d.Index)
	done, err := b.store.HasEvent(ctx, id, key)
	if err != nil || done {
		return escErr(key, err)
	}
	c, err := b.store.Case(ctx, id)
	if err != nil {
		return escErr(key, err)
	}
	if c.Clock != clock || !c.Waiting() || c.State != buyerdesk.StateOpen {
		return escErr(key, b.escRecord(ctx, id, key, d.Step.Name, map[string]string{"skipped": "clock stopped"}))
	}
	if c.ThreadTS == "" {
		// The mirror job has not run yet (or failed): post the thread
		// now, under the lock already held, so no escalation waits on it.
		if err := b.mirror(ctx, id, false); err != nil {
			return escErr(key, err)
		}
		if c, err = b.store.Case(ctx, id); err != nil {
			return escErr(key, err)
		}
		if c.ThreadTS == "" {
			return escErr(key, errors.New("case has no thread yet"))
		}
	}
	now := b.now()
	targets := b.rota(ctx).Resolve(d.Step, c, now)
	var mentions, names []string
	for _, t := range targets {
		if !escSlackID.MatchString(t.ID) {
			b.log.Warn().Str("case", string(id)).Str("step", d.Step.Name).Msg("escalation target is not a Slack id; skipped")
			continue
		}
		names = append(names, t.String())
		switch {
		case t.Kind == sla.User && t.DM:
			text := fmt.Sprintf(":rotating_light: %s: %s needs a reply by %s.", escape(d.Step.Name), caseLink(c), slackDate(c.Deadline))
			if err := b.escPost(ctx, c, key+"/dm/"+t.ID, t.ID, text); err != nil {
				return escErr(key, err)
			}
		case t.Kind == sla.User:
			mentions = append(mentions, "<@"+t.ID+">")
		case t.Kind == sla.Group:
			mentions = append(mentions, "<!subteam^"+t.ID+">")
		case t.Kind == sla.Here && t.ID == c.Channel:
			mentions = append(mentions, "<!here>")
		case t.Kind == sla.Here:
			text := fmt.Sprintf("<!here> %s needs a reply by %s (%s).", caseLink(c), slackDate(c.Deadline), escape(d.Step.Name))
			if err := b.escPost(ctx, c, key+"/chan/"+t.ID, t.ID, text); err != nil {
				return escErr(key, err)
			}
		case t.Kind == sla.Channel:
			if err := b.escPost(ctx, c, key+"/chan/"+t.ID, t.ID, b.escNotice(c, d)); err != nil {
				return escErr(key, err)
			}
		}
	}
	if d.Step.Before <= 0 {
		if ch := b.escChannel(); ch != "" {
			if err := b.escPost(ctx, c, key+"/chan/"+ch, ch, b.escNotice(c, d)); err != nil {
				return escErr(key, err)
			}
		}
	}
	text := fmt.Sprintf(":rotating_light: *%s*: reply due %s.", escape(d.Step.Name), slackDate(c.Deadline))
	if len(mentions) > 0 {
		text += " " + strings.Join(mentions, " ")
	}
	if err := b.postOnce(ctx, c, key+"/thread", slack.MsgOptionText(text, false)); err != nil {
		return escErr(key, err)
	}
	return escErr(key, b.escRecord(ctx, id, key, d.Step.Name, map[string]string{"targets": strings.Join(names, ", ")}))
}

// escNotice is the breach notice (or a channel escalation) with a link to
// the thread.
func (b *Bot) escNotice(c buyerdesk.Case, d sla.Due) string {
	if d.Step.Before <= 0 {
		return fmt.Sprintf(":red_circle: Reply deadline passed %s: %s (%s) is unanswered.", slackDate(c.Deadline), caseLink(c), escape(c.Marketplace))
	}
	return fmt.Sprintf(":rotating_light: %s: %s needs a reply by %s.", escape(d.Step.Name), caseLink(c), slackDate(c.Deadline))
}

// escChannel is where breach notices go: the configured escalation channel,
// else the rota's.
func (b *Bot) escChannel() string {
	if b.cfg.EscalationChannel != "" {
		return b.cfg.EscalationChannel
	}
	return b.cfg.Rota.EscalationChannel
}

// escPost posts text to channel (a channel id, or a user id for a DM: Slack
// delivers a post to a user id in the app's DM with them) at most once per
// key, recording EventPosted with the key after Slack accepted it.
func (b *Bot) escPost(ctx context.Context, c buyerdesk.Case, key, channel, text string) error {
	return b.postKeyed(ctx, c, key, channel, slack.MsgOptionText(text, false), slack.MsgOptionDisableLinkUnfurl())
}

// escRecord appends the escalated event; another worker having recorded it
// first is fine.
func (b *Bot) escRecord(ctx context.Context, id buyerdesk.CaseID, key, step string, data map[string]string) error {
	data["step"] = step
	_, err := b.record(ctx, id, buyerdesk.Event{Type: buyerdesk.EventEscalated, Key: key, Data: data})
	if err != nil && !errors.Is(err, store.ErrDuplicate) {
		return err
	}
	return nil
}

func escErr(key string, err error) error {
	if err != nil {
		return fmt.Errorf("escalation %s: %w", key, err)
	}
	return nil
}

// escAssignNS is the store namespace of the round-robin counters of teams
// with the All rotation.
const escAssignNS = "assign-rr"

// Assign tags the on-call person in a case's thread, once per clock (key
// "assign/<clock>"): the team's primary, or the next in a round robin over
// those on shift when the team's rotation is All. When nobody will be on
// shift before the deadline, it goes to the rota's fallback at once, with
// the reason, also in the escalation channel. A claimed case, or one no
// longer waiting, is left alone. It takes the case's lock.
func (b *Bot) Assign(ctx context.Context, c buyerdesk.Case) error {
	var err error
	b.withCase(c.ID, func() { err = b.assign(ctx, c.ID) })
	return err
}

// assign is Assign for callers holding the case's lock.
func (b *Bot) assign(ctx context.Context, id buyerdesk.CaseID) error {
	c, err := b.store.Case(ctx, id)
	if err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	if !c.Waiting() || c.State != buyerdesk.StateOpen || c.Assignee != "" || c.ThreadTS == "" {
		return nil
	}
	key := fmt.Sprintf("assign/%d", c.Clock)
	if done, err := b.store.HasEvent(ctx, id, key); err != nil || done {
		return escErr(key, err)
	}
	now := b.now()
	r := b.rota(ctx)
	if len(r.Teams) == 0 && r.Fallback.ID == "" {
		return nil // no rota configured: nobody to tag
	}
	if r.Uncovered(c.Marketplace, now, c.Deadline) {
		reason := fmt.Sprintf(":warning: Nobody is on shift before the reply deadline %s; this goes to %s now.", slackDate(c.Deadline), escMention(r.Fallback))
		if ch := b.escChannel(); ch != "" {
			if err := b.escPost(ctx, c, key+"/chan/"+ch, ch, reason+" "+caseLink(c)); err != nil {
				return escErr(key, err)
			}
		}
		return escErr(key, b.postOnce(ctx, c, key, slack.MsgOptionText(reason, false)))
	}
	oc := r.OnCallFor(c.Marketplace, now)
	routed := ""
	if toc, team, ok := b.triggerOnCall(ctx, r, c.ID, now); ok {
		oc, routed = toc, fmt.Sprintf(" (%s team, by the trigger rules)", escape(team))
	}
	who := sla.Target{Kind: sla.User, ID: oc.Primary}
	if oc.FallbackUsed {
		who = r.Fallback
	} else if b.escRoundRobin(r, oc.Team) {
		n, err := b.escNextTurn(ctx, oc.Team)
		if err != nil {
			return escErr(key, err)
		}
		who.ID = oc.Pick(n)
	}
	text := fmt.Sprintf(":bust_in_silhouette: On call for this case: %s%s. Reply due %s.", escMention(who), routed, slackDate(c.Deadline))
	return escErr(key, b.postOnce(ctx, c, key, slack.MsgOptionText(text, false)))
}

// escRoundRobin reports whether the team assigns by round robin.
func (b *Bot) escRoundRobin(r sla.Rota, team string) bool {
	for _, t := range r.Teams {
		if t.Name == team {
			return t.Rotation.Kind == sla.All
		}
	}
	return false
}

// escNextTurn returns the team's round-robin counter and advances it. The
// counter has its own lock (a leaf: nothing is locked inside it), so cases
// assigned at once get different turns.
func (b *Bot) escNextTurn(ctx context.Context, team string) (n uint64, err error) {
	b.withCase(buyerdesk.CaseID(escAssignNS+"/"+team), func() {
		var v []byte
		v, err = b.store.Get(ctx, escAssignNS, team)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return
		default:
			if _, err = fmt.Sscan(string(v), &n); err != nil {
				err = fmt.Errorf("round robin of %s: %w", team, err)
				return
			}
		}
		err = b.store.Put(ctx, escAssignNS, team, []byte(fmt.Sprint(n+1)))
	})
	return n, err
}

// escMention renders a person or user group as a Slack mention; anything
// that is not a Slack id is shown as plain escaped text.
func escMention(t sla.Target) string {
	if !escSlackID.MatchString(t.ID) {
		return escape(t.ID)
	}
	switch t.Kind {
	case sla.Group:
		return "<!subteam^" + t.ID + ">"
	case sla.Channel, sla.Here:
		return "<#" + t.ID + ">"
	}
	return "<@" + t.ID + ">"
}
