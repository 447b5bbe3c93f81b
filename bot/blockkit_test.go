package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// blockKitNow is the clock of the payload table.
var blockKitNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// blockKitPayload is one Block Kit payload the bot produces.
type blockKitPayload struct {
	name  string
	view  bool // a modal or Home tab (100 blocks) rather than a message (50)
	build func(b *Bot) (text string, blocks []slack.Block)
}

// blockKitCase is a case in a given state.
func blockKitCase(mod func(c *buyerdesk.Case)) buyerdesk.Case {
	c := buyerdesk.Case{
		ID: "261124-000001", Marketplace: "amazon.de", OrderID: "302-1234567-1234567",
		BuyerName: "Erika Mustermann", State: buyerdesk.StateOpen, Messages: 1,
		WaitingSince: blockKitNow.Add(-time.Hour), Deadline: blockKitNow.Add(23 * time.Hour),
		Channel: chanSupport, ThreadTS: "1764000000.000100",
	}
	if mod != nil {
		mod(&c)
	}
	return c
}

func blockKitCard(c buyerdesk.Case, x cardExtra) func(b *Bot) (string, []slack.Block) {
	return func(b *Bot) (string, []slack.Block) { return cardText(c), b.card(c, x) }
}

func blockKitReply(m buyerdesk.Mail) func(b *Bot) (string, []slack.Block) {
	return func(*Bot) (string, []slack.Block) { return mirrorReply(m) }
}

func blockKitFiles(n int, name string) []buyerdesk.Attachment {
	files := make([]buyerdesk.Attachment, n)
	for i := range files {
		files[i] = buyerdesk.Attachment{Filename: name, Size: int64(i) * 1_000_003}
	}
	return files
}

// blockKitPayloads is every payload the bot can produce, in every state.
// Features add their modals and Home views here.
var blockKitPayloads = []blockKitPayload{
	{name: "card/open", build: blockKitCard(blockKitCase(nil), cardExtra{})},
	{name: "card/due soon", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) { c.Deadline = blockKitNow.Add(2 * time.Hour) }), cardExtra{})},
	{name: "card/overdue", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) { c.Deadline = blockKitNow.Add(-time.Hour) }), cardExtra{})},
	{name: "card/claimed", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) { c.Assignee = userAna }), cardExtra{Drafting: userBen, Category: "where-is-my-order"})},
	{name: "card/answered", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) {
		c.State, c.WaitingSince, c.Deadline, c.Messages = buyerdesk.StateAnswered, time.Time{}, time.Time{}, 3
	}), cardExtra{})},
	{name: "card/resolved", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) {
		c.State, c.WaitingSince, c.Deadline = buyerdesk.StateResolved, time.Time{}, time.Time{}
	}), cardExtra{})},
	{name: "card/resolved without reply", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) { c.State = buyerdesk.StateResolved }), cardExtra{})},
	{name: "card/no response needed", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) {
		c.State, c.WaitingSince, c.Deadline = buyerdesk.StateNoResponseNeeded, time.Time{}, time.Time{}
	}), cardExtra{})},
	{name: "card/pre-sale", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) { c.OrderID, c.Marketplace, c.BuyerName = "", "", "" }), cardExtra{})},
	{name: "card/claim and note", build: blockKitCard(blockKitCase(nil), cardExtra{Note: mirrorClaimNote + " & order data unavailable"})},
	{name: "card/hostile", build: blockKitCard(blockKitCase(func(c *buyerdesk.Case) {
		c.BuyerName = strings.Repeat("<!channel>", 600)
		c.Marketplace = "<https://evil.example|amazon.de>"
	}), cardExtra{Category: strings.Repeat("<@U1>", 100), Note: strings.Repeat("&", 500)})},

	{name: "reply/buyer", build: blockKitReply(buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, Subject: "Frage",
		Body: "Wo ist mein Paket?", SentAt: blockKitNow, Attachments: blockKitFiles(2, "photo.jpg")})},
	{name: "reply/empty", build: blockKitReply(buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, Body: " \n\t "})},
	{name: "reply/40000 brackets", build: blockKitReply(buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage,
		Subject: strings.Repeat("<", 5000), Body: strings.Repeat("<", 40000)})},
	{name: "reply/many attachments", build: blockKitReply(buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage,
		Body: "see files", Attachments: blockKitFiles(500, strings.Repeat("&", 300)+".pdf")})},
	{name: "reply/seller copy", build: blockKitReply(buyerdesk.Mail{Kind: buyerdesk.KindSellerCopy, Body: "Ihr Paket ist unterwegs."})},
	{name: "reply/delivery failure", build: blockKitReply(buyerdesk.Mail{Kind: buyerdesk.KindDeliveryFailure,
		Reason: strings.Repeat("<@U1> mailbox full ", 200), Body: strings.Repeat("diagnostic ", 5000)})},
	{name: "reply/claim", build: blockKitReply(buyerdesk.Mail{Kind: buyerdesk.KindClaim, Body: "A claim was filed."})},

	{name: "home/empty", view: true, build: homeBlockKit(0, 0, nil)},
	{name: "home/queue and board", view: true, build: homeBlockKit(5, 12, nil)},
	{name: "home/overflow", view: true, build: homeBlockKit(60, 300, nil)},
	{name: "home/hostile", view: true, build: homeBlockKit(3, 3, func(c *buyerdesk.Case) {
		c.OrderID, c.Marketplace = strings.Repeat("<!channel>|", 500), strings.Repeat("<https://evil.example|x>", 300)
		c.Deadline = blockKitNow.Add(-time.Hour) // overdue and flagged
	})},

	{name: "reply/modal", view: true, build: replyBlockKitModal(false)},
	{name: "reply/modal hostile", view: true, build: replyBlockKitModal(true)},
	{name: "reply/busy", view: true, build: replyBlockKitBusy},
	{name: "reply/approval card", build: replyBlockKitCard("Drafted by <@UANA>", false)},
	{name: "reply/approval card hostile", build: replyBlockKitCard(strings.Repeat("&amp;", 2000), true)},
	{name: "reply/decision card", build: replyBlockKitDecision},
}

