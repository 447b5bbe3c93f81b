package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon/outbox"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// replyAttempt makes one SMTP attempt of a round, under the case's lock
// and only while the log says the round is in flight with exactly
// attempt-1 failures: a stale or repeated attempt does nothing. A
// temporary failure schedules the next attempt after a capped backoff; an
// uncertain one is left for a person; nothing is ever resent blindly.
func (b *Bot) replyAttempt(ctx context.Context, id buyerdesk.CaseID, draftID string, round, attempt int) {
	retry := false
	b.withCase(id, func() {
		c, err := b.store.Case(ctx, id)
		var evs []buyerdesk.Event
		if err == nil {
			evs, err = b.store.Events(ctx, id)
		}
		if err != nil {
			b.log.Error().Err(err).Str("case", string(id)).Msg("reply: case unreadable before sending")
			return
		}
		st := replyStates(evs)[draftID]
		if st == nil || st.phase != phaseSending || st.round != round || st.failures != attempt-1 {
			return
		}
		d, err := b.replyLoad(ctx, draftID)
		if err != nil {
			b.log.Error().Err(err).Str("case", string(id)).Msg("reply: draft unreadable before sending")
			return
		}
		err = b.replySMTP(ctx, c, d, st.messageID)
		switch {
		case err == nil:
			b.replySent(ctx, c, d, st)
		case outbox.IsUncertain(err):
			b.replyUnknown(ctx, c, d.ID, round, err.Error())
		case outbox.IsTemporary(err) && attempt < b.replies.SendAttempts:
			b.replyFailed(ctx, c, d, round, attempt, err, false)
			retry = true
		default:
			b.replyFailed(ctx, c, d, round, attempt, err, true)
		}
	})
	if retry {
		b.replyRetryLater(ctx, id, draftID, round, attempt+1)
	}
}

// replySMTP composes the reply and hands it to the mail server.
func (b *Bot) replySMTP(ctx context.Context, c buyerdesk.Case, d replyDraft, messageID string) error {
	subject := replyLatestBuyerMail(b.replyMessages(ctx, c.ID)).Subject
	if subject == "" {
		subject = c.Subject
	}
	r := outbox.Reply{From: b.replies.From, To: c.RelayAddress, Subject: subject, InReplyTo: c.LastMessageID,
		References: c.References, OrderID: c.OrderID, Body: d.Text, MessageID: messageID, Date: b.now()}
	msg, err := outbox.Compose(r)
	if err != nil {
		return fmt.Errorf("reply compose: %w", err)
	}
	from, to, err := outbox.Envelope(r)
	if err != nil {
		return fmt.Errorf("reply envelope: %w", err)
	}
	if err := b.replies.Mailer.Send(ctx, from, to, msg); err != nil {
		return fmt.Errorf("reply send: %w", err)
	}
	return nil
}

// replyBackoff is the pause before the given attempt (2, 3, …): Backoff,
// doubled each time, capped at MaxBackoff.
func replyBackoff(first, max time.Duration, attempt int) time.Duration {
	d := first
	for i := 2; i < attempt && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// replyRetryLater queues the next attempt after its backoff.
func (b *Bot) replyRetryLater(ctx context.Context, id buyerdesk.CaseID, draftID string, round, attempt int) {
	wait := replyBackoff(b.replies.Backoff, b.replies.MaxBackoff, attempt)
	go func() {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-t.C:
			b.enqueue("reply send retry", func(ctx context.Context) { b.replyAttempt(ctx, id, draftID, round, attempt) })
		}
	}()
}

// replySent records the accepted mail (the store stops the clock) and
// shows it on the approval card without buttons.
func (b *Bot) replySent(ctx context.Context, c buyerdesk.Case, d replyDraft, st *replyState) {
	_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventSent, Actor: st.approver, Key: replyKeySent(d.ID),
		Data: map[string]string{"draft": d.ID, "message_id": st.messageID, "approver": st.approver, "drafter": d.Drafter}})
	if err != nil && !errors.Is(err, store.ErrDuplicate) {
		// The mail is out; the log will show an intent without outcome,
		// which a restart turns into a question, never a second mail.
		b.log.Error().Err(err).Str("case", string(c.ID)).Msg("reply: sent mail not recorded")
		return
	}
	b.replyCardUpdate(ctx, c, d.ID, fmt.Sprintf(":white_check_mark: Sent by <@%s> · approved by <@%s> · %s",
		d.Drafter, st.approver, slackDate(b.now())), nil)
	b.replyRelease(ctx, c.ID)
	b.replyRefreshCard(ctx, c.ID)
}

