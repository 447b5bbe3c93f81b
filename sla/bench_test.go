package sla

import (
	"fmt"
	"testing"
	"time"
)

// benchRota is three teams around the world with ten members each, mixed
// own zones and hours, holidays and a few overrides.
func benchRota(b *testing.B) Rota {
	own := every(b, "07:00-11:00", "18:00-22:00")
	zones := []string{"Europe/Berlin", "America/Los_Angeles", "Australia/Sydney"}
	r := Rota{Fallback: fallback}
	for i, z := range zones {
		t := Team{Name: z, Zone: zone(b, z), Hours: every(b, "08:00-16:00"),
			Holidays: []Date{{2026, 12, 24}, {2026, 12, 25}, {2026, 12, 31}, {2027, 1, 1}},
			Rotation: Rotation{Kind: Daily, Start: Date{2026, 1, 1}}}
		for j := range 10 {
			m := Member{ID: fmt.Sprintf("U%d%02d", i, j)}
			if j%3 == 0 {
				m.Hours = &own
			}
			if j%4 == 0 {
				m.Zone = zone(b, "Asia/Kolkata")
			}
			t.Members = append(t.Members, m)
		}
		r.Teams = append(r.Teams, t)
	}
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	r.Overrides = []Override{
		{Kind: Away, From: "U001", Start: start, End: start.Add(72 * time.Hour)},
		{Kind: Handover, From: "U102", To: "U999", Start: start, End: start.Add(8 * time.Hour)},
	}
	return r
}

func BenchmarkOnCall(b *testing.B) {
	r := benchRota(b)
	at := time.Date(2026, 6, 1, 3, 17, 0, 0, time.UTC)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		o := r.OnCall(at.Add(time.Duration(i%1440) * time.Minute))
		if o.Primary == "" {
			b.Fatal("no primary")
		}
	}
}

func BenchmarkLadderNext(b *testing.B) {
	c := openCase(b, 3, "2026-06-01T10:00:00Z")
	fired := map[string]bool{StepKey(3, 1): true, StepKey(3, 3): true}
	isFired := func(k string) bool { return fired[k] }
	now := time.Date(2026, 6, 2, 9, 30, 0, 0, time.UTC)
	l := testLadder()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := l.Next(c, isFired, now); !ok {
			b.Fatal("nothing due")
		}
	}
}

func BenchmarkCoverageWeek(b *testing.B) {
	r := benchRota(b)
	from := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		r.Coverage(from, 7)
	}
}
