package sla

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// sp parses "22:00-06:00".
func sp(t testing.TB, s string) Span {
	t.Helper()
	var h1, m1, h2, m2 int
	if _, err := fmt.Sscanf(s, "%d:%d-%d:%d", &h1, &m1, &h2, &m2); err != nil {
		t.Fatalf("span %q: %v", s, err)
	}
	return Span{h1*60 + m1, h2*60 + m2}
}

// every is a week with the same spans each day.
func every(t testing.TB, spans ...string) Week {
	var w Week
	for d := range w {
		for _, s := range spans {
			w[d] = append(w[d], sp(t, s))
		}
	}
	return w
}

const fallbackID = "S0FALLBACK"

var fallback = Target{Kind: Group, ID: fallbackID} // a value: every use copies it

func TestOnCallAcrossDST(t *testing.T) {
	tests := []struct {
		name, zone, span, at string
		ends                 string // shift end (UTC); empty: nobody on shift
	}{
		{"Berlin day before spring forward is 8h", "Europe/Berlin", "09:00-17:00", "2026-03-28T08:00:00Z", "2026-03-28T16:00:00Z"},
		{"Berlin spring forward day, CEST", "Europe/Berlin", "09:00-17:00", "2026-03-29T07:00:00Z", "2026-03-29T15:00:00Z"},
		{"Berlin 08:59 CEST is before the shift", "Europe/Berlin", "09:00-17:00", "2026-03-29T06:59:00Z", ""},
		{"Berlin 01-09 on spring forward is 7h", "Europe/Berlin", "01:00-09:00", "2026-03-29T00:00:00Z", "2026-03-29T07:00:00Z"},
		{"Berlin 01-09 on fall back is 9h", "Europe/Berlin", "01:00-09:00", "2026-10-24T23:00:00Z", "2026-10-25T08:00:00Z"},
		{"Berlin 01-09 fall back, second 02:30", "Europe/Berlin", "01:00-09:00", "2026-10-25T01:30:00Z", "2026-10-25T08:00:00Z"},
		{"Berlin night shift over spring forward", "Europe/Berlin", "22:00-06:00", "2026-03-29T03:30:00Z", "2026-03-29T04:00:00Z"},
		{"Berlin night shift ended 06:00 CEST", "Europe/Berlin", "22:00-06:00", "2026-03-29T04:00:00Z", ""},
		{"Berlin night shift started 22:00 CET", "Europe/Berlin", "22:00-06:00", "2026-03-28T21:00:00Z", "2026-03-29T04:00:00Z"},
		{"Berlin night shift over fall back is 9h", "Europe/Berlin", "22:00-06:00", "2026-10-24T20:00:00Z", "2026-10-25T05:00:00Z"},
		{"Berlin shift starting in the gap starts 03:00", "Europe/Berlin", "02:30-10:00", "2026-03-29T01:00:00Z", "2026-03-29T08:00:00Z"},
		{"Berlin shift starting in the gap, before it", "Europe/Berlin", "02:30-10:00", "2026-03-29T00:59:00Z", ""},
		{"New York spring forward", "America/New_York", "09:00-17:00", "2026-03-08T13:00:00Z", "2026-03-08T21:00:00Z"},
		{"New York day before", "America/New_York", "09:00-17:00", "2026-03-07T21:59:00Z", "2026-03-07T22:00:00Z"},
		{"New York fall back", "America/New_York", "09:00-17:00", "2026-11-01T14:00:00Z", "2026-11-01T22:00:00Z"},
		{"New York 09:00 EDT is 08:00 EST: not yet", "America/New_York", "09:00-17:00", "2026-11-01T13:00:00Z", ""},
		{"New York night over fall back is 9h", "America/New_York", "22:00-06:00", "2026-11-01T02:00:00Z", "2026-11-01T11:00:00Z"},
		{"Los Angeles 00-04 on spring forward is 3h", "America/Los_Angeles", "00:00-04:00", "2026-03-08T08:00:00Z", "2026-03-08T11:00:00Z"},
		{"Los Angeles 01:30-05:00 fall back, first 01:30", "America/Los_Angeles", "01:30-05:00", "2026-11-01T08:30:00Z", "2026-11-01T13:00:00Z"},
		{"Los Angeles 01:30 PDT not before", "America/Los_Angeles", "01:30-05:00", "2026-11-01T08:29:00Z", ""},
		{"Sydney fall back (April) day shift", "Australia/Sydney", "09:00-17:00", "2026-04-04T23:00:00Z", "2026-04-05T07:00:00Z"},
		{"Sydney day before fall back, AEDT", "Australia/Sydney", "09:00-17:00", "2026-04-03T22:00:00Z", "2026-04-04T06:00:00Z"},
		{"Sydney night over spring forward is 7h", "Australia/Sydney", "22:00-06:00", "2026-10-03T12:00:00Z", "2026-10-03T19:00:00Z"},
		{"Sydney spring forward day shift", "Australia/Sydney", "09:00-17:00", "2026-10-03T22:00:00Z", "2026-10-04T06:00:00Z"},
		{"Lord Howe night over 30-min spring forward is 7.5h", "Australia/Lord_Howe", "22:00-06:00", "2026-10-03T11:30:00Z", "2026-10-03T19:00:00Z"},
		{"Lord Howe night over 30-min fall back is 8.5h", "Australia/Lord_Howe", "22:00-06:00", "2026-04-04T11:00:00Z", "2026-04-04T19:30:00Z"},
		{"Lord Howe shift starting in the 30-min gap", "Australia/Lord_Howe", "02:15-10:00", "2026-10-03T15:30:00Z", "2026-10-03T23:00:00Z"},
		{"Lord Howe before the gap shift", "Australia/Lord_Howe", "02:15-10:00", "2026-10-03T15:29:00Z", ""},
		{"Kolkata +05:30 no DST", "Asia/Kolkata", "09:00-17:00", "2026-03-29T03:30:00Z", "2026-03-29T11:30:00Z"},
		{"Kolkata night", "Asia/Kolkata", "22:00-06:00", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z"},
		{"Kolkata off", "Asia/Kolkata", "09:00-17:00", "2026-03-29T11:30:00Z", ""},
		{"whole day spans merge into one shift end a week ahead", "Europe/Berlin", "00:00-00:00", "2026-03-28T12:00:00Z", "2026-04-04T22:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Rota{Fallback: fallback, Teams: []Team{{
				Name: "t", Zone: zone(t, tt.zone), Hours: every(t, tt.span), Members: []Member{{ID: "U1"}},
			}}}
			o := r.OnCall(utc(t, tt.at))
			if tt.ends == "" {
				if !o.FallbackUsed || o.Primary != fallback.ID || o.Team != "" || len(o.OnShift) != 0 || o.OnShift == nil {
					t.Fatalf("OnCall = %+v, want the fallback", o)
				}
				return
			}
			if o.FallbackUsed || o.Primary != "U1" || o.Team != "t" || !slices.Equal(o.OnShift, []string{"U1"}) {
				t.Fatalf("OnCall = %+v, want U1 on shift", o)
			}
			if want := utc(t, tt.ends); !o.ShiftEndsAt.Equal(want) {
				t.Errorf("ShiftEndsAt = %s, want %s", o.ShiftEndsAt.Format(time.RFC3339), tt.ends)
			}
		})
	}
}

