package sla

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPlan(t *testing.T) {
	r := resolveRota(t)
	got := r.Plan(testLadder(), "amazon.de", utc(t, "2026-06-01T10:00:00Z"), 24*time.Hour)
	want := Plan{Deadline: utc(t, "2026-06-02T10:00:00Z"), Steps: []PlanStep{
		{At: utc(t, "2026-06-01T22:00:00Z"), Step: "12h", Targets: []string{"S0FALLBACK"}},              // Berlin night
		{At: utc(t, "2026-06-02T06:00:00Z"), Step: "4h", Targets: []string{"S0FALLBACK", "UL (DM)"}},    // 08:00 in Berlin
		{At: utc(t, "2026-06-02T09:00:00Z"), Step: "1h", Targets: []string{"@here CDE", "SDE"}},         //
		{At: utc(t, "2026-06-02T10:00:00Z"), Step: "breach", Targets: []string{"CESC"}},                 //
		{At: utc(t, "2026-06-02T10:00:00Z"), Step: "also at deadline", Targets: []string{"S0FALLBACK"}}, //
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Plan (-want +got):\n%s", diff)
	}
}

func TestPlanNobodyBeforeTheDeadline(t *testing.T) {
	r := resolveRota(t)
	r.Teams[0].Holidays = []Date{date(t, "2026-12-24")}
	r.Teams[1].Marketplaces = []string{"amazon.com"}
	// Received on the evening of the 23rd with a 12h window: the deadline
	// falls on the holiday, nobody of the de team will be on shift.
	got := r.Plan(testLadder(), "amazon.de", utc(t, "2026-12-23T17:00:00Z"), 12*time.Hour)
	if len(got.Steps) == 0 || got.Steps[0].Step != TargetFallback || got.Steps[0].Reason != ReasonNobodyOnShift ||
		!got.Steps[0].At.Equal(utc(t, "2026-12-23T17:00:00Z")) || !slices.Equal(got.Steps[0].Targets, []string{"S0FALLBACK"}) {
		t.Fatalf("first step %+v", got.Steps)
	}
	// The 12h step was due at receipt: it fires then, after the fallback.
	if got.Steps[1].Step != "12h" || !got.Steps[1].At.Equal(utc(t, "2026-12-23T17:00:00Z")) {
		t.Errorf("past-due step %+v", got.Steps[1])
	}
	if !r.Uncovered("amazon.de", utc(t, "2026-12-23T17:00:00Z"), utc(t, "2026-12-24T05:00:00Z")) {
		t.Error("Uncovered = false")
	}
	// amazon.com has the US team on the 24th.
	if r.Uncovered("amazon.com", utc(t, "2026-12-23T17:00:00Z"), utc(t, "2026-12-24T17:00:00Z")) {
		t.Error("amazon.com uncovered")
	}
	for _, s := range r.Plan(testLadder(), "amazon.de", utc(t, "2026-06-01T10:00:00Z"), 24*time.Hour).Steps {
		if s.Reason != "" {
			t.Errorf("covered plan has %+v", s)
		}
	}
}

func TestJSONKeys(t *testing.T) {
	keys := func(v any) []string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	check := func(name string, got []string, want string) {
		if strings.Join(got, ",") != want {
			t.Errorf("%s keys = %v, want %s", name, got, want)
		}
	}
	check("OnCall", keys(resolveRota(t).OnCall(utc(t, "2026-06-01T22:00:00Z"))), "at,fallback_used,on_shift,primary,shift_ends_at,team")
	check("Plan", keys(Plan{Steps: []PlanStep{}}), "deadline,steps")
	check("PlanStep", keys(PlanStep{}), "at,step,targets")
	check("Gap", keys(Gap{}), "from,to")
	b, _ := json.Marshal(resolveRota(t).OnCall(utc(t, "2026-06-01T22:00:00Z")))
	if !strings.Contains(string(b), `"on_shift":[]`) {
		t.Errorf("on_shift not an empty array: %s", b)
	}
}
