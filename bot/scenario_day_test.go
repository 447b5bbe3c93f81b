package bot

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/sla"
)

// The follow-the-sun workspace of the day scenario.
const (
	dayBerlin = "CBERLIN"
	dayNY     = "CNEWYORK"
	daySydney = "CSYDNEY"
	dayNYA    = "UNYA"
	dayNYB    = "UNYB"
	daySyd    = "USYD"
)

// dayRota: Berlin (every day 08–17, amazon.de, Monday 26 October 2026 a
// holiday), New York (weekdays 09–17, amazon.com and amazon.de, everyone on
// shift), Sydney (every day 09–17, amazon.de); the fallback is a person.
func dayRota(t *testing.T) sla.Rota {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	every := func(days ...time.Weekday) sla.Week {
		var w sla.Week
		for _, d := range days {
			w[d] = []sla.Span{{Start: 9 * 60, End: 17 * 60}}
		}
		return w
	}
	all := every(time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday)
	berlinHours := all
	for d := range berlinHours {
		berlinHours[d] = []sla.Span{{Start: 8 * 60, End: 17 * 60}}
	}
	start := sla.Date{Year: 2026, Month: time.October, Day: 1}
	return sla.Rota{
		Teams: []sla.Team{
			{Name: "berlin", Zone: zone("Europe/Berlin"), Hours: berlinHours, Channel: dayBerlin, Group: "SBER",
				Holidays: []sla.Date{{Year: 2026, Month: time.October, Day: 26}}, Marketplaces: []string{"amazon.de"},
				Members: []sla.Member{{ID: userAna}}, Rotation: sla.Rotation{Kind: sla.Daily, Start: start}},
			{Name: "new york", Zone: zone("America/New_York"), Channel: dayNY, Group: "SNY",
				Hours:        every(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday),
				Marketplaces: []string{"amazon.com", "amazon.de"},
				Members:      []sla.Member{{ID: dayNYA}, {ID: dayNYB}}, Rotation: sla.Rotation{Kind: sla.All, Start: start}},
			{Name: "sydney", Zone: zone("Australia/Sydney"), Hours: all, Channel: daySydney, Group: "SSYD",
				Marketplaces: []string{"amazon.de"}, Members: []sla.Member{{ID: daySyd}}, Rotation: sla.Rotation{Start: start}},
		},
		Fallback:          sla.Target{Kind: sla.User, ID: escFallback},
		EscalationChannel: chanEscalate,
	}
}

// dayLadder measures from the deadline; the 18h step of the message sent
// just before Berlin's clocks go back falls into the hour the switch moves.
func dayLadder() sla.Ladder {
	return sla.Ladder{
		{Name: "18h", Before: 18 * time.Hour, Targets: []string{sla.TargetAssignee}},
		{Name: "12h", Before: 12 * time.Hour, Targets: []string{sla.TargetAssignee}},
		{Name: "4h", Before: 4 * time.Hour, Targets: []string{sla.TargetOnCall}, DM: true},
		{Name: "1h", Before: time.Hour, Targets: []string{sla.TargetHere, sla.TargetGroup}},
		{Name: "breach", Before: 0, Targets: []string{sla.TargetEscalationChannel}},
	}
}

