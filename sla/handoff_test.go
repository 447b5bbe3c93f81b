package sla

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHandoffs(t *testing.T) {
	berlin, sydney := zone(t, "Europe/Berlin"), zone(t, "Australia/Sydney")
	late := every(t, "12:00-20:00")
	r := Rota{Fallback: fallback, Teams: []Team{
		// Staggered members: the team hands off when the last one leaves.
		{Name: "de", Zone: berlin, Hours: every(t, "08:00-16:00"), Holidays: []Date{date(t, "2026-03-30")},
			Members: []Member{{ID: "U1"}, {ID: "U2", Hours: &late}}},
		{Name: "au", Zone: sydney, Hours: every(t, "22:00-06:00"), Members: []Member{{ID: "U3"}}},
	}, Overrides: []Override{
		// An absence that empties the team is a handoff too.
		{Kind: Away, From: "U3", Start: utc(t, "2026-03-28T14:00:00Z"), End: utc(t, "2026-03-28T15:00:00Z")},
	}}
	got := r.Handoffs(utc(t, "2026-03-28T00:00:00Z"), utc(t, "2026-03-30T19:00:00Z"))
	want := []Handoff{
		{"de", utc(t, "2026-03-28T19:00:00Z")}, // 20:00 CET
		{"au", utc(t, "2026-03-28T14:00:00Z")}, // U3 away at 01:00 AEDT
		{"au", utc(t, "2026-03-28T19:00:00Z")}, // 06:00 AEDT
		{"de", utc(t, "2026-03-29T18:00:00Z")}, // 20:00 CEST
		{"au", utc(t, "2026-03-29T19:00:00Z")},
		// 2026-03-30 is de's holiday: no shift, no handoff.
		{"au", utc(t, "2026-03-30T19:00:00Z")}, // the end of the range counts
	}
	// Sorted by instant; de before au at equal instants.
	want[0], want[1] = want[1], want[0]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Handoffs (-want +got):\n%s", diff)
	}
}
