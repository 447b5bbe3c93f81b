package sla

import (
	"fmt"
	"time"
)

// Date is a civil date (year, month, day) without a zone. It names a day of
// a calendar; a zone turns it into instants.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date: %w", err)
	}
	return DateOf(t), nil
}

// String formats d as "2006-01-02".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// MarshalText formats d as "2006-01-02".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses "2006-01-02".
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// noon is d at 12:00 UTC: a calendar anchor free of DST.
func (d Date) noon() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

// AddDays returns the date n calendar days after d (before, if n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.noon().AddDate(0, 0, n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

// DaysSince returns the number of calendar days from o to d (negative if d is
// before o).
func (d Date) DaysSince(o Date) int { return int(d.noon().Sub(o.noon()) / (24 * time.Hour)) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int { return d.noon().Compare(o.noon()) }

// At returns the instant at which the wall clock in loc shows d at minute
// (minutes after midnight; 1440 and beyond run into the following days).
//
// Wall-clock times that do not exist (the gap when clocks spring forward)
// map to the first valid instant after the gap, i.e. the switch itself:
// 02:30 on 29 March 2026 in Europe/Berlin is 03:00 CEST. Times that occur
// twice (clocks falling back) map to the first occurrence: 02:30 on
// 25 October 2026 in Europe/Berlin is 02:30 CEST, not CET.
func (d Date) At(minute int, loc *time.Location) time.Time {
	if minute >= 1440 || minute < 0 {
		days := minute / 1440
		if minute < 0 && minute%1440 != 0 {
			days--
		}
		d, minute = d.AddDays(days), minute-days*1440
	}
	h, m := minute/60, minute%60
	t := time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, loc)
	if !shows(t, d, h, m) {
		// In the spring-forward gap: the switch is the zone boundary
		// nearest to t (gaps last hours, zones last months).
		start, end := t.ZoneBounds()
		if end.IsZero() || t.Sub(start) <= end.Sub(t) {
			return start
		}
		return end
	}
	// An earlier occurrence exists if t is in the zone that followed a
	// fall-back switch and the same wall time also existed before it.
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t
	}
	_, before := start.Add(-time.Second).Zone()
	_, now := t.Zone()
	if before > now {
		early := t.Add(-time.Duration(before-now) * time.Second)
		if early.Before(start) && shows(early, d, h, m) {
			return early
		}
	}
	return t
}

func shows(t time.Time, d Date, h, m int) bool {
	return DateOf(t) == d && t.Hour() == h && t.Minute() == m
}
