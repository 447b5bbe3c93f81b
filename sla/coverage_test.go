package sla

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func gap(t *testing.T, from, to string) Gap { return Gap{utc(t, from), utc(t, to)} }

func TestCoverage(t *testing.T) {
	berlin, ny, sydney := zone(t, "Europe/Berlin"), zone(t, "America/New_York"), zone(t, "Australia/Sydney")
	weekdays := every(t, "09:00-17:00")
	weekdays[time.Saturday], weekdays[time.Sunday] = nil, nil
	tests := []struct {
		name string
		rota Rota
		from string
		days int
		want []Gap
	}{{
		name: "one Berlin day team, spring-forward weekend",
		rota: Rota{Teams: []Team{{Name: "de", Zone: berlin, Hours: weekdays, Members: []Member{{ID: "U1"}}}}},
		from: "2026-03-27T00:00:00Z", days: 4,
		want: []Gap{
			gap(t, "2026-03-27T00:00:00Z", "2026-03-27T08:00:00Z"),
			gap(t, "2026-03-27T16:00:00Z", "2026-03-30T07:00:00Z"), // weekend merged; Monday 09:00 CEST
			gap(t, "2026-03-30T15:00:00Z", "2026-03-31T00:00:00Z"),
		},
	}, {
		name: "follow the sun with a gap that moves when Europe and the US switch on different dates",
		rota: Rota{Teams: []Team{
			{Name: "de", Zone: berlin, Hours: every(t, "08:00-16:00"), Members: []Member{{ID: "UDE"}}},
			{Name: "us", Zone: ny, Hours: every(t, "10:00-18:00"), Members: []Member{{ID: "UUS"}}},
			{Name: "au", Zone: sydney, Hours: every(t, "09:00-17:00"), Members: []Member{{ID: "UAU"}}},
		}},
		// 2026-03-10: US on EDT, Berlin on CET, Sydney on AEDT.
		// au 22:00Z-06:00Z, de 07:00Z-15:00Z, us 14:00Z-22:00Z: one gap 06:00-07:00.
		from: "2026-03-10T00:00:00Z", days: 1,
		want: []Gap{gap(t, "2026-03-10T06:00:00Z", "2026-03-10T07:00:00Z")},
	}, {
		name: "after Berlin springs forward and Sydney falls back",
		rota: Rota{Teams: []Team{
			{Name: "de", Zone: berlin, Hours: every(t, "08:00-16:00"), Members: []Member{{ID: "UDE"}}},
			{Name: "us", Zone: ny, Hours: every(t, "10:00-18:00"), Members: []Member{{ID: "UUS"}}},
			{Name: "au", Zone: sydney, Hours: every(t, "09:00-17:00"), Members: []Member{{ID: "UAU"}}},
		}},
		// 2026-04-07: au (AEST) 23:00Z-07:00Z, de (CEST) 06:00Z-14:00Z, us 14:00Z-22:00Z: 22-23.
		from: "2026-04-07T00:00:00Z", days: 1,
		want: []Gap{gap(t, "2026-04-07T22:00:00Z", "2026-04-07T23:00:00Z")},
	}, {
		name: "holiday and an absence open gaps, a handover closes none",
		rota: Rota{
			Teams: []Team{{Name: "de", Zone: berlin, Hours: every(t, "00:00-00:00"), Holidays: []Date{date(t, "2026-12-25")},
				Members: []Member{{ID: "U1"}}}},
			Overrides: []Override{
				{Kind: Away, From: "U1", Start: utc(t, "2026-12-23T10:00:00Z"), End: utc(t, "2026-12-23T12:00:00Z")},
				{Kind: Handover, From: "U1", To: "U2", Start: utc(t, "2026-12-23T12:00:00Z"), End: utc(t, "2026-12-23T14:00:00Z")},
			},
		},
		from: "2026-12-23T00:00:00Z", days: 4,
		want: []Gap{
			gap(t, "2026-12-23T10:00:00Z", "2026-12-23T12:00:00Z"),
			gap(t, "2026-12-24T23:00:00Z", "2026-12-25T23:00:00Z"),
		},
	}, {
		name: "night shift across the fall-back switch leaves no gap",
		rota: Rota{Teams: []Team{{Name: "us", Zone: ny, Hours: every(t, "06:00-22:00", "22:00-06:00"), Members: []Member{{ID: "U1"}}}}},
		from: "2026-10-30T00:00:00Z", days: 4,
	}, {
		name: "no teams: all gap",
		rota: Rota{},
		from: "2026-01-01T00:00:00Z", days: 2,
		want: []Gap{gap(t, "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.rota.Fallback = fallback
			got := tt.rota.Coverage(utc(t, tt.from), tt.days)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Coverage (-want +got):\n%s", diff)
			}
			// Cross-check against OnCall every 15 minutes.
			from := utc(t, tt.from)
			for at := from; at.Before(from.Add(time.Duration(tt.days) * 24 * time.Hour)); at = at.Add(15 * time.Minute) {
				inGap := false
				for _, g := range got {
					inGap = inGap || (!at.Before(g.From) && at.Before(g.To))
				}
				if o := tt.rota.OnCall(at); o.FallbackUsed != inGap {
					t.Fatalf("at %s OnCall %+v but in gap = %v", at, o, inGap)
				}
			}
		})
	}
}

func TestNextOnShift(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	r := Rota{Fallback: fallback, Teams: []Team{{Name: "de", Zone: berlin, Hours: every(t, "09:00-17:00"),
		Holidays: []Date{date(t, "2026-12-24")}, Members: []Member{{ID: "U1"}}}}}
	tests := []struct {
		at, until, want string
	}{
		{"2026-12-22T10:00:00Z", "2026-12-23T10:00:00Z", "2026-12-22T10:00:00Z"}, // on shift now
		{"2026-12-22T17:00:00Z", "2026-12-23T17:00:00Z", "2026-12-23T08:00:00Z"},
		{"2026-12-23T17:00:00Z", "2026-12-24T17:00:00Z", ""},                     // holiday: nobody before the deadline
		{"2026-12-23T17:00:00Z", "2026-12-25T17:00:00Z", "2026-12-25T08:00:00Z"}, // the 25th is a working day here
		{"2026-12-25T08:00:00Z", "2026-12-25T08:00:00Z", ""},                     // empty range
	}
	for _, tt := range tests {
		got, ok := r.NextOnShift(utc(t, tt.at), utc(t, tt.until))
		if tt.want == "" {
			if ok {
				t.Errorf("NextOnShift(%s, %s) = %s, want none", tt.at, tt.until, got)
			}
			continue
		}
		if !ok || !got.Equal(utc(t, tt.want)) {
			t.Errorf("NextOnShift(%s, %s) = %s %v, want %s", tt.at, tt.until, got, ok, tt.want)
		}
	}
}
