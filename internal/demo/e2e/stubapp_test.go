package e2e

import (
	"context"
	"fmt"
	"mime/quotedprintable"
	"net/smtp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// stubApp stands in for buyerdesk's bot over Socket Mode, so the page can
// be driven through a whole reply before the bot's reply path is wired:
// :eyes: claims the card (a second claimer gets an ephemeral), Reply opens
// a modal, a draft with a link is refused inside the modal, a clean draft
// posts an approval card, Approve sends one mail over SMTP, /buyerdesk
// answers ephemerally and the App Home shows the claimed cases. Replace it
// with the real bot for the product scenario.
type stubApp struct {
	t        testing.TB
	api      *slack.Client
	smtpAddr string

	mu      sync.Mutex
	claimed map[string]string // parent ts → claiming user
	drafts  map[string]string // approval card ts → draft text
}

// runStubApp connects the stub over Socket Mode until the test ends.
func runStubApp(t testing.TB, api *slack.Client, smtpAddr string) *stubApp {
	a := &stubApp{t: t, api: api, smtpAddr: smtpAddr, claimed: map[string]string{}, drafts: map[string]string{}}
	client := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = client.RunContext(ctx)
	}()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				a.handle(ctx, client, evt)
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return a
}

func (a *stubApp) handle(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	if evt.Request == nil {
		return
	}
	var err error
	switch data := evt.Data.(type) {
	case slackevents.EventsAPIEvent:
		_ = client.Ack(*evt.Request)
		err = a.onEvent(ctx, data.InnerEvent.Data)
	case slack.InteractionCallback:
		err = a.onInteraction(ctx, client, *evt.Request, data)
	case slack.SlashCommand:
		err = client.Ack(*evt.Request, map[string]any{"response_type": "ephemeral",
			"text": "*Commands*\n`/buyerdesk oncall` who is on call\n`/buyerdesk mine` your open cases"})
	default:
		_ = client.Ack(*evt.Request)
	}
	if err != nil {
		a.t.Errorf("stub app: %v", err)
	}
}

func (a *stubApp) onEvent(ctx context.Context, ev any) error {
	switch e := ev.(type) {
	case *slackevents.ReactionAddedEvent:
		if e.Reaction != "eyes" {
			return nil
		}
		a.mu.Lock()
		holder := a.claimed[e.Item.Timestamp]
		if holder == "" {
			a.claimed[e.Item.Timestamp] = e.User
		}
		a.mu.Unlock()
		if holder != "" && holder != e.User {
			_, err := a.api.PostEphemeralContext(ctx, e.Item.Channel, e.User, slack.MsgOptionTS(e.Item.Timestamp),
				slack.MsgOptionText(fmt.Sprintf("This case is already claimed by <@%s>; react :raised_hand: to take over.", holder), false))
			return err
		}
		return a.updateCard(ctx, e.Item.Channel, e.Item.Timestamp, ":eyes: claimed", "<@"+e.User+">")
	case *slackevents.AppHomeOpenedEvent:
		_, err := a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: e.User, View: slack.HomeTabViewRequest{
			Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
				slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "My queue", true, false)),
				slack.NewSectionBlock(md(fmt.Sprintf("*%d* claimed case(s) for <@%s>", a.claimedBy(e.User), e.User)), nil, nil),
				slack.NewDividerBlock(),
				slack.NewSectionBlock(md("*Team board*\nNothing unclaimed :tada:"), nil, nil),
			}},
		}})
		return err
	}
	return nil
}

func (a *stubApp) claimedBy(user string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, u := range a.claimed {
		if u == user {
			n++
		}
	}
	return n
}

func (a *stubApp) onInteraction(ctx context.Context, client *socketmode.Client, req socketmode.Request, cb slack.InteractionCallback) error {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		_ = client.Ack(req)
		if len(cb.ActionCallback.BlockActions) == 0 {
			return nil
		}
		switch act := cb.ActionCallback.BlockActions[0]; act.ActionID {
		case "reply":
			_, err := a.api.OpenViewContext(ctx, cb.TriggerID, replyModal(cb.Channel.ID+"|"+cb.Message.Timestamp, ""))
			return err
		case "template":
			_, err := a.api.UpdateViewContext(ctx, replyModal(cb.View.PrivateMetadata, act.SelectedOption.Value), "", cb.View.Hash, cb.View.ID)
			return err
		case "approve":
			return a.approve(ctx, cb.Channel.ID, cb.Message.Timestamp, cb.User.ID)
		}
	case slack.InteractionTypeViewSubmission:
		draft := cb.View.State.Values["draft"]["draft"].Value
		if strings.Contains(draft, "http") || strings.Contains(draft, "www.") {
			return client.Ack(req, slack.NewErrorsViewSubmissionResponse(map[string]string{
				"draft": "Blocked: external link. Amazon does not allow links to other sites; remove it.",
			}))
		}
		_ = client.Ack(req)
		channel, parent, _ := strings.Cut(cb.View.PrivateMetadata, "|")
		_, ts, err := a.api.PostMessageContext(ctx, channel, slack.MsgOptionTS(parent), slack.MsgOptionText("Reply waiting for approval", false),
			slack.MsgOptionBlocks(
				slack.NewSectionBlock(md(fmt.Sprintf("*Reply drafted by <@%s>*\n%s", cb.User.ID, slackEscape(draft))), nil, nil),
				slack.NewContextBlock("", md(":white_check_mark: no compliance findings")),
				slack.NewActionBlock("approval",
					button("approve", "Approve & send", slack.StylePrimary), button("discard", "Discard", slack.StyleDanger)),
			))
		if err == nil {
			a.mu.Lock()
			a.drafts[ts] = draft
			a.mu.Unlock()
		}
		return err
	default:
		_ = client.Ack(req)
	}
	return nil
}

