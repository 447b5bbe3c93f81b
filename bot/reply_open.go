package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
)

// replyBy is who acts on the reply path and where to answer them.
type replyBy struct {
	user    string
	channel string // for private answers
	thread  string // the thread the button was pressed in: answers go there
	key     string // unique per delivery, for refusal events
}

// replyTell answers by privately where they pressed the button: in the
// case's thread for a card inside it, beside the message otherwise.
func (b *Bot) replyTell(ctx context.Context, by replyBy, text string) {
	b.tellIn(ctx, by.channel, by.thread, by.user, text)
}

// replyOpenReq is a request to show the drafting modal.
type replyOpenReq struct {
	by      replyBy
	caseID  buyerdesk.CaseID
	trigger string // views.open
	viewID  string // views.update instead, with hash
	hash    string
	take    bool   // take the lease over from whoever holds it
	draft   string // reopen this draft's text (Edit)
}

// replyOpen shows the drafting modal after checking the lease: a lease held
// by someone else shows who drafts instead, unless the agent chose to take
// it over. Opening takes (or renews) the lease and marks the card.
func (b *Bot) replyOpen(ctx context.Context, r replyOpenReq) {
	if !b.replyAllowed(ctx, r.caseID, "reply", r.by) {
		return
	}
	var prev replyLease
	shown := false
	b.withCase(r.caseID, func() {
		c, err := b.store.Case(ctx, r.caseID)
		if err != nil {
			b.log.Warn().Err(err).Str("case", string(r.caseID)).Msg("reply: case unreadable")
			return
		}
		l, err := b.replyLeaseOf(ctx, c.ID)
		if err != nil {
			b.log.Warn().Err(err).Msg("reply: lease unreadable")
			return
		}
		if l.User != "" && l.User != r.by.user && !r.take {
			b.replyShow(ctx, r, replyBusyView(c.ID, l))
			return
		}
		if err := b.replyHold(ctx, c.ID, r.by.user); err != nil {
			b.log.Warn().Err(err).Msg("reply: lease not taken")
			return
		}
		prev = l
		template, text := "", ""
		if r.draft != "" {
			if d, err := b.replyLoad(ctx, r.draft); err == nil && d.Case == c.ID {
				template, text = d.Template, d.Text
			}
		}
		shown = b.replyShow(ctx, r, replyView(b.replyPrepare(ctx, c, template, text)))
	})
	if !shown {
		return
	}
	if prev.User != "" && prev.User != r.by.user {
		if c, err := b.store.Case(ctx, r.caseID); err == nil {
			b.tell(ctx, c.Channel, prev.User, fmt.Sprintf(":pencil2: <@%s> took over drafting the reply to this buyer; your draft was not submitted.", r.by.user))
		}
	}
	b.replyRefreshCard(ctx, r.caseID)
}

// replyShow opens or updates the modal.
func (b *Bot) replyShow(ctx context.Context, r replyOpenReq, v slack.ModalViewRequest) bool {
	var err error
	if r.viewID != "" {
		_, err = b.slack.UpdateViewContext(ctx, v, "", r.hash, r.viewID)
	} else {
		_, err = b.slack.OpenViewContext(ctx, r.trigger, v)
	}
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(r.caseID)).Msg("reply: modal not shown")
		return false
	}
	return true
}

// replyPick re-renders the modal for another template chosen in the picker.
func (b *Bot) replyPick(ctx context.Context, r replyOpenReq, templateID string) {
	b.withCase(r.caseID, func() {
		c, err := b.store.Case(ctx, r.caseID)
		if err != nil {
			return
		}
		if ok, err := b.replyTouch(ctx, c.ID, r.by.user); err != nil || !ok {
			l, _ := b.replyLeaseOf(ctx, c.ID)
			if l.User != "" {
				b.replyShow(ctx, r, replyBusyView(c.ID, l))
			}
			return
		}
		b.replyShow(ctx, r, replyView(b.replyPrepare(ctx, c, templateID, "")))
	})
}

// replyAllowed checks that the reply path is configured and by is an
// agent, answering and recording a refusal otherwise.
func (b *Bot) replyAllowed(ctx context.Context, id buyerdesk.CaseID, action string, by replyBy) bool {
	if b.replies == nil {
		b.replyTell(ctx, by, "Replies are not configured for this workspace.")
		return false
	}
	if b.isAgent(ctx, by.user) {
		return true
	}
	b.replyTell(ctx, by, "Sorry, only the support agents can draft, approve or send replies to buyers.")
	b.replyRefuse(ctx, id, action, "not_agent", by, "")
	return false
}

// replyRefuse records that by was not allowed to do action.
func (b *Bot) replyRefuse(ctx context.Context, id buyerdesk.CaseID, action, reason string, by replyBy, draft string) {
	data := map[string]string{"action": action, "reason": reason}
	if draft != "" {
		data["draft_ref"] = draft // not "draft": refusals do not change a draft's state
	}
	key := ""
	if by.key != "" {
		key = "refused/" + action + "/" + by.key
	}
	if _, err := b.record(ctx, id, buyerdesk.Event{Type: buyerdesk.EventRefused, Actor: by.user, Key: key, Data: data}); err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("reply: refusal not recorded")
	}
}
