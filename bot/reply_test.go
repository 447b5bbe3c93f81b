package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/amazon/outbox"
	"github.com/buyerdesk/buyerdesk/amazon/spapi"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
	"github.com/buyerdesk/buyerdesk/templates"
)

// replyFrom is the approved sender of the test shop.
const replyFrom = "Kundenservice Bücherwurm <support@shop.example>"

// replyOrder is a seeded order of the SP-API stand-in: DHL, tracking
// 00340434161234567890, delivery by 2026-10-20, 24.99 EUR.
const replyOrder = "302-4418812-9937105"

// replyRig is the harness plus the far sides of the reply path: an SMTP
// server that keeps every mail and the SP-API stand-in with seeded orders.
type replyRig struct {
	*harness
	sink *amazontest.SMTPSink
	sp   *amazontest.SPAPI
}

func newReplyRig(t *testing.T, cfg Config) *replyRig {
	t.Helper()
	sink, err := amazontest.StartSMTPSink(amazontest.SMTPSinkConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sink.Close() })
	sp := amazontest.NewSPAPI(amazontest.SPAPIConfig{})
	orders, err := amazontest.SeedOrders()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		sp.AddOrder(o)
	}
	sc := sp.Config()
	client := spapi.New(spapi.Config{Endpoint: "https://sellingpartnerapi-eu.amazon.com", TokenURL: "https://api.amazon.com/auth/o2/token",
		ClientID: sc.ClientID, ClientSecret: sc.ClientSecret, RefreshToken: sc.RefreshToken,
		HTTPClient: &http.Client{Transport: sp.RoundTripper()}})
	r := Replies{Orders: client, From: replyFrom,
		Mailer:  &outbox.Sender{Addr: sink.Addr(), TLS: outbox.TLSNone, Timeout: 5 * time.Second},
		Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}
	return &replyRig{harness: newHarness(t, cfg, WithReplies(r)), sink: sink, sp: sp}
}

// open ingests a buyer mail and waits until its thread exists.
func (r *replyRig) open(m buyerdesk.Mail) buyerdesk.Case {
	r.t.Helper()
	res := r.ingest(m)
	r.bot.Changed(r.ctx, []store.IngestResult{res})
	var c buyerdesk.Case
	r.eventually("case mirrored", func() bool {
		c = r.replyCase(res.Case.ID)
		return c.ThreadTS != "" && len(r.slack.Thread(c.Channel, c.ThreadTS)) >= 2
	})
	return c
}

func (r *replyRig) replyCase(id buyerdesk.CaseID) buyerdesk.Case {
	r.t.Helper()
	c, err := r.store.Case(r.ctx, id)
	if err != nil {
		r.t.Fatalf("case: %v", err)
	}
	return c
}

// clickReply presses the parent card's Reply button and returns the modal
// user then sees (the drafting modal or the busy notice).
func (r *replyRig) clickReply(user string, c buyerdesk.Case) fakeslack.View {
	r.t.Helper()
	before := map[string]bool{}
	for _, v := range r.slack.OpenViews(user) {
		before[v.ID] = true
	}
	if _, err := r.slack.ClickButton(r.ctx, user, c.Channel, c.ThreadTS, ActionReply, ""); err != nil {
		r.t.Fatalf("click reply: %v", err)
	}
	var v fakeslack.View
	r.eventually("modal opened", func() bool {
		vs := r.slack.OpenViews(user)
		if len(vs) == 0 || before[vs[len(vs)-1].ID] {
			return false
		}
		v = vs[len(vs)-1]
		return true
	})
	return v
}

// topView waits for user's top modal to satisfy cond.
func (r *replyRig) topView(user, what string, cond func(fakeslack.View) bool) fakeslack.View {
	r.t.Helper()
	var v fakeslack.View
	r.eventually(what, func() bool {
		vs := r.slack.OpenViews(user)
		if len(vs) == 0 {
			return false
		}
		v = vs[len(vs)-1]
		return cond(v)
	})
	return v
}

