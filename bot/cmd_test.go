package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/sla"
)

// cmdTestRota: team EU (Berlin, weekdays 08:00–17:00) with Ana as this
// week's primary and Ben also on shift; team US (New York, 09:00–17:00)
// with Ben. The harness starts on Tuesday 24 November 2026, 09:00 UTC:
// 10:00 in Berlin, 04:00 in New York.
func cmdTestRota(t *testing.T) sla.Rota {
	t.Helper()
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	weekdays := func(from, to int) sla.Week {
		var w sla.Week
		for d := time.Monday; d <= time.Friday; d++ {
			w[d] = []sla.Span{{Start: from * 60, End: to * 60}}
		}
		return w
	}
	monday := sla.Date{Year: 2026, Month: time.November, Day: 23}
	return sla.Rota{
		Teams: []sla.Team{
			{Name: "EU", Zone: zone("Europe/Berlin"), Hours: weekdays(8, 17), Rotation: sla.Rotation{Kind: sla.Weekly, Start: monday},
				Members: []sla.Member{{ID: userAna}, {ID: userBen}}},
			{Name: "US", Zone: zone("America/New_York"), Hours: weekdays(9, 17), Members: []sla.Member{{ID: userBen}}},
		},
		Fallback: sla.Target{Kind: sla.User, ID: userAna},
	}
}

// command runs /buyerdesk text as user in the support channel and returns
// the text of the acknowledgement ("" for an empty one).
func (h *harness) command(user, text string) string {
	h.t.Helper()
	a, err := h.slack.SlashCommand(h.ctx, user, chanSupport, "/buyerdesk", text)
	if err != nil {
		h.t.Fatalf("/buyerdesk %s: %v", text, err)
	}
	if len(a.Payload) == 0 || string(a.Payload) == "null" {
		return ""
	}
	var r cmdReply
	if err := json.Unmarshal(a.Payload, &r); err != nil {
		h.t.Fatalf("ack payload %s: %v", a.Payload, err)
	}
	if r.ResponseType != "ephemeral" {
		h.t.Fatalf("ack response_type = %q, want ephemeral", r.ResponseType)
	}
	return r.Text
}

// claimed opens a case in Slack and has user claim it.
func (h *harness) claimed(user, msgID, order string) buyerdesk.Case {
	h.t.Helper()
	c := reactOpen(h, sampleMail(msgID, order))
	h.react(user, c, "eyes", true)
	h.eventually("claim of "+order, func() bool { return h.caseNow(c.ID).Assignee == user })
	return h.caseNow(c.ID)
}

func TestCmdHelp(t *testing.T) {
	h := newHarness(t, Config{})
	for _, tt := range []struct{ text, want string }{
		{"", "oncall"},
		{"help", "handover @someone"},
		{"  HELP  ", "claim <order id>"},
		{"frobnicate", "I don't know `frobnicate`"},
		{"claim", "Usage: `/buyerdesk claim <order id>`"},
		{"handover", "Usage: `/buyerdesk handover @someone"},
		{"handover ben", "Please @-mention"},
		{"handover <@UANA|ana>", "cannot hand over to yourself"},
		{"handover <@UBEN|ben> for ever", "I did not understand how long"},
		{"away until teatime", "I did not understand how long"},
	} {
		if got := h.command(userAna, tt.text); !strings.Contains(got, tt.want) {
			t.Errorf("/buyerdesk %q answered %q, want it to contain %q", tt.text, got, tt.want)
		}
	}
}

func TestCmdOnCall(t *testing.T) {
	h := newHarness(t, Config{Rota: cmdTestRota(t)})
	got := h.command(userBen, "oncall")
	shiftEnd := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC) // 17:00 in Berlin
	for _, want := range []string{
		"*On call now:* <@" + userAna + "> (EU) until " + slackDate(shiftEnd),
		"*EU*: <@" + userAna + "> primary until " + slackDate(shiftEnd) + "; also on shift: <@" + userBen + ">",
		"*US*: nobody on shift",
		"*Next handoff:* EU at " + slackDate(shiftEnd),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("oncall = %q\nwant it to contain %q", got, want)
		}
	}

	h = newHarness(t, Config{Rota: sla.Rota{Fallback: sla.Target{Kind: sla.Group, ID: "SAGENTS"}}})
	if got := h.command(userBen, "oncall"); !strings.Contains(got, "<!subteam^SAGENTS> (fallback") {
		t.Errorf("oncall without teams = %q, want the fallback group", got)
	}
}

