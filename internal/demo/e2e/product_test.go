package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"
)

var germanDate = regexp.MustCompile(`\b\d{2}\.\d{2}\.\d{4}\b`)

// TestProductThroughThePage drives the real product (`buyerdesk demo`: the
// service on embedded IMAP, SMTP, SP-API and Slack stand-ins) through the
// page as agents would: a buyer mail arrives, its thread appears, Anna
// claims it with 👀, finds it in her App Home, drafts a reply from the
// suggested template filled with the order's data, is refused for a link
// to her shop, replaces it with Amazon's order page, ticks the warning and
// submits; her own approval is refused (self-approval is off), Maria
// approves and exactly one mail reaches the buyer's relay address.
func TestProductThroughThePage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url, d := startDemo(ctx, t)
	p := newPage(ctx, t)
	// The fake Slack spaces posts to about one a second per channel and
	// the seeded cases post first, so a new case's thread takes a while.
	p.Timeout = 30 * time.Second

	p.Goto(url + "/#/channel/" + demoChannelDE)
	p.WaitForText(".pane-title", "amazon-de")
	p.WaitFor(tid("live") + ".on")
	if got := p.value(tid("agent-switcher")); got != demoAnna {
		t.Fatalf("the page acts as %q first, want Anna (%s)", got, demoAnna)
	}

	// A buyer mail arrives; its case card appears in amazon.de's channel.
	conv := d.NewMail(demoBuyer(t, "Wo ist mein Paket?"))
	ts := p.messageWith(conv.OrderID)
	card := message(ts)
	p.WaitForText(card, "amazon.de")
	p.WaitForText(card, "Jonas") // the buyer's first name
	p.WaitFor(card + " " + tid("button-reply") + ".primary")
	p.Click(card + " " + tid("thread-open"))
	p.WaitForText(tid("reply"), "wo ist mein Paket?")
	p.Screenshot("product-01-channel")

	// Anna claims it with 👀: the card names her.
	p.Click(card + " " + tid("reaction-add"))
	p.Click(tid("emoji-eyes"))
	p.WaitFor(card + " " + tid("reaction-eyes") + ".mine")
	p.WaitForText(card, "@Anna")

	// Her App Home lists the case; its link leads back to the thread.
	p.Click(tid("nav-home"))
	p.WaitForText(tid("app-home"), conv.OrderID)
	p.Screenshot("product-02-home")
	p.clickWithText(tid("app-home")+" a", conv.OrderID)
	p.WaitForText(".pane-title", "amazon-de")
	p.WaitFor(tid("thread-parent") + fmt.Sprintf("[data-ts=%q]", ts))

	// Reply: the suggested template comes first and is picked, its text
	// filled with the order's data from the SP-API.
	p.Click(card + " " + tid("button-reply"))
	p.WaitForText(tid("modal-title"), "Reply to buyer")
	p.WaitForText(tid("modal"), conv.OrderID)
	picker := tid("select-reply_template")
	var first struct{ Value, Text string }
	p.Eval(fmt.Sprintf(`(() => { const o = document.querySelector(%s).options[1]; return {Value: o.value, Text: o.text}; })()`, js(picker)), &first)
	// default.yml's trigger: "wo ist" suggests delivery_delay.
	if first.Value != "delivery_delay" || !strings.HasPrefix(first.Text, "★") {
		t.Errorf("first template in the picker: %+v, want the suggested delivery_delay marked ★", first)
	}
	if got := p.value(picker); got != first.Value {
		t.Errorf("picker shows %q, want the suggested %q", got, first.Value)
	}
	text := tid("input-reply_text")
	prefilled := p.value(text)
	if !strings.Contains(prefilled, conv.OrderID) || strings.Contains(prefilled, "[") || !germanDate.MatchString(prefilled) {
		t.Errorf("prefilled text lacks the order id or its delivery date:\n%s", prefilled)
	}
	if !orderLookedUp(d, conv.OrderID) {
		t.Errorf("no successful getOrder for %s at the SP-API", conv.OrderID)
	}
	p.WaitForText(card, "drafting: @Anna")

	// Another template updates the modal with its own text: "order
	// shipped" takes carrier and tracking number from the SP-API too.
	p.Select(picker, "order_shipped")
	p.waitValue(text, "ist unterwegs")
	if shipped := p.value(text); strings.Contains(shipped, "[") || !strings.Contains(shipped, conv.OrderID) {
		t.Errorf("order_shipped left placeholders unfilled:\n%s", shipped)
	}
	p.Select(picker, first.Value)
	p.waitValue(text, prefilled)
	p.Screenshot("product-03-modal")

	// A link to the shop is refused inside the modal, naming the finding
	// above the text and in the findings, which no longer say "No findings".
	linked := prefilled + "\n\nDen Stand der Sendung sehen Sie auch auf www.mein-shop.de"
	p.Type(text, linked)
	p.Click(tid("modal-submit"))
	refused, findings := tid("modal")+` [data-block="reply_refused"]`, tid("modal")+` [data-block="reply_findings"]`
	p.WaitForText(refused, "www.mein-shop.de")
	p.WaitForText(refused, "external_link")
	p.WaitForText(findings, "external_link")
	if got := p.value(text); got != linked {
		t.Errorf("the refusal lost the typed text: %q", got)
	}
	p.Screenshot("product-04-refused")

	// Amazon's own order page instead is allowed with a warning: the modal
	// shows it and asks for the "I checked" tick before it submits.
	fixed := prefilled + "\n\nDen Stand der Sendung sehen Sie jederzeit unter https://www.amazon.de/gp/your-account/order-history\n\nViele Grüße\nAnna"
	p.Type(text, fixed)
	p.Click(tid("modal-submit"))
	p.WaitFor(tid("checkbox-checked"))
	p.WaitForText(tid("modal"), "amazon_link")
	if got := p.value(text); got != fixed {
		t.Errorf("the warning's update lost the typed text: %q", got)
	}
	p.Screenshot("product-05-warned")
	p.Click(tid("checkbox-checked"))
	p.Click(tid("modal-submit"))
	p.WaitGone(tid("modal"))

	// The draft waits in the thread for approval.
	approve := "#thread " + tid("button-approve")
	p.WaitForText("#thread", "Reply draft")
	p.WaitForText("#thread "+tid("reply")+" code", first.Value) // the picker's choice reached the bot
	p.WaitForText("#thread "+tid("reply")+" code", "amazon_link")
	p.WaitForText("#thread", "a second agent must approve")
	p.WaitFor(approve)
	p.Screenshot("product-06-approval")

	// Anna may not approve her own draft; Maria does.
	p.Click(approve)
	p.WaitForText("#thread "+tid("ephemeral"), "a second agent must approve it") // in the thread clicked in
	p.Select(tid("agent-switcher"), demoMaria)
	p.WaitGone(tid("ephemeral"))
	p.Click(approve)
	p.WaitForText("#thread", "Sent by @Anna")
	p.WaitForText("#thread", "approved by @Maria")
	p.WaitForCount(approve, 0)
	p.WaitForText(card, "answered")
	p.WaitForCount(card+" "+tid("button-reply"), 0)
	p.Screenshot("product-07-sent")

	// The outbox shows exactly one mail, to the buyer's relay address.
	relay := conv.Relay + "@marketplace.amazon.de"
	p.Click(tid("nav-outbox"))
	p.WaitForCount(tid("outbox-mail"), 1)
	p.WaitForText(tid("outbox-to"), relay)
	p.WaitForText(tid("outbox-subject"), "Re: Wo ist mein Paket?")
	p.WaitForText(tid("outbox-body"), "Viele Grüße")
	p.Screenshot("product-08-outbox")

	sent := d.SMTP.Messages()
	if len(sent) != 1 {
		t.Fatalf("SMTP sink holds %d mails, want exactly 1", len(sent))
	}
	checkSent(t, sent[0].To, sent[0].Data, relay, conv.OrderID, fixed)
}

