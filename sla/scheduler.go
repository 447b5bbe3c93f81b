package sla

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
)

// Cases is what the Scheduler reads from the case store: the deadline index,
// cases by id and the idempotency keys of the case logs.
type Cases interface {
	// DueBefore calls fn in ascending deadline order for each case whose
	// deadline is at or before t, until fn returns false.
	DueBefore(ctx context.Context, t time.Time, fn func(buyerdesk.Case) bool) error
	// NextDeadline is the earliest deadline of any case; false when none.
	NextDeadline(ctx context.Context) (time.Time, bool, error)
	// Case returns the case as stored now.
	Case(ctx context.Context, id buyerdesk.CaseID) (buyerdesk.Case, error)
	// HasEvent reports whether the case's log holds an event with key.
	HasEvent(ctx context.Context, id buyerdesk.CaseID, key string) (bool, error)
}

// span is how far ahead of now a scan of the deadline index plans: steps
// due within it are kept in memory, so a wake-up touches only its cases.
const span = time.Hour

// The retry delays of a step whose Fire failed: doubling from the first to
// the last.
const (
	retryFirst = time.Second
	retryLast  = 5 * time.Minute
)

// farFuture bounds the deadline index scan; deadlines are UnixNano keys.
var farFuture = time.Unix(0, math.MaxInt64-1)

// Scheduler fires escalation steps when they come due. It sleeps until the
// earliest unfired step of any open case (or until Poke), fires every step
// due by then, and sleeps again: no periodic scan of all cases.
//
// A scan of the deadline index (at start, after Poke, and when the last
// scan's horizon is reached) fires what is due in deadline order and keeps
// the cases with a step in the next hour in memory; a wake-up between scans
// reloads only the cases it fires for.
//
// A step counts as fired when the case's log holds its StepKey; Fire must
// record that event before returning nil, so a step fires once per clock
// even across restarts. A failing Fire is logged and retried with backoff;
// the step is never skipped.
type Scheduler struct {
	Store  Cases
	Ladder Ladder
	// Fire performs a step. It must re-check the case (it may have been
	// answered since the scan) and append the escalated event with key
	// StepKey(c.Clock, d.Index) before returning nil.
	Fire func(ctx context.Context, c buyerdesk.Case, d Due) error
	Now  func() time.Time // default time.Now
	Log  zerolog.Logger

	once  sync.Once
	poke  chan struct{}
	mu    sync.Mutex              // guards stale and watch
	stale bool                    // Poke asked for a scan
	watch []buyerdesk.Case        // cases handed to Watch since the last RunDue
	plan  agenda                  // owned by RunDue's caller, like retry and scans
	retry map[retryKey]retryState // steps whose Fire failed
	scans uint64                  // scan generation, to forget retries of vanished cases
}

type retryKey struct {
	id  buyerdesk.CaseID
	key string
}

type retryState struct {
	attempts int
	at       time.Time // not before
	scan     uint64    // last scan that saw the step pending
}

func (s *Scheduler) init() {
	s.once.Do(func() {
		s.poke = make(chan struct{}, 1)
		s.retry = map[retryKey]retryState{}
	})
}

func (s *Scheduler) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Poke tells the scheduler that cases opened or deadlines moved, so it
// scans the deadline index again and recomputes its next wake-up. It never
// blocks.
func (s *Scheduler) Poke() {
	s.init()
	s.mu.Lock()
	s.stale = true
	s.mu.Unlock()
	s.wake()
}

// Watch tells the scheduler that c opened or its deadline moved, like Poke
// but without a scan of the index. It never blocks.
func (s *Scheduler) Watch(c buyerdesk.Case) {
	s.init()
	s.mu.Lock()
	s.watch = append(s.watch, c)
	s.mu.Unlock()
	s.wake()
}

// markStale makes the next RunDue scan the index, without waking Run
// early (its backoff stands).
func (s *Scheduler) markStale() {
	s.mu.Lock()
	s.stale = true
	s.mu.Unlock()
}

