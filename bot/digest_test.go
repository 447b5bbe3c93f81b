package bot

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/sla"
)

// digestMail ingests a buyer message sent at sent.
func digestMail(h *harness, n string, sent time.Time) buyerdesk.Case {
	m := sampleMail("digest-"+n+"@amazon.de", "302-1111111-000000"+n)
	m.RelayAddress, m.SentAt = "digest"+n+"@marketplace.amazon.de", sent
	return h.ingest(m).Case
}

func TestDigestCountsAndLists(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily)})
	now := h.clock()
	digestMail(h, "1", now.Add(-25*time.Hour))             // breached
	soon := digestMail(h, "2", now.Add(-21*time.Hour))     // due in 3h
	digestMail(h, "3", now.Add(-time.Hour))                // open, unclaimed
	answered := digestMail(h, "4", now.Add(-22*time.Hour)) // answered: not listed
	if _, err := h.bot.record(h.ctx, soon.ID, buyerdesk.Event{Type: buyerdesk.EventClaimed, Actor: userBen}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.bot.record(h.ctx, answered.ID, buyerdesk.Event{Type: buyerdesk.EventSent, Actor: userAna}); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.Digest(h.ctx, "berlin", now); err != nil {
		t.Fatal(err)
	}
	posts := escTexts(h.slack.Messages(chanSupport), "Digest")
	if len(posts) != 1 {
		t.Fatalf("digest posts: %q", posts)
	}
	p := posts[0]
	for _, want := range []string{
		"Digest 10:00 CET, team berlin", "3 open · 1 due within 4h · 1 breached · 2 unclaimed",
		"Breached:\n• 302-1111111-0000001", "Due within 4h:\n• 302-1111111-0000002", "claimed by <@" + userBen + ">",
	} {
		if !strings.Contains(p, want) {
			t.Errorf("digest lacks %q:\n%s", want, p)
		}
	}
	if strings.Contains(p, "0000004") {
		t.Errorf("digest lists the answered case:\n%s", p)
	}
	if err := h.bot.Digest(h.ctx, "nobody", now); err == nil {
		t.Error("digest of an unknown team succeeded")
	}
}

func TestCoverageNotice(t *testing.T) {
	tests := []struct {
		name string
		rota sla.Rota
		want string
	}{
		{"nights uncovered", escRota(sla.Daily), "gap(s) with nobody on shift in the next 7 days"},
		{"round the clock", func() sla.Rota {
			r := escRota(sla.Daily)
			for d := range r.Teams[0].Hours {
				r.Teams[0].Hours[d] = []sla.Span{{Start: 0, End: 0}}
			}
			return r
		}(), "someone is on shift at every hour of the next 7 days"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Config{Rota: tc.rota})
			if err := h.bot.CoverageNotice(h.ctx, h.clock(), 7); err != nil {
				t.Fatal(err)
			}
			if got := escTexts(h.slack.Messages(chanEscalate), "Rota coverage"); len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("notice %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAddJobsRefusesDSTWindow(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily)})
	if err := h.bot.AddJobs(&sla.Cron{Marks: h.store}, Routine{}); err != nil {
		t.Fatalf("default jobs: %v", err)
	}
	err := h.bot.AddJobs(&sla.Cron{Marks: h.store}, Routine{DigestTimes: map[string][]string{"berlin": {"02:30"}}})
	if !errors.Is(err, sla.ErrDSTWindow) {
		t.Errorf("digest at 02:30: %v, want ErrDSTWindow", err)
	}
}
