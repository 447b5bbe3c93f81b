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
// margin × N. fakeburst is the fake's burst: 2 matches Slack's "short
// bursts >1 allowed"; 1 is stricter than Slack, so network jitter draws a
// 429 (Retry-After: 1 s) per channel before the lane switches to spacing
// calls from the previous answer. The backlog is queued before the client starts; with
// arrival=live it is submitted while the client runs, so each channel's
// first posts leave before more urgent cases have arrived (reported as
// inversions, pairs posted against deadline order). Run with
// -benchtime=1x: one iteration posts all 1,000.
func BenchmarkBacklog(b *testing.B) {
	for _, tc := range []struct {
		live      bool
		perSecond float64
		channels  int
		burst     int
		margin    float64
	}{
		{false, 50, 4, 2, 0.98},
		{false, 10, 10, 2, 0.98},
		{true, 50, 4, 2, 0.98},
		{false, 50, 4, 1, 0.98},
		{false, 10, 10, 1, 0.98},
	} {
		arrival := map[bool]string{false: "queued", true: "live"}[tc.live]
		name := fmt.Sprintf("N=%g/k=%d/fakeburst=%d/margin=%g/arrival=%s", tc.perSecond, tc.channels, tc.burst, tc.margin, arrival)
		b.Run(name, func(b *testing.B) {
			bl := backlog{live: tc.live, cases: 1000, channels: tc.channels, perSecond: tc.perSecond, burst: tc.burst,
				client: slackout.Options{PerChannel: rate.Limit(tc.perSecond * tc.margin), Workers: tc.channels}}
			for b.Loop() {
				r := bl.run(b)
				r.check(b)
				if !tc.live && r.inversions != 0 {
					b.Errorf("%d pairs posted against deadline order", r.inversions)
				}
				b.ReportMetric(r.rateFraction, "rate_fraction")
				b.ReportMetric(float64(r.errs429), "429_errors")
				b.ReportMetric(float64(r.fake429), "429_retried")
				b.ReportMetric(float64(r.duplicates), "duplicates")
				b.ReportMetric(float64(r.inversions), "inversions")
				b.ReportMetric(r.elapsed.Seconds(), "s_total")
				b.ReportMetric(float64(r.maxGap.Milliseconds()), "ms_max_gap")
			}
		})
	}
}
