package slackout

import (
	"context"
	"time"

	"golang.org/x/time/rate"
)

// startLane launches l's dispatcher. Called with c.mu held while running.
func (c *Client) startLane(l *lane) {
	l.running = true
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		c.dispatch(c.runCtx, l)
	}()
}

// dispatch sends l's calls one at a time, most urgent first, while the
// lane has calls and ctx lasts. The call to send is chosen only once the
// lane's limiters allow a call, so a more urgent call that arrives during
// the wait goes first.
func (c *Client) dispatch(ctx context.Context, l *lane) {
	for {
		cl, wait := c.next(ctx, l)
		if cl == nil && wait == 0 {
			return
		}
		if cl == nil {
			if !sleep(ctx, wait) {
				c.mu.Lock()
				l.running = false
				c.mu.Unlock()
				return
			}
			continue
		}
		select {
		case c.sem <- struct{}{}:
		case <-ctx.Done():
			c.requeue(l, cl)
			return
		}
		val, err := c.attempt(ctx, cl)
		<-c.sem
		c.settle(l, cl, val, err)
	}
}

// next pops the call to send now, or says how long to wait; (nil, 0)
// means the lane is empty or stopping, and its dispatcher has ended.
func (c *Client) next(ctx context.Context, l *lane) (*call, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if l.queue.Len() == 0 || ctx.Err() != nil {
		l.running = false
		return nil, 0
	}
	now := c.opts.Now()
	if now.Before(l.paused) {
		return nil, l.paused.Sub(now)
	}
	tier := c.tierFor(l.queue[0].method)
	if wait := reserve(now, l.limiter, tier); wait > 0 {
		return nil, wait
	}
	cl := l.pop()
	c.queued--
	c.calls[cl.method]++
	return cl, 0
}

// requeue puts a popped call back in its place (its deadline and seq are
// unchanged). Run fails it if the client is stopping.
func (c *Client) requeue(l *lane, cl *call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l.push(cl)
	c.queued++
	l.running = false
}

// attempt sends cl once, under the caller's context, cut short if the
// client stops.
func (c *Client) attempt(runCtx context.Context, cl *call) (any, error) {
	ctx, cancel := context.WithCancel(cl.ctx)
	defer cancel()
	stop := context.AfterFunc(runCtx, cancel)
	defer stop()
	return cl.do(ctx)
}

// reserve takes one token from each limiter (nil ones skipped) if all
// have one now; otherwise it takes none and says how long to wait.
// Called with c.mu held, so no other reservation interleaves and
// cancelling restores the tokens exactly.
func reserve(now time.Time, lims ...*rate.Limiter) time.Duration {
	var wait time.Duration
	rs := make([]*rate.Reservation, 0, len(lims))
	for _, lim := range lims {
		if lim == nil {
			continue
		}
		r := lim.ReserveN(now, 1)
		rs = append(rs, r)
		wait = max(wait, r.DelayFrom(now))
	}
	if wait > 0 {
		for _, r := range rs {
			r.CancelAt(now)
		}
	}
	return wait
}

// sleep waits d or until ctx is done; false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
