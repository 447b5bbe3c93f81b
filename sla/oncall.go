package sla

import (
	"slices"
	"time"
)

// OnCall is who answers for buyer messages at an instant.
type OnCall struct {
	At      time.Time `json:"at"`
	Team    string    `json:"team"`    // empty when the fallback is used
	Primary string    `json:"primary"` // never empty: the fallback's id when nobody is on shift
	// OnShift is everyone of the team on shift, in member order, after
	// overrides.
	OnShift []string `json:"on_shift"`
	// ShiftEndsAt is when the primary's shift ends: the end of the
	// primary slot's span (spans that touch join; looked for up to a week
	// ahead), or earlier when a handover giving the slot expires or the
	// holder's absence begins. With the fallback, when someone comes on
	// shift (zero if nobody does within a week).
	ShiftEndsAt  time.Time `json:"shift_ends_at"`
	FallbackUsed bool      `json:"fallback_used"`
}

// Pick returns the n-th person of a round robin over those on shift: the
// load-balanced assignment for teams with the All rotation (n counts the
// cases assigned so far). With nobody on shift it returns the primary.
func (o OnCall) Pick(n uint64) string {
	if len(o.OnShift) == 0 {
		return o.Primary
	}
	return o.OnShift[n%uint64(len(o.OnShift))]
}

// horizon bounds, in days, how far ahead shift ends and next shifts are
// looked for.
const horizon = 7

// OnCall returns who is on call at an instant, over all teams: the first
// team (in Rota order) with anyone on shift, else the fallback.
//
// A member is on shift when at lies in one of their spans (their own zone
// and hours if set, else the team's), not on a team holiday (a whole day in
// the team's zone), and they are not Away. A Handover puts To in From's slot.
//
// The primary is chosen by the team's rotation over its member list. The
// rotation day is the date, in the team's zone, on which the team's current
// shift (a span of Team.Hours containing at) started, else at's date, so a
// night shift keeps one primary past midnight. Daily counts days since
// Rotation.Start, Weekly counts whole weeks; from member index
// (count mod len(Members)) onwards, the first member whose slot is on shift
// is primary (through a handover, its holder). All uses the daily rule for
// the primary and leaves load balancing to OnCall.Pick.
func (r Rota) OnCall(at time.Time) OnCall { return r.OnCallFor("", at) }

// OnCallFor is OnCall restricted to the teams serving a marketplace; an
// empty marketplace means all teams.
func (r Rota) OnCallFor(marketplace string, at time.Time) OnCall {
	for i := range r.Teams {
		t := &r.Teams[i]
		if !serves(t.Marketplaces, marketplace) {
			continue
		}
		if o, ok := r.teamOnCall(t, at); ok {
			return o
		}
	}
	o := OnCall{At: at.UTC(), Primary: r.Fallback.ID, OnShift: []string{}, FallbackUsed: true}
	if next, ok := r.nextOnShift(marketplace, at, at.AddDate(0, 0, horizon)); ok {
		o.ShiftEndsAt = next.UTC()
	}
	return o
}

// TeamOnCall returns who of the named team is on call at an instant; false
// if the team is unknown or nobody of it is on shift.
func (r Rota) TeamOnCall(team string, at time.Time) (OnCall, bool) {
	for i := range r.Teams {
		if r.Teams[i].Name == team {
			return r.teamOnCall(&r.Teams[i], at)
		}
	}
	return OnCall{}, false
}

// slot is a member's place on shift and who holds it.
type slot struct {
	member int
	holder string
	until  time.Time // end of the handover that gave the holder the slot
}

// slots returns the team's slots on shift at at, in member order.
func (r *Rota) slots(t *Team, at time.Time) []slot {
	var out []slot
	for i := range t.Members {
		if s, ok := r.present(t, i, at); ok {
			out = append(out, s)
		}
	}
	return out
}

// present returns member i's slot if it is on shift at at: the member
// works then, and whoever holds the slot after handovers is not away.
func (r *Rota) present(t *Team, i int, at time.Time) (slot, bool) {
	if !t.onShift(&t.Members[i], at) {
		return slot{}, false
	}
	h, until := r.holder(t.Members[i].ID, at)
	if r.away(h, at) {
		return slot{}, false
	}
	return slot{i, h, until}, true
}

func (r *Rota) teamOnCall(t *Team, at time.Time) (OnCall, bool) {
	slots := r.slots(t, at)
	if len(slots) == 0 {
		return OnCall{}, false
	}
	o := OnCall{At: at.UTC(), Team: t.Name, OnShift: make([]string, 0, len(slots))}
	for _, s := range slots {
		if !slices.Contains(o.OnShift, s.holder) {
			o.OnShift = append(o.OnShift, s.holder)
		}
	}
	p := slots[r.primary(t, slots, at)]
	o.Primary = p.holder
	end, _ := t.shiftAt(&t.Members[p.member], at, horizon)
	o.ShiftEndsAt = end.to
	if !p.until.IsZero() && p.until.Before(o.ShiftEndsAt) {
		o.ShiftEndsAt = p.until
	}
	if a, ok := r.nextAway(p.holder, at, o.ShiftEndsAt); ok {
		o.ShiftEndsAt = a
	}
	o.ShiftEndsAt = o.ShiftEndsAt.UTC()
	return o, true
}

// primary returns the index in slots of the primary.
func (r *Rota) primary(t *Team, slots []slot, at time.Time) int {
	n := rotationDay(t, at).DaysSince(t.Rotation.Start)
	if t.Rotation.Kind == Weekly {
		n = floorDiv(n, 7)
	}
	first := mod(n, len(t.Members))
	best, bestRank := 0, len(t.Members)
	for i, s := range slots {
		if rank := mod(s.member-first, len(t.Members)); rank < bestRank {
			best, bestRank = i, rank
		}
	}
	return best
}

// rotationDay is the date in the team's zone on which the team's shift
// containing at started, else at's date there.
func rotationDay(t *Team, at time.Time) Date {
	d := DateOf(at.In(t.Zone))
	var ivs []interval
	for _, day := range []Date{d, d.AddDays(-1)} { // the later start wins
		ivs = t.Hours.shifts(ivs[:0], day, t.Zone)
		for _, iv := range ivs {
			if iv.contains(at) {
				return day
			}
		}
	}
	return d
}

// holder follows active handovers, in order, from a slot's owner.
func (r *Rota) holder(id string, at time.Time) (string, time.Time) {
	var until time.Time
	for _, o := range r.Overrides {
		if o.Kind == Handover && o.From == id && o.active(at) {
			id = o.To
			if until.IsZero() || o.End.Before(until) {
				until = o.End
			}
		}
	}
	return id, until
}

func (r *Rota) away(id string, at time.Time) bool {
	for _, o := range r.Overrides {
		if o.Kind == Away && o.From == id && o.active(at) {
			return true
		}
	}
	return false
}

// nextAway returns the earliest start of an absence of id in (after, before).
func (r *Rota) nextAway(id string, after, before time.Time) (time.Time, bool) {
	var first time.Time
	for _, o := range r.Overrides {
		if o.Kind == Away && o.From == id && o.Start.After(after) && o.Start.Before(before) &&
			(first.IsZero() || o.Start.Before(first)) {
			first = o.Start
		}
	}
	return first, !first.IsZero()
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func mod(a, b int) int { return a - floorDiv(a, b)*b }
