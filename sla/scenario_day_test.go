package sla_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
	"github.com/buyerdesk/buyerdesk/sla"
)

// dayRota: Berlin (every day 08–17, amazon.de, 26 October 2026 a holiday),
// New York (weekdays 09–17, amazon.com and amazon.de), Sydney (every day
// 09–17, amazon.de); the fallback is UFALL.
func dayRota(t *testing.T) sla.Rota {
	hours := func(from, to int, days ...time.Weekday) sla.Week {
		var w sla.Week
		for _, d := range days {
			w[d] = []sla.Span{{Start: from * 60, End: to * 60}}
		}
		return w
	}
	week := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	start := sla.Date{Year: 2026, Month: time.October, Day: 1}
	return sla.Rota{
		Teams: []sla.Team{
			{Name: "berlin", Zone: zone(t, "Europe/Berlin"), Hours: hours(8, 17, week...), Channel: "CBERLIN", Group: "SBER",
				Holidays: []sla.Date{{Year: 2026, Month: time.October, Day: 26}}, Marketplaces: []string{"amazon.de"},
				Members: []sla.Member{{ID: "UANA"}}, Rotation: sla.Rotation{Start: start}},
			{Name: "new york", Zone: zone(t, "America/New_York"), Hours: hours(9, 17, week[1:6]...), Channel: "CNEWYORK", Group: "SNY",
				Marketplaces: []string{"amazon.com", "amazon.de"},
				Members:      []sla.Member{{ID: "UNYA"}, {ID: "UNYB"}}, Rotation: sla.Rotation{Kind: sla.All, Start: start}},
			{Name: "sydney", Zone: zone(t, "Australia/Sydney"), Hours: hours(9, 17, week...), Channel: "CSYDNEY", Group: "SSYD",
				Marketplaces: []string{"amazon.de"}, Members: []sla.Member{{ID: "USYD"}}, Rotation: sla.Rotation{Start: start}},
		},
		Fallback:          sla.Target{Kind: sla.User, ID: "UFALL"},
		EscalationChannel: "CESCALATE",
	}
}

func dayLadder() sla.Ladder {
	return sla.Ladder{
		{Name: "18h", Before: 18 * time.Hour, Targets: []string{sla.TargetAssignee}},
		{Name: "12h", Before: 12 * time.Hour, Targets: []string{sla.TargetAssignee}},
		{Name: "4h", Before: 4 * time.Hour, Targets: []string{sla.TargetOnCall}, DM: true},
		{Name: "1h", Before: time.Hour, Targets: []string{sla.TargetHere, sla.TargetGroup}},
		{Name: "breach", Before: 0, Targets: []string{sla.TargetEscalationChannel}},
	}
}

// TestScenarioDayInBubble runs the Scheduler on fake time from Friday 23 to
// Tuesday 27 October 2026 (Berlin's clocks go back on Sunday at 01:00 UTC)
// with a Fire that resolves each step's targets through the rota at the
// instant it fires: a message into a gap nobody covers before its
// deadline, one ten minutes before the DST switch, one on Berlin's holiday.
// Every step fires once, at its instant, to the right people.
func TestScenarioDayInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		at := func(s string) time.Time {
			v, err := time.Parse("2006-01-02 15:04", s)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		time.Sleep(at("2026-10-23 21:00").Sub(time.Now()))
		db := storetest.MustOpen(t)
		rota := dayRota(t)
		var mu sync.Mutex
		var got []string
		fire := func(ctx context.Context, c buyerdesk.Case, d sla.Due) error {
			var names []string
			for _, tg := range rota.Resolve(d.Step, c, time.Now()) {
				names = append(names, tg.String())
			}
			mu.Lock()
			got = append(got, fmt.Sprintf("%s %s %s → %s", c.OrderID, d.Step.Name, time.Now().UTC().Format("01-02 15:04"), strings.Join(names, ", ")))
			mu.Unlock()
			_, _, err := db.Append(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventEscalated, At: time.Now(),
				Actor: buyerdesk.SystemActor, Key: sla.StepKey(c.Clock, d.Index)})
			return err
		}
		s := &sla.Scheduler{Store: db, Ladder: dayLadder(), Fire: fire, Log: zerolog.Nop()}
		start(t, s)
		for _, m := range []struct{ order, marketplace, at string }{
			{"gap", "amazon.com", "2026-10-23 21:30"},
			{"dst", "amazon.de", "2026-10-25 00:50"},
			{"holiday", "amazon.de", "2026-10-26 07:00"},
		} {
			time.Sleep(at(m.at).Sub(time.Now()))
			id := "day-" + m.order + "@example.com"
			res, err := db.Ingest(t.Context(), store.IngestRequest{Mailbox: "INBOX", Raw: []byte(id), Now: time.Now(),
				Mail: buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, Marketplace: m.marketplace, MessageID: id,
					SentAt: time.Now(), OrderID: m.order, RelayAddress: m.order + "@marketplace.amazon.de"}})
			if err != nil {
				t.Fatal(err)
			}
			s.Watch(res.Case)
		}
		time.Sleep(at("2026-10-27 08:00").Sub(time.Now()))
		synctest.Wait()

		want := []string{
			"gap 18h 10-24 03:30 → UFALL", // amazon.com: New York only, off until Monday
			"gap 12h 10-24 09:30 → UFALL",
			"gap 4h 10-24 17:30 → UFALL (DM)",
			"gap 1h 10-24 20:30 → @here CNEWYORK, SNY",
			"gap breach 10-24 21:30 → CESCALATE",
			"dst 18h 10-25 06:50 → UFALL", // Berlin starts 08:00 CET = 07:00 UTC after the switch
			"dst 12h 10-25 12:50 → UANA",
			"dst 4h 10-25 20:50 → UFALL (DM)",
			"dst 1h 10-25 23:50 → @here CSYDNEY, SSYD",
			"dst breach 10-26 00:50 → CESCALATE",
			"holiday 18h 10-26 13:00 → UNYB", // Berlin off all day; New York from 13:00 UTC
			"holiday 12h 10-26 19:00 → UNYB",
			"holiday 4h 10-27 03:00 → USYD (DM)",
			"holiday 1h 10-27 06:00 → @here CBERLIN, SBER", // Sydney just ended: fallback, first amazon.de team
			"holiday breach 10-27 07:00 → CESCALATE",
		}
		mu.Lock()
		defer mu.Unlock()
		if !slices.Equal(got, want) {
			t.Errorf("escalations:\n got %q\nwant %q", got, want)
		}
	})
}
