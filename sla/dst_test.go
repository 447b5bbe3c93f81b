package sla

import (
	"testing"
	"time"
)

// TestOnCallYearAgainstWallClock walks 2026 in every zone of the brief and
// checks OnCall against an oracle that only reads the local wall clock:
// the team works 09:00–17:00 and 22:00–06:00, so an instant is on shift
// exactly when its local time falls in one of those ranges, a shift ends on
// the wall clock at 17:00 or 06:00, and the fallback hands back at 09:00 or
// 22:00. Every DST switch of the year lies on the way.
func TestOnCallYearAgainstWallClock(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/New_York", "America/Los_Angeles",
		"Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			loc := zone(t, name)
			r := Rota{Fallback: fallback, Teams: []Team{{
				Name: "t", Zone: loc, Hours: every(t, "09:00-17:00", "22:00-06:00"), Members: []Member{{ID: "U1"}},
			}}}
			wall := func(x time.Time) int { l := x.In(loc); return l.Hour()*60 + l.Minute() }
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			end := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			for at := start; at.Before(end); at = at.Add(67 * time.Minute) {
				w := wall(at)
				want := (w >= 9*60 && w < 17*60) || w >= 22*60 || w < 6*60
				o := r.OnCall(at)
				if o.FallbackUsed == want {
					t.Fatalf("%s (local %s): OnCall %+v, want on shift %v", at, at.In(loc), o, want)
				}
				if !o.ShiftEndsAt.After(at) || o.ShiftEndsAt.Sub(at) > 9*time.Hour+30*time.Minute {
					t.Fatalf("%s: ShiftEndsAt %s", at, o.ShiftEndsAt)
				}
				e := wall(o.ShiftEndsAt)
				if want && e != 17*60 && e != 6*60 || !want && e != 9*60 && e != 22*60 {
					t.Fatalf("%s: ShiftEndsAt %s local %s", at, o.ShiftEndsAt, o.ShiftEndsAt.In(loc))
				}
			}
		})
	}
}
