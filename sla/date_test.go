package sla

import (
	"testing"
	"time"
)

func TestDateAt(t *testing.T) {
	tests := []struct {
		zone, date string
		minute     int
		want       string // UTC
	}{
		{"Europe/Berlin", "2026-03-28", 9 * 60, "2026-03-28T08:00:00Z"},
		{"Europe/Berlin", "2026-03-29", 1 * 60, "2026-03-29T00:00:00Z"},
		{"Europe/Berlin", "2026-03-29", 2*60 + 30, "2026-03-29T01:00:00Z"}, // gap → 03:00 CEST
		{"Europe/Berlin", "2026-03-29", 2 * 60, "2026-03-29T01:00:00Z"},    // gap start
		{"Europe/Berlin", "2026-03-29", 3 * 60, "2026-03-29T01:00:00Z"},
		{"Europe/Berlin", "2026-10-25", 2*60 + 30, "2026-10-25T00:30:00Z"}, // ambiguous → CEST
		{"Europe/Berlin", "2026-10-25", 3 * 60, "2026-10-25T02:00:00Z"},
		{"Europe/Berlin", "2026-10-24", 1440, "2026-10-24T22:00:00Z"}, // 24:00 = next midnight
		{"America/New_York", "2026-03-08", 2*60 + 15, "2026-03-08T07:00:00Z"},
		{"America/New_York", "2026-11-01", 1*60 + 30, "2026-11-01T05:30:00Z"}, // EDT first
		{"America/Los_Angeles", "2026-03-08", 2 * 60, "2026-03-08T10:00:00Z"},
		{"America/Los_Angeles", "2026-11-01", 1 * 60, "2026-11-01T08:00:00Z"},
		{"Australia/Sydney", "2026-10-04", 2*60 + 30, "2026-10-03T16:00:00Z"},    // gap → 03:00 AEDT
		{"Australia/Sydney", "2026-04-05", 2*60 + 30, "2026-04-04T15:30:00Z"},    // AEDT first
		{"Australia/Lord_Howe", "2026-10-04", 2*60 + 15, "2026-10-03T15:30:00Z"}, // 30-min gap → 02:30 +11
		{"Australia/Lord_Howe", "2026-04-05", 1*60 + 45, "2026-04-04T14:45:00Z"}, // +11 first
		{"Australia/Lord_Howe", "2026-04-05", 2 * 60, "2026-04-04T15:30:00Z"},    // after fall back, +10:30
		{"Asia/Kolkata", "2026-03-29", 9 * 60, "2026-03-29T03:30:00Z"},
	}
	for _, tt := range tests {
		got := date(t, tt.date).At(tt.minute, zone(t, tt.zone))
		if want := utc(t, tt.want); !got.Equal(want) {
			t.Errorf("%s %s +%dmin = %s, want %s", tt.zone, tt.date, tt.minute, got.UTC().Format(time.RFC3339), tt.want)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := date(t, "2026-03-28")
	if got := d.AddDays(2).String(); got != "2026-03-30" {
		t.Errorf("AddDays = %s", got)
	}
	if got := date(t, "2027-01-04").DaysSince(d); got != 282 {
		t.Errorf("DaysSince = %d", got)
	}
	if got := d.Weekday(); got != time.Saturday {
		t.Errorf("Weekday = %s", got)
	}
	if got := d.At(-60, time.UTC); !got.Equal(utc(t, "2026-03-27T23:00:00Z")) {
		t.Errorf("At(-60) = %s", got)
	}
	var p Date
	if err := p.UnmarshalText([]byte("2026-12-24")); err != nil || p != (Date{2026, 12, 24}) {
		t.Errorf("UnmarshalText = %v, %v", p, err)
	}
	if err := p.UnmarshalText([]byte("24.12.2026")); err == nil {
		t.Error("UnmarshalText accepted a German date")
	}
}
