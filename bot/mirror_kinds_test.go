package bot

import (
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
)

func TestMirrorSellerCopyStopsClock(t *testing.T) {
	h := newHarness(t, Config{})
	m := sampleMail("m1@amazon.de", "302-1234567-1234567")
	res := h.mirrorIngest(m)
	c, _ := h.mirrorWait(res.Case.ID, 1)
	if !c.Waiting() {
		t.Fatal("a new buyer message does not start the clock")
	}

	copyMail := m
	copyMail.Kind, copyMail.MessageID = buyerdesk.KindSellerCopy, "sc1@amazon.de"
	copyMail.Body = "Ihr Paket ist unterwegs."
	h.mirrorIngest(copyMail)
	c, replies := h.mirrorWait(c.ID, 2)
	if got := mirrorAll(t, replies[1]); !strings.Contains(got, "Answered in Seller Central") || !strings.Contains(got, "Ihr Paket ist unterwegs.") {
		t.Errorf("seller copy reply:\n%s", got)
	}
	if c.Waiting() || c.State != buyerdesk.StateAnswered {
		t.Errorf("clock still runs: state %s, waiting since %v", c.State, c.WaitingSince)
	}
	h.eventually("card shows answered", func() bool {
		p, _ := h.slack.Message(c.Channel, c.ThreadTS)
		return strings.Contains(mirrorAll(t, p), "answered")
	})

	// The buyer writes again after the answer: same case, same thread.
	again := m
	again.MessageID, again.Body = "m2@amazon.de", "Danke, aber es fehlt ein Teil."
	if r := h.mirrorIngest(again); r.Case.ID != c.ID {
		t.Fatalf("reopening follow-up went to case %s", r.Case.ID)
	}
	c, _ = h.mirrorWait(c.ID, 3)
	if !c.Waiting() || len(h.slack.Messages(chanSupport)) != 1 {
		t.Errorf("reopened case: waiting %v, %d parents", c.Waiting(), len(h.slack.Messages(chanSupport)))
	}
}

func TestMirrorDeliveryFailureReopens(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.mirrorIngest(sampleMail("m1@amazon.de", "302-1234567-1234567"))
	c, _ := h.mirrorWait(res.Case.ID, 1)
	// Our reply went out and stopped the clock.
	if _, _, err := h.store.Append(h.ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventSent, At: h.clock(),
		Actor: userAna, Data: map[string]string{"message_id": "reply1@buyerdesk.example"}}); err != nil {
		t.Fatal(err)
	}
	bounce := buyerdesk.Mail{Kind: buyerdesk.KindDeliveryFailure, MessageID: "dsn1@mailer.example",
		Subject: "Undeliverable: <@U123> mailbox full", References: []string{"reply1@buyerdesk.example"},
		Body: "The recipient's mailbox is full."}
	if r := h.mirrorIngest(bounce); r.Case.ID != c.ID {
		t.Fatalf("bounce went to case %q", r.Case.ID)
	}
	c, replies := h.mirrorWait(c.ID, 2)
	got := mirrorAll(t, replies[1])
	if !strings.Contains(got, "Our reply could not be delivered") || !strings.Contains(got, "mailbox full") {
		t.Errorf("bounce reply:\n%s", got)
	}
	mirrorCheckSafe(t, "bounce", replies[1])
	if c.State != buyerdesk.StateOpen || !c.Waiting() {
		t.Errorf("case not reopened: %s", c.State)
	}
}

func TestMirrorClaimWarns(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.mirrorIngest(sampleMail("m1@amazon.de", "302-1234567-1234567"))
	c, _ := h.mirrorWait(res.Case.ID, 1)
	claim := buyerdesk.Mail{Kind: buyerdesk.KindClaim, MessageID: "claim1@amazon.de", OrderID: "302-1234567-1234567",
		Subject: "A-to-z Guarantee claim", Body: "The buyer filed a claim."}
	h.mirrorIngest(claim)
	_, replies := h.mirrorWait(c.ID, 2)
	if got := mirrorAll(t, replies[1]); !strings.Contains(got, ":warning: *A-to-z Guarantee claim filed*") {
		t.Errorf("claim reply:\n%s", got)
	}
	h.eventually("card notes the claim", func() bool {
		p, _ := h.slack.Message(c.Channel, c.ThreadTS)
		return strings.Contains(mirrorAll(t, p), "A-to-z Guarantee claim filed for this order")
	})
}
