package mailbox

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBackoff(t *testing.T) {
	low := func(int64) int64 { return 0 }
	high := func(n int64) int64 { return n - 1 }
	tests := []struct {
		name    string
		attempt int
		rnd     func(int64) int64
		want    time.Duration
	}{
		{"first retry, low jitter", 0, low, 500 * time.Millisecond},
		{"first retry, high jitter", 0, high, time.Second},
		{"doubles", 3, high, 8 * time.Second},
		{"doubles, low jitter", 3, low, 4 * time.Second},
		{"capped", 9, high, 5 * time.Minute},
		{"capped, low jitter", 9, low, 150 * time.Second},
		{"huge attempt does not overflow", 1000, high, 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, backoff(tt.attempt, time.Second, 5*time.Minute, tt.rnd))
		})
	}
}

func TestRunRetriesWithCappedExponentialBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var mu sync.Mutex
		var attempts []time.Duration
		w := New(Config{
			Name: "m", Addr: "imap.example.com:993",
			MinBackoff: time.Second, MaxBackoff: 8 * time.Second,
		}, newFakeSink())
		w.rnd = func(n int64) int64 { return n - 1 } // no jitter: the full wait
		w.dial = func(context.Context, string, string) (net.Conn, error) {
			mu.Lock()
			attempts = append(attempts, time.Since(start))
			mu.Unlock()
			return nil, errors.New("connection refused")
		}
		ctx, cancel := context.WithTimeout(t.Context(), 40*time.Second)
		defer cancel()
		assert.NoError(t, w.Run(ctx))

		s := time.Second
		assert.Equal(t, []time.Duration{0, 1 * s, 3 * s, 7 * s, 15 * s, 23 * s, 31 * s, 39 * s}, attempts)
		st := w.Status()
		assert.False(t, st.Connected)
		assert.ErrorContains(t, st.LastError, "connection refused")
		assert.Equal(t, 8, st.Failures)
	})
}
