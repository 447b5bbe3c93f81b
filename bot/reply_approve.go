package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon/outbox"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/templates"
)

// replyDecision is what a person decided about a draft.
type replyDecision string

const (
	decideApprove   replyDecision = ActionApprove
	decideDiscard   replyDecision = ActionDiscard
	decideRetry     replyDecision = ActionRetrySend
	decideMarkSent  replyDecision = ActionMarkSent
	decideSendAgain replyDecision = ActionSendAgain
)

// replyDecide carries out a button on an approval or decision card: agents
// only, one at a time per case, each checked against the draft's state in
// the log so a double click, a redelivery or twenty simultaneous clicks
// have one effect.
func (b *Bot) replyDecide(ctx context.Context, draftID string, what replyDecision, by replyBy) {
	d, err := b.replyLoad(ctx, draftID)
	if err != nil {
		b.log.Warn().Err(err).Msg("reply: button for an unknown draft")
		b.replyTell(ctx, by, "This draft is no longer known to buyerdesk.")
		return
	}
	if !b.replyAllowed(ctx, d.Case, string(what), by) {
		return
	}
	send := 0 // the round to send, when one starts
	b.withCase(d.Case, func() {
		c, err := b.store.Case(ctx, d.Case)
		var evs []buyerdesk.Event
		if err == nil {
			evs, err = b.store.Events(ctx, d.Case)
		}
		if err != nil {
			b.log.Warn().Err(err).Str("case", string(d.Case)).Msg("reply: case unreadable")
			return
		}
		st := replyStates(evs)[d.ID]
		if st == nil {
			st = &replyState{}
		}
		switch what {
		case decideApprove:
			send = b.replyApprove(ctx, c, d, st, evs, by)
		case decideDiscard:
			b.replyDiscard(ctx, c, d, st, by)
		case decideRetry:
			if st.phase != phaseFailed {
				b.replyTell(ctx, by, replyPhaseNote(st))
				return
			}
			if replySentSince(evs, d.ID, st.draftedSeq) {
				b.replyTell(ctx, by, replyAnsweredNote)
				return
			}
			send = b.replyIntent(ctx, c, d, st, by)
		case decideSendAgain:
			if st.phase != phaseUnknown {
				b.replyTell(ctx, by, replyPhaseNote(st))
				return
			}
			if replySentSince(evs, d.ID, st.draftedSeq) {
				b.replyTell(ctx, by, replyAnsweredNote)
				return
			}
			send = b.replyIntent(ctx, c, d, st, by)
			if send > 0 {
				b.replyDecisionDone(ctx, c, d.ID, st.round, fmt.Sprintf(":arrows_counterclockwise: <@%s> decided to send it again.", by.user))
			}
		case decideMarkSent:
			b.replyMarkSent(ctx, c, d, st, by)
		}
	})
	if send > 0 {
		b.replyAttempt(ctx, d.Case, d.ID, send, 1)
	}
}

// replyApprove approves a waiting draft and records the send intent; it
// returns the round to send, 0 when nothing is to be sent.
func (b *Bot) replyApprove(ctx context.Context, c buyerdesk.Case, d replyDraft, st *replyState, evs []buyerdesk.Event, by replyBy) int {
	if st.phase != phaseDrafted && st.phase != phaseApproved {
		b.replyTell(ctx, by, replyPhaseNote(st))
		return 0
	}
	if replySentSince(evs, d.ID, st.draftedSeq) {
		b.replyTell(ctx, by, replyAnsweredNote)
		return 0
	}
	if st.phase == phaseDrafted {
		if !b.cfg.SelfApproval && by.user == d.Drafter {
			b.replyTell(ctx, by, "You drafted this reply: a second agent must approve it.")
			b.replyRefuse(ctx, c.ID, string(decideApprove), "self_approval", by, d.ID)
			return 0
		}
		if res := replyLint(d.Text); res.Verdict == templates.VerdictBlock {
			b.replyTell(ctx, by, replyErrors(res, templates.SeverityBlock, "This draft breaks Amazon's rules; Edit it first: "))
			b.replyRefuse(ctx, c.ID, string(decideApprove), "lint_block", by, d.ID)
			return 0
		}
		_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventApproved, Actor: by.user, Key: replyKeyApproved(d.ID),
			Data: map[string]string{"draft": d.ID, "drafter": d.Drafter}})
		if errors.Is(err, store.ErrDuplicate) {
			b.replyTell(ctx, by, "This draft was already approved.")
			return 0
		}
		if err != nil {
			b.log.Error().Err(err).Str("case", string(c.ID)).Msg("reply: approval not recorded")
			return 0
		}
		st.approver = by.user
	}
	return b.replyIntent(ctx, c, d, st, by)
}

