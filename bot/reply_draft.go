package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/templates"
)

// replyDraftNS is the store namespace of draft texts, keyed by draft id.
const replyDraftNS = "draft"

// replyDraft is a submitted reply waiting for approval.
type replyDraft struct {
	ID       string           `json:"id"`
	Case     buyerdesk.CaseID `json:"case"`
	Text     string           `json:"text"`
	Template string           `json:"template,omitempty"`
	Lang     string           `json:"lang,omitempty"`
	Drafter  string           `json:"drafter"`
	Created  time.Time        `json:"created"`
}

// replyDraftID names a submission: the same view submitted with the same
// text is the same draft, so a repeated delivery cannot make two.
func replyDraftID(id buyerdesk.CaseID, viewID, text string) string {
	h := sha256.Sum256([]byte(string(id) + "\x00" + viewID + "\x00" + text))
	return hex.EncodeToString(h[:8])
}

func replyTextHash(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

func (b *Bot) replyLoad(ctx context.Context, id string) (replyDraft, error) {
	var d replyDraft
	raw, err := b.store.Get(ctx, replyDraftNS, id)
	if err != nil {
		return d, fmt.Errorf("draft %s: %w", id, err)
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return d, fmt.Errorf("draft %s: %w", id, err)
	}
	return d, nil
}

// replySubmit validates a submitted modal inside Slack's ack: block
// findings, unticked warnings and a lease someone took over are refused in
// the modal itself; a valid draft closes it and is posted for approval in
// the background.
func (b *Bot) replySubmit(ctx context.Context, cb *slack.InteractionCallback) any {
	id := buyerdesk.CaseID(cb.View.PrivateMetadata)
	user := cb.User.ID
	if b.replies == nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{replyTextID: "Replies are not configured."})
	}
	var text, template string
	var ticked bool
	if cb.View.State != nil {
		vals := cb.View.State.Values
		text = vals[replyTextID][replyTextID].Value
		template = vals[replyTemplateID][replyTemplateID].SelectedOption.Value
		for _, o := range vals[replyAckID][replyAckID].SelectedOptions {
			ticked = ticked || o.Value == replyAckValue
		}
	}
	if l, err := b.replyLeaseOf(ctx, id); err == nil && l.User != "" && l.User != user {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{replyTextID: "Another agent took over this reply; your text was not submitted. Copy it if you need it."})
	}
	if text == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{replyTextID: "Write the reply first."})
	}
	c, err := b.store.Case(ctx, id)
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("reply: submitted for an unknown case")
		return slack.NewErrorsViewSubmissionResponse(map[string]string{replyTextID: "This case could not be found."})
	}
	lang := c.Language
	if t, ok := b.replies.Templates.Get(template, c.Language); ok {
		lang = t.Language
	}
	res := replyLint(text)
	switch {
	case res.Verdict == templates.VerdictBlock:
		// An ack with errors only annotates the input and leaves the rest of
		// the view as it was (its findings those of the opening text), so
		// the modal is replaced: the text kept, its findings listed, and the
		// refusal in a section where the input's error would be.
		f := b.replyPrepare(ctx, c, template, text)
		f.refusal = replyErrors(res, templates.SeverityBlock, "Amazon does not allow this: ")
		v := replyView(f)
		return slack.NewUpdateViewSubmissionResponse(&v)
	case res.Verdict == templates.VerdictWarn && !ticked:
		if replyHasBlock(cb.View.Blocks, replyAckID) {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{replyAckID: replyErrors(res, templates.SeverityWarn,
				"Tick this once you checked: ")})
		}
		f := b.replyPrepare(ctx, c, template, text) // new warnings: show them with the tick box
		v := replyView(f)
		return slack.NewUpdateViewSubmissionResponse(&v)
	}
	d := replyDraft{ID: replyDraftID(id, cb.View.ID, text), Case: id, Text: text, Template: template, Lang: lang,
		Drafter: user, Created: b.now()}
	b.enqueue("reply draft", func(ctx context.Context) { b.replyDraftPost(ctx, d) })
	return nil
}

// replyErrors names each finding of one severity, for a modal error.
func replyErrors(res templates.Result, severity, prefix string) string {
	msg := prefix
	n := 0
	for _, f := range res.Findings {
		if f.Severity != severity {
			continue
		}
		part := fmt.Sprintf("%s “%s” (%s)", f.Message, replyShort(f.Excerpt, 40), f.Category)
		if len(msg)+len(part) > 1800 {
			msg += " …"
			break
		}
		if n > 0 {
			msg += "; "
		}
		msg += part
		n++
	}
	return msg
}

func replyHasBlock(blocks slack.Blocks, blockID string) bool {
	for _, bl := range blocks.BlockSet {
		if in, ok := bl.(*slack.InputBlock); ok && in.BlockID == blockID {
			return true
		}
	}
	return false
}

// replyDraftPost stores a draft, records it, supersedes older drafts still
// waiting, and posts the approval card in the thread. It is idempotent.
func (b *Bot) replyDraftPost(ctx context.Context, d replyDraft) {
	b.withCase(d.Case, func() {
		if err := b.replyDraftRecord(ctx, d); err != nil {
			b.log.Error().Err(err).Str("case", string(d.Case)).Msg("reply: draft not posted")
		}
	})
	b.replyRefreshCard(ctx, d.Case)
}