func TestCmdHandoverMovesCasesAndSlot(t *testing.T) {
	h := newHarness(t, Config{Rota: cmdTestRota(t)})
	a1 := h.claimed(userAna, "m1@amazon.de", "302-0000001-0000001")
	a2 := h.claimed(userAna, "m2@amazon.de", "302-0000002-0000002")
	b1 := h.claimed(userBen, "m3@amazon.de", "302-0000003-0000003")
	// An answered case still held moves too: a follow-up would land with Ana.
	if _, _, err := h.store.Append(h.ctx, a2.ID, buyerdesk.Event{Type: buyerdesk.EventSellerCopy, At: h.clock(), Actor: buyerdesk.SystemActor}); err != nil {
		t.Fatal(err)
	}
	done := h.claimed(userAna, "m4@amazon.de", "302-0000004-0000004")
	h.react(userAna, done, "white_check_mark", true)
	h.eventually("resolved", func() bool { return h.caseNow(done.ID).State == buyerdesk.StateResolved })
	start := h.clock()

	if ack := h.command(userAna, "handover <@"+userBen+"|ben> for 4h"); ack != "" {
		t.Fatalf("handover ack = %q, want an empty ack (the work runs in the background)", ack)
	}
	h.eventually("Ana told", func() bool { return h.told(userAna, "Handed 2 case(s) and your on-call slot to <@"+userBen+">") })
	for _, c := range []buyerdesk.Case{a1, a2} {
		if got := h.caseNow(c.ID).Assignee; got != userBen {
			t.Errorf("case %s assignee = %q, want Ben", c.OrderID, got)
		}
		evs := h.eventsOf(c.ID, buyerdesk.EventHandover)
		if len(evs) != 1 || evs[0].Actor != userAna || evs[0].Data["from"] != userAna || evs[0].Data["to"] != userBen {
			t.Errorf("case %s handover events = %+v", c.OrderID, evs)
		}
		h.eventually("announced", func() bool {
			return strings.Contains(h.threadText(c), "<@"+userAna+"> handed this case over to <@"+userBen+">")
		})
	}
	if got := h.caseNow(b1.ID).Assignee; got != userBen || len(h.eventsOf(b1.ID, buyerdesk.EventHandover)) != 0 {
		t.Errorf("Ben's own case touched: assignee %q", got)
	}
	if got := h.caseNow(done.ID).Assignee; got != userAna {
		t.Errorf("resolved case moved to %q", got)
	}

	r := h.bot.rota(h.ctx)
	want := sla.Override{Kind: sla.Handover, From: userAna, To: userBen, Start: start, End: start.Add(4 * time.Hour)}
	if len(r.Overrides) != 1 || r.Overrides[0].Kind != want.Kind || r.Overrides[0].From != want.From ||
		r.Overrides[0].To != want.To || !r.Overrides[0].End.Equal(want.End) {
		t.Fatalf("overrides = %+v, want %+v", r.Overrides, want)
	}
	if got := r.OnCall(h.clock()).Primary; got != userBen {
		t.Errorf("primary during the handover = %s, want Ben", got)
	}
	if got := h.command(userAna, "oncall"); !strings.Contains(got, "*On call now:* <@"+userBen+"> (EU)") {
		t.Errorf("oncall during the handover = %q", got)
	}

	h.FastForward(4 * time.Hour)
	r = h.bot.rota(h.ctx)
	if len(r.Overrides) != 0 || r.OnCall(h.clock()).Primary != userAna {
		t.Fatalf("after expiry: overrides %+v, primary %s; want none and Ana", r.Overrides, r.OnCall(h.clock()).Primary)
	}
}

func TestCmdHandoverEnds(t *testing.T) {
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin, Ana's zone
	tests := []struct {
		name, args string
		teams      bool
		want       time.Time
	}{
		{"for hours", "for 4h", true, start.Add(4 * time.Hour)},
		{"for mixed units", "for 1h 30m", true, start.Add(90 * time.Minute)},
		{"until later today", "until 18:00", true, time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)},
		{"until tomorrow morning", "until 9am", true, time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)},
		{"end of shift", "", true, time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)},
		{"not on shift", "", false, start.Add(8 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := Config{Rota: sla.Rota{Fallback: sla.Target{Kind: sla.User, ID: userBen}}}
			if tt.teams {
				cfg.Rota = cmdTestRota(t)
			}
			h := newHarness(t, cfg)
			h.command(userAna, strings.TrimSpace("handover <@"+userBen+"> "+tt.args))
			h.eventually("handover", func() bool { return h.told(userAna, "Handed 0 case(s)") })
			o := h.bot.rota(h.ctx).Overrides
			if len(o) != 1 || !o[0].End.Equal(tt.want) || !o[0].Start.Equal(start) {
				t.Fatalf("overrides = %+v, want one from %s to %s", o, start, tt.want)
			}
		})
	}
}

func TestCmdHandoverRefused(t *testing.T) {
	h := newHarness(t, Config{Rota: cmdTestRota(t)})
	h.command(userOutsider, "handover <@"+userBen+">")
	h.eventually("outsider refused", func() bool { return h.told(userOutsider, "only the support agents") })
	h.command(userAna, "handover <@"+userOutsider+">")
	h.eventually("recipient refused", func() bool { return h.told(userAna, "<@"+userOutsider+"> is not one of the support agents") })
	if o := h.bot.rota(h.ctx).Overrides; len(o) != 0 {
		t.Fatalf("refused handovers stored overrides: %+v", o)
	}
}