func TestBlockKitPayloads(t *testing.T) {
	v, err := fakeslack.NewValidator(blockKitSchema)
	if err != nil {
		t.Fatal(err)
	}
	for _, names := range []string{"first", "masked", "full"} {
		b := New(Config{DefaultChannel: chanSupport, BuyerNames: names}, nil, nil, WithNow(func() time.Time { return blockKitNow }))
		for _, p := range blockKitPayloads {
			t.Run(names+"/"+p.name, func(t *testing.T) {
				text, blocks := p.build(b)
				if n := utf8.RuneCountInString(text); n > 40000 {
					t.Errorf("text of %d characters", n)
				}
				raw, err := json.Marshal(blocks)
				if err != nil {
					t.Fatal(err)
				}
				probs := v.Message(raw)
				if p.view {
					probs = v.View(raw)
				}
				for _, pr := range probs {
					t.Error(pr)
				}
			})
		}
	}
}

// The validator must be able to fail, or the table proves nothing.
func TestBlockKitValidatorRejects(t *testing.T) {
	v, err := fakeslack.NewValidator(blockKitSchema)
	if err != nil {
		t.Fatal(err)
	}
	long := slack.NewSectionBlock(md(strings.Repeat("x", 3001)), nil, nil)
	button := slack.NewActionBlock("a", slack.NewButtonBlockElement(strings.Repeat("a", 256), "v", plain(strings.Repeat("b", 76))))
	many := make([]slack.Block, 51)
	for i := range many {
		many[i] = slack.NewDividerBlock()
	}
	for name, blocks := range map[string][]slack.Block{
		"section text": {long}, "button": {button}, "51 blocks": many,
	} {
		raw, _ := json.Marshal(blocks)
		if len(v.Message(raw)) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
	if probs := v.Message(json.RawMessage(`[{"type":"no_such_block"}]`)); len(probs) == 0 {
		t.Error("schema accepted an unknown block type")
	}
	if probs := v.View(json.RawMessage(`[{"type":"divider"}]`)); len(probs) != 0 {
		t.Errorf("a divider is refused: %v", probs)
	}
}
