package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon/spapi"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/templates"
)

// replyForm is the content of the drafting modal.
type replyForm struct {
	caseID    buyerdesk.CaseID
	header    string               // what the reply answers (mrkdwn, escaped)
	choices   []templates.Template // the suggested template first
	selected  string               // template id shown in the picker
	text      string
	orderNote string // "order data unavailable", when the lookup failed
	lint      templates.Result
	refusal   string // why the last submission was refused (plain text)
}

// replyPrepare fills the modal for case c: the templates in the buyer's
// language with the suggested one first, and the text: the given one, or
// templateID (else the suggestion) rendered with the order's data.
func (b *Bot) replyPrepare(ctx context.Context, c buyerdesk.Case, templateID, text string) replyForm {
	f := replyForm{caseID: c.ID}
	latest := replyLatestBuyerMail(b.replyMessages(ctx, c.ID))
	lang := latest.Language
	if lang == "" {
		lang = c.Language
	}
	picked := b.replies.Templates.Pick(lang, c.Marketplace)
	suggested := ""
	if s, ok := templates.Suggest(b.replies.Triggers, latest.Body, lang); ok {
		suggested = s.Template
	}
	for _, t := range picked {
		if t.ID == suggested {
			f.choices = append([]templates.Template{t}, f.choices...)
		} else {
			f.choices = append(f.choices, t)
		}
	}
	if len(f.choices) > 100 {
		f.choices = f.choices[:100] // Slack's static_select limit
	}
	f.selected = templateID
	if _, ok := replyFind(f.choices, f.selected); !ok && len(f.choices) > 0 {
		f.selected = f.choices[0].ID
	}
	order := c.OrderID
	if order == "" {
		order = "pre-sale question"
	}
	f.header = fmt.Sprintf("*%s* · %s · %s", escape(orDash(c.Marketplace)), escape(order), b.buyerName(c.BuyerName))
	if text == "" {
		t, ok := replyFind(f.choices, f.selected)
		if ok {
			data, found := b.replyOrderData(ctx, c)
			if !found {
				f.orderNote = "order data unavailable: fill the placeholders yourself"
			}
			text = templates.Render(t, data, c.Marketplace).Text
		}
	}
	f.text = replyClip(text)
	f.lint = replyLint(f.text)
	return f
}

// replyMessages returns a case's stored mails; a failure leaves them out.
func (b *Bot) replyMessages(ctx context.Context, id buyerdesk.CaseID) []store.Message {
	msgs, err := b.store.Messages(ctx, id)
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(id)).Msg("reply: messages unreadable")
	}
	return msgs
}

// replyLatestBuyerMail is the buyer's latest message of a case.
func replyLatestBuyerMail(msgs []store.Message) buyerdesk.Mail {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Mail.Kind == buyerdesk.KindBuyerMessage || msgs[i].Mail.Kind == "" {
			return msgs[i].Mail
		}
	}
	return buyerdesk.Mail{}
}

func replyFind(ts []templates.Template, id string) (templates.Template, bool) {
	for _, t := range ts {
		if t.ID == id {
			return t, true
		}
	}
	return templates.Template{}, false
}

// replyOrderData looks the case's order up, bounded by OrderTimeout. found
// is false when the case has an order id but no data came back.
func (b *Bot) replyOrderData(ctx context.Context, c buyerdesk.Case) (_ templates.Data, found bool) {
	d := templates.Data{OrderID: c.OrderID, BuyerName: strings.TrimSpace(c.BuyerName)}
	if c.OrderID == "" {
		return d, true // a pre-sale question has no order to look up
	}
	if b.replies.Orders == nil {
		return d, false
	}
	ctx, cancel := context.WithTimeout(ctx, b.replies.OrderTimeout)
	defer cancel()
	o, err := b.replies.Orders.Order(ctx, c.OrderID)
	b.replyMarkOrderData(ctx, c.ID, err == nil)
	if err != nil {
		b.log.Warn().Err(err).Str("case", string(c.ID)).Msg("reply: order data unavailable")
		return d, false
	}
	return replyData(d, o), true
}

// replyData copies an order's facts into template data.
func replyData(d templates.Data, o spapi.Order) templates.Data {
	d.Carrier = o.Carrier
	if len(o.Tracking) > 0 {
		d.Tracking = o.Tracking[0]
	}
	for _, p := range o.Packages {
		if d.Carrier == "" {
			d.Carrier = p.Carrier
		}
		if d.Tracking == "" {
			d.Tracking = p.Tracking
		}
	}
	d.ProductName = strings.Join(o.ProductNames, ", ")
	switch {
	case !o.LatestDeliveryDate.IsZero():
		d.Date = o.LatestDeliveryDate
	case !o.EarliestDeliveryDate.IsZero():
		d.Date = o.EarliestDeliveryDate
	case !o.ShipDate.IsZero():
		d.Date = o.ShipDate
	}
	if o.Total.Amount != "" {
		d.Amount = &templates.Money{Value: o.Total.Amount, Currency: o.Total.Currency}
	}
	return d
}

