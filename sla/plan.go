package sla

import (
	"time"

	"github.com/buyerdesk/buyerdesk"
)

// ReasonNobodyOnShift explains an immediate escalation to the fallback.
const ReasonNobodyOnShift = "nobody is on shift before the deadline"

// Plan is the escalation timeline a buyer message would get.
type Plan struct {
	Deadline time.Time  `json:"deadline"`
	Steps    []PlanStep `json:"steps"`
}

// PlanStep is one escalation of a Plan, with whom it would reach.
type PlanStep struct {
	At      time.Time `json:"at"`
	Step    string    `json:"step"`
	Targets []string  `json:"targets"` // Target.String of each
	Reason  string    `json:"reason,omitempty"`
}

// Plan returns the timeline for a message to marketplace received at
// received with the given window: each ladder step at its due instant (a
// step already past due at receipt fires at receipt), with its targets
// resolved through the rota at that instant. If nobody of the teams
// serving the marketplace will be on shift before the deadline, the plan
// starts with an immediate step "fallback" giving the reason.
func (r Rota) Plan(l Ladder, marketplace string, received time.Time, window time.Duration) Plan {
	received = received.UTC()
	deadline := received.Add(window)
	p := Plan{Deadline: deadline, Steps: []PlanStep{}}
	if r.Uncovered(marketplace, received, deadline) {
		p.Steps = append(p.Steps, PlanStep{
			At: received, Step: TargetFallback, Targets: []string{r.Fallback.String()}, Reason: ReasonNobodyOnShift,
		})
	}
	c := buyerdesk.Case{
		Marketplace: marketplace, State: buyerdesk.StateOpen, Clock: 1,
		WaitingSince: received, Deadline: deadline,
	}
	for _, d := range l.Timeline(deadline) {
		at := d.At
		if at.Before(received) {
			at = received
		}
		ps := PlanStep{At: at, Step: d.Step.Name, Targets: []string{}}
		for _, t := range r.Resolve(d.Step, c, at) {
			ps.Targets = append(ps.Targets, t.String())
		}
		p.Steps = append(p.Steps, ps)
	}
	return p
}

// Uncovered reports whether nobody of the teams serving marketplace will be
// on shift in [from, deadline): the case goes to the fallback at once.
func (r Rota) Uncovered(marketplace string, from, deadline time.Time) bool {
	_, ok := r.nextOnShift(marketplace, from, deadline)
	return !ok
}
