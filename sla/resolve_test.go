package sla

import (
	"testing"

	"github.com/buyerdesk/buyerdesk"
	"github.com/google/go-cmp/cmp"
)

func resolveRota(t *testing.T) Rota {
	leadHours := every(t, "11:00-13:00")
	return Rota{
		Fallback:          fallback,
		EscalationChannel: "CESC",
		Teams: []Team{{
			Name: "de", Zone: zone(t, "Europe/Berlin"), Hours: every(t, "09:00-17:00"),
			Members:  []Member{{ID: "UA"}, {ID: "UB"}, {ID: "UL", Hours: &leadHours}},
			Rotation: Rotation{Kind: Daily, Start: date(t, "2026-06-01")},
			Lead:     "UL", Group: "SDE", Channel: "CDE", Marketplaces: []string{"amazon.de"},
		}, {
			Name: "us", Zone: zone(t, "America/New_York"), Hours: every(t, "09:00-17:00"),
			Members: []Member{{ID: "UU"}}, Channel: "CUS",
		}},
	}
}

func TestResolve(t *testing.T) {
	u := func(id string) Target { return Target{Kind: User, ID: id} }
	dm := func(id string) Target { return Target{Kind: User, ID: id, DM: true} }
	tests := []struct {
		name     string
		step     Step
		mp       string
		assignee string
		at       string
		want     []Target
	}{
		{"claimed: the assignee", Step{Targets: []string{TargetAssignee}}, "amazon.de", "UB", "2026-06-01T10:00:00Z", []Target{u("UB")}},
		{"unclaimed: on call", Step{Targets: []string{TargetAssignee}}, "amazon.de", "", "2026-06-01T10:00:00Z", []Target{u("UA")}},
		{"on call and lead by DM", Step{Targets: []string{TargetOnCall, TargetLead}, DM: true}, "amazon.de", "", "2026-06-01T10:30:00Z",
			[]Target{dm("UA"), dm("UL")}},
		{"lead off hours: whoever is on call instead", Step{Targets: []string{TargetOnCall, TargetLead}, DM: true, RespectOffHours: true},
			"amazon.de", "", "2026-06-01T12:00:00Z", []Target{dm("UA")}},
		{"lead off hours without the flag is reached anyway", Step{Targets: []string{TargetLead}, DM: true},
			"amazon.de", "", "2026-06-01T12:00:00Z", []Target{dm("UL")}},
		{"assignee off hours, team off: fallback", Step{Targets: []string{TargetAssignee}, DM: true, RespectOffHours: true},
			"amazon.de", "UB", "2026-06-01T20:00:00Z", []Target{fallback}},
		{"assignee off hours, colleague on call", Step{Targets: []string{TargetAssignee}, RespectOffHours: true},
			"amazon.de", "UL", "2026-06-02T08:00:00Z", []Target{u("UB")}},
		{"on shift", Step{Targets: []string{TargetOnShift, TargetOnCall}}, "amazon.de", "", "2026-06-01T10:00:00Z",
			[]Target{u("UA"), u("UB"), u("UL")}},
		{"here and group, never DM", Step{Targets: []string{TargetHere, TargetGroup}, DM: true}, "amazon.de", "", "2026-06-01T10:00:00Z",
			[]Target{{Kind: Here, ID: "CDE"}, {Kind: Group, ID: "SDE"}}},
		{"escalation channel", Step{Targets: []string{TargetEscalationChannel, TargetFallback}}, "amazon.de", "", "2026-06-01T10:00:00Z",
			[]Target{{Kind: Channel, ID: "CESC"}, fallback}},
		{"other marketplace: the US team; no lead, no group: fallback", Step{Targets: []string{TargetOnCall, TargetLead, TargetGroup, TargetHere}},
			"amazon.com", "", "2026-06-01T15:00:00Z", []Target{u("UU"), fallback, {Kind: Here, ID: "CUS"}}},
		{"nobody on shift: fallback, the serving team's channel", Step{Targets: []string{TargetOnCall, TargetOnShift, TargetHere}},
			"amazon.de", "", "2026-06-01T22:00:00Z", []Target{fallback, {Kind: Here, ID: "CDE"}}},
		{"literal ids; unknown people are kept off hours", Step{Targets: []string{"U999", "S123", "C42", "G7", "W5"}, DM: true, RespectOffHours: true},
			"amazon.de", "", "2026-06-01T22:00:00Z",
			[]Target{dm("U999"), {Kind: Group, ID: "S123"}, {Kind: Channel, ID: "C42"}, {Kind: Channel, ID: "G7"}, dm("W5")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := buyerdesk.Case{Marketplace: tt.mp, Assignee: tt.assignee}
			got := resolveRota(t).Resolve(tt.step, c, utc(t, tt.at))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Resolve (-want +got):\n%s", diff)
			}
		})
	}
	r := resolveRota(t)
	r.EscalationChannel = ""
	got := r.Resolve(Step{Targets: []string{TargetEscalationChannel}}, buyerdesk.Case{Marketplace: "amazon.de"}, utc(t, "2026-06-01T10:00:00Z"))
	if diff := cmp.Diff([]Target{{Kind: Channel, ID: "CDE"}}, got); diff != "" {
		t.Errorf("escalation channel defaults to the team's: %s", diff)
	}
	if s := (Target{Kind: Here, ID: "C1"}).String() + "|" + dm("U1").String(); s != "@here C1|U1 (DM)" {
		t.Errorf("String = %s", s)
	}
}