// replyFailed records a refused attempt; a final one is shown in the thread
// with the buttons that still apply, and the case stays open.
func (b *Bot) replyFailed(ctx context.Context, c buyerdesk.Case, d replyDraft, round, attempt int, cause error, final bool) {
	permanent := !outbox.IsTemporary(cause)
	_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventSendFailed, Key: replyKeyFailed(d.ID, round, attempt),
		Data: map[string]string{"draft": d.ID, "error": cause.Error(), "permanent": strconv.FormatBool(permanent),
			"final": strconv.FormatBool(final), "attempt": strconv.Itoa(attempt)}})
	if err != nil && !errors.Is(err, store.ErrDuplicate) {
		b.log.Error().Err(err).Str("case", string(c.ID)).Msg("reply: send failure not recorded")
	}
	b.log.Warn().Err(cause).Str("case", string(c.ID)).Int("attempt", attempt).Bool("final", final).Msg("reply: SMTP refused the reply")
	if !final {
		b.replyCardUpdate(ctx, c, d.ID, fmt.Sprintf(":hourglass_flowing_sand: The mail server is busy (attempt %d); trying again shortly.", attempt), nil)
		return
	}
	why := "The mail server refused it for good"
	if !permanent {
		why = fmt.Sprintf("The mail server kept refusing it (%d attempts)", attempt)
	}
	status := fmt.Sprintf(":x: Not sent. %s: %s. The case stays open.", why, escape(replyShort(cause.Error(), 300)))
	retry := slack.NewButtonBlockElement(ActionRetrySend, d.ID, plain("Retry send"))
	retry.Style = slack.StylePrimary
	b.replyCardUpdate(ctx, c, d.ID, status, []slack.BlockElement{retry,
		slack.NewButtonBlockElement(ActionEdit, d.ID, plain("Edit")), replyDiscardButton(d.ID)})
	if err := b.postOnce(ctx, c, replyKeyFailNote(d.ID, round), slack.MsgOptionText("Reply not sent", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(md(status), nil, nil))); err != nil {
		b.log.Warn().Err(err).Msg("reply: failure note not posted")
	}
}

func replyDiscardButton(id string) *slack.ButtonBlockElement {
	discard := slack.NewButtonBlockElement(ActionDiscard, id, plain("Discard"))
	discard.Style = slack.StyleDanger
	return discard
}

// replyUnknown records that the mail server may or may not have accepted
// the mail and asks a person to decide in the thread.
func (b *Bot) replyUnknown(ctx context.Context, c buyerdesk.Case, id string, round int, cause string) {
	_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventSendUnknown, Key: replyKeyUnknown(id, round),
		Data: map[string]string{"draft": id, "error": cause, "round": strconv.Itoa(round)}})
	if err != nil && !errors.Is(err, store.ErrDuplicate) {
		b.log.Error().Err(err).Str("case", string(c.ID)).Msg("reply: unknown outcome not recorded")
		return
	}
	b.replyCardUpdate(ctx, c, id, ":grey_question: Outcome unknown: see the question below.", nil)
	err = b.postOnce(ctx, c, replyKeyDecision(id, round), slack.MsgOptionText("Did the reply reach the buyer?", false),
		slack.MsgOptionBlocks(replyDecisionBlocks(id)...))
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(c.ID)).Msg("reply: decision card not posted")
	}
}

// replyDecisionBlocks asks a person whether a reply of unknown outcome
// reached the buyer.
func replyDecisionBlocks(id string) []slack.Block {
	mark := slack.NewButtonBlockElement(ActionMarkSent, id, plain("Mark as sent"))
	mark.Style = slack.StylePrimary
	again := slack.NewButtonBlockElement(ActionSendAgain, id, plain("Send again"))
	again.Style = slack.StyleDanger
	text := ":grey_question: *Did the reply reach the buyer?* The mail server's answer was lost after it received the mail, " +
		"so it may have been delivered. Check the Sent folder or Seller Central's message history, then decide. " +
		"Sending again may give the buyer the same reply twice."
	return []slack.Block{slack.NewSectionBlock(md(text), nil, nil, slack.SectionBlockOptionBlockID("reply_unknown")),
		slack.NewActionBlock("reply_decide", mark, again)}
}

// replyDecisionDone replaces a decision card's buttons with the decision.
func (b *Bot) replyDecisionDone(ctx context.Context, c buyerdesk.Case, id string, round int, text string) {
	ts := b.replyPostedTS(ctx, c.ID, replyKeyDecision(id, round))
	if ts == "" {
		return
	}
	if _, _, _, err := b.slack.UpdateMessageContext(ctx, c.Channel, ts, slack.MsgOptionText("Decided", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(md(text), nil, nil))); err != nil {
		b.log.Warn().Err(err).Msg("reply: decision card not updated")
	}
}

// RecoverSends runs once at start-up, before Slack traffic is handled: every
// send intent without an outcome (the process stopped while talking SMTP)
// becomes an unknown outcome shown in the thread for a person to decide.
// Nothing is resent.
func (b *Bot) RecoverSends(ctx context.Context) error {
	var ids []buyerdesk.CaseID
	if err := b.store.Cases(ctx, func(c buyerdesk.Case) bool {
		ids = append(ids, c.ID)
		return true
	}); err != nil {
		return fmt.Errorf("recover sends: %w", err)
	}
	for _, id := range ids {
		evs, err := b.store.Events(ctx, id)
		if err != nil {
			return fmt.Errorf("recover sends: %w", err)
		}
		for draft, st := range replyStates(evs) {
			if st.phase == phaseSending {
				b.withCase(id, func() { b.replyRecover(ctx, id, draft) })
			}
		}
	}
	return ctx.Err()
}

// replyRecover turns a draft's intent without outcome into an unknown
// outcome, checking the log again under the case's lock.
func (b *Bot) replyRecover(ctx context.Context, id buyerdesk.CaseID, draft string) {
	c, err := b.store.Case(ctx, id)
	var evs []buyerdesk.Event
	if err == nil {
		evs, err = b.store.Events(ctx, id)
	}
	if err != nil {
		b.log.Error().Err(err).Str("case", string(id)).Msg("recover sends: case unreadable")
		return
	}
	if st := replyStates(evs)[draft]; st != nil && st.phase == phaseSending {
		b.replyUnknown(ctx, c, draft, st.round, "buyerdesk stopped while sending")
	}
}
