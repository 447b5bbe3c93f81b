package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/demo"
)

const (
	chanSupport = "CSUPPORT"
	userAna     = "UANA"
	userBen     = "UBEN"
)

// blockKitSchema is Slack's Block Kit schema, in shared/ beside the checkout.
const blockKitSchema = "../../../../shared/slack/block-kit.schema.json"

// world is the demo page over a fake Slack, an SMTP sink and a browser tab.
type world struct {
	ctx   context.Context
	slack *fakeslack.Server
	api   *slack.Client
	sink  *amazontest.SMTPSink
	url   string
	page  *Page
}

func newWorld(t *testing.T, opts fakeslack.Options) *world {
	t.Helper()
	if _, err := os.Stat(blockKitSchema); err != nil {
		t.Fatalf("Block Kit schema not found beside the checkout: %v", err)
	}
	opts.BlockKitSchema = blockKitSchema
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	w := &world{ctx: ctx}
	w.slack = fakeslack.New(opts)
	t.Cleanup(w.slack.Close)
	w.slack.AddChannel(chanSupport, "amazon-support")
	w.slack.AddChannel("CESCALATE", "amazon-escalations")
	w.slack.AddUser(fakeslack.User{ID: userAna, Name: "ana", RealName: "Ana Agent", TZ: "Europe/Berlin"})
	w.slack.AddUser(fakeslack.User{ID: userBen, Name: "ben", RealName: "Ben Agent", TZ: "America/New_York"})
	sink, err := amazontest.StartSMTPSink(amazontest.SMTPSinkConfig{})
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { _ = sink.Close() })
	w.sink = sink
	w.api = slack.New("xoxb-test", slack.OptionAPIURL(w.slack.APIURL()), slack.OptionAppLevelToken("xapp-test"))
	ui := demo.NewUI(w.slack, sink, demo.UIOptions{
		Title:          "Acme Support",
		DefaultChannel: chanSupport,
		Agents:         []demo.AgentIdentity{{ID: userAna, Name: "Ana (Berlin)"}, {ID: userBen, Name: "Ben (New York)"}},
	})
	srv := httptest.NewServer(ui)
	t.Cleanup(srv.Close)
	w.url = srv.URL
	w.page = newPage(ctx, t)
	return w
}

// post posts as the bot and returns the ts.
func (w *world) post(t *testing.T, opts ...slack.MsgOption) string {
	t.Helper()
	_, ts, err := w.api.PostMessageContext(w.ctx, chanSupport, opts...)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	return ts
}

