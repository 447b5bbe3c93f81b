package slackout

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"
	"golang.org/x/time/rate"
)

// ErrStopped is returned for calls made after Run has returned, and for
// calls still queued when it returns.
var ErrStopped = errors.New("slackout: client stopped")

// Options configures a Client. Zero values get the defaults noted.
type Options struct {
	// Now is the clock. It must agree with the runtime's timers (the
	// default time.Now does, inside synctest bubbles too).
	Now func() time.Time
	// PerChannel paces chat.postMessage and chat.update per channel. Default 1 a second, Slack's posting
	// limit; PerChannelBurst (default 1) calls may go at once.
	PerChannel      rate.Limit
	PerChannelBurst int
	// Tiers overrides the per-method limits (calls a second) of Slack's
	// documented tiers; see defaultTiers. TierBurst (default 3) calls of
	// one method may go at once.
	Tiers     map[string]rate.Limit
	TierBurst int
	// MaxRetries bounds how often one call is retried after a 429, a 5xx
	// or a timeout. Default 5.
	MaxRetries int
	// Backoff is the first pause after a 5xx or timeout, doubled on each
	// retry up to MaxBackoff. Defaults 500 ms and 30 s.
	Backoff, MaxBackoff time.Duration
	// Workers bounds the calls in flight at once. Default 16.
	Workers int
	Logger  zerolog.Logger
}

func (o *Options) defaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PerChannel <= 0 {
		o.PerChannel = 1
	}
	if o.PerChannelBurst <= 0 {
		o.PerChannelBurst = 1
	}
	if o.TierBurst <= 0 {
		o.TierBurst = 3
	}
	if o.MaxRetries <= 0 {
		o.MaxRetries = 5
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 30 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = 16
	}
}

// Stats are counters for metrics, keyed by Web API method.
type Stats struct {
	Calls       map[string]int // requests sent, retries included
	Retries     map[string]int // requests repeated after a 429, 5xx or timeout
	RateLimited map[string]int // 429 answers
	QueueDepth  int            // calls waiting for their turn
}

type runState int

const (
	idle     runState = iota // not yet running: calls queue up
	running                  // lanes are dispatched
	stopping                 // Run's context is done
	stopped                  // Run has returned
)

// Client implements the bot's Slack interface on top of slack-go. Each
// call is queued, waits its turn and its limiter, is retried on 429, 5xx
// and timeouts, and returns slack-go's results to the caller. Calls queue
// up until Run is called.
type Client struct {
	api  *slack.Client
	opts Options
	sem  chan struct{} // one token per call in flight

	mu      sync.Mutex
	state   runState
	runCtx  context.Context
	wg      sync.WaitGroup
	seq     uint64
	lanes   map[string]*lane
	tiers   map[string]*rate.Limiter
	limits  map[string]rate.Limit
	calls   map[string]int
	retries map[string]int
	limited map[string]int
	queued  int
}

// New returns a Client calling Slack through api.
func New(api *slack.Client, opts Options) *Client {
	opts.defaults()
	limits := make(map[string]rate.Limit, len(defaultTiers)+len(opts.Tiers))
	for m, l := range defaultTiers {
		limits[m] = l
	}
	for m, l := range opts.Tiers {
		if l <= 0 {
			l = rate.Inf
		}
		limits[m] = l
	}
	return &Client{
		api: api, opts: opts, sem: make(chan struct{}, opts.Workers),
		lanes: map[string]*lane{}, tiers: map[string]*rate.Limiter{}, limits: limits,
		calls: map[string]int{}, retries: map[string]int{}, limited: map[string]int{},
	}
}

// Run dispatches queued calls until ctx is done, then fails the calls
// still queued with ErrStopped and returns. A Client runs once.
func (c *Client) Run(ctx context.Context) {
	c.mu.Lock()
	if c.state != idle {
		c.mu.Unlock()
		return
	}
	c.state, c.runCtx = running, ctx
	for _, l := range c.lanes {
		if l.queue.Len() > 0 {
			c.startLane(l)
		}
	}
	c.mu.Unlock()

	<-ctx.Done()
	c.mu.Lock()
	c.state = stopping
	c.mu.Unlock()
	c.wg.Wait()

	c.mu.Lock()
	defer c.mu.Unlock()
	c.state = stopped
	for _, l := range c.lanes {
		for l.queue.Len() > 0 {
			cl := l.pop()
			c.queued--
			cl.done <- outcome{err: fmt.Errorf("%s: %w", cl.method, ErrStopped)}
		}
	}
}

// Stats returns a copy of the counters.
func (c *Client) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp := func(m map[string]int) map[string]int {
		out := make(map[string]int, len(m))
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	return Stats{Calls: cp(c.calls), Retries: cp(c.retries), RateLimited: cp(c.limited), QueueDepth: c.queued}
}
