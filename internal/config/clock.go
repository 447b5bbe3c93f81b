package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Clock is a wall-clock time of day in minutes after midnight, 0 to 1440
// (24:00 is allowed only as the end of a range).
type Clock int

// ParseClock reads "HH:MM".
func ParseClock(s string) (Clock, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, fmt.Errorf("clock time %q is not HH:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("clock time %q is not HH:MM between 00:00 and 24:00", s)
	}
	return Clock(hh*60 + mm), nil
}

// Hour and Minute split the clock.
func (c Clock) Hour() int   { return int(c) / 60 }
func (c Clock) Minute() int { return int(c) % 60 }

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour(), c.Minute()) }

// On returns the instant the clock shows on the given day in loc. Near a
// DST switch this follows time.Date: a skipped time moves forward.
func (c Clock) On(d Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, c.Hour(), c.Minute(), 0, 0, loc)
}

// Span is a range of wall-clock time. End <= Start means the span crosses
// midnight ("22:00-06:00" runs into the next day); "00:00-24:00" is all day.
type Span struct {
	Start, End Clock
}

// ParseSpan reads "HH:MM-HH:MM".
func ParseSpan(s string) (Span, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Span{}, fmt.Errorf("time range %q is not HH:MM-HH:MM", s)
	}
	start, err := ParseClock(strings.TrimSpace(a))
	if err != nil {
		return Span{}, err
	}
	end, err := ParseClock(strings.TrimSpace(b))
	if err != nil {
		return Span{}, err
	}
	switch {
	case start == 24*60:
		return Span{}, fmt.Errorf("time range %q starts at 24:00; use 00:00", s)
	case start == end:
		return Span{}, fmt.Errorf("time range %q is empty; use 00:00-24:00 for the whole day", s)
	}
	return Span{Start: start, End: end}, nil
}

// Overnight reports whether the span crosses midnight.
func (s Span) Overnight() bool { return s.End <= s.Start }

// Length is how long the span lasts on a day without a DST switch.
func (s Span) Length() time.Duration {
	d := s.End - s.Start
	if s.Overnight() {
		d += 24 * 60
	}
	return time.Duration(d) * time.Minute
}

func (s Span) String() string { return s.Start.String() + "-" + s.End.String() }

// Week is working hours per weekday, indexed by time.Weekday. A span that
// crosses midnight belongs to the day it starts on.
type Week [7][]Span

// IsZero reports whether no hours are set on any day.
func (w Week) IsZero() bool {
	for _, d := range w {
		if len(d) > 0 {
			return false
		}
	}
	return true
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// parseDays reads a weekday key: a name ("mon", "monday"), a range
// ("mon-fri", "fri-mon" wraps) or "daily".
func parseDays(key string) ([]time.Weekday, error) {
	k := strings.ToLower(strings.TrimSpace(key))
	if k == "daily" {
		return []time.Weekday{0, 1, 2, 3, 4, 5, 6}, nil
	}
	a, b, isRange := strings.Cut(k, "-")
	first, ok := weekdayNames[a]
	if !ok {
		return nil, fmt.Errorf("unknown weekday %q (use mon, tue, wed, thu, fri, sat, sun, a range like mon-fri, or daily)", key)
	}
	if !isRange {
		return []time.Weekday{first}, nil
	}
	last, ok := weekdayNames[b]
	if !ok {
		return nil, fmt.Errorf("unknown weekday %q (use mon, tue, wed, thu, fri, sat, sun, a range like mon-fri, or daily)", key)
	}
	days := []time.Weekday{first}
	for d := first; d != last; {
		d = (d + 1) % 7
		days = append(days, d)
	}
	return days, nil
}

// Date is a calendar day without a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not a valid YYYY-MM-DD date", s)
	}
	return DateOf(t), nil
}

// DateOf is the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Start is midnight at the beginning of the day in loc.
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }
