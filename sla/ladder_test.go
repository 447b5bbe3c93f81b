package sla

import (
	"slices"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

func testLadder() Ladder {
	return Ladder{
		{Name: "breach", Before: 0, Targets: []string{TargetEscalationChannel}},
		{Name: "12h", Before: 12 * time.Hour, Targets: []string{TargetAssignee}},
		{Name: "1h", Before: time.Hour, Targets: []string{TargetHere, TargetGroup}},
		{Name: "4h", Before: 4 * time.Hour, Targets: []string{TargetOnCall, TargetLead}, DM: true},
		{Name: "also at deadline", Before: 0, Targets: []string{TargetFallback}},
	}
}

func TestTimeline(t *testing.T) {
	got := testLadder().Timeline(utc(t, "2026-06-02T10:00:00Z"))
	want := []struct {
		index int
		at    string
	}{{1, "2026-06-01T22:00:00Z"}, {3, "2026-06-02T06:00:00Z"}, {2, "2026-06-02T09:00:00Z"}, {0, "2026-06-02T10:00:00Z"}, {4, "2026-06-02T10:00:00Z"}}
	if len(got) != len(want) {
		t.Fatalf("Timeline = %+v", got)
	}
	for i, w := range want {
		if got[i].Index != w.index || !got[i].At.Equal(utc(t, w.at)) || got[i].Step.Name != testLadder()[w.index].Name {
			t.Errorf("Timeline[%d] = %d %s, want %d %s", i, got[i].Index, got[i].At, w.index, w.at)
		}
	}
	if testLadder().Lead() != 12*time.Hour || (Ladder{{Before: -time.Hour}}).Lead() != 0 {
		t.Errorf("Lead = %s", testLadder().Lead())
	}
	if StepKey(3, 1) != "esc/3/1" {
		t.Errorf("StepKey = %s", StepKey(3, 1))
	}
}

// run fires every step due at each tick of now, recording keys the way the
// scheduler records escalated events, and returns "key@now" in order.
func run(t *testing.T, c buyerdesk.Case, fired map[string]bool, ticks ...string) []string {
	var got []string
	isFired := func(k string) bool { return fired[k] }
	for _, tick := range ticks {
		now := utc(t, tick)
		for {
			d, ok := testLadder().Next(c, isFired, now)
			if !ok {
				break
			}
			k := StepKey(c.Clock, d.Index)
			if fired[k] {
				t.Fatalf("Next returned fired step %s", k)
			}
			if d.At.After(now) {
				t.Fatalf("Next returned %s due at %s before now %s", k, d.At, now)
			}
			fired[k] = true
			got = append(got, k+"@"+tick)
		}
	}
	return got
}

func openCase(t testing.TB, clock int, since string) buyerdesk.Case {
	s := utc(t, since)
	return buyerdesk.Case{State: buyerdesk.StateOpen, Clock: clock, WaitingSince: s, Deadline: s.Add(24 * time.Hour)}
}

func TestNextFiresOncePerClockInOrder(t *testing.T) {
	c := openCase(t, 1, "2026-06-01T10:00:00Z")
	fired := map[string]bool{}
	got := run(t, c, fired,
		"2026-06-01T21:59:59Z", // nothing yet
		"2026-06-01T22:00:00Z", // 12h
		"2026-06-01T23:00:00Z", // nothing new
		"2026-06-02T06:30:00Z", // 4h
		"2026-06-02T12:00:00Z", // 1h, breach, at deadline: past due, in order
		"2026-06-02T13:00:00Z", // all fired
	)
	want := []string{
		"esc/1/1@2026-06-01T22:00:00Z", "esc/1/3@2026-06-02T06:30:00Z",
		"esc/1/2@2026-06-02T12:00:00Z", "esc/1/0@2026-06-02T12:00:00Z", "esc/1/4@2026-06-02T12:00:00Z",
	}
	if !slices.Equal(got, want) {
		t.Errorf("fired %v\nwant  %v", got, want)
	}
	if _, ok := testLadder().Wake(c, func(k string) bool { return fired[k] }); ok {
		t.Error("Wake after every step fired")
	}

	// Answered: nothing, even with steps unfired.
	answered := c
	answered.WaitingSince, answered.Deadline, answered.State = time.Time{}, time.Time{}, buyerdesk.StateAnswered
	if got := run(t, answered, map[string]bool{}, "2026-06-02T12:00:00Z"); len(got) != 0 {
		t.Errorf("answered case fired %v", got)
	}
	// Resolved while waiting, or no response needed: nothing.
	for _, st := range []buyerdesk.State{buyerdesk.StateResolved, buyerdesk.StateNoResponseNeeded} {
		x := c
		x.State = st
		if got := run(t, x, map[string]bool{}, "2026-06-02T12:00:00Z"); len(got) != 0 {
			t.Errorf("%s case fired %v", st, got)
		}
	}

	// A new clock after the answer: the steps again, under new keys.
	c2 := openCase(t, 2, "2026-06-03T10:00:00Z")
	got = run(t, c2, fired, "2026-06-03T22:00:00Z")
	if !slices.Equal(got, []string{"esc/2/1@2026-06-03T22:00:00Z"}) {
		t.Errorf("second clock fired %v", got)
	}
}

func TestNextPastDueWhenOpened(t *testing.T) {
	// A backfilled message sent 23h30m ago: 12h, 4h and 1h are past due and
	// fire at once, in deadline order; the deadline steps wait.
	c := openCase(t, 1, "2026-06-01T10:00:00Z")
	fired := map[string]bool{}
	got := run(t, c, fired, "2026-06-02T09:30:00Z")
	want := []string{"esc/1/1@2026-06-02T09:30:00Z", "esc/1/3@2026-06-02T09:30:00Z", "esc/1/2@2026-06-02T09:30:00Z"}
	if !slices.Equal(got, want) {
		t.Errorf("fired %v\nwant  %v", got, want)
	}
	at, ok := testLadder().Wake(c, func(k string) bool { return fired[k] })
	if !ok || !at.Equal(utc(t, "2026-06-02T10:00:00Z")) {
		t.Errorf("Wake = %s %v", at, ok)
	}
	// After a restart, with the same recorded keys, none fires twice.
	if got := run(t, c, fired, "2026-06-02T09:45:00Z"); len(got) != 0 {
		t.Errorf("after restart fired %v", got)
	}
}