func (b *Bot) replyDraftRecord(ctx context.Context, d replyDraft) error {
	c, err := b.store.Case(ctx, d.Case)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	evs, err := b.store.Events(ctx, d.Case)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	states := replyStates(evs)
	if states[d.ID] == nil {
		raw, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("draft: %w", err)
		}
		if err := b.store.Put(ctx, replyDraftNS, d.ID, raw); err != nil {
			return fmt.Errorf("draft: %w", err)
		}
		for old, st := range states {
			if st.phase == phaseDrafted || st.phase == phaseFailed {
				b.replySupersede(ctx, c, old, d.Drafter)
			}
		}
		_, err = b.record(ctx, d.Case, buyerdesk.Event{Type: buyerdesk.EventDrafted, Actor: d.Drafter, Key: replyKeyDrafted(d.ID),
			Data: map[string]string{"draft": d.ID, "text_sha256": replyTextHash(d.Text), "template": d.Template, "drafter": d.Drafter}})
		if err != nil && !errors.Is(err, store.ErrDuplicate) {
			return err
		}
	}
	if _, err := b.replyTouch(ctx, d.Case, d.Drafter); err != nil {
		b.log.Warn().Err(err).Msg("reply: lease not renewed")
	}
	status := fmt.Sprintf("Drafted by <@%s> %s · %s", d.Drafter, slackDate(d.Created), replyApprovalRule(b.cfg.SelfApproval))
	blocks := replyCard(d, status, replyDraftButtons(d.ID))
	return b.postOnce(ctx, c, replyKeyCard(d.ID), slack.MsgOptionText("Reply draft waiting for approval", false),
		slack.MsgOptionBlocks(blocks...), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl())
}

func replyApprovalRule(self bool) string {
	if self {
		return "any agent may approve"
	}
	return "a second agent must approve"
}

// replySupersede discards an older draft still waiting for approval (or
// for a retry after a failed send), so only the newest draft of a case can
// go out.
func (b *Bot) replySupersede(ctx context.Context, c buyerdesk.Case, id, by string) {
	_, err := b.record(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventDiscarded, Actor: by, Key: replyKeyDiscard(id),
		Data: map[string]string{"draft": id, "reason": "superseded"}})
	if err != nil && !errors.Is(err, store.ErrDuplicate) {
		b.log.Warn().Err(err).Msg("reply: older draft not superseded")
		return
	}
	b.replyCardUpdate(ctx, c, id, fmt.Sprintf(":wastebasket: Superseded by a newer draft of <@%s>", by), nil)
}

// replyDraftButtons are the approval card's buttons.
func replyDraftButtons(id string) []slack.BlockElement {
	approve := slack.NewButtonBlockElement(ActionApprove, id, plain("Approve & send"))
	approve.Style = slack.StylePrimary
	return []slack.BlockElement{approve, slack.NewButtonBlockElement(ActionEdit, id, plain("Edit")), replyDiscardButton(id)}
}

// replyCard renders an approval card: the text, its findings, a status
// line and the buttons that still apply.
func replyCard(d replyDraft, status string, buttons []slack.BlockElement) []slack.Block {
	head := fmt.Sprintf(":memo: *Reply draft* by <@%s>", d.Drafter)
	if d.Template != "" {
		head += " · template `" + escape(d.Template) + "`"
	}
	blocks := []slack.Block{slack.NewSectionBlock(md(replyFit(head)), nil, nil, slack.SectionBlockOptionBlockID("reply_head"))}
	parts, cut := chunk(escape(d.Text), 2900, 4)
	for i, p := range parts {
		blocks = append(blocks, slack.NewSectionBlock(md(p), nil, nil, slack.SectionBlockOptionBlockID(fmt.Sprintf("reply_text_%d", i))))
	}
	if cut {
		blocks = append(blocks, slack.NewContextBlock("reply_cut", md("(text shortened here; the full draft is stored)")))
	}
	blocks = append(blocks, slack.NewSectionBlock(md(replyFindingsText(replyLint(d.Text))), nil, nil,
		slack.SectionBlockOptionBlockID("reply_findings")))
	blocks = append(blocks, slack.NewContextBlock("reply_status", md(replyFit(status))))
	if len(buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("reply_actions", buttons...))
	}
	return blocks
}

// replyCardUpdate rewrites a draft's approval card in place.
func (b *Bot) replyCardUpdate(ctx context.Context, c buyerdesk.Case, id, status string, buttons []slack.BlockElement) {
	ts := b.replyPostedTS(ctx, c.ID, replyKeyCard(id))
	d, err := b.replyLoad(ctx, id)
	if ts == "" || err != nil {
		return
	}
	_, _, _, err = b.slack.UpdateMessageContext(ctx, c.Channel, ts, slack.MsgOptionText("Reply draft: "+status, false),
		slack.MsgOptionBlocks(replyCard(d, status, buttons)...))
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(c.ID)).Msg("reply: approval card not updated")
	}
}

// replyPostedTS finds the ts of a thread message posted with key.
func (b *Bot) replyPostedTS(ctx context.Context, id buyerdesk.CaseID, key string) string {
	evs, err := b.store.Events(ctx, id)
	if err != nil {
		return ""
	}
	for _, e := range evs {
		if e.Type == buyerdesk.EventPosted && e.Key == key {
			return e.Data["ts"]
		}
	}
	return ""
}