// TestReplyThroughThePage walks a case through the page as agents would:
// thread, claim, refused second claim, reply modal, blocked draft, fixed
// draft, approval, one mail in the outbox, slash command and App Home.
func TestReplyThroughThePage(t *testing.T) {
	w := newWorld(t, fakeslack.Options{})
	runStubApp(t, w.api, w.sink.Addr())
	p := w.page
	eventually(t, "stub app connected", func() bool { return w.slack.Connections() > 0 })

	parent := w.post(t, slack.MsgOptionText("Buyer message 302-1234567-1234567 (amazon.de)", false),
		slack.MsgOptionBlocks(card(":envelope: waiting for reply", "unclaimed")...))
	w.post(t, slack.MsgOptionTS(parent), slack.MsgOptionText(
		"*Jana* wrote:\n&gt; Hallo, wo ist mein Paket? &lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; :warning:", false))

	p.Goto(w.url)
	p.WaitFor(message(parent))
	p.WaitForText(tid("title"), "Acme Support")
	p.WaitForText(message(parent), "302-1234567-1234567")
	if got := p.Text(message(parent) + " time"); got == "" || strings.Contains(got, "{") {
		t.Errorf("deadline rendered as %q, want a local date", got)
	}
	p.WaitFor(message(parent) + " " + tid("button-reply") + ".primary")
	p.Screenshot("01-channel")

	// The thread shows the buyer's text literally: no markup, no mention.
	p.Click(message(parent) + " " + tid("thread-open"))
	p.WaitForText(tid("reply"), "<script>alert(1)</script> <!channel>")
	p.WaitForText(tid("reply")+" blockquote", "Hallo, wo ist mein Paket?")
	p.WaitForText(tid("reply")+" .emoji", "⚠️")
	if n := p.Count("#thread script, #thread .mention"); n != 0 {
		t.Errorf("buyer text produced %d script or mention elements", n)
	}
	p.Screenshot("02-thread")

	// Ana claims with 👀; Ben's claim is refused with an ephemeral only he sees.
	p.Click(message(parent) + " " + tid("reaction-add"))
	p.Click(tid("emoji-eyes"))
	p.WaitForText(message(parent), "@Ana Agent")
	p.WaitFor(message(parent) + " " + tid("reaction-eyes") + ".mine")
	p.Select(tid("agent-switcher"), userBen)
	p.WaitFor(message(parent) + " " + tid("reaction-eyes") + ":not(.mine)")
	p.Click(message(parent) + " " + tid("reaction-eyes"))
	p.WaitForText("#thread "+tid("ephemeral"), "already claimed by @Ana Agent")
	p.WaitForText(message(parent)+" "+tid("reaction-eyes"), "2")
	p.Screenshot("03-second-claim-refused")
	p.Select(tid("agent-switcher"), userAna)
	p.WaitGone(tid("ephemeral"))

	// Reply: a draft with a link is refused inside the modal, then fixed.
	p.Click(message(parent) + " " + tid("button-reply"))
	p.WaitForText(tid("modal-title"), "Reply to Jana")
	draft := func() string {
		var s string
		p.Eval(`document.querySelector(`+js(tid("input-draft"))+`).value`, &s)
		return s
	}
	// Picking a template updates the view: an untouched draft takes the
	// new text, a typed one is kept (as Slack keeps input across updates).
	p.Select(tid("select-template"), "delay")
	p.WaitForText(tid("modal"), "Template: Delivery delay")
	if got := draft(); !strings.Contains(got, "verspätet sich leider") {
		t.Errorf("untouched draft after the update: %q", got)
	}
	withLink := "Hallo Jana,\nden Status sehen Sie auf https://tracking.example/302"
	p.Type(tid("input-draft"), withLink)
	p.Select(tid("select-template"), "shipped")
	p.WaitForText(tid("modal"), "Template: Order shipped")
	if got := draft(); got != withLink {
		t.Errorf("the view update dropped the typed draft: %q", got)
	}
	p.Click(tid("modal-submit"))
	p.WaitForText(tid("modal-error"), "Blocked: external link")
	p.Screenshot("04-draft-blocked")
	p.Type(tid("input-draft"), "Hallo Jana,\nIhr Paket kommt morgen. Vielen Dank für Ihre Geduld.")
	p.Click(tid("checkbox-yes"))
	p.Click(tid("modal-submit"))
	p.WaitGone(tid("modal"))
	p.WaitForText("#thread", "Reply drafted by @Ana Agent")
	p.Screenshot("05-approval")

	p.Click("#thread " + tid("button-approve"))
	p.WaitForText("#thread", "Sent by @Ana Agent")
	if n := p.Count("#thread " + tid("button-approve")); n != 0 {
		t.Errorf("approve button still shown %d times after sending", n)
	}

	// The outbox shows exactly one mail, decoded.
	p.Click(tid("nav-outbox"))
	p.WaitForCount(tid("outbox-mail"), 1)
	p.WaitForText(tid("outbox-count"), "1")
	if got := p.Text(tid("outbox-subject")); got != "Re: Wo ist mein Paket?" {
		t.Errorf("outbox subject %q", got)
	}
	p.WaitForText(tid("outbox-body"), "Vielen Dank für Ihre Geduld.")
	p.WaitForText(tid("outbox-to"), "abc123@marketplace.amazon.de")
	p.Screenshot("06-outbox")
	if n := len(w.sink.Messages()); n != 1 {
		t.Errorf("SMTP sink holds %d mails, want 1", n)
	}

	// The slash command answers ephemerally; the App Home shows the queue.
	p.Click(tid("nav-channel-" + chanSupport))
	p.Type(tid("composer"), "/buyerdesk help")
	p.Click(tid("composer-send"))
	p.WaitForText("#pane-body "+tid("ephemeral"), "Commands")
	p.WaitForText("#pane-body "+tid("ephemeral")+" code", "/buyerdesk oncall")
	p.Click(tid("nav-home"))
	p.WaitForText(tid("app-home"), "1 claimed case(s) for @Ana Agent")
	p.Screenshot("07-app-home")
}

// eventually waits up to ten seconds for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
