package bot

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/sla"
)

const (
	escLead     = "ULEAD"
	escFallback = "UFALL"
	escGroup    = "SAGENTS"
)

// escRota is one Berlin team, weekdays 08:00–17:00, Ana and Ben, with a
// lead, a user group and the support channel; escalations go to the
// escalation channel; the fallback is a person.
func escRota(kind sla.RotationKind) sla.Rota {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	var week sla.Week
	for d := time.Monday; d <= time.Friday; d++ {
		week[d] = []sla.Span{{Start: 8 * 60, End: 17 * 60}}
	}
	return sla.Rota{
		Teams: []sla.Team{{
			Name: "berlin", Zone: berlin, Hours: week, Lead: escLead, Group: escGroup, Channel: chanSupport,
			Members: []sla.Member{{ID: userAna}, {ID: userBen}}, Rotation: sla.Rotation{Kind: kind},
		}},
		Fallback:          sla.Target{Kind: sla.User, ID: escFallback},
		EscalationChannel: chanEscalate,
	}
}

// escCase ingests a buyer mail sent at the harness's now and posts its thread.
func escCase(t *testing.T, h *harness, n string) buyerdesk.Case {
	t.Helper()
	m := sampleMail("esc-"+n+"@amazon.de", "302-0000000-000000"+n)
	m.RelayAddress = "esc" + n + "@marketplace.amazon.de"
	res := h.ingest(m)
	if err := h.bot.Mirror(h.ctx, res.Case.ID); err != nil {
		t.Fatalf("mirror: %v", err)
	}
	c, err := h.store.Case(h.ctx, res.Case.ID)
	if err != nil || c.ThreadTS == "" {
		t.Fatalf("case %v has no thread: %v", c.ID, err)
	}
	return c
}

// escThread returns the escalation and assignment replies in the case's
// thread: those whose ts the log records under an esc/ or assign/ key.
func escThread(h *harness, c buyerdesk.Case) []fakeslack.Message {
	ours := map[string]bool{}
	for _, e := range h.events(c.ID) {
		if e.Type == buyerdesk.EventPosted && (strings.HasPrefix(e.Key, "esc/") || strings.HasPrefix(e.Key, "assign/")) {
			ours[e.Data["ts"]] = true
		}
	}
	var out []fakeslack.Message
	for _, m := range h.slack.Thread(c.Channel, c.ThreadTS) {
		if m.TS != c.ThreadTS && ours[m.TS] {
			out = append(out, m)
		}
	}
	return out
}

func escTexts(msgs []fakeslack.Message, with string) []string {
	var out []string
	for _, m := range msgs {
		if strings.Contains(m.Text, with) {
			out = append(out, m.Text)
		}
	}
	return out
}

func TestEscalatePostsToResolvedTargetsOnce(t *testing.T) {
	steps := sla.Ladder{
		{Name: "4h before", Before: 4 * time.Hour, Targets: []string{sla.TargetOnCall, sla.TargetLead, sla.TargetGroup}},
		{Name: "direct", Before: 2 * time.Hour, Targets: []string{sla.TargetOnCall}, DM: true},
		{Name: "1h before", Before: time.Hour, Targets: []string{sla.TargetHere}},
		{Name: "breach", Before: 0, Targets: []string{sla.TargetEscalationChannel}},
	}
	rota := escRota(sla.Daily)
	h := newHarness(t, Config{Rota: rota, Ladder: steps})
	c := escCase(t, h, "1")
	primary := rota.OnCall(h.clock()).Primary

	tests := []struct {
		step      int
		thread    []string // in the thread reply
		elsewhere map[string]string
	}{
		{0, []string{"<@" + primary + ">", "<@" + escLead + ">", "<!subteam^" + escGroup + ">"}, nil},
		{1, nil, map[string]string{"D" + primary: "needs a reply by"}},
		{2, []string{"<!here>"}, nil},
		{3, nil, map[string]string{chanEscalate: "Reply deadline passed"}},
	}
	for _, tc := range tests {
		d := sla.Due{Index: tc.step, Step: steps[tc.step], At: c.Deadline.Add(-steps[tc.step].Before)}
		for range 2 { // the second call must do nothing
			if err := h.bot.Escalate(h.ctx, c, d); err != nil {
				t.Fatalf("step %s: %v", d.Step.Name, err)
			}
		}
		posts := escTexts(escThread(h, c), d.Step.Name)
		if len(posts) != 1 {
			t.Fatalf("step %s: %d thread posts %q, want 1", d.Step.Name, len(posts), posts)
		}
		for _, want := range tc.thread {
			if !strings.Contains(posts[0], want) {
				t.Errorf("step %s thread post %q lacks %s", d.Step.Name, posts[0], want)
			}
		}
		for ch, want := range tc.elsewhere {
			got := escTexts(h.slack.Messages(ch), want)
			if len(got) != 1 || !strings.Contains(got[0], permalink(c.Channel, c.ThreadTS)) {
				t.Errorf("step %s in %s: %q, want one post linking the thread", d.Step.Name, ch, got)
			}
		}
		if ok, err := h.store.HasEvent(h.ctx, c.ID, sla.StepKey(c.Clock, tc.step)); err != nil || !ok {
			t.Errorf("step %s not recorded: %v %v", d.Step.Name, ok, err)
		}
	}
	if n := h.count(c.ID, buyerdesk.EventEscalated); n != len(steps) {
		t.Errorf("%d escalated events, want %d", n, len(steps))
	}
}

