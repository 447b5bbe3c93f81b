package slackout

import (
	"container/heap"
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// call is one queued Web API call.
type call struct {
	method   string
	ctx      context.Context // the caller's
	deadline time.Time
	seq      uint64 // submission order, to break deadline ties
	do       func(context.Context) (any, error)
	done     chan outcome // buffered: the lane never blocks on a gone caller
	attempts int
	index    int // position in its lane's heap; -1 when not queued
}

// outcome is a call's result as slack-go returned it.
type outcome struct {
	val any
	err error
}

// callHeap orders calls by deadline, then submission.
type callHeap []*call

func (h callHeap) Len() int { return len(h) }
func (h callHeap) Less(i, j int) bool {
	if !h[i].deadline.Equal(h[j].deadline) {
		return h[i].deadline.Before(h[j].deadline)
	}
	return h[i].seq < h[j].seq
}
func (h callHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *callHeap) Push(x any) {
	cl := x.(*call)
	cl.index = len(*h)
	*h = append(*h, cl)
}
func (h *callHeap) Pop() any {
	old := *h
	cl := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	cl.index = -1
	return cl
}

// lane is one queue with its limiters: a channel's (for channelMethods)
// or a method's. Guarded by Client.mu.
type lane struct {
	key     string
	queue   callHeap
	limiter *rate.Limiter
	ready   *rate.Reservation // the lane's next token, reserved ahead
	readyAt time.Time         // when ready is due
	paused  time.Time         // no call leaves before this (Retry-After, backoff)
	// strict is set by a 429 until the lane drains: calls then leave a
	// full interval after the previous call's answer, not after its
	// departure, so however the network delays requests Slack never sees
	// two closer than its allowance.
	strict   bool
	answered time.Time // when the previous call's answer arrived
	running  bool      // a goroutine is dispatching this lane
}

func (l *lane) push(cl *call) { heap.Push(&l.queue, cl) }
func (l *lane) pop() *call    { return heap.Pop(&l.queue).(*call) }

// laneKey names the lane a call of method for channel goes through.
func laneKey(method, channel string) string {
	if channelMethods[method] {
		return "channel:" + channel
	}
	return "method:" + method
}

// laneFor returns (creating) the lane for key. Called with c.mu held.
func (c *Client) laneFor(key, method string) *lane {
	if l := c.lanes[key]; l != nil {
		return l
	}
	lim := rate.NewLimiter(c.opts.PerChannel, c.opts.PerChannelBurst)
	if !channelMethods[method] {
		lim = rate.NewLimiter(c.limitOf(method), c.opts.TierBurst)
	}
	l := &lane{key: key, limiter: lim}
	c.lanes[key] = l
	return l
}

// limitOf is method's tier limit; unknown methods are treated as Tier 2,
// Slack's most common tier.
func (c *Client) limitOf(method string) rate.Limit {
	if l, ok := c.limits[method]; ok {
		return l
	}
	return tier2
}

// tierFor returns the method-wide limiter a channel-paced method also
// obeys (chat.update is Tier 3 across channels), or nil. Called with c.mu
// held.
func (c *Client) tierFor(method string) *rate.Limiter {
	if !channelMethods[method] {
		return nil
	}
	lim, ok := c.limits[method]
	if !ok {
		return nil
	}
	t := c.tiers[method]
	if t == nil {
		t = rate.NewLimiter(lim, c.opts.TierBurst)
		c.tiers[method] = t
	}
	return t
}

// submit queues do as a call of method for channel and waits for its
// result, ctx's end or the client's stop. The result is handed over
// through the call's channel, so a caller that gave up never shares
// memory with the dispatcher still finishing its call.
func submit[T any](ctx context.Context, c *Client, method, channel string, do func(context.Context) (T, error)) (T, error) {
	o := c.submit(ctx, method, channel, func(ctx context.Context) (any, error) { return do(ctx) })
	v, _ := o.val.(T)
	return v, o.err
}

func (c *Client) submit(ctx context.Context, method, channel string, do func(context.Context) (any, error)) outcome {
	if err := ctx.Err(); err != nil {
		return outcome{err: fmt.Errorf("%s: %w", method, err)}
	}
	c.mu.Lock()
	if c.state >= stopping {
		c.mu.Unlock()
		return outcome{err: fmt.Errorf("%s: %w", method, ErrStopped)}
	}
	c.seq++
	cl := &call{method: method, ctx: ctx, deadline: deadlineOf(ctx, c.opts.Now()), seq: c.seq,
		do: do, done: make(chan outcome, 1), index: -1}
	l := c.laneFor(laneKey(method, channel), method)
	l.push(cl)
	c.queued++
	if c.state == running && !l.running {
		c.startLane(l)
	}
	c.mu.Unlock()

	select {
	case o := <-cl.done:
		return o
	case <-ctx.Done():
		c.mu.Lock()
		if cl.index >= 0 {
			heap.Remove(&l.queue, cl.index)
			c.queued--
		}
		c.mu.Unlock()
		return outcome{err: fmt.Errorf("%s: %w", method, ctx.Err())}
	}
}
