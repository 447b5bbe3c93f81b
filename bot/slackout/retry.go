package slackout

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
)

// verdict is what to do after an attempt.
type verdict int

const (
	finish    verdict = iota // hand the result to the caller
	rateLimit                // 429: pause the lane for Retry-After, retry
	backoff                  // 5xx or network trouble: pause with backoff, retry
)

// classify sorts an attempt's error. Slack-level errors (ok:false, such
// as channel_not_found or invalid_blocks) and the caller's own context
// ending finish at once; so does anything unknown.
func classify(callerCtx context.Context, err error) (verdict, time.Duration) {
	if err == nil || callerCtx.Err() != nil {
		return finish, 0
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return rateLimit, rl.RetryAfter
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		switch {
		case sc.Code == http.StatusTooManyRequests: // 429 without Retry-After
			return rateLimit, 0
		case sc.Code >= 500:
			return backoff, 0
		}
		return finish, 0
	}
	var slackErr slack.SlackErrorResponse
	if errors.As(err, &slackErr) {
		return finish, 0
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return backoff, 0 // a client-side timeout, not the caller's context
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return backoff, 0
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return backoff, 0 // nothing reached Slack, so a retry cannot duplicate
	}
	return finish, 0
}

// dialFailed reports whether err happened before anything reached Slack.
func dialFailed(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// settle acts on cl's attempt: hand the result over, or pause the lane
// and put the call back in its place for another try.
func (c *Client) settle(l *lane, cl *call, val any, err error) {
	v, retryAfter := classify(cl.ctx, err)
	if v == backoff && checked(cl.ctx) && !dialFailed(err) {
		v = finish // Slack may have acted: the caller checks before retrying
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.opts.Now()
	l.answered = now
	if v == rateLimit {
		c.limited[cl.method]++
		l.strict = true
	}
	if v == finish || cl.attempts >= c.opts.MaxRetries {
		if v != finish {
			err = fmt.Errorf("%s: giving up after %d retries: %w", cl.method, cl.attempts, err)
		}
		cl.done <- outcome{val: val, err: err}
		return
	}
	pause := retryAfter
	if v == backoff || pause <= 0 {
		pause = c.backoff(cl.attempts)
	}
	if until := now.Add(pause); until.After(l.paused) {
		l.paused = until
	}
	cl.attempts++
	c.retries[cl.method]++
	l.push(cl)
	c.queued++
	c.opts.Logger.Warn().Str("method", cl.method).Str("lane", l.key).Int("attempt", cl.attempts).
		Dur("pause", pause).Err(err).Msg("slack call retried")
}

// backoff is the pause before retry n+1: Backoff doubled n times, capped
// at MaxBackoff, with the upper half jittered so lanes do not retry in
// step.
func (c *Client) backoff(n int) time.Duration {
	d := c.opts.Backoff << min(n, 20)
	if d <= 0 || d > c.opts.MaxBackoff {
		d = c.opts.MaxBackoff
	}
	half := d / 2
	return half + rand.N(half+1)
}