func utcAt(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestScenarioDay runs Friday 23 to Tuesday 27 October 2026 (Berlin's
// clocks go back on Sunday at 01:00 UTC) with three messages: one into a
// gap nobody covers before its deadline (amazon.com on Friday night), one
// ten minutes before the DST switch, one on Berlin's holiday. The
// scheduler and the handoff loop are driven step by step on the harness
// clock (the bot talks to the fake Slack over real sockets, so no synctest
// bubble; sla's TestScenarioDayInBubble runs the same day on fake time),
// jumping to each wake-up they ask for.
func TestScenarioDay(t *testing.T) {
	h := newHarness(t, Config{Rota: dayRota(t), Ladder: dayLadder()})
	for _, ch := range []string{dayBerlin, dayNY, daySydney} {
		h.slack.AddChannel(ch, strings.ToLower(ch))
	}
	for _, u := range []string{escFallback, daySyd, dayNYA, dayNYB} {
		h.slack.AddUser(fakeslack.User{ID: u, Name: strings.ToLower(u), TZ: "UTC"})
	}
	h.FastForward(utcAt("2026-10-23 21:00").Sub(h.clock()))

	arrivals := []struct {
		name, marketplace string
		at                time.Time
	}{
		{"gap", "amazon.com", utcAt("2026-10-23 21:30")},
		{"dst", "amazon.de", utcAt("2026-10-25 00:50")},
		{"holiday", "amazon.de", utcAt("2026-10-26 07:00")},
	}
	cases := map[string]buyerdesk.CaseID{}
	s := &sla.Scheduler{Store: h.store, Ladder: dayLadder(), Fire: h.bot.Escalate, Now: h.clock,
		Log: zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel)}
	end := utcAt("2026-10-27 08:00")
	wakes := 0
	for {
		next, err := s.RunDue(h.ctx)
		if err != nil {
			t.Fatalf("at %s: %v", h.clock(), err)
		}
		wakes++
		// The handoff loop runs beside the scheduler, on its own timer.
		hand, err := h.bot.RunHandoffs(h.ctx, 30*time.Minute)
		if err != nil {
			t.Fatalf("handoffs at %s: %v", h.clock(), err)
		}
		if hand.IsZero() {
			hand = h.clock().Add(handoffMaxSleep)
		}
		if next.IsZero() || hand.Before(next) {
			next = hand
		}
		if len(arrivals) > 0 && !arrivals[0].at.After(next) {
			next = arrivals[0].at
		}
		if next.After(end) {
			break
		}
		h.FastForward(next.Sub(h.clock()))
		for len(arrivals) > 0 && arrivals[0].at.Equal(h.clock()) {
			a := arrivals[0]
			arrivals = arrivals[1:]
			m := sampleMail("day-"+a.name+"@amazon.de", "302-2222222-"+a.name)
			m.Marketplace, m.RelayAddress = a.marketplace, a.name+"@marketplace.amazon.de"
			c := h.ingest(m).Case
			if err := h.bot.Mirror(h.ctx, c.ID); err != nil {
				t.Fatal(err)
			}
			if err := h.bot.Assign(h.ctx, c); err != nil {
				t.Fatal(err)
			}
			cases[a.name] = c.ID
			s.Watch(c)
		}
	}

	type step struct {
		name, at, targets string
	}
	want := map[string][]step{
		"gap": { // amazon.com: New York only, off until Monday
			{"18h", "2026-10-24 03:30", escFallback},
			{"12h", "2026-10-24 09:30", escFallback},
			{"4h", "2026-10-24 17:30", escFallback + " (DM)"},
			{"1h", "2026-10-24 20:30", "@here " + dayNY + ", SNY"},
			{"breach", "2026-10-24 21:30", chanEscalate},
		},
		"dst": {
			{"18h", "2026-10-25 06:50", escFallback}, // Berlin starts 08:00 CET = 07:00 UTC now
			{"12h", "2026-10-25 12:50", userAna},
			{"4h", "2026-10-25 20:50", escFallback + " (DM)"},
			{"1h", "2026-10-25 23:50", "@here " + daySydney + ", SSYD"},
			{"breach", "2026-10-26 00:50", chanEscalate},
		},
		"holiday": { // Berlin off all Monday; New York from 13:00 UTC
			{"18h", "2026-10-26 13:00", dayNYB},
			{"12h", "2026-10-26 19:00", dayNYB},
			{"4h", "2026-10-27 03:00", daySyd + " (DM)"},
			{"1h", "2026-10-27 06:00", "@here " + dayBerlin + ", SBER"}, // Sydney just ended: fallback, first amazon.de team's channel
			{"breach", "2026-10-27 07:00", chanEscalate},
		},
	}
	for name, steps := range want {
		var got []step
		for _, e := range h.events(cases[name]) {
			if e.Type == buyerdesk.EventEscalated {
				got = append(got, step{e.Data["step"], e.At.UTC().Format("2006-01-02 15:04"), e.Data["targets"]})
			}
		}
		if len(got) != len(steps) {
			t.Errorf("%s: escalations %v, want %v", name, got, steps)
			continue
		}
		for i := range steps {
			if got[i] != steps[i] {
				t.Errorf("%s step %d: got %+v, want %+v", name, i, got[i], steps[i])
			}
		}
	}

	// The posts, once each, to the right place.
	thread := func(name string) []string {
		c, err := h.store.Case(h.ctx, cases[name])
		if err != nil {
			t.Fatal(err)
		}
		return escTexts(escThread(h, c), "")
	}
	// Assignment, 18h, 12h, 4h (a DM: the thread only notes it), 1h, breach.
	mentions := map[string][]string{
		"gap":     {"Nobody is on shift before the reply deadline", "<@" + escFallback + ">", "<@" + escFallback + ">", "*4h*", "<!subteam^SNY>", "*breach*"},
		"dst":     {"On call for this case: <@" + daySyd + ">", "<@" + escFallback + ">", "<@" + userAna + ">", "*4h*", "<!subteam^SSYD>", "*breach*"},
		"holiday": {"On call for this case: <@" + escFallback + ">", "<@" + dayNYB + ">", "<@" + dayNYB + ">", "*4h*", "<!subteam^SBER>", "*breach*"},
	}
	for name, wants := range mentions {
		posts := thread(name)
		if len(posts) != 6 { // assignment and five steps
			t.Errorf("%s: %d thread posts, want 6: %q", name, len(posts), posts)
			continue
		}
		for i, w := range wants {
			if !strings.Contains(posts[i], w) {
				t.Errorf("%s thread post %d %q lacks %q", name, i, posts[i], w)
			}
		}
	}
	counts := []struct {
		channel, text string
		n             int
	}{
		{"D" + escFallback, "needs a reply by", 2},
		{"D" + daySyd, "needs a reply by", 1},
		{dayNY, "<!here>", 1},
		{daySydney, "<!here>", 1},
		{dayBerlin, "<!here>", 1},
		{chanEscalate, "Reply deadline passed", 3},
		{chanEscalate, "Nobody is on shift", 1},
	}
	for _, c := range counts {
		if got := escTexts(h.slack.Messages(c.channel), c.text); len(got) != c.n {
			t.Errorf("%s: %d posts with %q, want %d: %q", c.channel, len(got), c.text, c.n, got)
		}
	}

	// Handoffs at each team's shift end (Berlin's moves with its clocks;
	// none on its holiday), each escalated half an hour later since nobody
	// accepts.
	var handoffs []string
	err := h.store.Scan(h.ctx, handoffNS, "", func(key string, v []byte) bool {
		var x handoff
		if json.Unmarshal(v, &x) == nil {
			handoffs = append(handoffs, x.Team+" "+x.At.UTC().Format("01-02 15:04"))
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(handoffs)
	wantHandoffs := []string{
		"berlin 10-24 15:00", "berlin 10-25 16:00", // 17:00 CEST, then 17:00 CET
		"new york 10-23 21:00", "new york 10-26 21:00", // Friday's, as the run starts
		"sydney 10-24 06:00", "sydney 10-25 06:00", "sydney 10-26 06:00", "sydney 10-27 06:00",
	}
	if !slices.Equal(handoffs, wantHandoffs) {
		t.Errorf("handoffs %q, want %q", handoffs, wantHandoffs)
	}
	for ch, n := range map[string]int{dayBerlin: 2, dayNY: 2, daySydney: 4} {
		if got := escTexts(h.slack.Messages(ch), ":handshake: *Handoff"); len(got) != n {
			t.Errorf("%s: %d handoff posts, want %d", ch, len(got), n)
		}
	}
	if got := escTexts(h.slack.Messages(chanEscalate), "Nobody accepted the handoff"); len(got) != len(wantHandoffs) {
		t.Errorf("%d unaccepted-handoff escalations, want %d", len(got), len(wantHandoffs))
	}
	// One wake-up per distinct step, handoff and accept deadline instant and
	// arrival, plus the 6-hour handoff checks and the last look.
	if wakes > 15+2*len(wantHandoffs)+3+12 {
		t.Errorf("scenario woke %d times", wakes)
	}
}