func TestOnCallHolidays(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	r := Rota{Fallback: fallback, Teams: []Team{{
		Name: "de", Zone: berlin, Members: []Member{{ID: "U1"}},
		Hours:    every(t, "09:00-17:00", "22:00-06:00"),
		Holidays: []Date{date(t, "2026-12-24")},
	}}}
	tests := []struct {
		at   string
		ends string
	}{
		{"2026-12-23T22:30:00Z", "2026-12-23T23:00:00Z"}, // night shift cut at the holiday's midnight
		{"2026-12-23T23:00:00Z", ""},                     // holiday 00:00 CET
		{"2026-12-24T10:00:00Z", ""},                     // holiday day shift
		{"2026-12-24T22:30:00Z", ""},                     // holiday night shift start
		{"2026-12-24T23:00:00Z", "2026-12-25T05:00:00Z"}, // the rest of that shift falls on the 25th
		{"2026-12-25T08:00:00Z", "2026-12-25T16:00:00Z"},
	}
	for _, tt := range tests {
		o := r.OnCall(utc(t, tt.at))
		if tt.ends == "" {
			if !o.FallbackUsed {
				t.Errorf("%s: %+v, want the fallback", tt.at, o)
			}
			continue
		}
		if o.FallbackUsed || !o.ShiftEndsAt.Equal(utc(t, tt.ends)) {
			t.Errorf("%s: %+v, want on shift until %s", tt.at, o, tt.ends)
		}
	}
}

