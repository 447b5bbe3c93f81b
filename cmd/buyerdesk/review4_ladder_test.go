package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

type review4Plan struct {
	Deadline time.Time `json:"deadline"`
	Steps    []struct {
		At      time.Time `json:"at"`
		Step    string    `json:"step"`
		Targets []string  `json:"targets"`
		Reason  string    `json:"reason"`
	} `json:"steps"`
}

func review4Ladder(t *testing.T, received, marketplace string) review4Plan {
	t.Helper()
	code, out, errOut := runCmd(t, nil, "ladder", "--config", example, "--received", received, "--marketplace", marketplace, "--json")
	if code != exitOK {
		t.Fatalf("ladder exit %d: %s", code, errOut)
	}
	var p review4Plan
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return p
}

func review4Primary(t *testing.T, at time.Time) string {
	t.Helper()
	code, out, errOut := runCmd(t, nil, "oncall", "--config", example, "--at", at.Format(time.RFC3339), "--json")
	if code != exitOK {
		t.Fatalf("oncall exit %d: %s", code, errOut)
	}
	var oc struct {
		Primary string `json:"primary"`
	}
	if err := json.Unmarshal([]byte(out), &oc); err != nil {
		t.Fatal(err)
	}
	return oc.Primary
}

// TestLadderNamesWhoEachStepReaches: `buyerdesk ladder` uses the
// marketplace's window (amazon.de: 20h in the example) and resolves each
// step's targets through the rota at the instant the step fires: the
// remind step reaches whoever `buyerdesk oncall` names then, the escalate
// step DMs them, the breach goes to the escalation channel. A message
// into a holiday gap nobody covers before its deadline goes to the
// fallback at once, with the reason.
func TestLadderNamesWhoEachStepReaches(t *testing.T) {
	p := review4Ladder(t, "2026-11-24T09:00:00Z", "amazon.de")
	if want := time.Date(2026, 11, 25, 5, 0, 0, 0, time.UTC); !p.Deadline.Equal(want) {
		t.Fatalf("deadline %s, want %s (amazon.de 20h)", p.Deadline, want)
	}
	names := []string{}
	for _, s := range p.Steps {
		names = append(names, s.Step)
		if len(s.Targets) == 0 {
			t.Errorf("step %s reaches nobody", s.Step)
		}
		switch s.Step {
		case "remind":
			if want := review4Primary(t, s.At); !slices.Equal(s.Targets, []string{want}) {
				t.Errorf("remind at %s reaches %v, want the on-call %s", s.At, s.Targets, want)
			}
		case "escalate":
			if want := review4Primary(t, s.At) + " (DM)"; !slices.Contains(s.Targets, want) {
				t.Errorf("escalate at %s reaches %v, want a DM to %s", s.At, s.Targets, want)
			}
			for _, tg := range s.Targets {
				if !strings.HasSuffix(tg, " (DM)") {
					t.Errorf("escalate target %s is not a DM", tg)
				}
			}
		case "breach":
			if !s.At.Equal(p.Deadline) || !slices.Equal(s.Targets, []string{"C0ESCALATE"}) {
				t.Errorf("breach %+v", s)
			}
		}
	}
	if !slices.Equal(names, []string{"remind", "escalate", "alarm", "breach"}) {
		t.Errorf("steps %v", names)
	}

	// 24 December 23:00 UTC: nobody serving amazon.de is on shift until
	// 25 December 21:00, after the 20h deadline.
	p = review4Ladder(t, "2026-12-24T23:00:00Z", "amazon.de")
	first := p.Steps[0]
	if first.Step != "fallback" || !first.At.Equal(time.Date(2026, 12, 24, 23, 0, 0, 0, time.UTC)) ||
		!slices.Equal(first.Targets, []string{"U0HEAD0001"}) || !strings.Contains(first.Reason, "nobody is on shift") {
		t.Errorf("first step into the gap %+v, want the fallback at once with the reason", first)
	}
	if p := review4Ladder(t, "2026-11-24T09:00:00Z", "amazon.de"); p.Steps[0].Step == "fallback" {
		t.Errorf("covered message went to the fallback: %+v", p.Steps[0])
	}
}
