package app

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/sla"
)

// TestLogCoverage checks the start-up report of rota gaps: a warning that
// lists every gap of the next days in UTC, or an info line when someone is
// always on shift.
func TestLogCoverage(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	week := func(from, to int) sla.Week {
		var w sla.Week
		for d := range w {
			w[d] = []sla.Span{{Start: from * 60, End: to * 60}}
		}
		return w
	}
	rota := func(hours sla.Week) sla.Rota {
		return sla.Rota{Fallback: sla.Target{Kind: sla.User, ID: "UFALL"},
			Teams: []sla.Team{{Name: "de", Zone: berlin, Hours: hours, Members: []sla.Member{{ID: "UANA"}}}}}
	}
	// Monday 23 November 2026, 12:00 UTC; Berlin is on CET (UTC+1).
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		rota  sla.Rota
		level string
		gaps  []string
	}{
		{"day shift leaves the nights", rota(week(9, 17)), "warn", []string{
			"2026-11-23T16:00:00Z/2026-11-24T08:00:00Z",
			"2026-11-24T16:00:00Z/2026-11-25T08:00:00Z",
			"2026-11-25T16:00:00Z/2026-11-26T08:00:00Z",
		}},
		{"round the clock", rota(week(0, 0)), "info", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			got := logCoverage(zerolog.New(&buf), tt.rota, now, 3)
			var line struct {
				Level string   `json:"level"`
				Days  int      `json:"days"`
				Count int      `json:"count"`
				Gaps  []string `json:"gaps"`
				Msg   string   `json:"message"`
			}
			if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
				t.Fatalf("log line %q: %v", buf.String(), err)
			}
			if line.Level != tt.level || line.Days != 3 || len(got) != len(tt.gaps) || line.Count != len(tt.gaps) {
				t.Fatalf("log %s, returned %d gaps; want level %s and %d gaps", buf.String(), len(got), tt.level, len(tt.gaps))
			}
			for i, g := range tt.gaps {
				if line.Gaps[i] != g {
					t.Errorf("gap %d logged %s, want %s", i, line.Gaps[i], g)
				}
			}
		})
	}
}
