package spapi

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"
)

func TestBackoff(t *testing.T) {
	c := New(Config{Backoff: time.Second})
	tests := []struct {
		name     string
		attempt  int
		last     error
		min, max time.Duration
	}{
		{"first retry", 1, &Error{Status: 500}, 500 * time.Millisecond, time.Second},
		{"third retry doubles twice", 3, &Error{Status: 503}, 2 * time.Second, 4 * time.Second},
		{"429 waits a request interval", 1, &Error{Status: 429}, 2 * time.Second, 2 * time.Second},
		{"Retry-After wins", 1, &retryAfterError{err: &Error{Status: 503}, after: 30 * time.Second}, 30 * time.Second, 30 * time.Second},
	}
	for _, tt := range tests {
		for range 50 {
			if d := c.backoff(tt.attempt, tt.last); d < tt.min || d > tt.max {
				t.Errorf("%s: %v outside [%v, %v]", tt.name, d, tt.min, tt.max)
			}
		}
	}
}

func TestRetryAfterHeaderIsRead(t *testing.T) {
	res := &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"7"}}}
	err := answerError(res, []byte(`{"errors":[{"code":"ServiceUnavailable","message":"busy"}]}`))
	var ra *retryAfterError
	if !errors.As(err, &ra) || ra.after != 7*time.Second || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err %#v", err)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if err := sleep(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err %v", err)
		}
	})
}
