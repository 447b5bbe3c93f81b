package slackout_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack"
	"golang.org/x/time/rate"

	"github.com/buyerdesk/buyerdesk/bot/slackout"
)

// post sends text to channel with the given deadline (zero: unmarked).
func post(ctx context.Context, c *slackout.Client, channel, text string, deadline time.Time) error {
	if !deadline.IsZero() {
		ctx = slackout.WithDeadline(ctx, deadline)
	}
	_, _, err := c.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false))
	return err
}

// texts lists the text of each chat.postMessage w received, in order.
func texts(w *wire) []string {
	var out []string
	for _, s := range w.sentTo("chat.postMessage") {
		out = append(out, s.form.Get("text"))
	}
	return out
}

func TestBacklogPostsInDeadlineOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		c := newClient(w, slackout.Options{})
		base := time.Now()
		// Deadlines are a shuffled 0..49 minutes, each used twice, so ties
		// must keep submission order.
		mins := make([]int, 100)
		for i := range mins {
			mins[i] = i / 2
		}
		rand.Shuffle(len(mins), func(i, j int) { mins[i], mins[j] = mins[j], mins[i] })
		var wg sync.WaitGroup
		for i, m := range mins {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := post(t.Context(), c, "C1", strconv.Itoa(i), base.Add(time.Duration(m)*time.Minute)); err != nil {
					t.Errorf("post %d: %v", i, err)
				}
			}()
			synctest.Wait() // fixes submission order: call i is queued before call i+1
		}
		waitQueued(t, c, 100)

		ctx, stop := context.WithCancel(t.Context())
		go c.Run(ctx)
		wg.Wait()
		stop()

		got := texts(w)
		want := make([]int, 100)
		for i := range want {
			want[i] = i
		}
		slices.SortStableFunc(want, func(a, b int) int { return mins[a] - mins[b] })
		if len(got) != 100 {
			t.Fatalf("%d posts, want 100", len(got))
		}
		for i, s := range got {
			if s != strconv.Itoa(want[i]) {
				t.Fatalf("post %d is call %s (deadline +%dm), want call %d (+%dm)", i, s, mins[atoi(s)], want[i], mins[want[i]])
			}
		}
		// One a second per channel: 100 posts take 99 s after the first.
		sends := w.sentTo("chat.postMessage")
		if d := sends[99].at.Sub(sends[0].at); d < 99*time.Second || d > 100*time.Second {
			t.Errorf("100 posts took %v, want 99 s at 1/s", d)
		}
	})
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func TestUrgentCallOvertakesWaitingOnes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		c := newClient(w, slackout.Options{})
		ctx, stop := context.WithCancel(t.Context())
		defer stop()
		go c.Run(ctx)
		now := time.Now()
		var wg sync.WaitGroup
		send := func(text string, deadline time.Time) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := post(t.Context(), c, "C1", text, deadline); err != nil {
					t.Errorf("post %s: %v", text, err)
				}
			}()
			synctest.Wait()
		}
		send("first", now.Add(20*time.Hour)) // goes at once: the limiter is open
		send("later", now.Add(20*time.Hour))
		send("undated", time.Time{}) // due now
		send("overdue", now.Add(-time.Hour))
		send("urgent", now.Add(time.Hour))
		wg.Wait()
		want := []string{"first", "overdue", "undated", "urgent", "later"}
		if got := texts(w); !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}
	})
}

func TestChannelsArePacedSeparately(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		c := newClient(w, slackout.Options{PerChannel: 2})
		ctx, stop := context.WithCancel(t.Context())
		defer stop()
		go c.Run(ctx)
		start := time.Now()
		var wg sync.WaitGroup
		for i := range 10 {
			for _, ch := range []string{"C1", "C2"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := post(t.Context(), c, ch, strconv.Itoa(i), time.Time{}); err != nil {
						t.Error(err)
					}
				}()
			}
		}
		wg.Wait()
		// 10 posts a channel at 2/s: 4.5 s, the same as one channel alone.
		if d := time.Since(start); d != 4500*time.Millisecond {
			t.Errorf("20 posts to 2 channels took %v, want 4.5s", d)
		}
		if n := c.Stats().Calls["chat.postMessage"]; n != 20 {
			t.Errorf("Calls = %d, want 20", n)
		}
	})
}

func TestTierLimitsMethod(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		c := newClient(w, slackout.Options{Tiers: map[string]rate.Limit{"users.info": 1}, TierBurst: 2})
		ctx, stop := context.WithCancel(t.Context())
		defer stop()
		go c.Run(ctx)
		start := time.Now()
		for i := range 5 {
			u, err := c.GetUserInfoContext(t.Context(), "U"+strconv.Itoa(i))
			if err != nil || u.ID != "U"+strconv.Itoa(i) || u.TZ != "Europe/Berlin" {
				t.Fatalf("users.info: %+v, %v", u, err)
			}
		}
		// A burst of 2, then one a second.
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("5 users.info took %v, want 3s", d)
		}
	})
}
