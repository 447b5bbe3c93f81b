package slackout_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"golang.org/x/time/rate"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/bot/slackout"
)

// backlog describes a run: cases new cases spread round-robin over
// channels, each with a random deadline in the next 24 h, posted through
// a Client to a fake Slack allowing perSecond posts a second per channel.
// The backlog is queued before the client runs (a restart after an
// outage), or, when live, submitted while it runs, so the first calls of
// each channel leave before more urgent ones have arrived.
type backlog struct {
	live            bool
	cases, channels int
	perSecond       float64 // the fake's limit per channel
	burst           int     // the fake's burst
	client          slackout.Options
}

// backlogResult is what the fake received and the callers saw.
type backlogResult struct {
	elapsed      time.Duration // from Run to the last post's return
	errs         int           // calls that returned an error
	errs429      int           // of which rate-limit errors
	duplicates   int           // extra copies of a case's message
	missing      int           // cases never posted
	inversions   int           // pairs posted in a channel against deadline order
	fake429      int           // 429s the fake answered
	maxGap       time.Duration // longest pause between two posts in a channel
	rateFraction float64       // achieved posts/s over the fake's allowed posts/s
	stats        slackout.Stats
}

func channelID(i int) string { return fmt.Sprintf("C%02d", i+1) }

func (bl backlog) run(tb testing.TB) backlogResult {
	tb.Helper()
	srv := fakeslack.New(fakeslack.Options{AckTimeout: -1})
	defer srv.Close()
	for i := range bl.channels {
		srv.AddChannel(channelID(i), fmt.Sprintf("sellers-%d", i+1))
	}
	srv.RateLimit("chat.postMessage", bl.perSecond, bl.burst)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4 * bl.channels}, Timeout: 10 * time.Second}
	defer hc.CloseIdleConnections()
	api := slack.New("xoxb-backlog", slack.OptionAPIURL(srv.APIURL()), slack.OptionHTTPClient(hc))
	c := slackout.New(api, bl.client)

	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan struct{})
	start := time.Now()
	if bl.live {
		go func() { c.Run(ctx); close(ran) }()
	}
	base := time.Now()
	deadlines := make([]time.Time, bl.cases)
	errs := make([]error, bl.cases)
	var wg sync.WaitGroup
	for i := range bl.cases {
		deadlines[i] = base.Add(time.Duration(rand.Int64N(int64(24 * time.Hour))))
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := slackout.WithDeadline(context.Background(), deadlines[i])
			_, _, errs[i] = c.PostMessageContext(ctx, channelID(i%bl.channels), slack.MsgOptionText(marker(i), false))
		}()
	}
	if !bl.live {
		for c.Stats().QueueDepth < bl.cases {
			time.Sleep(time.Millisecond)
		}
		start = time.Now()
		go func() { c.Run(ctx); close(ran) }()
	}
	wg.Wait()
	res := backlogResult{elapsed: time.Since(start), stats: c.Stats(), fake429: srv.RateLimited("chat.postMessage")}
	stop()
	<-ran

	for _, err := range errs {
		if err != nil {
			res.errs++
			var rl *slack.RateLimitedError
			if errors.As(err, &rl) {
				res.errs429++
			}
		}
	}
	seen := make([]int, bl.cases)
	for ch := range bl.channels {
		var order []time.Time
		var prev time.Time
		for _, m := range srv.State(channelID(ch), "").Messages {
			at := tsTime(tb, m.TS)
			if !prev.IsZero() {
				res.maxGap = max(res.maxGap, at.Sub(prev))
			}
			prev = at
			var i int
			if _, err := fmt.Sscanf(m.Text, "case-%d", &i); err != nil || i < 0 || i >= bl.cases {
				tb.Fatalf("unexpected message %q", m.Text)
			}
			seen[i]++
			order = append(order, deadlines[i])
		}
		for i := range order {
			for j := i + 1; j < len(order); j++ {
				if order[i].After(order[j]) {
					res.inversions++
				}
			}
		}
	}
	for _, n := range seen {
		switch {
		case n == 0:
			res.missing++
		case n > 1:
			res.duplicates += n - 1
		}
	}
	res.rateFraction = float64(bl.cases) / res.elapsed.Seconds() / (bl.perSecond * float64(bl.channels))
	return res
}

