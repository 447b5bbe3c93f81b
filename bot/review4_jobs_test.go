package bot

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/sla"
)

// TestRoutineJobs: the wall-clock jobs are each team's digests at 09:00,
// 13:00 and 17:00 in the team's zone (or its own times) and the coverage
// notice on Mondays at 09:00 UTC looking 14 days ahead; each runs once per
// local day through sla.Cron and posts where it should.
func TestRoutineJobs(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily)})
	var specs []string
	jobs := map[string]sla.Job{}
	for _, j := range h.bot.routineJobs(Routine{}) {
		spec, err := sla.Spec(j.Zone, j.At, j.Days)
		if err != nil {
			t.Fatalf("job %s: %v", j.Name, err)
		}
		specs = append(specs, j.Name+"/"+j.Team+" "+spec)
		jobs[j.Name] = j
	}
	want := []string{
		"digest 09:00/berlin CRON_TZ=Europe/Berlin 0 9 * * *",
		"digest 13:00/berlin CRON_TZ=Europe/Berlin 0 13 * * *",
		"digest 17:00/berlin CRON_TZ=Europe/Berlin 0 17 * * *",
		"coverage/ CRON_TZ=UTC 0 9 * * 1",
	}
	if !slices.Equal(specs, want) {
		t.Errorf("jobs\n%q\nwant\n%q", specs, want)
	}

	c := &sla.Cron{Marks: h.store, Now: h.clock}
	for _, name := range []string{"digest 09:00", "coverage"} {
		for range 2 { // a repeated run the same local day does nothing
			if _, err := c.Fire(h.ctx, jobs[name]); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	if got := escTexts(h.slack.Messages(chanSupport), "Digest"); len(got) != 1 || !strings.Contains(got[0], "team berlin") {
		t.Errorf("digest posts %q, want one in the team channel", got)
	}
	if got := escTexts(h.slack.Messages(chanEscalate), "Rota coverage"); len(got) != 1 || !strings.Contains(got[0], "next 14 days") {
		t.Errorf("coverage notices %q, want one looking 14 days ahead", got)
	}

	own := h.bot.routineJobs(Routine{DigestTimes: map[string][]string{"berlin": {"08:30"}}, CoverageDays: 3,
		CoverageZone: time.UTC, CoverageAt: "10:15"})
	var names []string
	for _, j := range own {
		names = append(names, j.Name+"@"+j.At)
	}
	if !slices.Equal(names, []string{"digest 08:30@08:30", "coverage@10:15"}) {
		t.Errorf("team's own digest times: %v", names)
	}
}
