package config

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90m", 90 * time.Minute, true},
		{"12h", 12 * time.Hour, true},
		{"1h30m", 90 * time.Minute, true},
		{"7d", 7 * 24 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{"0s", 0, true},
		{"-5m", -5 * time.Minute, true},
		{"5 days", 0, false},
		{"d", 0, false},
		{"12", 0, false},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in        string
		want      Span
		overnight bool
		length    time.Duration
		ok        bool
	}{
		{"09:00-17:00", Span{540, 1020}, false, 8 * time.Hour, true},
		{"22:00-06:00", Span{1320, 360}, true, 8 * time.Hour, true},
		{"00:00-24:00", Span{0, 1440}, false, 24 * time.Hour, true},
		{"18:00-24:00", Span{1080, 1440}, false, 6 * time.Hour, true},
		{"24:00-06:00", Span{}, false, 0, false},
		{"09:00-09:00", Span{}, false, 0, false},
		{"9-17", Span{}, false, 0, false},
		{"09:00", Span{}, false, 0, false},
		{"12:61-13:00", Span{}, false, 0, false},
	}
	for _, tt := range tests {
		got, err := ParseSpan(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseSpan(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		if got != tt.want || got.Overnight() != tt.overnight || got.Length() != tt.length || got.String() != tt.in {
			t.Errorf("ParseSpan(%q) = %v overnight=%v length=%v", tt.in, got, got.Overnight(), got.Length())
		}
	}
}

func TestParseDays(t *testing.T) {
	tests := []struct {
		in   string
		want []time.Weekday
	}{
		{"mon", []time.Weekday{time.Monday}},
		{"Sunday", []time.Weekday{time.Sunday}},
		{"mon-fri", []time.Weekday{1, 2, 3, 4, 5}},
		{"fri-mon", []time.Weekday{5, 6, 0, 1}},
		{"daily", []time.Weekday{0, 1, 2, 3, 4, 5, 6}},
	}
	for _, tt := range tests {
		got, err := parseDays(tt.in)
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("parseDays(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("parseDays(%q) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}

func TestWeekFromYAML(t *testing.T) {
	c, err := Parse("w.yml", []byte(lines(
		"fallback: {group: S0AGENTS01}",
		"teams:",
		"  - name: Night",
		"    zone: Asia/Kolkata",
		"    hours:",
		"      mon-thu: [\"22:00-06:00\"]",
		"      fri: \"20:00-24:00\"",
		"      sat: [\"08:00-12:00\", \"13:00-17:00\"]",
		"    members:",
		"      - id: U0NIGHT001",
		"      - id: W0NIGHT002",
		"        zone: Europe/London",
		"        hours: {sun: [\"10:00-14:00\"]}",
	)), nil)
	if err != nil {
		t.Fatal(err)
	}
	tm := c.Teams[0]
	w := tm.Hours
	if len(w[time.Monday]) != 1 || !w[time.Thursday][0].Overnight() || len(w[time.Sunday]) != 0 {
		t.Errorf("hours = %v", w)
	}
	if got := w[time.Friday][0]; got != (Span{1200, 1440}) {
		t.Errorf("friday = %v", got)
	}
	if len(w[time.Saturday]) != 2 {
		t.Errorf("saturday = %v", w[time.Saturday])
	}
	h0, z0 := tm.Shift(tm.Members[0])
	if z0.String() != "Asia/Kolkata" || len(h0[time.Monday]) != 1 {
		t.Errorf("member 0 shift = %v in %v, want the team's", h0, z0)
	}
	h1, z1 := tm.Shift(tm.Members[1])
	if z1.String() != "Europe/London" || len(h1[time.Monday]) != 0 || len(h1[time.Sunday]) != 1 {
		t.Errorf("member 1 shift = %v in %v, want own hours in London", h1, z1)
	}
	if tm.Rotation.Kind != "all" {
		t.Errorf("rotation default = %q, want all", tm.Rotation.Kind)
	}
}

func TestWindowFor(t *testing.T) {
	c, err := Parse("sla.yml", []byte(lines(
		"sla:",
		"  window: 24h",
		"  marketplaces:",
		"    amazon.de: {window: 12h}",
		"  rules:",
		"    - {name: xmas, from: 2026-12-20, to: 2026-12-27, window: 6h, marketplaces: [amazon.de]}",
		"    - {name: all, from: 2026-12-24, to: 2026-12-24, window: 8h}",
	)), nil)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm }
	tests := []struct {
		marketplace string
		sent        time.Time
		want        time.Duration
	}{
		{"amazon.com", at("2026-11-26T10:00:00Z"), 24 * time.Hour},
		{"amazon.de", at("2026-11-26T10:00:00Z"), 12 * time.Hour},
		{"amazon.de", at("2026-12-20T00:00:00Z"), 6 * time.Hour},
		{"amazon.de", at("2026-12-27T23:59:59Z"), 6 * time.Hour},
		{"amazon.de", at("2026-12-28T00:00:00Z"), 12 * time.Hour},
		{"amazon.de", at("2026-12-24T12:00:00Z"), 6 * time.Hour}, // first rule wins
		{"amazon.com", at("2026-12-24T12:00:00Z"), 8 * time.Hour},
		{"amazon.com", at("2026-12-25T01:00:00+02:00"), 8 * time.Hour}, // dates are UTC
	}
	for _, tt := range tests {
		if got := c.SLA.WindowFor(tt.marketplace, tt.sent); got != tt.want {
			t.Errorf("WindowFor(%s, %s) = %v, want %v", tt.marketplace, tt.sent, got, tt.want)
		}
	}
}

func TestChannelsFor(t *testing.T) {
	c, err := Parse("ch.yml", []byte(lines(
		"mailboxes:",
		"  - {name: uk, host: 127.0.0.1, tls: none, username: u}",
		"slack:",
		"  channels:",
		"    default: C0DEFAULT1",
		"    routes: {amazon.de: C0GERMANY1, uk: C0BRITAIN1}",
	)), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ mailbox, marketplace, want string }{
		{"uk", "amazon.de", "C0GERMANY1"},
		{"uk", "amazon.co.uk", "C0BRITAIN1"},
		{"eu", "amazon.fr", "C0DEFAULT1"},
		{"", "", "C0DEFAULT1"},
	}
	for _, tt := range tests {
		if got := c.Slack.Channels.For(tt.mailbox, tt.marketplace); got != tt.want {
			t.Errorf("For(%q, %q) = %q, want %q", tt.mailbox, tt.marketplace, got, tt.want)
		}
	}
	if got := c.Slack.Escalation(); got != "C0DEFAULT1" {
		t.Errorf("Escalation() = %q, want the default channel", got)
	}
	if c.Mailboxes[0].Port != 143 {
		t.Errorf("port for tls none = %d, want 143", c.Mailboxes[0].Port)
	}
}

func TestTriggerPatternCompiled(t *testing.T) {
	c, err := Parse("tr.yml", []byte(lines(
		"triggers:",
		"  - {category: shipping, pattern: 'wo ist (mein|meine)'}",
	)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if re := c.Triggers[0].Regexp; re == nil || !re.MatchString("Hallo, WO IST meine Bestellung?") {
		t.Errorf("pattern not compiled case-insensitively: %v", re)
	}
}
