package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// replyMail is the buyer's question about the seeded order, with a subject
// that already carries reply prefixes.
func replyMail() buyerdesk.Mail {
	m := sampleMail("m1@amazon.de", replyOrder)
	m.Subject = "AW: Re: Frage zu Bestellung " + replyOrder
	return m
}

// draftAndSubmit opens the modal as user, submits text and returns the
// approval card.
func (r *replyRig) draftAndSubmit(user string, c buyerdesk.Case, text string) (string, string) {
	r.t.Helper()
	v := r.clickReply(user, c)
	if ack := r.submit(user, v, text, modalTemplate(r.t, v), true); len(ack.Payload) != 0 {
		r.t.Fatalf("submission refused: %s", ack.Payload)
	}
	card := r.card(c, `"action_id":"approve"`)
	return card.TS, r.draftOf(c)
}

// draftOf is the id of the case's latest draft.
func (r *replyRig) draftOf(c buyerdesk.Case) string {
	r.t.Helper()
	id := ""
	for _, e := range r.events(c.ID) {
		if e.Type == buyerdesk.EventDrafted {
			id = e.Data["draft"]
		}
	}
	if id == "" {
		r.t.Fatal("no draft recorded")
	}
	return id
}

func TestReplyAcceptance(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: false})
	c := r.open(replyMail())

	// Reply: the suggested template ("Wo ist" → delay expectations) in
	// German, filled from the SP-API order.
	v := r.clickReply(userAna, c)
	if v.CallbackID != replyCallback || v.PrivateMetadata != string(c.ID) {
		t.Fatalf("modal %s / %s", v.CallbackID, v.PrivateMetadata)
	}
	if got := modalTemplate(t, v); got != "delay_expectations" {
		t.Errorf("suggested template %q", got)
	}
	text := modalText(t, v)
	for _, want := range []string{replyOrder, "20.10.2026", "Verzögerungen"} {
		if !strings.Contains(text, want) {
			t.Errorf("prefilled text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(string(v.Blocks), "order data unavailable") {
		t.Error("order data reported unavailable")
	}
	if r.sp.Count("getOrder") == 0 {
		t.Error("the SP-API was not asked")
	}
	r.eventually("card marks the draft", func() bool {
		return strings.Contains(r.parent(c), "drafting: \\u003c@UANA\\u003e") || strings.Contains(r.parent(c), "drafting: <@UANA>")
	})

	// A link is refused inside the modal, naming the finding.
	bad := text + "\n\nSendungsverfolgung: www.mein-shop.de/track"
	ack := r.submit(userAna, v, bad, "delay_expectations", false)
	var va struct {
		ResponseAction string `json:"response_action"`
	}
	if err := json.Unmarshal(ack.Payload, &va); err != nil || va.ResponseAction != "update" {
		t.Fatalf("link not refused: %s (%v)", ack.Payload, err)
	}
	refused := r.topView(userAna, "refused modal", func(fakeslack.View) bool { return true })
	if e := replyBlockJSON(t, refused, replyRefusedID); !strings.Contains(e, "external_link") || !strings.Contains(e, "mein-shop.de") {
		t.Errorf("refusal does not name the finding: %q", e)
	}
	if r.count(c.ID, buyerdesk.EventDrafted) != 0 {
		t.Fatal("a refused text became a draft")
	}

	// Fixed: accepted, the modal closes, the approval card appears.
	if ack := r.submit(userAna, v, text, "delay_expectations", false); len(ack.Payload) != 0 {
		t.Fatalf("clean text refused: %s", ack.Payload)
	}
	card := r.card(c, `"action_id":"approve"`, `"action_id":"edit"`, `"action_id":"discard"`, "UANA")
	draft := r.draftOf(c)

	// The drafter may not approve their own reply.
	if _, err := r.slack.ClickButton(r.ctx, userAna, c.Channel, card.TS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	r.told(userAna, "second agent")
	r.waitCount(c.ID, buyerdesk.EventRefused, 1)
	if r.count(c.ID, buyerdesk.EventApproved) != 0 || len(r.sink.Messages()) != 0 {
		t.Fatal("self-approval went through")
	}

	// A second agent approves: exactly one mail.
	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, card.TS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	msgs := r.mails(1)
	r.waitCount(c.ID, buyerdesk.EventSent, 1)
	m := msgs[0]
	if m.From != "support@shop.example" || len(m.To) != 1 || m.To[0] != c.RelayAddress {
		t.Errorf("envelope %s → %v", m.From, m.To)
	}
	h, body := parseMail(t, m.Data)
	subject, _ := h.Subject()
	to, _ := h.AddressList("To")
	from, _ := h.AddressList("From")
	inReplyTo, _ := h.MsgIDList("In-Reply-To")
	refs, _ := h.MsgIDList("References")
	msgID, _ := h.MessageID()
	if subject != "Re: Frage zu Bestellung "+replyOrder {
		t.Errorf("subject %q", subject)
	}
	if len(to) != 1 || to[0].Address != c.RelayAddress || len(from) != 1 || from[0].Address != "support@shop.example" {
		t.Errorf("to %v from %v", to, from)
	}
	if len(inReplyTo) != 1 || inReplyTo[0] != "m1@amazon.de" || len(refs) == 0 || refs[len(refs)-1] != "m1@amazon.de" {
		t.Errorf("in-reply-to %v references %v", inReplyTo, refs)
	}
	if h.Get("Content-Transfer-Encoding") != "quoted-printable" || !strings.Contains(h.Get("Content-Type"), "charset=utf-8") {
		t.Errorf("encoding %q %q", h.Get("Content-Transfer-Encoding"), h.Get("Content-Type"))
	}
	if !strings.Contains(body, replyOrder) || !strings.Contains(body, "Verzögerungen") {
		t.Errorf("body:\n%s", body)
	}

	// The case is answered, its clock stopped, the audit trail complete.
	c = r.replyCase(c.ID)
	if c.State != buyerdesk.StateAnswered || !c.WaitingSince.IsZero() || !c.Deadline.IsZero() {
		t.Errorf("case %s waiting %v deadline %v", c.State, c.WaitingSince, c.Deadline)
	}
	want := map[buyerdesk.EventType]string{buyerdesk.EventDrafted: userAna, buyerdesk.EventApproved: userBen,
		buyerdesk.EventSendIntent: userBen, buyerdesk.EventSent: userBen}
	for _, e := range r.events(c.ID) {
		actor, ok := want[e.Type]
		if !ok {
			continue
		}
		delete(want, e.Type)
		if e.Actor != actor || e.Data["draft"] != draft {
			t.Errorf("%s by %s for %s, want %s for %s", e.Type, e.Actor, e.Data["draft"], actor, draft)
		}
		if e.Type == buyerdesk.EventSent && (e.Data["message_id"] != msgID || e.Data["drafter"] != userAna || e.Data["approver"] != userBen) {
			t.Errorf("sent event %v, mail id %s", e.Data, msgID)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing events: %v", want)
	}

	// The approval card says who sent and approved, without buttons; the
	// lease is gone.
	r.eventually("card shows sent", func() bool {
		m, _ := r.slack.Message(c.Channel, card.TS)
		s := string(m.Blocks)
		return strings.Contains(s, "Sent by") && strings.Contains(s, "approved by") && !strings.Contains(s, `"action_id"`)
	})
	r.eventually("parent card no longer drafting", func() bool { return !strings.Contains(r.parent(c), "drafting") })
}

func TestReplyWarningsNeedTick(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	v := r.clickReply(userAna, c)
	warn := modalText(t, v) + "\n\nIhr Feedback ist uns wichtig."
	ack := r.submit(userAna, v, warn, "delay_expectations", false)
	if !strings.Contains(string(ack.Payload), `"response_action":"update"`) {
		t.Fatalf("new warnings without a tick box: want the modal updated, got %s", ack.Payload)
	}
	v = r.topView(userAna, "tick box shown", func(v fakeslack.View) bool { return strings.Contains(string(v.Blocks), replyAckID) })
	if modalText(t, v) != warn {
		t.Error("the agent's text was lost")
	}
	ack = r.submit(userAna, v, warn, "delay_expectations", false)
	if !strings.Contains(string(ack.Payload), `"errors"`) || !strings.Contains(string(ack.Payload), replyAckID) {
		t.Fatalf("unticked warnings accepted: %s", ack.Payload)
	}
	if ack := r.submit(userAna, v, warn, "delay_expectations", true); len(ack.Payload) != 0 {
		t.Fatalf("ticked warnings refused: %s", ack.Payload)
	}
	r.card(c, `"action_id":"approve"`, "trigger_word")
}

func TestReplyTemplatePickerRerenders(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	v := r.clickReply(userAna, c)
	if _, err := r.slack.SelectViewOption(r.ctx, userAna, v.ID, replyTemplateID, "order_shipped"); err != nil {
		t.Fatal(err)
	}
	v = r.topView(userAna, "modal re-rendered", func(v fakeslack.View) bool { return modalTemplate(t, v) == "order_shipped" })
	text := modalText(t, v)
	for _, want := range []string{"DHL", "00340434161234567890", replyOrder} {
		if !strings.Contains(text, want) {
			t.Errorf("order_shipped text lacks %q:\n%s", want, text)
		}
	}
}

func TestReplyOrderDataUnavailable(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(sampleMail("m9@amazon.de", "999-0000000-0000000")) // not in the SP-API
	v := r.clickReply(userAna, c)
	if !strings.Contains(string(v.Blocks), "order data unavailable") {
		t.Errorf("no note about missing order data: %s", v.Blocks)
	}
	if text := modalText(t, v); !strings.Contains(text, "[DATUM]") || !strings.Contains(text, "999-0000000-0000000") {
		t.Errorf("placeholders not left for the agent:\n%s", text)
	}
	// The placeholder blocks submission until the agent fills it in.
	ack := r.submit(userAna, v, modalText(t, v), "delay_expectations", true)
	if !strings.Contains(string(ack.Payload), "placeholder") {
		t.Errorf("unfilled placeholder accepted: %s", ack.Payload)
	}
}

func TestReplyLease(t *testing.T) {
	r := newReplyRig(t, Config{DraftLease: 15 * time.Minute})
	c := r.open(replyMail())
	anaView := r.clickReply(userAna, c)
	r.eventually("card shows ana drafting", func() bool {
		return strings.Contains(r.parent(c), "drafting") && strings.Contains(r.parent(c), userAna)
	})

	// Ben sees who drafts and must take over explicitly.
	busy := r.clickReply(userBen, c)
	if busy.CallbackID != replyBusyCallback || !strings.Contains(string(busy.Blocks), "@"+userAna) {
		t.Fatalf("ben got %s: %s", busy.CallbackID, busy.Blocks)
	}
	if _, err := r.slack.ClickViewButton(r.ctx, userBen, busy.ID, ActionTakeOver, ""); err != nil {
		t.Fatal(err)
	}
	r.topView(userBen, "ben drafts", func(v fakeslack.View) bool { return v.CallbackID == replyCallback })
	r.eventually("card shows ben drafting", func() bool { return strings.Contains(r.parent(c), userBen) })
	r.told(userAna, "took over")

	// Ana's old modal can no longer submit.
	ack := r.submit(userAna, anaView, modalText(t, anaView), "delay_expectations", true)
	if !strings.Contains(string(ack.Payload), "took over") {
		t.Fatalf("submission after take-over: %s", ack.Payload)
	}

	// After DraftLease without activity the lease lapses: Ana may draft.
	r.FastForward(16 * time.Minute)
	if v := r.clickReply(userAna, c); v.CallbackID != replyCallback {
		t.Fatalf("lapsed lease still blocks: %s", v.CallbackID)
	}
}

func TestReplyTemporaryThenSuccess(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	r.sink.FailNext(1, 451, "try again later")
	if _, err := r.slack.ClickButton(r.ctx, userAna, c.Channel, cardTS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	r.mails(1)
	r.waitCount(c.ID, buyerdesk.EventSent, 1)
	fails := 0
	for _, e := range r.events(c.ID) {
		if e.Type == buyerdesk.EventSendFailed {
			fails++
			if e.Data["permanent"] != "false" || e.Data["final"] != "false" {
				t.Errorf("failure %v", e.Data)
			}
		}
	}
	if fails != 1 || r.count(c.ID, buyerdesk.EventSendIntent) != 1 {
		t.Errorf("%d failures, %d intents", fails, r.count(c.ID, buyerdesk.EventSendIntent))
	}
}

func TestReplyRetriesRunOutThenRetrySend(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	r.sink.FailNext(4, 451, "greylisted")
	if _, err := r.slack.ClickButton(r.ctx, userAna, c.Channel, cardTS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	r.waitCount(c.ID, buyerdesk.EventSendFailed, 4)
	r.card(c, `"action_id":"retry_send"`, "kept refusing")
	if cc := r.replyCase(c.ID); len(r.sink.Messages()) != 0 || !cc.Waiting() {
		t.Fatal("a refused mail counted as sent")
	}
	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, cardTS, ActionRetrySend, ""); err != nil {
		t.Fatal(err)
	}
	msgs := r.mails(1)
	r.waitCount(c.ID, buyerdesk.EventSent, 1)
	h, _ := parseMail(t, msgs[0].Data)
	id, _ := h.MessageID()
	var intents []string
	for _, e := range r.events(c.ID) {
		if e.Type == buyerdesk.EventSendIntent {
			intents = append(intents, e.Data["message_id"])
		}
	}
	if len(intents) != 2 || intents[0] != intents[1] || intents[0] != id {
		t.Errorf("intents %v, mail id %s: a retry keeps the Message-ID", intents, id)
	}
}

func TestReplyPermanentFailure(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	r.sink.FailNext(1, 550, "mailbox unavailable")
	if _, err := r.slack.ClickButton(r.ctx, userAna, c.Channel, cardTS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	r.waitCount(c.ID, buyerdesk.EventSendFailed, 1)
	for _, e := range r.events(c.ID) {
		if e.Type == buyerdesk.EventSendFailed && e.Data["permanent"] != "true" {
			t.Errorf("550 recorded as %v", e.Data)
		}
	}
	r.card(c, "refused it for good", "mailbox unavailable")
	time.Sleep(100 * time.Millisecond)
	c = r.replyCase(c.ID)
	if len(r.sink.Messages()) != 0 || c.State != buyerdesk.StateOpen || !c.Waiting() || r.count(c.ID, buyerdesk.EventSent) != 0 {
		t.Errorf("after a permanent failure: %d mails, state %s", len(r.sink.Messages()), c.State)
	}
}

func TestReplyCrashAfterAccept(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	r.sink.CrashAfterAccept(1)
	if _, err := r.slack.ClickButton(r.ctx, userAna, c.Channel, cardTS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	r.waitCount(c.ID, buyerdesk.EventSendUnknown, 1)
	decision := r.card(c, `"action_id":"mark_sent"`, `"action_id":"send_again"`)
	r.mails(1) // the server kept it; nobody sends it again on their own
	if r.count(c.ID, buyerdesk.EventSent) != 0 || r.count(c.ID, buyerdesk.EventSendFailed) != 0 {
		t.Fatal("an uncertain outcome was taken for a result")
	}
	// Approving again changes nothing.
	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, cardTS, ActionApprove, ""); err == nil {
		t.Error("the approval card still offers Approve")
	}
	// A person checks and marks it sent: the clock stops.
	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, decision.TS, ActionMarkSent, ""); err != nil {
		t.Fatal(err)
	}
	r.waitCount(c.ID, buyerdesk.EventSent, 1)
	if c = r.replyCase(c.ID); c.Waiting() {
		t.Error("clock still running after mark as sent")
	}
	r.mails(1)
}

func TestReplySendAgainAfterUnknown(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	r.sink.CrashAfterAccept(1)
	if _, err := r.slack.ClickButton(r.ctx, userAna, c.Channel, cardTS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	decision := r.card(c, `"action_id":"send_again"`)
	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, decision.TS, ActionSendAgain, ""); err != nil {
		t.Fatal(err)
	}
	msgs := r.mails(2)
	r.waitCount(c.ID, buyerdesk.EventSent, 1)
	h1, _ := parseMail(t, msgs[0].Data)
	h2, _ := parseMail(t, msgs[1].Data)
	id1, _ := h1.MessageID()
	id2, _ := h2.MessageID()
	if id1 != id2 {
		t.Errorf("sent again with a new Message-ID %s, was %s: the buyer's mailer cannot tell them apart", id2, id1)
	}
}

func TestReplyRecoverSends(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	c := r.open(replyMail())
	_, draft := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	// The process stopped after recording the intent, before any outcome.
	for _, e := range []buyerdesk.Event{
		{Type: buyerdesk.EventApproved, Actor: userBen, Key: replyKeyApproved(draft), Data: map[string]string{"draft": draft}},
		{Type: buyerdesk.EventSendIntent, Actor: userBen, Key: replyKeyIntent(draft, 1), Data: map[string]string{"draft": draft, "message_id": "abc@shop.example"}},
	} {
		e.At = r.clock()
		if _, _, err := r.store.Append(r.ctx, c.ID, e); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 { // idempotent
		if err := r.bot.RecoverSends(r.ctx); err != nil {
			t.Fatal(err)
		}
	}
	r.waitCount(c.ID, buyerdesk.EventSendUnknown, 1)
	r.card(c, `"action_id":"mark_sent"`, "Did the reply reach the buyer")
	time.Sleep(100 * time.Millisecond)
	if n := len(r.sink.Messages()); n != 0 {
		t.Errorf("recovery sent %d mails", n)
	}
	if r.count(c.ID, buyerdesk.EventSendUnknown) != 1 {
		t.Error("recovery ran twice")
	}
}

func TestReplyHeaderInjection(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	m := replyMail()
	m.Subject = "Frage\r\nBcc: victim@attacker.example\nX-Evil: 1\u2028Cc: other@attacker.example"
	c := r.open(m)
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, cardTS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	msg := r.mails(1)[0]
	if len(msg.To) != 1 || msg.To[0] != c.RelayAddress {
		t.Errorf("recipients %v", msg.To)
	}
	head, _, _ := strings.Cut(string(msg.Data), "\r\n\r\n")
	for _, line := range strings.Split(head, "\r\n") {
		name, _, _ := strings.Cut(line, ":")
		switch strings.ToLower(name) {
		case "bcc", "cc", "x-evil":
			t.Errorf("injected header line %q", line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("bare line break in %q", line)
		}
	}
	h, _ := parseMail(t, msg.Data)
	if s, _ := h.Subject(); strings.ContainsAny(s, "\r\n\u2028") || !strings.HasPrefix(s, "Re: Frage") {
		t.Errorf("subject %q", s)
	}
}

func TestReplyDeliveryFailureReopensCard(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	if _, err := r.slack.ClickButton(r.ctx, userAna, c.Channel, cardTS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	r.waitCount(c.ID, buyerdesk.EventSent, 1)
	bounce := buyerdesk.Mail{Kind: buyerdesk.KindDeliveryFailure, MessageID: "dsn1@mailer.example", Subject: "Undeliverable",
		References: []string{r.events(c.ID)[len(r.events(c.ID))-1].Data["message_id"]}, RelayAddress: c.RelayAddress, OrderID: replyOrder,
		Body: "The recipient's mailbox is full."}
	res := r.ingest(bounce)
	if res.Case.ID != c.ID {
		t.Fatalf("bounce went to case %q", res.Case.ID)
	}
	r.bot.Changed(r.ctx, []store.IngestResult{res})
	r.eventually("card says why the case reopened", func() bool { return strings.Contains(r.parent(c), replyBouncedNote) })
	if c = r.replyCase(c.ID); c.State != buyerdesk.StateOpen || !c.Waiting() {
		t.Errorf("case %s not reopened", c.State)
	}
}
