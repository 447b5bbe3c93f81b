package sla

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Rota says who works when: teams around the world, overrides that win
// over them, and a fallback for when nobody is on shift.
type Rota struct {
	// Teams in priority order: when several are on shift, the first wins
	// the on-call.
	Teams []Team
	// Fallback is on call whenever nobody is on shift; it must be set.
	Fallback Target
	// Overrides are handovers and absences with expiry.
	Overrides []Override
	// EscalationChannel receives the escalation_channel target; empty means
	// the on-call team's channel.
	EscalationChannel string
}

// Team is a group of agents sharing a zone, working hours and holidays.
type Team struct {
	Name         string
	Zone         *time.Location
	Hours        Week
	Holidays     []Date // the team is off all day, in its zone
	Members      []Member
	Rotation     Rotation
	Lead         string   // Slack user id
	Group        string   // Slack user group id
	Channel      string   // Slack channel id
	Marketplaces []string // empty: every marketplace
}

// Member is one agent. Zone and Hours default to the team's; a member with
// only a Zone works the team's hours on their own wall clock.
type Member struct {
	ID    string
	Zone  *time.Location
	Hours *Week
}

// RotationKind says how the primary is chosen among those on shift.
type RotationKind string

// The rotations. Daily and Weekly count from Rotation.Start in the team's
// zone; see Rota.OnCall for the rule.
const (
	Daily  RotationKind = "daily"
	Weekly RotationKind = "weekly"
	All    RotationKind = "all"
)

// Rotation chooses the primary on-call person of a team. An empty Kind is
// Daily; a zero Start counts from year 1.
type Rotation struct {
	Kind  RotationKind
	Start Date
}

// OverrideKind says what an override does.
type OverrideKind string

// The overrides.
const (
	// Handover: To takes From's slot (shift and primary duty).
	Handover OverrideKind = "handover"
	// Away: From is off shift.
	Away OverrideKind = "away"
)

// Override wins over the base rota while Start ≤ at < End.
type Override struct {
	Kind       OverrideKind
	From, To   string // Slack user ids; To only for Handover
	Start, End time.Time
}

func (o Override) active(at time.Time) bool { return !at.Before(o.Start) && at.Before(o.End) }

// Validate reports what would make the rota's answers wrong.
func (r Rota) Validate() error {
	if r.Fallback.ID == "" {
		return errors.New("rota: no fallback")
	}
	for _, t := range r.Teams {
		if t.Zone == nil {
			return fmt.Errorf("team %q: no zone", t.Name)
		}
		if err := t.Hours.Validate(); err != nil {
			return fmt.Errorf("team %q hours: %w", t.Name, err)
		}
		switch t.Rotation.Kind {
		case Daily, Weekly, All, "":
		default:
			return fmt.Errorf("team %q: unknown rotation %q", t.Name, t.Rotation.Kind)
		}
		for _, m := range t.Members {
			if m.ID == "" {
				return fmt.Errorf("team %q: member without id", t.Name)
			}
			if m.Hours != nil {
				if err := m.Hours.Validate(); err != nil {
					return fmt.Errorf("team %q member %s hours: %w", t.Name, m.ID, err)
				}
			}
		}
	}
	for _, o := range r.Overrides {
		if o.Kind == Handover && o.To == "" {
			return fmt.Errorf("handover from %s: no recipient", o.From)
		}
		if !o.Start.Before(o.End) {
			return fmt.Errorf("%s of %s: ends before it starts", o.Kind, o.From)
		}
	}
	return nil
}

func (t *Team) zoneOf(m *Member) *time.Location {
	if m.Zone != nil {
		return m.Zone
	}
	return t.Zone
}

func (t *Team) hoursOf(m *Member) *Week {
	if m.Hours != nil {
		return m.Hours
	}
	return &t.Hours
}

// memberShifts returns m's working intervals for the shifts starting on
// the dates first..last in m's zone, with the team's holidays cut out,
// merged and sorted.
func (t *Team) memberShifts(m *Member, first, last Date) []interval {
	loc, week := t.zoneOf(m), t.hoursOf(m)
	var ivs []interval
	for d := first; d.Compare(last) <= 0; d = d.AddDays(1) {
		ivs = week.shifts(ivs, d, loc)
	}
	// Member zones differ from the team's by at most a day either way.
	lo, hi := first.AddDays(-1), last.AddDays(2)
	for _, h := range t.Holidays {
		if h.Compare(lo) >= 0 && h.Compare(hi) <= 0 {
			ivs = cut(ivs, t.holiday(h))
		}
	}
	return merge(ivs)
}

// holiday is the whole day h in the team's zone.
func (t *Team) holiday(h Date) interval {
	return interval{h.At(0, t.Zone), h.AddDays(1).At(0, t.Zone)}
}

// onHoliday reports whether at falls on one of the team's holidays.
func (t *Team) onHoliday(at time.Time) bool {
	return len(t.Holidays) > 0 && slices.Contains(t.Holidays, DateOf(at.In(t.Zone)))
}

// onShift reports whether m works at at: inside one of their spans that
// started that day or the day before, and not on a team holiday.
func (t *Team) onShift(m *Member, at time.Time) bool {
	loc, week := t.zoneOf(m), t.hoursOf(m)
	d := DateOf(at.In(loc))
	var buf [4]interval
	for _, day := range [2]Date{d.AddDays(-1), d} {
		for _, iv := range week.shifts(buf[:0], day, loc) {
			if iv.contains(at) {
				return !t.onHoliday(at)
			}
		}
	}
	return false
}

// shiftAt returns m's contiguous working interval containing at. The end
// is looked for up to horizon days ahead.
func (t *Team) shiftAt(m *Member, at time.Time, horizon int) (interval, bool) {
	d := DateOf(at.In(t.zoneOf(m)))
	for _, iv := range t.memberShifts(m, d.AddDays(-1), d.AddDays(horizon)) {
		if iv.contains(at) {
			return iv, true
		}
	}
	return interval{}, false
}
