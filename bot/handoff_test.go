package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/sla"
)

// handoffAt moves the harness clock to at and runs the handoffs.
func handoffAt(t *testing.T, h *harness, at time.Time) time.Time {
	t.Helper()
	h.FastForward(at.Sub(h.clock()))
	next, err := h.bot.RunHandoffs(h.ctx, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return next
}

func TestHandoffPostedOnceAndEscalatedWhenNobodyAccepts(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily)})
	open := digestMail(h, "1", h.clock())
	claimed := digestMail(h, "2", h.clock())
	if _, err := h.bot.record(h.ctx, claimed.ID, buyerdesk.Event{Type: buyerdesk.EventClaimed, Actor: userAna}); err != nil {
		t.Fatal(err)
	}
	shiftEnd := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC) // 17:00 in Berlin
	if next := handoffAt(t, h, shiftEnd.Add(-time.Minute)); !next.Equal(shiftEnd) {
		t.Errorf("before the shift end: next = %s, want %s", next, shiftEnd)
	}
	if got := escTexts(h.slack.Messages(chanSupport), "Handoff"); len(got) != 0 {
		t.Fatalf("handoff before the shift end: %q", got)
	}
	next := handoffAt(t, h, shiftEnd.Add(30*time.Second))
	handoffAt(t, h, shiftEnd.Add(time.Minute)) // again: nothing new
	posts := escTexts(h.slack.Messages(chanSupport), "Handoff")
	if len(posts) != 1 {
		t.Fatalf("handoff posts: %q", posts)
	}
	for _, want := range []string{"team berlin", "2 open case(s)", "claimed by <@" + userAna + ">", "unclaimed → <@" + escFallback + ">", open.OrderID} {
		if !strings.Contains(posts[0], want) {
			t.Errorf("handoff lacks %q:\n%s", want, posts[0])
		}
	}
	if want := shiftEnd.Add(30 * time.Minute); !next.Equal(want) {
		t.Errorf("next = %s, want the accept deadline %s", next, want)
	}
	handoffAt(t, h, shiftEnd.Add(30*time.Minute))
	handoffAt(t, h, shiftEnd.Add(31*time.Minute))
	esc := escTexts(h.slack.Messages(chanEscalate), "Nobody accepted the handoff")
	if len(esc) != 1 || !strings.Contains(esc[0], "<@"+escFallback+">") {
		t.Errorf("escalation posts: %q", esc)
	}
}

func TestHandoffAcceptedIsNotEscalated(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily)})
	digestMail(h, "1", h.clock())
	shiftEnd := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
	handoffAt(t, h, shiftEnd)
	msgs := h.slack.Messages(chanSupport)
	var ts string
	for _, m := range msgs {
		if strings.Contains(m.Text, "Handoff") {
			ts = m.TS
		}
	}
	if ts == "" || !strings.Contains(string(mustBlocks(t, h, ts)), ActionHandoverAccept) {
		t.Fatal("no handoff post with an Accept handover button")
	}
	key := handoffKey("berlin", shiftEnd)
	accepted := func() string {
		v, err := h.store.Get(h.ctx, handoffNS, key)
		var x handoff
		if err != nil || json.Unmarshal(v, &x) != nil {
			return ""
		}
		return x.AcceptedBy
	}
	click := func(who string) {
		if _, err := h.slack.ClickButton(h.ctx, who, chanSupport, ts, ActionHandoverAccept, key); err != nil {
			t.Fatal(err)
		}
	}
	click(userOutsider)
	h.eventually("outsider refused", func() bool { return len(h.slack.Ephemerals(userOutsider)) == 1 })
	if got := accepted(); got != "" {
		t.Fatalf("an outsider accepted the handover: %q", got)
	}
	click(userBen)
	h.eventually("handover accepted", func() bool { return accepted() != "" })
	click(userAna)
	h.eventually("accept note", func() bool { return len(escTexts(h.slack.Thread(chanSupport, ts), "Handover accepted")) >= 1 })
	if got := accepted(); got != userBen {
		t.Errorf("accepted by %q, want the first agent who clicked, %s", got, userBen)
	}
	handoffAt(t, h, shiftEnd.Add(time.Hour))
	if esc := escTexts(h.slack.Messages(chanEscalate), "Nobody accepted"); len(esc) != 0 {
		t.Errorf("accepted handoff escalated: %q", esc)
	}
}

func mustBlocks(t *testing.T, h *harness, ts string) json.RawMessage {
	t.Helper()
	m, ok := h.slack.Message(chanSupport, ts)
	if !ok {
		t.Fatalf("message %s not found", ts)
	}
	return m.Blocks
}
