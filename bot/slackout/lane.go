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
				c.idle(l, c.opts.Now())
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
//
// The lane's token is reserved ahead (l.ready) and the lane sleeps until
// it is due, so timer slack is not lost: the next reservation counts from
// when this one was due, not from when the dispatcher woke up. The
// method's tier token, for the few channel-paced methods that have one,
// is taken only when the call leaves.
func (c *Client) next(ctx context.Context, l *lane) (*call, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.opts.Now()
	if l.queue.Len() == 0 || ctx.Err() != nil {
		c.idle(l, now)
		return nil, 0
	}
	if now.Before(l.paused) {
		return nil, l.paused.Sub(now)
	}
	if l.strict && l.limiter.Limit() != rate.Inf {
		interval := time.Duration(float64(time.Second) / float64(l.limiter.Limit()))
		if due := l.answered.Add(interval); now.Before(due) {
			return nil, due.Sub(now)
		}
	}
	if l.ready == nil {
		l.ready = l.limiter.ReserveN(now, 1)
		l.readyAt = now.Add(l.ready.DelayFrom(now))
	}
	if now.Before(l.readyAt) {
		return nil, l.readyAt.Sub(now)
	}
	if wait := take(c.tierFor(l.queue[0].method), now); wait > 0 {
		return nil, wait
	}
	l.ready = nil
	cl := l.pop()
	c.queued--
	c.calls[cl.method]++
	return cl, 0
}

// idle ends l's dispatcher: its unused reservation is handed back.
// Called with c.mu held.
func (c *Client) idle(l *lane, now time.Time) {
	if l.ready != nil {
		l.ready.CancelAt(now)
		l.ready = nil
	}
	l.running = false
	l.strict = false
}

// requeue puts a popped call back in its place (its deadline and seq are
// unchanged). Run fails it if the client is stopping.
func (c *Client) requeue(l *lane, cl *call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l.push(cl)
	c.queued++
	c.idle(l, c.opts.Now())
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

// take takes a token from lim if it has one now; otherwise it takes
// none and says how long to wait. A nil lim always allows. Called with
// c.mu held, so no other reservation interleaves and cancelling restores
// the token exactly.
func take(lim *rate.Limiter, now time.Time) time.Duration {
	if lim == nil {
		return 0
	}
	r := lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	if wait > 0 {
		r.CancelAt(now)
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
