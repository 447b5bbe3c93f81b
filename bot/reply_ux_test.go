package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/templates"
)

// replyLink is a line that breaks Amazon's link rule (link.external).
const replyLink = "\n\nSendungsverfolgung: www.mein-shop.de/track"

// replyBlockJSON is the JSON of one block of a view, "" when absent.
func replyBlockJSON(t *testing.T, v fakeslack.View, id string) string {
	t.Helper()
	b := viewBlock(t, v, id)
	if b == nil {
		return ""
	}
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// TestReplyRefusalShowsFindings: a submission refused for block findings
// replaces the modal (Slack keeps a view as it was when the ack carries
// only errors), so its findings block lists what was refused instead of
// the "No findings" of the text the modal opened with, a refusal section
// names the findings, the agent's text stays, and nothing is drafted.
func TestReplyRefusalShowsFindings(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	v := r.clickReply(userAna, c)
	if got := replyBlockJSON(t, v, "reply_findings"); !strings.Contains(got, "No findings") {
		t.Fatalf("clean modal findings: %s", got)
	}
	bad := modalText(t, v) + replyLink
	ack := r.submit(userAna, v, bad, modalTemplate(t, v), false)
	var va struct {
		ResponseAction string `json:"response_action"`
	}
	if err := json.Unmarshal(ack.Payload, &va); err != nil || va.ResponseAction != "update" {
		t.Fatalf("refusal ack %s (%v), want response_action update", ack.Payload, err)
	}
	nv := r.topView(userAna, "refused modal", func(fakeslack.View) bool { return true })
	if nv.ID != v.ID || nv.CallbackID != replyCallback || nv.PrivateMetadata != string(c.ID) {
		t.Fatalf("refusal replaced the modal by %s/%s/%s", nv.ID, nv.CallbackID, nv.PrivateMetadata)
	}
	findings := replyBlockJSON(t, nv, "reply_findings")
	if strings.Contains(findings, "No findings") || !strings.Contains(findings, ":no_entry:") || !strings.Contains(findings, "external_link") {
		t.Errorf("findings block after the refusal: %s", findings)
	}
	refused := replyBlockJSON(t, nv, replyRefusedID)
	for _, want := range []string{"Amazon does not allow this", "external_link", "mein-shop.de"} {
		if !strings.Contains(refused, want) {
			t.Errorf("refusal section lacks %q: %s", want, refused)
		}
	}
	if got := modalText(t, nv); got != bad {
		t.Errorf("refused modal lost the agent's text: %q", got)
	}
	if r.count(c.ID, buyerdesk.EventDrafted) != 0 {
		t.Fatal("a refused text became a draft")
	}

	// Fixed in the same modal: accepted, and the refusal is gone with it.
	if ack := r.submit(userAna, nv, modalText(t, v), modalTemplate(t, nv), false); len(ack.Payload) != 0 {
		t.Fatalf("clean text refused: %s", ack.Payload)
	}
	r.waitCount(c.ID, buyerdesk.EventDrafted, 1)
}

// TestReplyFindingsInEnglish: the agents' UI is English, so a German reply's
// findings are named in English in the modal, the approval card and a
// refused approval; the verdict is the one Lint gives for the reply's
// language.
func TestReplyFindingsInEnglish(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	v := r.clickReply(userAna, c)
	text := modalText(t, v)

	r.submit(userAna, v, text+replyLink, modalTemplate(t, v), false)
	nv := r.topView(userAna, "refused modal", func(fakeslack.View) bool { return true })
	for _, id := range []string{"reply_findings", replyRefusedID} {
		got := replyBlockJSON(t, nv, id)
		if !strings.Contains(got, "Link or domain outside Amazon.") || strings.Contains(got, "außerhalb") {
			t.Errorf("%s not in English: %s", id, got)
		}
	}

	// A warning (Amazon's order page) on the approval card, in English.
	warned := text + "\n\nhttps://www.amazon.de/gp/your-account/order-history"
	cardTS, draft := r.draftAndSubmit(userAna, c, warned)
	card, _ := r.slack.Message(c.Channel, cardTS)
	if s := string(card.Blocks); !strings.Contains(s, "Link to an Amazon page.") || strings.Contains(s, "Amazon-Seite") {
		t.Errorf("approval card findings not in English: %s", s)
	}

	// A stored draft that now blocks is refused on approval, in English.
	raw, err := r.store.Get(r.ctx, replyDraftNS, draft)
	if err != nil {
		t.Fatal(err)
	}
	var d replyDraft
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	d.Text += replyLink
	raw, _ = json.Marshal(d)
	if err := r.store.Put(r.ctx, replyDraftNS, draft, raw); err != nil {
		t.Fatal(err)
	}
	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, cardTS, ActionApprove, draft); err != nil {
		t.Fatal(err)
	}
	r.told(userBen, "Link or domain outside Amazon.")
}

// TestReplyLintVerdictIgnoresLanguage: the English findings the UI shows
// are the same findings, with the same verdict, as for the reply's
// language; only the messages differ.
func TestReplyLintVerdictIgnoresLanguage(t *testing.T) {
	for _, text := range []string{
		"Ihre Bestellung ist unterwegs.",
		"Sendungsverfolgung: www.mein-shop.de/track",
		"Bewerten Sie uns bitte mit 5 Sternen!!!",
		"Details unter https://www.amazon.de/gp/your-account/order-history :-)",
		"Your order ships today; rufen Sie uns an: 030 1234567",
	} {
		de, en := templates.Lint(text, "de"), replyLint(text)
		if de.Verdict != en.Verdict || len(de.Findings) != len(en.Findings) {
			t.Errorf("%q: de %s/%d, en %s/%d", text, de.Verdict, len(de.Findings), en.Verdict, len(en.Findings))
			continue
		}
		for i := range de.Findings {
			a, b := de.Findings[i], en.Findings[i]
			if a.Rule != b.Rule || a.Severity != b.Severity || a.Start != b.Start || a.End != b.End {
				t.Errorf("%q: finding %d differs: %+v vs %+v", text, i, a, b)
			}
		}
	}
}

// TestReplyRefusalsInThread: refusals of buttons pressed in a case's
// thread (a drafter approving their own reply, an outsider approving) are
// answered in that thread, not at channel level; a click on the parent
// card itself is answered beside it in the channel.
func TestReplyRefusalsInThread(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, modalText(t, r.clickReply(userAna, c)))

	cases := []struct {
		user, ts, action, want, thread string
	}{
		{userAna, cardTS, ActionApprove, "a second agent must approve it", c.ThreadTS},
		{userOutsider, cardTS, ActionApprove, "only the support agents", c.ThreadTS},
		{userOutsider, c.ThreadTS, ActionReply, "only the support agents", ""},
	}
	for _, tc := range cases {
		before := len(r.slack.Ephemerals(tc.user))
		if _, err := r.slack.ClickButton(r.ctx, tc.user, c.Channel, tc.ts, tc.action, ""); err != nil {
			t.Fatal(err)
		}
		var got fakeslack.Ephemeral
		r.eventually("answer to "+tc.user, func() bool {
			es := r.slack.Ephemerals(tc.user)
			if len(es) <= before {
				return false
			}
			got = es[len(es)-1]
			return true
		})
		if !strings.Contains(got.Text, tc.want) || got.Channel != c.Channel || got.ThreadTS != tc.thread {
			t.Errorf("%s %s: told %q in %s thread %q, want %q in thread %q", tc.user, tc.action, got.Text, got.Channel, got.ThreadTS, tc.want, tc.thread)
		}
	}
}