// submit submits the drafting modal with text and template.
func (r *replyRig) submit(user string, v fakeslack.View, text, template string, ticked bool) fakeslack.Ack {
	r.t.Helper()
	vals := map[string]map[string]fakeslack.Value{
		replyTextID:     {replyTextID: fakeslack.TextValue(text)},
		replyTemplateID: {replyTemplateID: fakeslack.SelectValue(template, template)},
	}
	if ticked {
		vals[replyAckID] = map[string]fakeslack.Value{replyAckID: fakeslack.CheckboxValue(fakeslack.Option{Text: "I checked the warnings", Value: replyAckValue})}
	}
	ack, err := r.slack.SubmitView(r.ctx, user, v.ID, vals)
	if err != nil {
		r.t.Fatalf("submit: %v", err)
	}
	return ack
}

// card waits for the thread message whose blocks contain all of want.
func (r *replyRig) card(c buyerdesk.Case, want ...string) fakeslack.Message {
	r.t.Helper()
	var got fakeslack.Message
	r.eventually("thread message with "+strings.Join(want, ", "), func() bool {
		for _, m := range r.slack.Thread(c.Channel, c.ThreadTS)[1:] {
			s := string(m.Blocks)
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(s, w)
			}
			if ok {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

// parent returns the parent card's blocks as JSON.
func (r *replyRig) parent(c buyerdesk.Case) string {
	m, _ := r.slack.Message(c.Channel, c.ThreadTS)
	return string(m.Blocks)
}

// told waits until user was told something containing s privately.
func (r *replyRig) told(user, s string) {
	r.t.Helper()
	r.eventually("ephemeral to "+user+": "+s, func() bool {
		for _, e := range r.slack.Ephemerals(user) {
			if strings.Contains(e.Text, s) {
				return true
			}
		}
		return false
	})
}

// waitCount waits until the case's log holds n events of typ.
func (r *replyRig) waitCount(id buyerdesk.CaseID, typ buyerdesk.EventType, n int) {
	r.t.Helper()
	r.eventually(string(typ)+" recorded", func() bool { return r.count(id, typ) == n })
}

// mails waits for n mails in the sink, then checks no more arrive for a
// moment.
func (r *replyRig) mails(n int) []amazontest.Received {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.ctx, 5*time.Second)
	defer cancel()
	if _, err := r.sink.WaitMessages(ctx, n); err != nil {
		r.t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	got := r.sink.Messages()
	if len(got) != n {
		r.t.Fatalf("%d mails, want %d", len(got), n)
	}
	return got
}

// viewBlock returns the block with id in a view.
func viewBlock(t *testing.T, v fakeslack.View, id string) map[string]any {
	t.Helper()
	var blocks []map[string]any
	if err := json.Unmarshal(v.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if b["block_id"] == id {
			return b
		}
	}
	return nil
}

// modalText is the drafting modal's prefilled text.
func modalText(t *testing.T, v fakeslack.View) string {
	t.Helper()
	b := viewBlock(t, v, replyTextID)
	if b == nil {
		t.Fatalf("modal without text input: %s", v.Blocks)
	}
	s, _ := b["element"].(map[string]any)["initial_value"].(string)
	return s
}

// modalTemplate is the template selected in the picker.
func modalTemplate(t *testing.T, v fakeslack.View) string {
	t.Helper()
	b := viewBlock(t, v, replyTemplateID)
	if b == nil {
		t.Fatalf("modal without picker: %s", v.Blocks)
	}
	opt, _ := b["accessory"].(map[string]any)["initial_option"].(map[string]any)
	s, _ := opt["value"].(string)
	return s
}

// parseMail reads a sent mail's header and decoded body.
func parseMail(t *testing.T, raw []byte) (*mail.Header, string) {
	t.Helper()
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse mail: %v", err)
	}
	p, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &mr.Header, string(body)
}

func TestReplyBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{{2, time.Second}, {3, 2 * time.Second}, {4, 4 * time.Second}, {5, 5 * time.Second}, {30, 5 * time.Second}}
	for _, tt := range tests {
		if got := replyBackoff(time.Second, 5*time.Second, tt.attempt); got != tt.want {
			t.Errorf("attempt %d: %v, want %v", tt.attempt, got, tt.want)
		}
	}
}

func TestReplyStates(t *testing.T) {
	ev := func(seq uint64, typ buyerdesk.EventType, actor string, data ...string) buyerdesk.Event {
		e := buyerdesk.Event{Seq: seq, Type: typ, Actor: actor, Data: map[string]string{"draft": "d1"}}
		for i := 0; i+1 < len(data); i += 2 {
			e.Data[data[i]] = data[i+1]
		}
		return e
	}
	drafted := ev(1, buyerdesk.EventDrafted, userAna, "drafter", userAna)
	approved := ev(2, buyerdesk.EventApproved, userBen)
	intent := ev(3, buyerdesk.EventSendIntent, userBen, "message_id", "<x@shop.example>")
	tests := []struct {
		name     string
		evs      []buyerdesk.Event
		phase    replyPhase
		round    int
		failures int
	}{
		{"drafted", []buyerdesk.Event{drafted}, phaseDrafted, 0, 0},
		{"approved before intent", []buyerdesk.Event{drafted, approved}, phaseApproved, 0, 0},
		{"in flight", []buyerdesk.Event{drafted, approved, intent}, phaseSending, 1, 0},
		{"temporary failure keeps it in flight", []buyerdesk.Event{drafted, approved, intent,
			ev(4, buyerdesk.EventSendFailed, "", "permanent", "false")}, phaseSending, 1, 1},
		{"retries ran out", []buyerdesk.Event{drafted, approved, intent,
			ev(4, buyerdesk.EventSendFailed, "", "permanent", "false", "final", "true")}, phaseFailed, 1, 1},
		{"permanent", []buyerdesk.Event{drafted, approved, intent,
			ev(4, buyerdesk.EventSendFailed, "", "permanent", "true")}, phaseFailed, 1, 1},
		{"retry round", []buyerdesk.Event{drafted, approved, intent,
			ev(4, buyerdesk.EventSendFailed, "", "permanent", "true"), ev(5, buyerdesk.EventSendIntent, userAna)}, phaseSending, 2, 0},
		{"unknown", []buyerdesk.Event{drafted, approved, intent, ev(4, buyerdesk.EventSendUnknown, "")}, phaseUnknown, 1, 0},
		{"sent", []buyerdesk.Event{drafted, approved, intent, ev(4, buyerdesk.EventSent, userBen)}, phaseSent, 1, 0},
		{"discarded", []buyerdesk.Event{drafted, ev(2, buyerdesk.EventDiscarded, userAna)}, phaseDiscarded, 0, 0},
	}
	for _, tt := range tests {
		st := replyStates(append(tt.evs, buyerdesk.Event{Seq: 99, Type: buyerdesk.EventPosted}))["d1"]
		if st.phase != tt.phase || st.round != tt.round || st.failures != tt.failures {
			t.Errorf("%s: phase %d round %d failures %d, want %d %d %d", tt.name, st.phase, st.round, st.failures, tt.phase, tt.round, tt.failures)
		}
	}
	st := replyStates([]buyerdesk.Event{drafted, approved, intent})["d1"]
	if st.drafter != userAna || st.approver != userBen || st.messageID != "<x@shop.example>" {
		t.Errorf("state %+v", st)
	}
}

func TestReplySentSince(t *testing.T) {
	evs := []buyerdesk.Event{
		{Seq: 1, Type: buyerdesk.EventDrafted, Data: map[string]string{"draft": "old"}},
		{Seq: 2, Type: buyerdesk.EventDrafted, Data: map[string]string{"draft": "new"}},
		{Seq: 3, Type: buyerdesk.EventSent, Data: map[string]string{"draft": "new"}},
	}
	if !replySentSince(evs, "old", 1) {
		t.Error("a newer draft went out after old: approving old must be refused")
	}
	if replySentSince(evs, "new", 2) {
		t.Error("a draft's own sending does not count")
	}
}

func TestReplyDraftID(t *testing.T) {
	a := replyDraftID("c1", "V1", "Hallo")
	if a != replyDraftID("c1", "V1", "Hallo") {
		t.Error("the same submission must give the same draft id")
	}
	for _, other := range []string{replyDraftID("c2", "V1", "Hallo"), replyDraftID("c1", "V2", "Hallo"), replyDraftID("c1", "V1", "Hallo!")} {
		if other == a {
			t.Error("different submissions share a draft id")
		}
	}
}

func TestReplyDomain(t *testing.T) {
	for in, want := range map[string]string{replyFrom: "shop.example", "a@b.example": "b.example", "nonsense": ""} {
		if got := replyDomain(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestReplyFindingsTextEscapes(t *testing.T) {
	res := templates.Lint("Schreiben Sie an <@U1> info@meinshop.de & Co", "de")
	got := replyFindingsText(res)
	if strings.Contains(got, "<@U1>") || !strings.Contains(got, ":no_entry:") || !strings.Contains(got, "contact_info") {
		t.Errorf("findings text:\n%s", got)
	}
	if got := replyFindingsText(templates.Lint("Vielen Dank für Ihre Nachricht.", "de")); !strings.Contains(got, "No findings") {
		t.Errorf("clean text: %s", got)
	}
}

func TestReplyTemplateLanguage(t *testing.T) {
	tests := []struct {
		name, lang, marketplace, body, wantTemplate, wantLang string
	}{
		{"buyer's language wins", "en", "amazon.de", "Where is my parcel?", "delay_expectations", "en"},
		{"marketplace's language when the buyer's is unknown", "", "amazon.de", "Mein Artikel ist beschädigt angekommen", "damaged_item", "de"},
		{"no suggestion: first template", "de", "amazon.de", "Guten Tag", "", "de"},
	}
	r := newReplyRig(t, Config{})
	for i, tt := range tests {
		m := sampleMail(fmt.Sprintf("lang%d@amazon.de", i), replyOrder)
		m.RelayAddress = fmt.Sprintf("buyer%d@marketplace.amazon.de", i)
		m.Language, m.Marketplace, m.Body = tt.lang, tt.marketplace, tt.body
		c := r.open(m)
		f := r.bot.replyPrepare(r.ctx, c, "", "")
		if len(f.choices) == 0 || f.choices[0].Language != tt.wantLang {
			t.Fatalf("%s: templates offered %+v, want language %q", tt.name, f.choices, tt.wantLang)
		}
		if tt.wantTemplate != "" && (f.selected != tt.wantTemplate || f.choices[0].ID != tt.wantTemplate) {
			t.Errorf("%s: selected %q first %q, want %q", tt.name, f.selected, f.choices[0].ID, tt.wantTemplate)
		}
		if tt.wantTemplate == "" && f.selected != f.choices[0].ID {
			t.Errorf("%s: selected %q is not the first choice", tt.name, f.selected)
		}
	}
}

// Builders of the reply path's payloads for blockkit_test.go's table.

func replyBlockKitModal(hostile bool) func(*Bot) (string, []slack.Block) {
	return func(*Bot) (string, []slack.Block) {
		set, err := templates.Defaults()
		if err != nil {
			panic(err) // embedded: cannot fail unless the build is broken
		}
		f := replyForm{caseID: "261124-000001", header: "*amazon.de* · 302-1234567-1234567 · Erika",
			choices: set.List("de"), selected: "order_shipped", text: "Ihre Bestellung ist unterwegs."}
		if hostile {
			f.header = escape(strings.Repeat("<!channel>", 200))
			f.orderNote = strings.Repeat("<@U1>", 300)
			f.text = strings.Repeat("Feedback www.x.de 😀 ", 200)
			f.refusal = replyErrors(templates.Lint(f.text, "en"), templates.SeverityBlock, "Amazon does not allow this: <!here> ")
			for i := range f.choices {
				f.choices[i].Title = strings.Repeat("Ü", 200)
			}
		}
		f.text = replyClip(f.text)
		f.lint = templates.Lint(f.text, "de")
		v := replyView(f)
		return "", v.Blocks.BlockSet
	}
}

func replyBlockKitBusy(*Bot) (string, []slack.Block) {
	v := replyBusyView("261124-000001", replyLease{User: userAna, Until: blockKitNow.Add(15 * time.Minute)})
	return "", v.Blocks.BlockSet
}

func replyBlockKitCard(status string, hostile bool) func(*Bot) (string, []slack.Block) {
	return func(*Bot) (string, []slack.Block) {
		d := replyDraft{ID: "0123456789abcdef", Case: "261124-000001", Text: "Ihre Bestellung ist unterwegs.",
			Template: "order_shipped", Lang: "de", Drafter: userAna, Created: blockKitNow}
		if hostile {
			d.Text = strings.Repeat("<!here> Feedback www.x.de 😀 & ", 1500)
			d.Template = strings.Repeat("<", 100)
		}
		return "Reply draft", replyCard(d, status, replyDraftButtons(d.ID))
	}
}

func replyBlockKitDecision(*Bot) (string, []slack.Block) {
	return "Did the reply reach the buyer?", replyDecisionBlocks("0123456789abcdef")
}

// replyFlakyMailer refuses the first fails mails with a temporary error,
// as outbox.Sender reports a 451, and notes when each attempt came.
type replyFlakyMailer struct {
	mu    sync.Mutex
	fails int
	at    []time.Time
}

func (m *replyFlakyMailer) Send(ctx context.Context, from string, to []string, msg []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.at = append(m.at, time.Now())
	if len(m.at) <= m.fails {
		return &outbox.SendError{Code: 451, Temporary: true, Stage: "data", Msg: "4.7.1 greylisted"}
	}
	return nil
}

func (m *replyFlakyMailer) gaps() []time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []time.Duration
	for i := 1; i < len(m.at); i++ {
		out = append(out, m.at[i].Sub(m.at[i-1]))
	}
	return out
}

// TestReplyRetrySchedule runs the temporary-failure retries on a fake
// clock: the pauses double from Backoff up to MaxBackoff, and the round
// ends after SendAttempts. The case has no Slack thread, so nothing talks
// to Slack.
func TestReplyRetrySchedule(t *testing.T) {
	tests := []struct {
		name      string
		fails     int
		max       time.Duration
		wantGaps  []time.Duration
		wantSent  bool
		wantFinal bool
	}{
		{"success on the fourth attempt", 3, 5 * time.Minute, []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute}, true, false},
		{"capped pauses", 3, 45 * time.Second, []time.Duration{30 * time.Second, 45 * time.Second, 45 * time.Second}, true, false},
		{"attempts run out", 9, 5 * time.Minute, []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := storetest.MustOpen(t)
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				m := &replyFlakyMailer{fails: tt.fails}
				b := New(Config{SelfApproval: true}, st, nil, WithReplies(Replies{Mailer: m, From: replyFrom,
					Backoff: 30 * time.Second, MaxBackoff: tt.max, SendAttempts: 4}))
				b.Start(ctx)
				mail := sampleMail("m1@amazon.de", replyOrder)
				res, err := st.Ingest(ctx, store.IngestRequest{Mailbox: "de", Raw: []byte("m1"), Mail: mail, Now: time.Now()})
				if err != nil {
					t.Fatal(err)
				}
				d := replyDraft{ID: "d1", Case: res.Case.ID, Text: "Ihre Bestellung ist unterwegs.", Lang: "de", Drafter: userAna, Created: time.Now()}
				b.withCase(d.Case, func() {
					if err := b.replyDraftRecord(ctx, d); err == nil {
						t.Error("a draft was posted to a case without a thread")
					}
				})
				b.replyDecide(ctx, d.ID, decideApprove, replyBy{user: userBen})
				time.Sleep(time.Hour)
				synctest.Wait()
				if got := m.gaps(); !slices.Equal(got, tt.wantGaps) {
					t.Errorf("pauses %v, want %v", got, tt.wantGaps)
				}
				evs, err := st.Events(ctx, d.Case)
				if err != nil {
					t.Fatal(err)
				}
				s := replyStates(evs)["d1"]
				if (s.phase == phaseSent) != tt.wantSent || (s.phase == phaseFailed) != tt.wantFinal {
					t.Errorf("phase %d", s.phase)
				}
				if s.phase == phaseFailed && (s.permanent || s.failures != 4) {
					t.Errorf("final failure: permanent %v after %d failures", s.permanent, s.failures)
				}
				cancel()
				b.Wait()
			})
		})
	}
}