// replyClip keeps text within Slack's input limit, on a rune boundary.
func replyClip(s string) string {
	if len(s) <= replyTextMax {
		return s
	}
	cut := replyTextMax
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// replyView renders the drafting modal. private_metadata is the case id.
func replyView(f replyForm) slack.ModalViewRequest {
	blocks := []slack.Block{slack.NewSectionBlock(md(replyFit(f.header)), nil, nil, slack.SectionBlockOptionBlockID("reply_head"))}
	if f.orderNote != "" {
		blocks = append(blocks, slack.NewContextBlock("reply_order", md(replyFit(":warning: "+escape(f.orderNote)))))
	}
	if len(f.choices) > 0 {
		var opts []*slack.OptionBlockObject
		var initial *slack.OptionBlockObject
		for i, t := range f.choices {
			title := t.Title
			if i == 0 && len(f.choices) > 1 {
				title = "★ " + title
			}
			o := slack.NewOptionBlockObject(t.ID, plain(replyShort(title, 75)), nil)
			opts = append(opts, o)
			if t.ID == f.selected {
				initial = o
			}
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a template"), replyTemplateID, opts...)
		sel.InitialOption = initial
		blocks = append(blocks, slack.NewSectionBlock(md("*Template*"), nil, slack.NewAccessory(sel),
			slack.SectionBlockOptionBlockID(replyTemplateID)))
	}
	input := slack.NewPlainTextInputBlockElement(plain("Write the reply to the buyer"), replyTextID)
	input.Multiline, input.MaxLength, input.InitialValue = true, replyTextMax, f.text
	if f.refusal != "" {
		blocks = append(blocks, slack.NewSectionBlock(md(replyFit(":no_entry: *Not submitted.* "+escape(f.refusal))), nil, nil,
			slack.SectionBlockOptionBlockID(replyRefusedID)))
	}
	blocks = append(blocks, slack.NewInputBlock(replyTextID, plain("Reply"),
		plain("Checked against Amazon's messaging rules when you submit."), input))
	blocks = append(blocks, slack.NewSectionBlock(md(replyFindingsText(f.lint)), nil, nil,
		slack.SectionBlockOptionBlockID("reply_findings")))
	if f.lint.Verdict == templates.VerdictWarn {
		box := slack.NewCheckboxGroupsBlockElement(replyAckID,
			slack.NewOptionBlockObject(replyAckValue, plain("I checked the warnings"), nil))
		blocks = append(blocks, slack.NewInputBlock(replyAckID, plain("Warnings"), nil, box).WithOptional(true))
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: replyCallback, PrivateMetadata: string(f.caseID),
		Title: plain("Reply to buyer"), Submit: plain("Submit for approval"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// replyBusyView tells an agent who holds the drafting lease and offers to
// take it over.
func replyBusyView(id buyerdesk.CaseID, l replyLease) slack.ModalViewRequest {
	take := slack.NewButtonBlockElement(ActionTakeOver, string(id), plain("Take over"))
	take.Style = slack.StyleDanger
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: replyBusyCallback, PrivateMetadata: string(id),
		Title: plain("Reply to buyer"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(md(fmt.Sprintf(":pencil2: <@%s> is drafting the reply to this buyer (until %s unless they keep working on it).",
				l.User, slackDate(l.Until))), nil, nil, slack.SectionBlockOptionBlockID("reply_busy")),
			slack.NewActionBlock("reply_busy_actions", take),
		}},
	}
}

// replyFindingsText lists lint findings for a modal or card, escaped.
func replyFindingsText(res templates.Result) string {
	if len(res.Findings) == 0 {
		return ":white_check_mark: No findings: the text follows Amazon's messaging rules."
	}
	var b strings.Builder
	b.WriteString("*Findings*")
	for i, f := range res.Findings {
		line := fmt.Sprintf("\n%s `%s` “%s”: %s", replySeverityIcon(f.Severity), escape(f.Category),
			escape(replyShort(f.Excerpt, 60)), escape(f.Message))
		if b.Len()+len(line) > 2900 {
			fmt.Fprintf(&b, "\n… and %d more", len(res.Findings)-i)
			break
		}
		b.WriteString(line)
	}
	return b.String()
}

func replySeverityIcon(sev string) string {
	if sev == templates.SeverityBlock {
		return ":no_entry:"
	}
	return ":warning:"
}

// replyFit keeps escaped mrkdwn within a text object's 3,000 characters,
// never splitting an escape entity.
func replyFit(s string) string {
	parts, _ := chunk(s, 2900, 1)
	if len(parts) == 0 {
		return ""
	}
	return parts[0]
}

// replyShort clips s to at most n runes.
func replyShort(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// replyRefusedID is the modal section naming why a submission was refused.
const replyRefusedID = "reply_refused"

// replyLint lints a reply for the agents, whose UI is English. Lint runs
// the German and the English rules on every text; its language argument
// only picks the messages', so the verdict is the same as for the reply's
// own language.
func replyLint(text string) templates.Result { return templates.Lint(text, "en") }