func (s *Scheduler) wake() {
	select {
	case s.poke <- struct{}{}:
	default:
	}
}

// Run fires steps until ctx ends; it returns ctx's error. It sleeps on
// timers, so Now must follow the clock timers run on (time.Now, or fake
// time in a synctest bubble); callers with another clock drive RunDue.
func (s *Scheduler) Run(ctx context.Context) error {
	s.init()
	failures := 0
	for {
		next, err := s.RunDue(ctx)
		var wait time.Duration
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			wait = backoff(failures)
			failures++
			s.Log.Error().Err(err).Dur("retry_in", wait).Msg("escalation scan failed")
		case next.IsZero():
			failures = 0
			wait = -1
		default:
			failures = 0
			wait = max(next.Sub(s.now()), 0)
		}
		if err := s.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// sleep waits for d (for ever when d < 0), a Poke, or the end of ctx.
func (s *Scheduler) sleep(ctx context.Context, d time.Duration) error {
	var fire <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		fire = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-s.poke:
	case <-fire:
	}
	return nil
}

// RunDue fires every step due at Now and returns when the next step comes
// due (zero when none is pending). It is the body of Run, for callers that
// drive time themselves. It must not run concurrently with itself.
func (s *Scheduler) RunDue(ctx context.Context) (time.Time, error) {
	s.init()
	if s.Fire == nil {
		return time.Time{}, errors.New("scheduler: no Fire")
	}
	now := s.now()
	lead := s.Ladder.Lead()
	s.mu.Lock()
	stale, watch := s.stale, s.watch
	s.stale, s.watch = false, nil
	s.mu.Unlock()

	if _, ok, err := s.Store.NextDeadline(ctx); err != nil || !ok || len(s.Ladder) == 0 {
		s.plan.reset(time.Time{})
		if err != nil {
			s.markStale()
			return time.Time{}, fmt.Errorf("escalation scan: %w", err)
		}
		return time.Time{}, nil
	}
	if stale || !s.plan.covers(now) {
		if err := s.scan(ctx, now, lead); err != nil {
			s.markStale()
			return time.Time{}, err
		}
	} else {
		for _, c := range watch {
			s.plan.add(c.ID, c.Deadline.Add(-lead))
		}
	}
	for {
		id, ok := s.plan.pop(now)
		if !ok {
			break
		}
		c, err := s.Store.Case(ctx, id)
		if err == nil {
			var wake time.Time
			if wake, err = s.runCase(ctx, c, now); err == nil && !wake.IsZero() {
				s.plan.add(id, wake)
			}
		}
		if err != nil {
			s.markStale()
			return time.Time{}, fmt.Errorf("escalation of case %s: %w", id, err)
		}
	}
	return s.plan.next(), nil
}

// scan walks the deadline index in deadline order, fires what is due, and
// fills the agenda with the cases whose next step comes before the first
// case beyond now+span could have one.
func (s *Scheduler) scan(ctx context.Context, now time.Time, lead time.Duration) error {
	s.scans++
	var wakes []entry
	var horizon time.Time
	var runErr error
	err := s.Store.DueBefore(ctx, farFuture, func(c buyerdesk.Case) bool {
		// Every step of c comes due at or after Deadline − Lead.
		if from := c.Deadline.Add(-lead); from.After(now.Add(span)) {
			horizon = from
			return false
		}
		wake, err := s.runCase(ctx, c, now)
		if err != nil {
			runErr = err
			return false
		}
		if !wake.IsZero() {
			wakes = append(wakes, entry{wake, c.ID})
		}
		return true
	})
	if err = errors.Join(err, runErr); err != nil {
		return fmt.Errorf("escalation scan: %w", err)
	}
	s.plan.reset(horizon)
	for _, w := range wakes {
		s.plan.add(w.id, w.at)
	}
	for k, r := range s.retry {
		if r.scan != s.scans {
			delete(s.retry, k)
		}
	}
	return nil
}
