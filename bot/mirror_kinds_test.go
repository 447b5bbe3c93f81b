package bot

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
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

func TestMirrorReconcile(t *testing.T) {
	h := newHarness(t, Config{})
	// Stored while the bot was down: nobody told it.
	a := h.ingest(sampleMail("a1@amazon.de", "302-0000001-0000001"))
	b := h.ingest(sampleMail("b1@amazon.de", "302-0000002-0000002"))
	if err := h.bot.Reconcile(h.ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []buyerdesk.CaseID{a.Case.ID, b.Case.ID} {
		if c := h.mirrorCase(id); c.ThreadTS == "" || len(h.slack.Thread(chanSupport, c.ThreadTS)) != 2 {
			t.Errorf("case %s not mirrored by Reconcile", id)
		}
	}
	posts := h.slack.Calls("chat.postMessage")
	if err := h.bot.Reconcile(h.ctx); err != nil {
		t.Fatal(err)
	}
	if n := h.slack.Calls("chat.postMessage"); n != posts {
		t.Errorf("second Reconcile posted %d more", n-posts)
	}

	// A seller copy answered case a, then the process died before posting it.
	sc := sampleMail("a-sc@amazon.de", "302-0000001-0000001")
	sc.Kind, sc.Body = buyerdesk.KindSellerCopy, "Erledigt."
	h.FastForward(5 * time.Minute)
	h.ingest(sc)
	if c := h.mirrorCase(a.Case.ID); c.State != buyerdesk.StateAnswered {
		t.Fatalf("state %s", c.State)
	}
	if err := h.bot.Reconcile(h.ctx); err != nil {
		t.Fatal(err)
	}
	c := h.mirrorCase(a.Case.ID)
	if th := h.slack.Thread(chanSupport, c.ThreadTS); len(th) != 3 || !strings.Contains(mirrorAll(t, th[2]), "Erledigt.") {
		t.Errorf("answered case's unposted seller copy not mirrored: %d thread messages", len(th))
	}
}

// mirrorCountingStore counts full scans of the case list.
type mirrorCountingStore struct {
	*store.DB
	scans atomic.Int32
}

func (s *mirrorCountingStore) Cases(ctx context.Context, fn func(buyerdesk.Case) bool) error {
	s.scans.Add(1)
	return s.DB.Cases(ctx, fn)
}

func TestMirrorWorkIsPerCase(t *testing.T) {
	h := newHarness(t, Config{})
	st := &mirrorCountingStore{DB: h.store}
	bot := New(Config{DefaultChannel: chanSupport, BotUserID: "UBOT"}, st, h.api, WithNow(h.clock))
	for i := range 30 {
		m := sampleMail(fmt.Sprintf("bulk%d@amazon.de", i), fmt.Sprintf("302-0000000-%07d", i))
		m.RelayAddress = fmt.Sprintf("bulk%d@marketplace.amazon.de", i)
		h.ingest(m)
	}
	res := h.ingest(sampleMail("m1@amazon.de", "302-1234567-1234567"))
	if err := bot.Mirror(h.ctx, res.Case.ID); err != nil {
		t.Fatal(err)
	}
	if n := st.scans.Load(); n != 0 {
		t.Errorf("mirroring one mail scanned all cases %d times", n)
	}
	if n := h.slack.Calls("chat.postMessage"); n != 2 {
		t.Errorf("mirroring one case made %d posts", n)
	}
}