func TestEscalateSkipsStoppedClockAndForeignIDs(t *testing.T) {
	steps := sla.Ladder{{Name: "late", Before: time.Hour, Targets: []string{"<!channel>", "U1 <@U2>", sla.TargetOnCall}}}
	h := newHarness(t, Config{Rota: escRota(sla.Daily), Ladder: steps})
	c := escCase(t, h, "2")
	d := sla.Due{Index: 0, Step: steps[0], At: c.Deadline.Add(-time.Hour)}
	if err := h.bot.Escalate(h.ctx, c, d); err != nil {
		t.Fatal(err)
	}
	posts := escTexts(escThread(h, c), "*late*")
	if len(posts) != 1 || strings.Contains(posts[0], "<!channel>") || strings.Contains(posts[0], "<@U2>") {
		t.Fatalf("thread posts %q: literal targets that are not ids must be dropped", posts)
	}

	// Answered: the next clock's step is recorded as skipped and posts nothing.
	c2 := escCase(t, h, "3")
	if _, err := h.bot.record(h.ctx, c2.ID, buyerdesk.Event{Type: buyerdesk.EventSent, Actor: userAna}); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.Escalate(h.ctx, c2, d); err != nil {
		t.Fatal(err)
	}
	if got := escTexts(escThread(h, c2), "*late*"); len(got) != 0 {
		t.Errorf("answered case got %q", got)
	}
	evs := h.events(c2.ID)
	if last := evs[len(evs)-1]; last.Type != buyerdesk.EventEscalated || last.Data["skipped"] == "" || last.Key != sla.StepKey(c2.Clock, 0) {
		t.Errorf("last event %+v, want a skipped escalation with the step key", last)
	}
}

// TestEscalateWithoutThreadFails: when the thread cannot be posted (Slack
// down), the step fails and records nothing, so the scheduler retries it.
func TestEscalateWithoutThreadFails(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily)})
	res := h.ingest(sampleMail("esc-nothread@amazon.de", "302-0000000-0000009"))
	h.slack.FailNext("chat.postMessage", 5, 503)
	d := sla.Due{Step: sla.Step{Name: "x", Targets: []string{sla.TargetOnCall}}}
	if err := h.bot.Escalate(h.ctx, res.Case, d); err == nil {
		t.Fatal("escalation without a thread succeeded; the scheduler would never retry")
	}
	if n := h.count(res.Case.ID, buyerdesk.EventEscalated); n != 0 {
		t.Errorf("%d escalated events recorded", n)
	}
}

func TestAssignRoundRobinOncePerClock(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.All)})
	var got []string
	for _, n := range []string{"4", "5", "6"} {
		c := escCase(t, h, n)
		if len(escTexts(escThread(h, c), "On call for this case")) != 1 {
			t.Errorf("case %s: Mirror did not tag the on-call person", n)
		}
		for range 2 {
			if err := h.bot.Assign(h.ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		posts := escTexts(escThread(h, c), "On call for this case")
		if len(posts) != 1 {
			t.Fatalf("case %s: assignment posts %q, want 1", n, posts)
		}
		got = append(got, posts[0])
	}
	for i, who := range []string{userAna, userBen, userAna} {
		if !strings.Contains(got[i], "<@"+who+">") {
			t.Errorf("case %d assigned %q, want %s", i, got[i], who)
		}
	}
}

func TestAssignUncoveredGoesToFallbackAtOnce(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily)})
	// Friday 17:30 Berlin: nobody until Monday 08:00, after the deadline.
	h.FastForward(time.Date(2026, 11, 27, 16, 30, 0, 0, time.UTC).Sub(h.clock()))
	c := escCase(t, h, "7")
	if err := h.bot.Assign(h.ctx, c); err != nil {
		t.Fatal(err)
	}
	posts := escTexts(escThread(h, c), "Nobody is on shift")
	if len(posts) != 1 || !strings.Contains(posts[0], "<@"+escFallback+">") {
		t.Fatalf("thread: %q, want the fallback tagged with the reason", posts)
	}
	if got := escTexts(h.slack.Messages(chanEscalate), "Nobody is on shift"); len(got) != 1 {
		t.Errorf("escalation channel: %q, want one notice", got)
	}
}

func TestAssignTurnsAreDistinctUnderConcurrency(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.All)})
	const n = 20
	turns := make(chan uint64, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			turn, err := h.bot.escNextTurn(h.ctx, "berlin")
			if err != nil {
				t.Error(err)
			}
			turns <- turn
		}()
	}
	wg.Wait()
	close(turns)
	seen := map[uint64]bool{}
	for turn := range turns {
		if seen[turn] {
			t.Errorf("turn %d given twice", turn)
		}
		seen[turn] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct turns, want %d", len(seen), n)
	}
}
