package bot

import (
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/sla"
)

// TestEscalateBeforeTheThread: a step due before the mirror job ran (a
// case stored while Slack was slow, or overdue at start-up) posts the
// thread itself instead of failing, then escalates in it, once.
func TestEscalateBeforeTheThread(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily), Ladder: sla.Ladder{{Name: "remind", Before: 12 * 60 * 60 * 1e9, Targets: []string{"oncall"}}}})
	m := sampleMail("early@amazon.de", "302-0000000-0000099")
	res := h.ingest(m) // stored, not mirrored
	c := res.Case
	if c.ThreadTS != "" {
		t.Fatal("thread exists before the test")
	}
	d := sla.Due{Index: 0, Step: sla.Step{Name: "remind", Targets: []string{"oncall"}}, At: c.Deadline.Add(-12 * 60 * 60 * 1e9)}
	for range 2 {
		if err := h.bot.Escalate(h.ctx, c, d); err != nil {
			t.Fatalf("escalate: %v", err)
		}
	}
	c, _ = h.store.Case(h.ctx, c.ID)
	if c.ThreadTS == "" {
		t.Fatal("escalation did not post the thread")
	}
	if n := len(h.slack.Messages(c.Channel)); n != 1 {
		t.Fatalf("%d parents in the channel, want 1", n)
	}
	if h.count(c.ID, buyerdesk.EventEscalated) != 1 {
		t.Fatalf("escalated %d times, want once", h.count(c.ID, buyerdesk.EventEscalated))
	}
	found := false
	for _, r := range h.slack.Thread(c.Channel, c.ThreadTS) {
		found = found || strings.Contains(r.Text, "remind")
	}
	if !found {
		t.Fatal("no escalation post in the thread")
	}
}