// checkSent checks the accepted mail's envelope, subject and body.
func checkSent(t *testing.T, to []string, data []byte, relay, orderID, text string) {
	t.Helper()
	if len(to) != 1 || to[0] != relay {
		t.Errorf("envelope recipients %v, want [%s]", to, relay)
	}
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("sent mail unreadable: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Errorf("subject %q: %v", m.Header.Get("Subject"), err)
	}
	if want := "Re: Wo ist mein Paket? (Bestellung: " + orderID + ")"; subject != want {
		t.Errorf("subject %q, want %q", subject, want)
	}
	if got := m.Header.Get("To"); !strings.Contains(got, relay) {
		t.Errorf("To: %q, want %s", got, relay)
	}
	if got := m.Header.Get("In-Reply-To"); !strings.HasPrefix(got, "<demo.") {
		t.Errorf("In-Reply-To: %q, want the buyer's Message-ID", got)
	}
	var body io.Reader = m.Body
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(m.Body)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("sent body: %v", err)
	}
	got := strings.ReplaceAll(string(raw), "\r\n", "\n")
	if !strings.Contains(got, text) {
		t.Errorf("sent body lacks the approved text:\n%s", got)
	}
	if strings.Contains(got, "mein-shop.de") {
		t.Errorf("the refused link went out:\n%s", got)
	}
}