// approve sends the approved draft as one mail and marks the card sent.
func (a *stubApp) approve(ctx context.Context, channel, ts, user string) error {
	a.mu.Lock()
	draft, ok := a.drafts[ts]
	delete(a.drafts, ts)
	a.mu.Unlock()
	if !ok {
		return nil // already sent
	}
	var body strings.Builder
	qp := quotedprintable.NewWriter(&body)
	_, _ = qp.Write([]byte(draft + "\r\n"))
	_ = qp.Close()
	msg := "From: support@seller.example\r\nTo: abc123@marketplace.amazon.de\r\nSubject: Re: Wo ist mein Paket?\r\n" +
		"Date: " + time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC).Format(time.RFC1123Z) + "\r\nMessage-ID: <reply-1@seller.example>\r\n" +
		"In-Reply-To: <buyer-1@marketplace.amazon.de>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + body.String()
	if err := smtp.SendMail(a.smtpAddr, nil, "support@seller.example", []string{"abc123@marketplace.amazon.de"}, []byte(msg)); err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	_, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText("Reply sent", false), slack.MsgOptionBlocks(
		slack.NewSectionBlock(md(slackEscape(draft)), nil, nil),
		slack.NewContextBlock("", md(fmt.Sprintf(":outbox_tray: Sent by <@%s>", user))),
	))
	return err
}

// updateCard rewrites the parent card with a status and an assignee.
func (a *stubApp) updateCard(ctx context.Context, channel, ts, status, assignee string) error {
	_, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText("Buyer message", false),
		slack.MsgOptionBlocks(card(status, assignee)...))
	return err
}

// card is the stub's parent message, shaped like buyerdesk's.
func card(status, assignee string) []slack.Block {
	deadline := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	return []slack.Block{
		slack.NewSectionBlock(md("*amazon.de* · 302-1234567-1234567 · Jana"), []*slack.TextBlockObject{
			md(fmt.Sprintf("*Deadline*\n<!date^%d^{date_short_pretty} {time}|%s>", deadline.Unix(), deadline.Format("2006-01-02 15:04 UTC"))),
			md("*Status*\n" + status),
			md("*Assignee*\n" + assignee),
			md("*Category*\nshipping"),
		}, nil, slack.SectionBlockOptionBlockID("card")),
		slack.NewContextBlock("notes", md("React :eyes: to claim, :white_check_mark: to resolve, :no_entry_sign: when no response is needed")),
		slack.NewActionBlock("actions", button("reply", "Reply", slack.StylePrimary)),
	}
}

// replyModal is the drafting modal; picking a template updates it.
func replyModal(meta, template string) slack.ModalViewRequest {
	options := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject("shipped", plainText("Order shipped"), nil),
		slack.NewOptionBlockObject("delay", plainText("Delivery delay"), nil),
	}
	picker := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText("Pick a template"), "template", options...)
	chosen := "none yet"
	for _, o := range options {
		if o.Value == template {
			picker.InitialOption, chosen = o, o.Text.Text
		}
	}
	draft := slack.NewPlainTextInputBlockElement(nil, "draft")
	draft.Multiline = true
	draft.InitialValue = "Hallo Jana,\n\nIhre Bestellung 302-1234567-1234567 ist unterwegs."
	if template == "delay" {
		draft.InitialValue = "Hallo Jana,\n\nIhre Bestellung 302-1234567-1234567 verspätet sich leider."
	}
	checked := slack.NewCheckboxGroupsBlockElement("checked",
		slack.NewOptionBlockObject("yes", plainText("I checked this reply"), nil))
	check := slack.NewInputBlock("checked", plainText("Warnings"), nil, checked)
	check.Optional = true
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: "reply", PrivateMetadata: meta,
		Title: plainText("Reply to Jana"), Submit: plainText("Submit for approval"), Close: plainText("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(md("*Template*"), nil, slack.NewAccessory(picker), slack.SectionBlockOptionBlockID("template")),
			slack.NewContextBlock("chosen", md("Template: "+chosen)),
			slack.NewInputBlock("draft", plainText("Reply"), plainText("Checked against Amazon's messaging rules when you submit."), draft),
			check,
		}},
	}
}

func md(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plainText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func button(actionID, text string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, actionID, plainText(text))
	b.Style = style
	return b
}

// slackEscape escapes text for mrkdwn as Slack requires.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
