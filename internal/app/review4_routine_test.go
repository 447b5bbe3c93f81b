package app

import (
	"slices"
	"testing"

	"github.com/buyerdesk/buyerdesk/internal/config"
)

// TestRoutineDigestTimes: every team's digests are scheduled at its own
// times when it lists some, else at digests.times (default 09:00, 13:00,
// 17:00 local), and the weekly coverage notice looks coverage.days ahead.
func TestRoutineDigestTimes(t *testing.T) {
	c := config.Default()
	r := routine(c)
	if !slices.Equal(r.DefaultDigestTimes, []string{"09:00", "13:00", "17:00"}) {
		t.Errorf("default digest times %v", r.DefaultDigestTimes)
	}
	if r.CoverageDays != c.Coverage.Days || r.CoverageDays != 14 {
		t.Errorf("coverage days %d, config %d", r.CoverageDays, c.Coverage.Days)
	}
	own := 0
	for i := range c.Teams {
		team := &c.Teams[i]
		want := []string{"09:00", "13:00", "17:00"}
		if len(team.Digests) > 0 {
			own++
			want = nil
			for _, at := range team.Digests {
				want = append(want, at.String())
			}
		}
		if got := r.DigestTimes[team.Name]; !slices.Equal(got, want) {
			t.Errorf("team %s digests at %v, want %v", team.Name, got, want)
		}
	}
	if own == 0 || own == len(c.Teams) {
		t.Fatalf("the example configuration should have teams with and without their own digest times (%d of %d)", own, len(c.Teams))
	}
}
