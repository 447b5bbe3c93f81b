package sla_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
	"github.com/buyerdesk/buyerdesk/sla"
)

// schedLadder is a four-step ladder: 12h, 4h, 1h before and at the deadline.
func schedLadder() sla.Ladder {
	return sla.Ladder{
		{Name: "12h", Before: 12 * time.Hour, Targets: []string{sla.TargetAssignee}},
		{Name: "4h", Before: 4 * time.Hour, Targets: []string{sla.TargetOnCall}},
		{Name: "1h", Before: time.Hour, Targets: []string{sla.TargetHere}},
		{Name: "breach", Before: 0, Targets: []string{sla.TargetEscalationChannel}},
	}
}

// firing is one call of Fire: which step of which case, and when.
type firing struct {
	id   buyerdesk.CaseID
	step string
	at   time.Time
}

// recorder is a Fire that records the escalated event in the store, as
// the bot does, and remembers each call. fail makes the next n calls fail.
type recorder struct {
	db   *store.DB
	mu   sync.Mutex
	got  []firing
	fail int
}

func (r *recorder) fire(ctx context.Context, c buyerdesk.Case, d sla.Due) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, firing{c.ID, d.Step.Name, time.Now()})
	if r.fail > 0 {
		r.fail--
		return errors.New("slack unavailable")
	}
	_, _, err := r.db.Append(ctx, c.ID, buyerdesk.Event{
		Type: buyerdesk.EventEscalated, At: time.Now(), Actor: buyerdesk.SystemActor,
		Key: sla.StepKey(c.Clock, d.Index), Data: map[string]string{"step": d.Step.Name},
	})
	return err
}

func (r *recorder) firings() []firing {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// countingStore counts the scheduler's scans of the deadline index.
type countingStore struct {
	*store.DB
	mu    sync.Mutex
	scans int
}

func (c *countingStore) NextDeadline(ctx context.Context) (time.Time, bool, error) {
	c.mu.Lock()
	c.scans++
	c.mu.Unlock()
	return c.DB.NextDeadline(ctx)
}

func (c *countingStore) wakeups() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scans
}

// buyerMail ingests a buyer message sent at sent, opening case n.
func buyerMail(t *testing.T, db *store.DB, n int, sent, now time.Time) buyerdesk.Case {
	t.Helper()
	id := fmt.Sprintf("m%d-%d@example.com", n, sent.UnixNano())
	res, err := db.Ingest(t.Context(), store.IngestRequest{
		Mailbox: "INBOX", Raw: []byte(id), Now: now,
		Mail: buyerdesk.Mail{
			Kind: buyerdesk.KindBuyerMessage, Marketplace: "amazon.de", MessageID: id, SentAt: sent,
			RelayAddress: fmt.Sprintf("buyer%d@marketplace.amazon.de", n), OrderID: fmt.Sprintf("302-0000000-%07d", n),
		},
	})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	return res.Case
}

// answer records our reply, which stops the case's clock.
func answer(t *testing.T, db *store.DB, id buyerdesk.CaseID) {
	t.Helper()
	_, _, err := db.Append(t.Context(), id, buyerdesk.Event{Type: buyerdesk.EventSent, At: time.Now(), Actor: "UANA"})
	if err != nil {
		t.Fatalf("answer: %v", err)
	}
}

// start runs s in the bubble until the test ends.
func start(t *testing.T, s *sla.Scheduler) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	})
}

func newScheduler(st sla.Cases, r *recorder) *sla.Scheduler {
	return &sla.Scheduler{Store: st, Ladder: schedLadder(), Fire: r.fire, Log: zerolog.Nop()}
}

func TestSchedulerFiresEachStepAtItsInstantOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storetest.MustOpen(t)
		r := &recorder{db: db}
		t0 := time.Now()
		a := buyerMail(t, db, 1, t0, t0)
		b := buyerMail(t, db, 2, t0.Add(30*time.Minute), t0)
		start(t, newScheduler(db, r))

		time.Sleep(48 * time.Hour)
		synctest.Wait()
		want := []firing{
			{a.ID, "12h", t0.Add(12 * time.Hour)},
			{b.ID, "12h", t0.Add(12*time.Hour + 30*time.Minute)},
			{a.ID, "4h", t0.Add(20 * time.Hour)},
			{b.ID, "4h", t0.Add(20*time.Hour + 30*time.Minute)},
			{a.ID, "1h", t0.Add(23 * time.Hour)},
			{b.ID, "1h", t0.Add(23*time.Hour + 30*time.Minute)},
			{a.ID, "breach", t0.Add(24 * time.Hour)},
			{b.ID, "breach", t0.Add(24*time.Hour + 30*time.Minute)},
		}
		if got := r.firings(); !slices.EqualFunc(got, want, sameFiring) {
			t.Errorf("firings:\n got %v\nwant %v", got, want)
		}
	})
}

