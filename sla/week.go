package sla

import (
	"fmt"
	"slices"
	"time"
)

// Span is a range of wall-clock time in minutes after midnight. End ≤ Start
// means the range crosses midnight into the next day (22:00–06:00 is
// {1320, 360}; {0, 0} is a whole day). End may be 1440 (24:00). Its
// instants follow the wall clock of the zone, with Date.At's rule for
// times that do not exist or occur twice.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Week holds the working spans of each weekday, indexed by time.Weekday
// (Sunday = 0). A span belongs to the weekday it starts on.
type Week [7][]Span

// Validate reports a span outside the day.
func (w *Week) Validate() error {
	for day, spans := range w {
		for _, s := range spans {
			if s.Start < 0 || s.Start >= 1440 || s.End < 0 || s.End > 1440 {
				return fmt.Errorf("%s span %d-%d: minutes out of range", time.Weekday(day), s.Start, s.End)
			}
		}
	}
	return nil
}

// interval is the half-open range [from, to) of instants.
type interval struct{ from, to time.Time }

func (iv interval) contains(t time.Time) bool { return !t.Before(iv.from) && t.Before(iv.to) }

// shifts appends the intervals of the spans starting on date d in loc. A
// span's length is what the wall clock says: 01:00–09:00 in Berlin on the
// spring-forward day is seven elapsed hours. Spans that vanish in a gap are
// dropped.
func (w *Week) shifts(dst []interval, d Date, loc *time.Location) []interval {
	for _, s := range w[d.Weekday()] {
		end := s.End
		if end <= s.Start {
			end += 1440
		}
		iv := interval{d.At(s.Start, loc), d.At(end, loc)}
		if iv.from.Before(iv.to) {
			dst = append(dst, iv)
		}
	}
	return dst
}

// cut removes [c.from, c.to) from every interval of ivs.
func cut(ivs []interval, c interval) []interval {
	out := ivs[:0:0]
	for _, iv := range ivs {
		if !iv.from.Before(c.to) || !c.from.Before(iv.to) {
			out = append(out, iv)
			continue
		}
		if iv.from.Before(c.from) {
			out = append(out, interval{iv.from, c.from})
		}
		if c.to.Before(iv.to) {
			out = append(out, interval{c.to, iv.to})
		}
	}
	return out
}

// merge sorts ivs and joins overlapping or touching intervals.
func merge(ivs []interval) []interval {
	slices.SortFunc(ivs, func(a, b interval) int { return a.from.Compare(b.from) })
	out := ivs[:0]
	for _, iv := range ivs {
		if n := len(out); n > 0 && !iv.from.After(out[n-1].to) {
			if iv.to.After(out[n-1].to) {
				out[n-1].to = iv.to
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}
