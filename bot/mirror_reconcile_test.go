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

func TestMirrorReconcile(t *testing.T) {
	h := newHarness(t, Config{})
	// Stored while the bot was down: nobody told it.
	a := h.ingest(sampleMail("a1@amazon.de", "302-0000001-0000001"))
	b := h.ingest(sampleMail("b1@amazon.de", "302-0000002-0000002"))
	if err := h.bot.Reconcile(h.ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []buyerdesk.CaseID{a.Case.ID, b.Case.ID} {
		if c := h.caseNow(id); c.ThreadTS == "" || len(h.slack.Thread(chanSupport, c.ThreadTS)) != 2 {
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
	if c := h.caseNow(a.Case.ID); c.State != buyerdesk.StateAnswered {
		t.Fatalf("state %s", c.State)
	}
	if err := h.bot.Reconcile(h.ctx); err != nil {
		t.Fatal(err)
	}
	c := h.caseNow(a.Case.ID)
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

func TestMirrorReconcileMostUrgentFirst(t *testing.T) {
	h := newHarness(t, Config{Workers: 1})
	want := map[string]int{} // order id → rank by deadline
	for i, age := range []time.Duration{3, 9, 1, 7, 5} {
		m := sampleMail(fmt.Sprintf("u%d@amazon.de", i), fmt.Sprintf("302-0000000-%07d", i))
		m.RelayAddress = fmt.Sprintf("u%d@marketplace.amazon.de", i)
		m.SentAt = h.clock().Add(-age * time.Hour)
		h.ingest(m)
		want[m.OrderID] = map[time.Duration]int{9: 0, 7: 1, 5: 2, 3: 3, 1: 4}[age]
	}
	if err := h.bot.Reconcile(h.ctx); err != nil {
		t.Fatal(err)
	}
	top := h.slack.Messages(chanSupport)
	if len(top) != len(want) {
		t.Fatalf("%d parents, want %d", len(top), len(want))
	}
	for i, m := range top {
		for order, rank := range want {
			if strings.Contains(m.Text, order) && rank != i {
				t.Errorf("parent %d is order %s, due as number %d", i, order, rank)
			}
		}
	}
}