func TestCmdAway(t *testing.T) {
	h := newHarness(t, Config{Rota: cmdTestRota(t)})
	h.command(userAna, "away for 2d")
	h.eventually("Ana told", func() bool { return h.told(userAna, "You are off the rota until") })
	r := h.bot.rota(h.ctx)
	if len(r.Overrides) != 1 || r.Overrides[0].Kind != sla.Away || r.Overrides[0].From != userAna ||
		!r.Overrides[0].End.Equal(h.clock().Add(48*time.Hour)) {
		t.Fatalf("overrides = %+v, want Ana away for 2 days", r.Overrides)
	}
	if got := r.OnCall(h.clock()).Primary; got != userBen {
		t.Fatalf("primary while Ana is away = %s, want Ben", got)
	}
	if !h.told(userAna, "on call now: <@"+userBen+">") {
		t.Fatalf("Ana not told who is on call: %+v", h.slack.Ephemerals(userAna))
	}
	h.command(userOutsider, "away")
	h.eventually("outsider refused", func() bool { return h.told(userOutsider, "only the support agents") })
}

func TestCmdMine(t *testing.T) {
	h := newHarness(t, Config{})
	a := h.claimed(userAna, "m1@amazon.de", "302-0000001-0000001")
	b := h.claimed(userBen, "m2@amazon.de", "302-0000002-0000002")
	h.command(userAna, "mine")
	h.eventually("answer", func() bool { return h.told(userAna, "Your open cases (1)") })
	link := "<https://slack.com/archives/" + chanSupport + "/p" + strings.ReplaceAll(a.ThreadTS, ".", "") + "|302-0000001-0000001>"
	if !h.told(userAna, link) || !h.told(userAna, slackDate(a.Deadline)) || h.told(userAna, b.OrderID) {
		t.Fatalf("mine = %+v\nwant %s with its deadline and without Ben's case", h.slack.Ephemerals(userAna), link)
	}
	h.command(userOutsider, "mine")
	h.eventually("empty answer", func() bool { return h.told(userOutsider, "You have no open cases") })
}

func TestCmdStatus(t *testing.T) {
	h := newHarness(t, Config{})
	now := h.clock()
	mail := func(id, market string, age time.Duration) {
		m := sampleMail(id, "302-"+id)
		m.Marketplace, m.SentAt = market, now.Add(-age)
		h.ingest(m)
	}
	mail("1", "amazon.de", time.Hour)      // fine
	mail("2", "amazon.de", 21*time.Hour)   // 3h left: at risk
	mail("3", "amazon.fr", 30*time.Hour)   // breached
	mail("4", "amazon.fr", 2*time.Hour)    // fine
	mail("5", "amazon.co.uk", time.Minute) // resolved below
	mail("6", "amazon.co.uk", time.Minute) // answered below
	for order, typ := range map[string]buyerdesk.EventType{"302-5": buyerdesk.EventResolved, "302-6": buyerdesk.EventSellerCopy} {
		cs, _ := h.store.CasesByOrder(h.ctx, order)
		if _, _, err := h.store.Append(h.ctx, cs[0].ID, buyerdesk.Event{Type: typ, At: now, Actor: userAna}); err != nil {
			t.Fatal(err)
		}
	}
	h.command(userBen, "status")
	h.eventually("answer", func() bool { return h.told(userBen, "All marketplaces") })
	for _, want := range []string{
		"*All marketplaces: 4 open, 1 at risk (under 4h left), 1 breached*",
		"• amazon.de: 2 open, 1 at risk (under 4h left), 0 breached",
		"• amazon.fr: 2 open, 0 at risk (under 4h left), 1 breached",
	} {
		if !h.told(userBen, want) {
			t.Errorf("status = %+v\nwant %q", h.slack.Ephemerals(userBen), want)
		}
	}
	if h.told(userBen, "amazon.co.uk") {
		t.Errorf("a marketplace with only resolved and answered cases is listed")
	}
}

func TestCmdClaimByOrder(t *testing.T) {
	h := newHarness(t, Config{})
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-7654321-7654321"))
	h.command(userAna, "claim 302-7654321-7654321")
	h.eventually("claimed", func() bool { return h.caseNow(c.ID).Assignee == userAna })
	h.eventually("told", func() bool { return h.told(userAna, "You have claimed") })
	h.eventually("announced", func() bool { return strings.Contains(h.threadText(c), "<@"+userAna+"> claimed") })
	if evs := h.eventsOf(c.ID, buyerdesk.EventClaimed); len(evs) != 1 || evs[0].Actor != userAna {
		t.Fatalf("claim events = %+v", evs)
	}

	h.command(userBen, "claim 302-7654321-7654321")
	h.eventually("Ben refused", func() bool { return h.told(userBen, "already claimed by <@"+userAna+">") })
	h.command(userBen, "claim 999-0000000-0000000")
	h.eventually("unknown order", func() bool { return h.told(userBen, "There is no open case for order 999-0000000-0000000") })
	h.command(userOutsider, "claim 302-7654321-7654321")
	h.eventually("outsider audited", func() bool { return len(h.eventsOf(c.ID, buyerdesk.EventRefused)) == 1 })
	if got := h.caseNow(c.ID).Assignee; got != userAna {
		t.Fatalf("assignee = %q, want Ana", got)
	}
}