func TestOnCallRotation(t *testing.T) {
	ny := zone(t, "America/New_York")
	own := every(t, "13:00-15:00")
	team := func(kind RotationKind, hours string) Team {
		return Team{
			Name: "us", Zone: ny, Hours: every(t, hours),
			Members:  []Member{{ID: "UA"}, {ID: "UB", Hours: &own}, {ID: "UC"}},
			Rotation: Rotation{Kind: kind, Start: date(t, "2026-03-01")},
		}
	}
	tests := []struct {
		name    string
		team    Team
		at      string
		primary string
		onShift []string
	}{
		{"daily day 0", team(Daily, "09:00-17:00"), "2026-03-01T15:00:00Z", "UA", []string{"UA", "UC"}},
		{"daily day 1 is UB's, off shift: next", team(Daily, "09:00-17:00"), "2026-03-02T15:00:00Z", "UC", []string{"UA", "UC"}},
		{"daily day 1 with UB on shift", team(Daily, "09:00-17:00"), "2026-03-02T18:30:00Z", "UB", []string{"UA", "UB", "UC"}},
		{"daily day 2", team(Daily, "09:00-17:00"), "2026-03-03T15:00:00Z", "UC", []string{"UA", "UC"}},
		{"daily day 3 wraps", team(Daily, "09:00-17:00"), "2026-03-04T15:00:00Z", "UA", []string{"UA", "UC"}},
		{"daily across DST day count", team(Daily, "09:00-17:00"), "2026-03-09T14:00:00Z", "UC", []string{"UA", "UC"}}, // day 8
		{"daily before start", team(Daily, "09:00-17:00"), "2026-02-28T15:00:00Z", "UC", []string{"UA", "UC"}},
		{"weekly week 0", team(Weekly, "09:00-17:00"), "2026-03-07T15:00:00Z", "UA", []string{"UA", "UC"}},
		{"weekly week 2", team(Weekly, "09:00-17:00"), "2026-03-15T18:30:00Z", "UC", []string{"UA", "UB", "UC"}},
		{"night shift keeps its day past midnight", team(Daily, "22:00-06:00"), "2026-03-02T07:00:00Z", "UA", []string{"UA", "UC"}},
		{"all: primary by day, everyone on shift", team(All, "09:00-17:00"), "2026-03-01T18:30:00Z", "UA", []string{"UA", "UB", "UC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Rota{Fallback: fallback, Teams: []Team{tt.team}}
			o := r.OnCall(utc(t, tt.at))
			if o.Primary != tt.primary || !slices.Equal(o.OnShift, tt.onShift) {
				t.Errorf("OnCall = %+v, want primary %s on shift %v", o, tt.primary, tt.onShift)
			}
		})
	}
	o := OnCall{Primary: "UA", OnShift: []string{"UA", "UB", "UC"}}
	if got := []string{o.Pick(0), o.Pick(1), o.Pick(2), o.Pick(3)}; !slices.Equal(got, []string{"UA", "UB", "UC", "UA"}) {
		t.Errorf("Pick round robin = %v", got)
	}
	if got := (OnCall{Primary: "S0FALLBACK", OnShift: []string{}}).Pick(5); got != "S0FALLBACK" {
		t.Errorf("Pick with nobody on shift = %s", got)
	}
}

