package sla

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

// The target names a Step may use besides literal Slack ids.
const (
	TargetAssignee          = "assignee"           // the claimer, else the on-call primary
	TargetOnCall            = "oncall"             // the on-call primary
	TargetOnShift           = "on_shift"           // everyone of the on-call team on shift
	TargetLead              = "lead"               // the team's lead
	TargetGroup             = "group"              // the team's user group
	TargetHere              = "here"               // @here in the team's channel
	TargetFallback          = "fallback"           // the rota's fallback
	TargetEscalationChannel = "escalation_channel" // the rota's escalation channel
)

// Step is one rung of the escalation ladder.
type Step struct {
	Name string
	// Before is how long before the deadline the step fires; 0 is at the
	// deadline, negative is after it.
	Before time.Duration
	// Targets are target names (see the Target… constants) or literal Slack
	// ids (U…/W… users, S… groups, C…/G… channels).
	Targets []string
	// DM sends to users directly instead of mentioning them in the thread.
	DM bool
	// RespectOffHours replaces a person off shift by whoever of their team
	// is on call, else by the fallback.
	RespectOffHours bool
}

// Ladder is the escalation ladder; each step fires once per clock.
type Ladder []Step

// Due is a step of the ladder with the instant it comes due.
type Due struct {
	Index int       // position in the Ladder; part of the step's key
	Step  Step      //
	At    time.Time // deadline − Before, in UTC
}

// StepKey is the idempotency key of the escalated event recording that
// step index fired for clock: "esc/<clock>/<index>".
func StepKey(clock, index int) string {
	return "esc/" + strconv.Itoa(clock) + "/" + strconv.Itoa(index)
}

// Timeline returns the ladder's steps for a deadline, sorted by At (ties in
// ladder order).
func (l Ladder) Timeline(deadline time.Time) []Due {
	out := make([]Due, len(l))
	for i, s := range l {
		out[i] = Due{Index: i, Step: s, At: deadline.Add(-s.Before).UTC()}
	}
	slices.SortFunc(out, byAt)
	return out
}

// Lead is how long before the deadline the earliest step fires (0 if no
// step precedes the deadline). A scheduler scanning the store's deadline
// index for steps due by T scans deadlines up to T + Lead.
func (l Ladder) Lead() time.Duration {
	var lead time.Duration
	for _, s := range l {
		lead = max(lead, s.Before)
	}
	return lead
}

// Next returns the step to fire now for the case's current clock: the
// earliest step in timeline order whose key has not fired and which is due
// at or before now. Steps that were already past due when the case opened
// (or while the service was down) come one by one, in order, each once, as
// the caller records them. There is none for a case that is not open and
// waiting (answered, resolved, no response needed) or has no deadline.
func (l Ladder) Next(c buyerdesk.Case, fired func(key string) bool, now time.Time) (Due, bool) {
	d, ok := l.pending(c, fired)
	if !ok || d.At.After(now) {
		return Due{}, false
	}
	return d, true
}

// Wake returns when the case's next unfired step comes due, for the
// scheduler's timer; false when no step remains.
func (l Ladder) Wake(c buyerdesk.Case, fired func(key string) bool) (time.Time, bool) {
	d, ok := l.pending(c, fired)
	return d.At, ok
}

func (l Ladder) pending(c buyerdesk.Case, fired func(string) bool) (Due, bool) {
	if !c.Waiting() || c.State != buyerdesk.StateOpen || c.Deadline.IsZero() {
		return Due{}, false
	}
	for _, d := range l.Timeline(c.Deadline) {
		if !fired(StepKey(c.Clock, d.Index)) {
			return d, true
		}
	}
	return Due{}, false
}

// byAt orders dues by instant, then ladder index.
func byAt(a, b Due) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Index, b.Index))
}
