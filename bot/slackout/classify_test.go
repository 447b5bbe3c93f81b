package slackout

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassify(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		err   error
		want  verdict
		after time.Duration
	}{
		{"success", context.Background(), nil, finish, 0},
		{"429 with Retry-After", context.Background(), &slack.RateLimitedError{RetryAfter: 7 * time.Second}, rateLimit, 7 * time.Second},
		{"429 wrapped", context.Background(), fmt.Errorf("post: %w", &slack.RateLimitedError{RetryAfter: time.Second}), rateLimit, time.Second},
		{"429 without Retry-After", context.Background(), slack.StatusCodeError{Code: 429}, rateLimit, 0},
		{"500", context.Background(), slack.StatusCodeError{Code: 500}, backoff, 0},
		{"503", context.Background(), slack.StatusCodeError{Code: 503}, backoff, 0},
		{"404", context.Background(), slack.StatusCodeError{Code: 404}, finish, 0},
		{"channel_not_found", context.Background(), slack.SlackErrorResponse{Err: "channel_not_found"}, finish, 0},
		{"network timeout", context.Background(), &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}, backoff, 0},
		{"client timeout", context.Background(), fmt.Errorf("post: %w", context.DeadlineExceeded), backoff, 0},
		{"connection refused", context.Background(), &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errors.New("refused"))}, backoff, 0},
		{"connection reset mid-request", context.Background(), &net.OpError{Op: "read", Net: "tcp", Err: errors.New("reset")}, finish, 0},
		{"caller cancelled", cancelled, context.Canceled, finish, 0},
		{"caller cancelled during 503", cancelled, slack.StatusCodeError{Code: http.StatusServiceUnavailable}, finish, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, after := classify(tc.ctx, tc.err)
			if v != tc.want || after != tc.after {
				t.Errorf("classify(%v) = %v, %v; want %v, %v", tc.err, v, after, tc.want, tc.after)
			}
		})
	}
}

func TestBackoffDoublesWithJitterUpToCap(t *testing.T) {
	c := New(slack.New("xoxb-test"), Options{Backoff: time.Second, MaxBackoff: 10 * time.Second})
	for n, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second} {
		for range 50 {
			if d := c.backoff(n); d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, want/2, want)
			}
		}
	}
	if d := c.backoff(200); d < 5*time.Second || d > 10*time.Second {
		t.Errorf("backoff(200) = %v, want capped", d)
	}
}
