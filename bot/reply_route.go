package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
)

// replyInteraction routes the reply path's buttons, template picker and
// modal submission; handled is false for anything else. Only the modal
// submission answers in the ack; everything else is queued.
func (b *Bot) replyInteraction(ctx context.Context, cb *slack.InteractionCallback) (ack any, handled bool) {
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		if cb.View.CallbackID == replyCallback {
			return b.replySubmit(ctx, cb), true
		}
		return nil, false
	case slack.InteractionTypeBlockActions:
	default:
		return nil, false
	}
	if len(cb.ActionCallback.BlockActions) == 0 {
		return nil, false
	}
	a := cb.ActionCallback.BlockActions[0]
	by := replyBy{user: cb.User.ID, channel: cb.Channel.ID, key: cb.TriggerID}
	if by.channel == "" {
		by.channel = cb.Container.ChannelID
	}
	if by.key == "" {
		by.key = a.ActionTs
	}
	by.thread = replyThreadOf(cb)
	switch a.ActionID {
	case ActionReply:
		r := replyOpenReq{by: by, caseID: buyerdesk.CaseID(a.Value), trigger: cb.TriggerID}
		b.enqueue("reply open", func(ctx context.Context) { b.replyOpen(ctx, r) })
	case ActionTakeOver:
		r := replyOpenReq{by: by, caseID: buyerdesk.CaseID(a.Value), viewID: cb.View.ID, hash: cb.View.Hash, take: true}
		b.enqueue("reply take over", func(ctx context.Context) {
			r.by.channel, r.by.thread = b.replyChannel(ctx, r.caseID)
			b.replyOpen(ctx, r)
		})
	case replyTemplateID:
		if cb.View.CallbackID != replyCallback {
			return nil, false
		}
		r := replyOpenReq{by: by, caseID: buyerdesk.CaseID(cb.View.PrivateMetadata), viewID: cb.View.ID, hash: cb.View.Hash}
		tid := a.SelectedOption.Value
		b.enqueue("reply template", func(ctx context.Context) { b.replyPick(ctx, r, tid) })
	case ActionEdit:
		draft, trigger := a.Value, cb.TriggerID
		b.enqueue("reply edit", func(ctx context.Context) {
			d, err := b.replyLoad(ctx, draft)
			if err != nil {
				b.replyTell(ctx, by, "This draft is no longer known to buyerdesk.")
				return
			}
			b.replyOpen(ctx, replyOpenReq{by: by, caseID: d.Case, trigger: trigger, draft: draft})
		})
	case ActionApprove, ActionDiscard, ActionRetrySend, ActionMarkSent, ActionSendAgain:
		draft, what := a.Value, replyDecision(a.ActionID)
		b.enqueue("reply "+a.ActionID, func(ctx context.Context) { b.replyDecide(ctx, draft, what, by) })
	default:
		return nil, false
	}
	return nil, true
}

// replyChannel is the case's channel and thread, for private answers to
// clicks inside a modal.
func (b *Bot) replyChannel(ctx context.Context, id buyerdesk.CaseID) (channel, thread string) {
	c, err := b.store.Case(ctx, id)
	if err != nil {
		return "", ""
	}
	return c.Channel, c.ThreadTS
}

// replyThreadOf is the thread a button was pressed in, "" for a message at
// channel level (the parent card) or a view.
func replyThreadOf(cb *slack.InteractionCallback) string {
	if cb.Container.ThreadTs != "" {
		return cb.Container.ThreadTs
	}
	if m := cb.Message; m.ThreadTimestamp != "" && m.ThreadTimestamp != m.Timestamp {
		return m.ThreadTimestamp
	}
	return ""
}