// replyIntent records the intent to send (a new round) with the Message-ID
// the mail will carry, before anything talks SMTP. It returns the round.
func (b *Bot) replyIntent(ctx context.Context, c buyerdesk.Case, d replyDraft, st *replyState, by replyBy) int {
	round := st.round + 1
	id := st.messageID
	if id == "" {
		// Stored bare, as the store indexes outbound ids for bounces.
		id = strings.Trim(outbox.NewMessageID(replyDomain(b.replies.From), nil), "<>")
	}
	_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventSendIntent, Actor: by.user, Key: replyKeyIntent(d.ID, round),
		Data: map[string]string{"draft": d.ID, "message_id": id, "round": fmt.Sprint(round)}})
	if err != nil {
		if !errors.Is(err, store.ErrDuplicate) {
			b.log.Error().Err(err).Str("case", string(c.ID)).Msg("reply: send intent not recorded")
		}
		return 0
	}
	approver := st.approver
	if approver == "" {
		approver = by.user
	}
	b.replyCardUpdate(ctx, c, d.ID, fmt.Sprintf(":outbox_tray: Sending… approved by <@%s>", approver), nil)
	return round
}

// replyDiscard drops a draft that was not sent.
func (b *Bot) replyDiscard(ctx context.Context, c buyerdesk.Case, d replyDraft, st *replyState, by replyBy) {
	if st.phase != phaseDrafted && st.phase != phaseFailed {
		b.replyTell(ctx, by, replyPhaseNote(st))
		return
	}
	_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventDiscarded, Actor: by.user, Key: replyKeyDiscard(d.ID),
		Data: map[string]string{"draft": d.ID, "reason": "discarded"}})
	if err != nil {
		if !errors.Is(err, store.ErrDuplicate) {
			b.log.Warn().Err(err).Msg("reply: discard not recorded")
		}
		return
	}
	b.replyCardUpdate(ctx, c, d.ID, fmt.Sprintf(":wastebasket: Discarded by <@%s> %s", by.user, slackDate(b.now())), nil)
	if l, err := b.replyLeaseOf(ctx, c.ID); err == nil && (l.User == d.Drafter || l.User == by.user) {
		b.replyRelease(ctx, c.ID)
	}
	b.replyRefreshCard(ctx, c.ID)
}

// replyMarkSent closes an unknown outcome as sent, on a person's word.
func (b *Bot) replyMarkSent(ctx context.Context, c buyerdesk.Case, d replyDraft, st *replyState, by replyBy) {
	if st.phase != phaseUnknown {
		b.replyTell(ctx, by, replyPhaseNote(st))
		return
	}
	_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventSent, Actor: by.user, Key: replyKeySent(d.ID),
		Data: map[string]string{"draft": d.ID, "message_id": st.messageID, "approver": st.approver, "drafter": d.Drafter, "marked_by": by.user}})
	if err != nil {
		if !errors.Is(err, store.ErrDuplicate) {
			b.log.Error().Err(err).Msg("reply: mark as sent not recorded")
		}
		return
	}
	b.replyDecisionDone(ctx, c, d.ID, st.round, fmt.Sprintf(":white_check_mark: <@%s> marked the reply as sent.", by.user))
	b.replyCardUpdate(ctx, c, d.ID, fmt.Sprintf(":white_check_mark: Sent by <@%s> · approved by <@%s> · marked as sent by <@%s> %s",
		d.Drafter, orDash(st.approver), by.user, slackDate(b.now())), nil)
	b.replyRelease(ctx, c.ID)
	b.replyRefreshCard(ctx, c.ID)
}

// replyAnsweredNote refuses to send a draft overtaken by another reply.
const replyAnsweredNote = "Another reply was sent to this buyer after this draft was written. Discard it, or Edit it into a follow-up."

// replyPhaseNote explains to a clicker why their button did nothing.
func replyPhaseNote(st *replyState) string {
	switch st.phase {
	case phaseSent:
		if st.markedBy != "" {
			return fmt.Sprintf("This reply was marked as sent by <@%s>.", st.markedBy)
		}
		return fmt.Sprintf("This reply was already sent (approved by <@%s>).", st.approver)
	case phaseApproved, phaseSending:
		return fmt.Sprintf("This reply was already approved by <@%s> and is being sent.", st.approver)
	case phaseUnknown:
		return "Whether this reply reached the buyer is unknown: decide with the buttons in the thread."
	case phaseFailed:
		return "Sending this reply failed: use Retry send, Edit or Discard."
	case phaseDiscarded:
		return "This draft was discarded."
	case phaseDrafted:
		return "This draft waits for approval."
	}
	return "This draft is no longer known to buyerdesk."
}
