package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/templates"
)

// Action ids of the buttons on buyerdesk's messages.
const (
	ActionReply = "reply" // parent card: open the reply modal (value: case id)
)

// metadataType marks buyerdesk's parent messages, so a parent posted before
// a crash can be found again in the channel's history.
const metadataType = "buyerdesk_case"

// Lengths of untrusted card parts, so the card stays within Slack's limits
// (section text 3,000, field 2,000 characters) even when escaping grows them.
const (
	cardNameMax = 100 // buyer name, marketplace, order id, category
	cardNoteMax = 500
)

// slackDate renders t so every reader sees it in their own time zone.
func slackDate(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return fmt.Sprintf("<!date^%d^{date_short_pretty} {time}|%s>", t.Unix(), t.UTC().Format("2006-01-02 15:04 UTC"))
}

// buyerName shows the buyer's name as configured: first name, masked or full.
func (b *Bot) buyerName(name string) string {
	name = strings.TrimSpace(mirrorClip(name, cardNameMax))
	if name == "" {
		return "buyer"
	}
	switch b.cfg.BuyerNames {
	case "full":
		return escape(name)
	case "masked":
		r := []rune(name)
		return escape(string(r[0])) + "***"
	}
	first := strings.FieldsFunc(name, unicode.IsSpace)[0]
	return escape(first)
}

// status is the card's one-word state of a case.
func status(c buyerdesk.Case, now time.Time) string {
	switch {
	case c.State == buyerdesk.StateResolved && c.Waiting():
		return ":warning: resolved without a reply"
	case c.State == buyerdesk.StateResolved:
		return ":white_check_mark: resolved"
	case c.State == buyerdesk.StateNoResponseNeeded:
		return ":no_entry_sign: no response needed"
	case c.State == buyerdesk.StateAnswered:
		return ":speech_balloon: answered"
	case !c.Deadline.IsZero() && !now.Before(c.Deadline):
		return ":rotating_light: overdue"
	case !c.Deadline.IsZero() && c.Deadline.Sub(now) < 4*time.Hour:
		return ":hourglass_flowing_sand: due soon"
	}
	return ":envelope: waiting for reply"
}

// cardExtra is what the card shows beyond the case itself.
type cardExtra struct {
	Category string // from the trigger rules
	Drafting string // user id holding the drafting lease
	Note     string // e.g. "order data unavailable"
}

// card renders a case's parent message.
func (b *Bot) card(c buyerdesk.Case, x cardExtra) []slack.Block {
	now := b.now()
	order := c.OrderID
	if order == "" {
		order = "pre-sale question"
	}
	assignee := "unclaimed"
	if c.Assignee != "" {
		assignee = "<@" + c.Assignee + ">"
	}
	title := fmt.Sprintf("*%s* · %s · %s", escape(orDash(mirrorClip(c.Marketplace, cardNameMax))),
		escape(mirrorClip(order, cardNameMax)), b.buyerName(c.BuyerName))
	fields := []*slack.TextBlockObject{
		md("*Deadline*\n" + slackDate(c.Deadline)),
		md("*Status*\n" + status(c, now)),
		md("*Assignee*\n" + assignee),
		md("*Category*\n" + escape(orDash(mirrorClip(x.Category, cardNameMax)))),
		md("*Messages*\n" + cardMessages(c.Messages)),
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(md(title), fields, nil, slack.SectionBlockOptionBlockID("card")),
	}
	var notes []slack.MixedElement
	if x.Drafting != "" {
		notes = append(notes, md(":pencil2: drafting: <@"+x.Drafting+">"))
	}
	if x.Note != "" {
		notes = append(notes, md(escape(mirrorClip(x.Note, cardNoteMax))))
	}
	notes = append(notes, md(fmt.Sprintf("React :%s: to claim, :%s: to resolve, :%s: when no response is needed",
		b.cfg.Reactions.Claim, b.cfg.Reactions.Resolve, b.cfg.Reactions.NoResponse)))
	blocks = append(blocks, slack.NewContextBlock("notes", notes...))
	if c.State == buyerdesk.StateOpen || c.Waiting() {
		reply := slack.NewButtonBlockElement(ActionReply, string(c.ID), plain("Reply"))
		reply.Style = slack.StylePrimary
		blocks = append(blocks, slack.NewActionBlock("actions", reply))
	}
	return blocks
}

// cardText is the notification fallback of the parent message.
func cardText(c buyerdesk.Case) string {
	if c.OrderID != "" {
		return fmt.Sprintf("Buyer message %s (%s)", escape(c.OrderID), escape(orDash(c.Marketplace)))
	}
	return fmt.Sprintf("Buyer question (%s)", escape(orDash(c.Marketplace)))
}

// cardMessages counts the buyer's messages and follow-ups.
func cardMessages(n int) string {
	switch {
	case n <= 1:
		return "1"
	case n == 2:
		return "2 (1 follow-up)"
	}
	return fmt.Sprintf("%d (%d follow-ups)", n, n-1)
}

// refreshCard rewrites the parent message in place (chat.update); the card
// is never re-posted. It reads the case's mails for what the card shows
// beyond the case itself.
func (b *Bot) refreshCard(ctx context.Context, c buyerdesk.Case) error {
	if c.ThreadTS == "" {
		return nil
	}
	msgs, err := b.store.Messages(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("card update: %w", err)
	}
	return b.updateCard(ctx, c, b.cardState(ctx, c, msgs))
}

// updateCard rewrites the parent message with x.
func (b *Bot) updateCard(ctx context.Context, c buyerdesk.Case, x cardExtra) error {
	_, _, _, err := b.slack.UpdateMessageContext(ctx, c.Channel, c.ThreadTS,
		slack.MsgOptionText(cardText(c), false), slack.MsgOptionBlocks(b.card(c, x)...))
	if err != nil {
		return fmt.Errorf("card update: %w", err)
	}
	return nil
}

// cardState is everything the card shows beyond the case, in one place:
// from its mails (a claim note, the trigger rules' category) and from the
// reply path (who is drafting, order data unavailable, a bounced reply).
func (b *Bot) cardState(ctx context.Context, c buyerdesk.Case, msgs []store.Message) cardExtra {
	x := mirrorExtra(msgs)
	x.Category = b.categoryOf(msgs)
	return b.replyExtra(ctx, c, x)
}

// categoryOf applies the trigger rules to the latest buyer message of msgs.
func (b *Bot) categoryOf(msgs []store.Message) string {
	triggers := templates.DefaultTriggers()
	if b.replies != nil && b.replies.Triggers != nil {
		triggers = b.replies.Triggers
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := msgs[i].Mail; m.Kind == buyerdesk.KindBuyerMessage {
			s, _ := templates.Suggest(triggers, m.Subject+"\n"+m.Body, m.Language)
			return s.Category
		}
	}
	return ""
}

func md(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}
func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
