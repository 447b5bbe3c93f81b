package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

const example = "../../buyerdesk.example.yml"

func TestOnCallJSON(t *testing.T) {
	// Tuesday 2026-11-24 10:00 in Berlin.
	code, out, errOut := runCmd(t, nil, "oncall", "--config", example, "--at", "2026-11-24T09:00:00Z", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"at", "team", "primary", "on_shift", "shift_ends_at", "fallback_used"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %q missing in %s", k, out)
		}
	}
	if got["team"] != "Berlin" || got["fallback_used"] != false || got["primary"] == "" {
		t.Errorf("on call = %s", out)
	}
	if code, _, _ := runCmd(t, nil, "oncall", "--config", example, "--at", "yesterday"); code != exitUsage {
		t.Errorf("bad --at: exit %d, want 2", code)
	}
}

func TestLadderJSON(t *testing.T) {
	code, out, errOut := runCmd(t, nil, "ladder", "--config", example, "--received", "2026-11-24T09:00:00Z", "--marketplace", "amazon.co.uk", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var plan struct {
		Deadline time.Time `json:"deadline"`
		Steps    []struct {
			At      time.Time `json:"at"`
			Step    string    `json:"step"`
			Targets []string  `json:"targets"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if want := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC); !plan.Deadline.Equal(want) {
		t.Errorf("deadline %v, want %v (24h)", plan.Deadline, want)
	}
	if len(plan.Steps) == 0 || plan.Steps[len(plan.Steps)-1].Step != "breach" || !plan.Steps[len(plan.Steps)-1].At.Equal(plan.Deadline) {
		t.Errorf("steps = %+v", plan.Steps)
	}
	for i := 1; i < len(plan.Steps); i++ {
		if plan.Steps[i].At.Before(plan.Steps[i-1].At) {
			t.Errorf("steps out of order: %+v", plan.Steps)
		}
	}
	if code, _, _ := runCmd(t, nil, "ladder", "--config", example); code != exitUsage {
		t.Errorf("missing --received: exit %d, want 2", code)
	}
}

func TestRotaCoverage(t *testing.T) {
	code, out, errOut := runCmd(t, nil, "rota", "coverage", "--config", example, "--from", "2026-12-21", "--days", "14", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var gaps []struct{ From, To time.Time }
	if err := json.Unmarshal([]byte(out), &gaps); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	// Christmas: Berlin, New York and Sydney all have 25 December off.
	found := false
	for _, g := range gaps {
		if !g.To.After(g.From) {
			t.Errorf("empty gap %+v", g)
		}
		if g.From.Month() == 12 && g.From.Day() >= 24 && g.From.Day() <= 26 {
			found = true
		}
	}
	if !found {
		t.Errorf("no gap found around Christmas: %s", out)
	}
	code, out, _ = runCmd(t, nil, "rota", "coverage", "--config", example, "--from", "2026-12-21", "--days", "14")
	if code != exitOK || !strings.Contains(out, "gaps with nobody on shift") {
		t.Errorf("text output: %d %s", code, out)
	}
	if code, _, _ := runCmd(t, nil, "rota"); code != exitUsage {
		t.Errorf("rota without subcommand: exit %d, want 2", code)
	}
}