// tsTime reads a Slack ts ("1700000000.000100") as a time.
func tsTime(tb testing.TB, ts string) time.Time {
	var sec, usec int64
	if _, err := fmt.Sscanf(ts, "%d.%d", &sec, &usec); err != nil {
		tb.Fatalf("ts %q: %v", ts, err)
	}
	return time.Unix(sec, usec*1000)
}

func marker(i int) string { return fmt.Sprintf("case-%04d", i) }

// check fails tb unless every case was posted once without an error.
// Deadline order is checked by the callers: a live backlog is only
// ordered once it has queued up.
func (r backlogResult) check(tb testing.TB) {
	tb.Helper()
	if r.errs != 0 || r.duplicates != 0 || r.missing != 0 {
		tb.Errorf("errors %d (429: %d), duplicates %d, missing %d; want all 0",
			r.errs, r.errs429, r.duplicates, r.missing)
	}
}

func (r backlogResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "elapsed %v, rate fraction %.3f, fake 429s %d, client retries %v, longest gap %v",
		r.elapsed.Round(time.Millisecond), r.rateFraction, r.fake429, r.stats.Retries, r.maxGap.Round(time.Millisecond))
	return b.String()
}

func TestBacklogThroughFakeSlackRetriesRateLimits(t *testing.T) {
	// The client paces at twice the fake's allowance, so the fake answers
	// 429 with Retry-After and the client must wait and retry.
	bl := backlog{cases: 6, channels: 2, perSecond: 2, burst: 1,
		client: slackout.Options{PerChannel: 4}}
	r := bl.run(t)
	r.check(t)
	if r.inversions != 0 {
		t.Errorf("%d pairs posted against deadline order", r.inversions)
	}
	if r.fake429 == 0 {
		t.Fatalf("the fake answered no 429 (%v); the test does not exercise Retry-After", r)
	}
	if got := r.stats.RateLimited["chat.postMessage"]; got != r.fake429 {
		t.Errorf("client counted %d rate-limited answers, the fake sent %d", got, r.fake429)
	}
	if got, want := r.stats.Calls["chat.postMessage"], 6+r.fake429; got != want {
		t.Errorf("Calls = %d, want %d posts + %d retries", got, 6, r.fake429)
	}
	t.Log(r)
}

func TestFakeSlackServerErrorsAreRetried(t *testing.T) {
	srv := fakeslack.New(fakeslack.Options{AckTimeout: -1})
	defer srv.Close()
	srv.AddChannel("C01", "sellers")
	srv.FailNext("chat.postMessage", 2, http.StatusServiceUnavailable)
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL()))
	c := slackout.New(api, slackout.Options{Backoff: 10 * time.Millisecond, PerChannel: rate.Inf})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go c.Run(ctx)

	ch, ts, err := c.PostMessageContext(ctx, "C01", slack.MsgOptionText("hello", false))
	if err != nil || ch != "C01" || ts == "" {
		t.Fatalf("post = %q, %q, %v; want success after two 503s", ch, ts, err)
	}
	if n := srv.Calls("chat.postMessage"); n != 3 {
		t.Errorf("fake saw %d calls, want 3", n)
	}
	if msgs := srv.State("C01", "").Messages; len(msgs) != 1 || msgs[0].Text != "hello" {
		t.Errorf("channel holds %+v, want one hello", msgs)
	}
	_, _, err = c.PostMessageContext(ctx, "C404", slack.MsgOptionText("lost", false))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "channel_not_found" {
		t.Errorf("post to unknown channel: %v, want channel_not_found", err)
	}
	if n := srv.Calls("chat.postMessage"); n != 4 {
		t.Errorf("fake saw %d calls, want 4 (channel_not_found not retried)", n)
	}
}
