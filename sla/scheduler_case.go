package sla

import (
	"context"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

// runCase fires c's due steps in order and returns when its next step
// comes due, or when a failed step is retried; zero when none remains.
func (s *Scheduler) runCase(ctx context.Context, c buyerdesk.Case, now time.Time) (time.Time, error) {
	var lookErr error
	known := map[string]bool{} // fired steps stay fired
	fired := func(key string) bool {
		if lookErr != nil || known[key] {
			return true
		}
		ok, err := s.Store.HasEvent(ctx, c.ID, key)
		if err != nil {
			lookErr = fmt.Errorf("case %s step %s: %w", c.ID, key, err)
			return true
		}
		known[key] = ok
		return ok
	}
	last := -1
	for {
		d, ok := s.Ladder.Next(c, fired, now)
		if lookErr != nil {
			return time.Time{}, lookErr
		}
		if last >= 0 && (!ok || d.Index != last) {
			// The step fired last is recorded: forget its failures.
			delete(s.retry, retryKey{c.ID, StepKey(c.Clock, last)})
		}
		if !ok {
			break
		}
		rk := retryKey{c.ID, StepKey(c.Clock, d.Index)}
		r, failed := s.retry[rk]
		if failed && r.at.After(now) {
			r.scan = s.scans
			s.retry[rk] = r
			return r.at, nil
		}
		err := s.fire(ctx, c, d, last)
		if err == nil {
			last = d.Index
			continue
		}
		if ctx.Err() != nil {
			return time.Time{}, ctx.Err()
		}
		r.attempts++
		r.at, r.scan = now.Add(backoff(r.attempts-1)), s.scans
		s.retry[rk] = r
		s.Log.Error().Err(err).Str("case", string(c.ID)).Str("step", d.Step.Name).
			Int("attempts", r.attempts).Time("retry_at", r.at).Msg("escalation step failed")
		return r.at, nil
	}
	wake, ok := s.Ladder.Wake(c, fired)
	if lookErr != nil {
		return time.Time{}, lookErr
	}
	if !ok {
		return time.Time{}, nil
	}
	return wake, nil
}

// fire calls Fire and checks that it recorded the step: a step offered
// again right after it fired was not recorded and would fire for ever.
func (s *Scheduler) fire(ctx context.Context, c buyerdesk.Case, d Due, last int) error {
	if d.Index == last {
		return fmt.Errorf("step %s fired but not recorded", StepKey(c.Clock, d.Index))
	}
	s.Log.Debug().Str("case", string(c.ID)).Str("step", d.Step.Name).Time("due", d.At).Msg("escalation step due")
	if err := s.Fire(ctx, c, d); err != nil {
		return fmt.Errorf("fire %s: %w", StepKey(c.Clock, d.Index), err)
	}
	return nil
}

// backoff is the wait before retry n (0-based).
func backoff(n int) time.Duration {
	d := retryFirst
	for range min(n, 16) {
		d *= 2
	}
	return min(d, retryLast)
}
