package slackout_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk/bot/slackout"
)

// running starts c in the bubble and stops it when the test ends.
func running(t *testing.T, c *slackout.Client) {
	ctx, stop := context.WithCancel(t.Context())
	t.Cleanup(stop)
	go c.Run(ctx)
}

func TestRateLimitedCallWaitsRetryAfterAndSucceeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.then("chat.postMessage", reply{status: http.StatusTooManyRequests, retryAfter: "3"})
		c := newClient(w, slackout.Options{PerChannel: 10})
		running(t, c)
		start := time.Now()
		ch, ts, err := c.PostMessageContext(t.Context(), "C1", slack.MsgOptionText("hello", false))
		if err != nil || ch != "C1" || ts == "" {
			t.Fatalf("post = %q, %q, %v; want success after the pause", ch, ts, err)
		}
		sends := w.sentTo("chat.postMessage")
		if len(sends) != 2 {
			t.Fatalf("%d requests, want 2", len(sends))
		}
		if gap := sends[1].at.Sub(sends[0].at); gap != 3*time.Second {
			t.Errorf("retried after %v, want Retry-After's 3s", gap)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("call took %v, want 3s", d)
		}
		st := c.Stats()
		if st.RateLimited["chat.postMessage"] != 1 || st.Retries["chat.postMessage"] != 1 || st.Calls["chat.postMessage"] != 2 {
			t.Errorf("stats %+v, want 1 rate limited, 1 retry, 2 calls", st)
		}
	})
}

func TestRateLimitPausesOnlyItsChannel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.then("chat.postMessage", reply{status: http.StatusTooManyRequests, retryAfter: "5"})
		c := newClient(w, slackout.Options{PerChannel: 10})
		running(t, c)
		start := time.Now()
		done := map[string]time.Duration{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, p := range []struct{ ch, text string }{{"C1", "a"}, {"C1", "b"}, {"C2", "c"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := post(t.Context(), c, p.ch, p.text, time.Time{}); err != nil {
					t.Error(err)
				}
				mu.Lock()
				done[p.text] = time.Since(start)
				mu.Unlock()
			}()
			synctest.Wait()
		}
		wg.Wait()
		// a hit the 429: it and b wait out the 5 s; c's channel is not paused.
		if done["a"] != 5*time.Second || done["b"] != 5100*time.Millisecond || done["c"] != 0 {
			t.Errorf("finished at %v, want a 5s, b 5.1s, c at once", done)
		}
	})
}

func TestServerErrorsAreRetriedWithBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.then("chat.postMessage",
			reply{status: http.StatusServiceUnavailable, body: "<html>503</html>"},
			reply{status: http.StatusInternalServerError, body: "<html>500</html>"})
		c := newClient(w, slackout.Options{Backoff: time.Second})
		running(t, c)
		if err := post(t.Context(), c, "C1", "hello", time.Time{}); err != nil {
			t.Fatalf("post: %v, want success on the third try", err)
		}
		sends := w.sentTo("chat.postMessage")
		if len(sends) != 3 {
			t.Fatalf("%d requests, want 3", len(sends))
		}
		// Backoff n is in [Backoff·2ⁿ/2, Backoff·2ⁿ].
		for i, want := range []time.Duration{time.Second, 2 * time.Second} {
			if gap := sends[i+1].at.Sub(sends[i].at); gap < want/2 || gap > want {
				t.Errorf("retry %d after %v, want within [%v, %v]", i+1, gap, want/2, want)
			}
		}
		if n := c.Stats().Retries["chat.postMessage"]; n != 2 {
			t.Errorf("Retries = %d, want 2", n)
		}
	})
}

func TestRetriesGiveUpAfterMaxRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		for range 10 {
			w.then("users.info", reply{status: http.StatusBadGateway, body: "<html>502</html>"})
		}
		c := newClient(w, slackout.Options{MaxRetries: 3, Backoff: time.Second, MaxBackoff: 2 * time.Second})
		running(t, c)
		_, err := c.GetUserInfoContext(t.Context(), "U1")
		var sc slack.StatusCodeError
		if !errors.As(err, &sc) || sc.Code != http.StatusBadGateway {
			t.Fatalf("err = %v, want the 502 after giving up", err)
		}
		if n := len(w.sentTo("users.info")); n != 4 {
			t.Errorf("%d requests, want 1 + 3 retries", n)
		}
	})
}

func TestSlackErrorsAreNotRetried(t *testing.T) {
	for _, code := range []string{"channel_not_found", "invalid_blocks", "not_in_channel"} {
		t.Run(code, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newWire()
				w.then("chat.postMessage", slackError(code))
				c := newClient(w, slackout.Options{})
				running(t, c)
				start := time.Now()
				err := post(t.Context(), c, "C1", "hello", time.Time{})
				var se slack.SlackErrorResponse
				if !errors.As(err, &se) || se.Err != code {
					t.Fatalf("err = %v, want Slack's %s", err, code)
				}
				if n := len(w.sentTo("chat.postMessage")); n != 1 || time.Since(start) != 0 {
					t.Errorf("%d requests in %v, want 1 at once", n, time.Since(start))
				}
				if n := c.Stats().Retries["chat.postMessage"]; n != 0 {
					t.Errorf("Retries = %d, want 0", n)
				}
			})
		})
	}
}

func TestAfterRateLimitCallsAreSpacedFromTheAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.latency = 50 * time.Millisecond
		w.then("chat.postMessage", okReply(`{"ok":true,"channel":"C1","ts":"1.1"}`),
			reply{status: http.StatusTooManyRequests, retryAfter: "1"})
		c := newClient(w, slackout.Options{PerChannel: 10})
		var wg sync.WaitGroup
		send := func(n int) {
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := post(t.Context(), c, "C1", "x", time.Time{}); err != nil {
						t.Error(err)
					}
				}()
			}
		}
		send(4)
		waitQueued(t, c, 4)
		running(t, c)
		wg.Wait()
		send(2) // the lane drained: back to plain pacing
		wg.Wait()

		sends := w.sentTo("chat.postMessage")
		var gaps []time.Duration
		for i := 1; i < len(sends); i++ {
			gaps = append(gaps, sends[i].at.Sub(sends[0].at)-sends[i-1].at.Sub(sends[0].at))
		}
		// 1 → 2 at the limiter's 100 ms; 2 gets 429 (answered at 150 ms),
		// is retried after Retry-After, at 1.15 s; from then on each call
		// waits 100 ms after the previous answer: 150 ms apart. The last two
		// come after the lane drained: plain 100 ms again.
		want := []time.Duration{100 * time.Millisecond, time.Second + 50*time.Millisecond,
			150 * time.Millisecond, 150 * time.Millisecond}
		if len(gaps) != 6 {
			t.Fatalf("%d requests, want 7", len(sends))
		}
		for i, g := range want {
			if gaps[i] != g {
				t.Errorf("gap %d = %v, want %v (all %v)", i+1, gaps[i], g, gaps)
			}
		}
		if gaps[5] != 100*time.Millisecond {
			t.Errorf("after draining, gap %v, want 100ms (all %v)", gaps[5], gaps)
		}
	})
}
