package sla

import (
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	w := Windows{
		Marketplace: map[string]time.Duration{"amazon.de": 12 * time.Hour},
		Rules: []Rule{
			{From: date(t, "2026-12-24"), To: date(t, "2026-12-26"), Zone: berlin, Window: 48 * time.Hour, Marketplaces: []string{"amazon.de"}},
			{From: date(t, "2026-12-31"), To: date(t, "2026-12-31"), Window: 6 * time.Hour},
		},
	}
	tests := []struct {
		name, mp, sent string
		want           time.Duration
	}{
		{"default 24h", "amazon.com", "2026-06-01T10:00:00Z", 24 * time.Hour},
		{"marketplace", "amazon.de", "2026-06-01T10:00:00Z", 12 * time.Hour},
		{"rule in Berlin's day, UTC day before", "amazon.de", "2026-12-23T23:30:00Z", 48 * time.Hour},
		{"rule last day inclusive", "amazon.de", "2026-12-26T22:59:00Z", 48 * time.Hour},
		{"rule over in Berlin", "amazon.de", "2026-12-26T23:00:00Z", 12 * time.Hour},
		{"rule for other marketplace", "amazon.fr", "2026-12-25T10:00:00Z", 24 * time.Hour},
		{"rule for all, UTC", "amazon.fr", "2026-12-31T23:59:00Z", 6 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := w.Window(tt.mp, utc(t, tt.sent)); got != tt.want {
				t.Errorf("Window = %s, want %s", got, tt.want)
			}
		})
	}
	var store func(string, time.Time) time.Duration = w.Window // the store takes it
	_ = store
	w.Default = 10 * time.Hour
	if got := w.Window("amazon.com", utc(t, "2026-06-01T10:00:00Z")); got != 10*time.Hour {
		t.Errorf("configured default = %s", got)
	}
}

func TestDeadlineCountsElapsedTimeAcrossDST(t *testing.T) {
	// Sent one minute before Berlin springs forward: the deadline is 24
	// elapsed hours later, which Berlin's wall clock shows as 25 hours.
	sent := utc(t, "2026-03-29T00:59:00Z")
	got := Windows{}.Deadline("amazon.de", sent)
	if want := utc(t, "2026-03-30T00:59:00Z"); !got.Equal(want) {
		t.Fatalf("Deadline = %s, want %s", got, want)
	}
	if got.Location() != time.UTC {
		t.Errorf("deadline not in UTC: %s", got.Location())
	}
}

func TestLate(t *testing.T) {
	r := utc(t, "2026-06-01T10:00:00Z")
	tests := []struct {
		answered string
		want     bool
	}{
		{"2026-06-02T09:59:59Z", false},
		{"2026-06-02T10:00:00Z", false},
		{"2026-06-02T10:00:01Z", true},
	}
	for _, tt := range tests {
		if got := Late(r, utc(t, tt.answered), DefaultWindow); got != tt.want {
			t.Errorf("Late(%s) = %v, want %v", tt.answered, got, tt.want)
		}
	}
}
