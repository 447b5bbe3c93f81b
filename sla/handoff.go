package sla

import (
	"slices"
	"time"
)

// Handoff is the end of a team's shift: the instant its last member on
// shift goes off. The handoff notice is posted then.
type Handoff struct {
	Team string    `json:"team"`
	At   time.Time `json:"at"`
}

// Handoffs returns the team shift ends in (from, to], sorted by instant
// (ties in team order), for the scheduler's handoff notices and the "next
// handoff" of /buyerdesk oncall.
func (r Rota) Handoffs(from, to time.Time) []Handoff {
	var out []Handoff
	for i := range r.Teams {
		t := &r.Teams[i]
		on := r.staffed(t, from)
		// Boundaries are exclusive of to; a shift ending exactly at to counts.
		for _, b := range r.teamBoundaries(func(x *Team) bool { return x == t }, from, to.Add(time.Nanosecond)) {
			now := r.staffed(t, b)
			if on && !now {
				out = append(out, Handoff{Team: t.Name, At: b})
			}
			on = now
		}
	}
	slices.SortStableFunc(out, func(a, b Handoff) int { return a.At.Compare(b.At) })
	return out
}