func TestOnCallOverrides(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	base := Team{
		Name: "de", Zone: berlin, Hours: every(t, "09:00-17:00"),
		Members:  []Member{{ID: "UA"}, {ID: "UB"}},
		Rotation: Rotation{Kind: Daily, Start: date(t, "2026-06-01")},
	}
	tests := []struct {
		name      string
		overrides []Override
		at        string
		primary   string
		onShift   []string
		ends      string
		fallback  bool
	}{
		{"base", nil, "2026-06-01T10:00:00Z", "UA", []string{"UA", "UB"}, "2026-06-01T15:00:00Z", false},
		{"handover for 4h", []Override{{Kind: Handover, From: "UA", To: "UD", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-01T13:00:00Z")}},
			"2026-06-01T10:00:00Z", "UD", []string{"UD", "UB"}, "2026-06-01T13:00:00Z", false},
		{"handover expired", []Override{{Kind: Handover, From: "UA", To: "UD", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-01T13:00:00Z")}},
			"2026-06-01T13:00:00Z", "UA", []string{"UA", "UB"}, "2026-06-01T15:00:00Z", false},
		{"handover not yet started", []Override{{Kind: Handover, From: "UA", To: "UD", Start: utc(t, "2026-06-01T11:00:00Z"), End: utc(t, "2026-06-01T13:00:00Z")}},
			"2026-06-01T10:59:59Z", "UA", []string{"UA", "UB"}, "2026-06-01T15:00:00Z", false},
		{"handover to a colleague on shift", []Override{{Kind: Handover, From: "UA", To: "UB", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-02T00:00:00Z")}},
			"2026-06-01T10:00:00Z", "UB", []string{"UB"}, "2026-06-01T15:00:00Z", false},
		{"away: next in rotation", []Override{{Kind: Away, From: "UA", Start: utc(t, "2026-06-01T00:00:00Z"), End: utc(t, "2026-06-01T12:00:00Z")}},
			"2026-06-01T10:00:00Z", "UB", []string{"UB"}, "2026-06-01T15:00:00Z", false},
		{"away expired", []Override{{Kind: Away, From: "UA", Start: utc(t, "2026-06-01T00:00:00Z"), End: utc(t, "2026-06-01T12:00:00Z")}},
			"2026-06-01T12:00:00Z", "UA", []string{"UA", "UB"}, "2026-06-01T15:00:00Z", false},
		{"away later in the shift ends it early", []Override{{Kind: Away, From: "UA", Start: utc(t, "2026-06-01T14:00:00Z"), End: utc(t, "2026-06-01T18:00:00Z")}},
			"2026-06-01T10:00:00Z", "UA", []string{"UA", "UB"}, "2026-06-01T14:00:00Z", false},
		{"handed to someone away", []Override{
			{Kind: Handover, From: "UA", To: "UD", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-01T13:00:00Z")},
			{Kind: Away, From: "UD", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-01T13:00:00Z")}},
			"2026-06-01T10:00:00Z", "UB", []string{"UB"}, "2026-06-01T15:00:00Z", false},
		{"everyone away: fallback until the first returns", []Override{
			{Kind: Away, From: "UA", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-01T11:00:00Z")},
			{Kind: Away, From: "UB", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-01T12:00:00Z")}},
			"2026-06-01T10:00:00Z", fallback.ID, []string{}, "2026-06-01T11:00:00Z", true},
		{"chained handovers in order", []Override{
			{Kind: Handover, From: "UA", To: "UD", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-01T14:00:00Z")},
			{Kind: Handover, From: "UD", To: "UE", Start: utc(t, "2026-06-01T09:00:00Z"), End: utc(t, "2026-06-01T12:00:00Z")}},
			"2026-06-01T10:00:00Z", "UE", []string{"UE", "UB"}, "2026-06-01T12:00:00Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Rota{Fallback: fallback, Teams: []Team{base}, Overrides: tt.overrides}
			o := r.OnCall(utc(t, tt.at))
			if o.Primary != tt.primary || !slices.Equal(o.OnShift, tt.onShift) || o.FallbackUsed != tt.fallback ||
				!o.ShiftEndsAt.Equal(utc(t, tt.ends)) {
				t.Errorf("OnCall = %+v\nwant primary %s on shift %v until %s (fallback %v)", o, tt.primary, tt.onShift, tt.ends, tt.fallback)
			}
		})
	}
}

func TestOnCallTeamsAndMembers(t *testing.T) {
	berlin, ny, kolkata := zone(t, "Europe/Berlin"), zone(t, "America/New_York"), zone(t, "Asia/Kolkata")
	r := Rota{Fallback: fallback, Teams: []Team{
		{Name: "de", Zone: berlin, Hours: every(t, "09:00-17:00"), Marketplaces: []string{"amazon.de"},
			Members: []Member{{ID: "UDE"}, {ID: "UIN", Zone: kolkata}}},
		{Name: "us", Zone: ny, Hours: every(t, "09:00-17:00"), Members: []Member{{ID: "UUS"}}},
	}}
	tests := []struct {
		mp, at, team, primary string
	}{
		{"", "2026-01-15T15:00:00Z", "de", "UDE"},           // both on shift: the first team wins
		{"amazon.com", "2026-01-15T15:00:00Z", "us", "UUS"}, // de does not serve amazon.com
		{"", "2026-01-15T17:00:00Z", "us", "UUS"},
		{"", "2026-01-15T04:00:00Z", "de", "UIN"}, // 09:30 in Kolkata, team hours on her own clock
		{"amazon.de", "2026-01-15T23:00:00Z", "", fallback.ID},
	}
	for _, tt := range tests {
		o := r.OnCallFor(tt.mp, utc(t, tt.at))
		if o.Team != tt.team || o.Primary != tt.primary {
			t.Errorf("OnCallFor(%q, %s) = %+v, want %s/%s", tt.mp, tt.at, o, tt.team, tt.primary)
		}
	}
	if o, ok := r.TeamOnCall("us", utc(t, "2026-01-15T15:00:00Z")); !ok || o.Primary != "UUS" {
		t.Errorf("TeamOnCall(us) = %+v, %v", o, ok)
	}
	if _, ok := r.TeamOnCall("us", utc(t, "2026-01-15T03:00:00Z")); ok {
		t.Error("TeamOnCall(us) at night reported someone")
	}
	// The fallback's shift ends when the first team comes on: 09:00 IST.
	if o := r.OnCall(utc(t, "2026-01-15T02:00:00Z")); !o.FallbackUsed || !o.ShiftEndsAt.Equal(utc(t, "2026-01-15T03:30:00Z")) {
		t.Errorf("fallback OnCall = %+v", o)
	}
}

func TestValidate(t *testing.T) {
	ok := Rota{Fallback: fallback, Teams: []Team{{Name: "x", Zone: time.UTC, Hours: every(t, "09:00-17:00"), Members: []Member{{ID: "U1"}}}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	bad := []func(r *Rota){
		func(r *Rota) { r.Fallback = Target{} },
		func(r *Rota) { r.Teams[0].Zone = nil },
		func(r *Rota) { r.Teams[0].Hours[1] = []Span{{Start: 1440, End: 60}} },
		func(r *Rota) { r.Teams[0].Rotation.Kind = "hourly" },
		func(r *Rota) { r.Teams[0].Members = []Member{{}} },
		func(r *Rota) {
			r.Overrides = []Override{{Kind: Handover, From: "U1", Start: time.Unix(0, 0), End: time.Unix(1, 0)}}
		},
		func(r *Rota) {
			r.Overrides = []Override{{Kind: Away, From: "U1", Start: time.Unix(1, 0), End: time.Unix(1, 0)}}
		},
	}
	for i, f := range bad {
		r := ok
		r.Teams = []Team{ok.Teams[0]}
		r.Teams[0].Hours = every(t, "09:00-17:00")
		f(&r)
		if err := r.Validate(); err == nil {
			t.Errorf("case %d: Validate accepted a broken rota", i)
		}
	}
}
