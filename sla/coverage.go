package sla

import (
	"slices"
	"time"
)

// Gap is an interval, in UTC, with nobody at all on shift.
type Gap struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Coverage returns the gaps in [from, from + days×24h): intervals when no
// member of any team is on shift, overrides and holidays included.
// Adjacent gaps are merged.
func (r Rota) Coverage(from time.Time, days int) []Gap {
	from = from.UTC()
	to := from.Add(time.Duration(days) * 24 * time.Hour)
	points := append([]time.Time{from}, r.boundaries("", from, to)...)
	var gaps []Gap
	for i, p := range points {
		if r.anyone("", p) {
			continue
		}
		end := to
		if i+1 < len(points) {
			end = points[i+1]
		}
		if n := len(gaps); n > 0 && gaps[n-1].To.Equal(p) {
			gaps[n-1].To = end
			continue
		}
		gaps = append(gaps, Gap{p, end})
	}
	return gaps
}

// NextOnShift returns the first instant in [at, until) at which someone is
// on shift; false if nobody will be, e.g. before a message's deadline, which
// means escalating to the fallback at once.
func (r Rota) NextOnShift(at, until time.Time) (time.Time, bool) {
	return r.nextOnShift("", at, until)
}

func (r *Rota) nextOnShift(marketplace string, at, until time.Time) (time.Time, bool) {
	if !at.Before(until) {
		return time.Time{}, false
	}
	if r.anyone(marketplace, at) {
		return at.UTC(), true
	}
	for _, b := range r.boundaries(marketplace, at, until) {
		if r.anyone(marketplace, b) {
			return b, true
		}
	}
	return time.Time{}, false
}

func (r *Rota) anyone(marketplace string, at time.Time) bool {
	for i := range r.Teams {
		if t := &r.Teams[i]; serves(t.Marketplaces, marketplace) && r.staffed(t, at) {
			return true
		}
	}
	return false
}

// staffed reports whether anyone of the team is on shift at at.
func (r *Rota) staffed(t *Team, at time.Time) bool {
	for j := range t.Members {
		if _, ok := r.present(t, j, at); ok {
			return true
		}
	}
	return false
}

// boundaries returns, sorted and in UTC, every instant in (from, to) at
// which someone's being on shift may change: span starts and ends, holiday
// bounds and override bounds. Between two boundaries nothing changes.
func (r *Rota) boundaries(marketplace string, from, to time.Time) []time.Time {
	return r.teamBoundaries(func(t *Team) bool { return serves(t.Marketplaces, marketplace) }, from, to)
}

// teamBoundaries is boundaries for the teams keep accepts.
func (r *Rota) teamBoundaries(keep func(*Team) bool, from, to time.Time) []time.Time {
	var out []time.Time
	add := func(t time.Time) {
		if t.After(from) && t.Before(to) {
			out = append(out, t.UTC())
		}
	}
	var ivs []interval
	for i := range r.Teams {
		t := &r.Teams[i]
		if !keep(t) {
			continue
		}
		for j := range t.Members {
			m := &t.Members[j]
			loc, week := t.zoneOf(m), t.hoursOf(m)
			last := DateOf(to.In(loc))
			for d := DateOf(from.In(loc)).AddDays(-1); d.Compare(last) <= 0; d = d.AddDays(1) {
				ivs = week.shifts(ivs[:0], d, loc)
				for _, iv := range ivs {
					add(iv.from)
					add(iv.to)
				}
			}
		}
		for _, h := range t.Holidays {
			iv := t.holiday(h)
			add(iv.from)
			add(iv.to)
		}
	}
	for _, o := range r.Overrides {
		add(o.Start)
		add(o.End)
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}
