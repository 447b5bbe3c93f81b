package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"golang.org/x/time/rate"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/bot/slackout"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

// BenchmarkMirrorBacklog posts a backlog of 1,000 new cases (a parent and
// the buyer's message each) through the rate-limited client to a fake Slack
// that allows perSecond posts a second in the channel (with the given
// burst), and reports the rate reached, 429s absorbed and parents out of
// deadline order; it fails on errors and duplicates.
//
//	go test -run '^$' -bench MirrorBacklog -benchtime 1x ./bot/
func BenchmarkMirrorBacklog(b *testing.B) {
	for _, burst := range []int{1, 2} {
		b.Run(fmt.Sprintf("burst=%d", burst), func(b *testing.B) { mirrorBenchBacklogRun(b, burst) })
	}
}

func mirrorBenchBacklogRun(b *testing.B, burst int) {
	const cases, perSecond = 1000, 100
	for range b.N {
		b.StopTimer()
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		fake := fakeslack.New(fakeslack.Options{})
		fake.AddChannel(chanSupport, "amazon-support")
		fake.RateLimit("chat.postMessage", perSecond, burst)
		st := storetest.MustOpen(b)
		due := mirrorBenchBacklog(b, st, cases, now)

		ctx, cancel := context.WithCancel(context.Background())
		api := slack.New("xoxb-bench", slack.OptionAPIURL(fake.APIURL()))
		out := slackout.New(api, slackout.Options{PerChannel: rate.Limit(perSecond), PerChannelBurst: 1})
		go out.Run(ctx)
		bot := New(Config{DefaultChannel: chanSupport, BotUserID: "UBOT", Workers: 64}, st, out,
			WithNow(func() time.Time { return now }))
		b.StartTimer()

		start := time.Now()
		err := bot.Reconcile(ctx)
		elapsed := time.Since(start)
		b.StopTimer()
		cancel()
		if err != nil {
			b.Fatalf("reconcile: %v", err)
		}
		parents := fake.Messages(chanSupport)
		if len(parents) != cases || fake.Calls("chat.postMessage")-fake.RateLimited("chat.postMessage") != 2*cases {
			b.Fatalf("%d parents and %d accepted posts for %d cases", len(parents), fake.Calls("chat.postMessage")-fake.RateLimited("chat.postMessage"), cases)
		}
		inversions := 0
		for i := 1; i < len(parents); i++ {
			if due[mirrorBenchOrder(parents[i].Text)].Before(due[mirrorBenchOrder(parents[i-1].Text)]) {
				inversions++
			}
		}
		posts := float64(2*cases) / elapsed.Seconds()
		b.ReportMetric(posts, "posts/s")
		b.ReportMetric(100*posts/perSecond, "%of-allowed")
		b.ReportMetric(float64(fake.RateLimited("chat.postMessage")), "429s")
		b.ReportMetric(float64(inversions), "out-of-order")
		fake.Close()
	}
}

// mirrorBenchBacklog stores n new cases sent at shuffled times and returns
// each order id's deadline.
func mirrorBenchBacklog(b *testing.B, st *store.DB, n int, now time.Time) map[string]time.Time {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	due := make(map[string]time.Time, n)
	for i, age := range rng.Perm(n) {
		m := sampleMail(fmt.Sprintf("bench%d@amazon.de", i), fmt.Sprintf("302-0000000-%07d", i))
		m.RelayAddress = fmt.Sprintf("bench%d@marketplace.amazon.de", i)
		m.SentAt = now.Add(-time.Duration(age) * time.Minute)
		res, err := st.Ingest(context.Background(), store.IngestRequest{Mailbox: "de", Raw: []byte(m.MessageID), Mail: m, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		due[m.OrderID] = res.Case.Deadline
	}
	return due
}

// mirrorBenchOrder finds the order id in a parent's notification text.
func mirrorBenchOrder(text string) string {
	f := strings.Fields(text)
	for _, w := range f {
		if strings.HasPrefix(w, "302-") {
			return w
		}
	}
	return ""
}