func sameFiring(a, b firing) bool { return a.id == b.id && a.step == b.step && a.at.Equal(b.at) }

func TestSchedulerStopsWhenAnswered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storetest.MustOpen(t)
		r := &recorder{db: db}
		t0 := time.Now()
		c := buyerMail(t, db, 1, t0, t0)
		s := newScheduler(db, r)
		start(t, s)

		time.Sleep(13 * time.Hour)
		synctest.Wait()
		answer(t, db, c.ID)
		s.Poke()
		time.Sleep(48 * time.Hour)
		synctest.Wait()
		if got := r.firings(); len(got) != 1 || got[0].step != "12h" {
			t.Errorf("firings = %v, want only 12h", got)
		}
	})
}

func TestSchedulerAfterRestartFiresPastDueStepsOnceInDeadlineOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storetest.MustOpen(t)
		r := &recorder{db: db}
		t0 := time.Now()
		late := buyerMail(t, db, 1, t0.Add(-23*time.Hour), t0)  // 12h and 4h overdue, 1h due now
		early := buyerMail(t, db, 2, t0.Add(-30*time.Hour), t0) // breached: all four overdue
		fresh := buyerMail(t, db, 3, t0.Add(-13*time.Hour), t0) // 12h overdue
		// Before the restart, the early case's 12h step had fired.
		if err := r.fire(t.Context(), early, sla.Due{Index: 0, Step: schedLadder()[0]}); err != nil {
			t.Fatal(err)
		}
		r.got = nil

		s := newScheduler(db, r)
		if _, err := s.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		want := []firing{
			{early.ID, "4h", t0}, {early.ID, "1h", t0}, {early.ID, "breach", t0},
			{late.ID, "12h", t0}, {late.ID, "4h", t0}, {late.ID, "1h", t0},
			{fresh.ID, "12h", t0},
		}
		if got := r.firings(); !slices.EqualFunc(got, want, sameFiring) {
			t.Errorf("after restart:\n got %v\nwant %v", got, want)
		}

		// Another restart right away fires nothing again.
		r.got = nil
		next, err := newScheduler(db, r).RunDue(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got := r.firings(); len(got) != 0 {
			t.Errorf("second restart fired %v", got)
		}
		if want := t0.Add(time.Hour); !next.Equal(want) { // late's breach
			t.Errorf("next wake = %s, want %s", next, want)
		}
	})
}

func TestSchedulerIdleDoesNotWake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &countingStore{DB: storetest.MustOpen(t)}
		r := &recorder{db: st.DB}
		start(t, newScheduler(st, r))
		time.Sleep(24 * time.Hour)
		synctest.Wait()
		if n := st.wakeups(); n > 1 {
			t.Errorf("idle scheduler woke %d times in 24h, want ≤ 1", n)
		}
	})
}

func TestSchedulerWakesOnlyForSteps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &countingStore{DB: storetest.MustOpen(t)}
		r := &recorder{db: st.DB}
		t0 := time.Now()
		buyerMail(t, st.DB, 1, t0, t0)
		start(t, newScheduler(st, r))
		time.Sleep(72 * time.Hour)
		synctest.Wait()
		// The first scan, one per step; then asleep for good.
		if n := st.wakeups(); n != 5 {
			t.Errorf("scheduler woke %d times for one case's four steps, want 5", n)
		}
	})
}

func TestSchedulerPokeSeesNewCase(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storetest.MustOpen(t)
		r := &recorder{db: db}
		s := newScheduler(db, r)
		start(t, s)
		time.Sleep(time.Hour)
		synctest.Wait()
		// A mail fetched late: sent 13h ago, so the 12h step is overdue.
		now := time.Now()
		c := buyerMail(t, db, 1, now.Add(-13*time.Hour), now)
		s.Poke()
		synctest.Wait()
		want := []firing{{c.ID, "12h", now}}
		if got := r.firings(); !slices.EqualFunc(got, want, sameFiring) {
			t.Errorf("after poke: got %v, want %v", got, want)
		}
		time.Sleep(7 * time.Hour)
		synctest.Wait()
		if got := r.firings(); len(got) != 2 || !sameFiring(got[1], firing{c.ID, "4h", now.Add(7 * time.Hour)}) {
			t.Errorf("next step: got %v", got)
		}
	})
}

func TestSchedulerRetriesFailedStepWithBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storetest.MustOpen(t)
		r := &recorder{db: db, fail: 3}
		t0 := time.Now()
		c := buyerMail(t, db, 1, t0.Add(-12*time.Hour), t0) // 12h step due now
		start(t, newScheduler(db, r))
		time.Sleep(time.Hour)
		synctest.Wait()
		want := []firing{
			{c.ID, "12h", t0}, {c.ID, "12h", t0.Add(time.Second)},
			{c.ID, "12h", t0.Add(3 * time.Second)}, {c.ID, "12h", t0.Add(7 * time.Second)},
		}
		if got := r.firings(); !slices.EqualFunc(got, want, sameFiring) {
			t.Errorf("retries:\n got %v\nwant %v", got, want)
		}
		ok, err := db.HasEvent(t.Context(), c.ID, sla.StepKey(c.Clock, 0))
		if err != nil || !ok {
			t.Errorf("12h step recorded = %v, %v", ok, err)
		}
	})
}

// forgetful fires without recording; the scheduler must not loop on it.
func TestSchedulerFireWithoutRecordIsRetriedNotLooped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storetest.MustOpen(t)
		t0 := time.Now()
		buyerMail(t, db, 1, t0.Add(-12*time.Hour), t0)
		calls := 0
		s := &sla.Scheduler{Store: db, Ladder: schedLadder(), Log: zerolog.Nop(),
			Fire: func(context.Context, buyerdesk.Case, sla.Due) error { calls++; return nil }}
		next, err := s.RunDue(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if calls != 1 || !next.Equal(t0.Add(time.Second)) {
			t.Errorf("calls = %d, next = %s; want 1 and a retry in 1s", calls, next.Sub(t0))
		}
		time.Sleep(time.Second)
		if next, err = s.RunDue(t.Context()); err != nil || calls != 2 || !next.Equal(t0.Add(3*time.Second)) {
			t.Errorf("retry: calls = %d, next = %s, err = %v; want 2 and the next retry 2s later", calls, next.Sub(t0), err)
		}
	})
}

// brokenStore fails every read of the deadline index.
type brokenStore struct{ countingStore }

func (b *brokenStore) NextDeadline(ctx context.Context) (time.Time, bool, error) {
	b.countingStore.NextDeadline(ctx)
	return time.Time{}, false, errors.New("disk gone")
}

func TestSchedulerBacksOffWhenTheStoreFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &brokenStore{countingStore{DB: storetest.MustOpen(t)}}
		start(t, newScheduler(st, &recorder{db: st.DB}))
		time.Sleep(time.Minute)
		synctest.Wait()
		// Tries at 0, 1, 3, 7, 15, 31 s (and 63 s, after the minute).
		if n := st.wakeups(); n != 6 {
			t.Errorf("%d scans in a minute of store failures, want 6", n)
		}
	})
}

func TestSchedulerWatchSchedulesWithoutScan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &countingStore{DB: storetest.MustOpen(t)}
		r := &recorder{db: st.DB}
		t0 := time.Now()
		buyerMail(t, st.DB, 1, t0, t0) // a case far from its first step
		s := newScheduler(st, r)
		if _, err := s.RunDue(t.Context()); err != nil { // the start-up scan
			t.Fatal(err)
		}
		time.Sleep(time.Hour)
		c := buyerMail(t, st.DB, 2, time.Now().Add(-12*time.Hour), time.Now()) // 12h step due now
		s.Watch(c)
		next, err := s.RunDue(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := []firing{{c.ID, "12h", t0.Add(time.Hour)}}
		if got := r.firings(); !slices.EqualFunc(got, want, sameFiring) {
			t.Errorf("after Watch: got %v, want %v", got, want)
		}
		if wantNext := t0.Add(time.Hour + 8*time.Hour); !next.Equal(wantNext) { // c's 4h step
			t.Errorf("next = %s, want %s", next.Sub(t0), wantNext.Sub(t0))
		}
	})
}
