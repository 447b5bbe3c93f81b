package slackout_test

import (
	"fmt"
	"testing"

	"golang.org/x/time/rate"

	"github.com/buyerdesk/buyerdesk/bot/slackout"
)

// BenchmarkBacklog posts a backlog of 1,000 new cases with random
// deadlines to a fake Slack allowing N posts a second per channel (issue 3
// acceptance: at least 90 % of the allowed rate, deadline order, no 429
// surfacing as an error, no duplicates). The client paces each channel at
// margin × N. Run with -benchtime=1x: one iteration posts all 1,000.
func BenchmarkBacklog(b *testing.B) {
	for _, tc := range []struct {
		perSecond float64
		channels  int
		burst     int
		margin    float64
	}{
		{50, 4, 2, 0.98},
		{10, 10, 2, 0.98},
	} {
		name := fmt.Sprintf("N=%g/k=%d/fakeburst=%d/margin=%g", tc.perSecond, tc.channels, tc.burst, tc.margin)
		b.Run(name, func(b *testing.B) {
			bl := backlog{cases: 1000, channels: tc.channels, perSecond: tc.perSecond, burst: tc.burst,
				client: slackout.Options{PerChannel: rate.Limit(tc.perSecond * tc.margin), Workers: tc.channels}}
			for b.Loop() {
				r := bl.run(b)
				r.check(b)
				b.ReportMetric(r.rateFraction, "rate_fraction")
				b.ReportMetric(float64(r.errs429), "429_errors")
				b.ReportMetric(float64(r.fake429), "429_retried")
				b.ReportMetric(float64(r.duplicates), "duplicates")
				b.ReportMetric(float64(r.inversions), "inversions")
				b.ReportMetric(r.elapsed.Seconds(), "s_total")
			}
		})
	}
}
