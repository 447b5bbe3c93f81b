package app

import (
	"testing"
	"time"

	_ "time/tzdata"

	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/sla"
)

func TestConvertDefaults(t *testing.T) {
	c := config.Default()
	r := Rota(c)
	if err := r.Validate(); err != nil {
		t.Fatalf("default rota invalid: %v", err)
	}
	if len(r.Teams) != len(c.Teams) || r.Fallback.ID == "" {
		t.Fatalf("rota lost teams or fallback: %+v", r)
	}
	// Tuesday 2026-11-24 10:00 in Berlin (09:00 UTC): Berlin is on shift.
	oc := r.OnCall(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	if oc.Team != "Berlin" || oc.FallbackUsed {
		t.Fatalf("on call at 10:00 Berlin = %+v, want the Berlin team", oc)
	}
	// 20:00 UTC is 15:00 in New York and 07:00 in Sydney: Berlin is off.
	oc = r.OnCall(time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC))
	if oc.Team != "New York" {
		t.Fatalf("on call at 20:00 UTC = %+v, want New York", oc)
	}

	w := Windows(c)
	sent := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if got := w.Window("amazon.de", sent); got != 20*time.Hour {
		t.Errorf("amazon.de window = %v, want the configured 20h", got)
	}
	if got := w.Window("amazon.co.uk", sent); got != 24*time.Hour {
		t.Errorf("amazon.co.uk window = %v, want 24h", got)
	}
	if got := w.Window("amazon.de", time.Date(2027, 7, 13, 12, 0, 0, 0, time.UTC)); got != 12*time.Hour {
		t.Errorf("prime-day window = %v, want 12h", got)
	}

	l := Ladder(c)
	if len(l) != len(c.SLA.Ladder) || l[1].Name != "escalate" || !l[1].DM || l[1].Before != 4*time.Hour {
		t.Fatalf("ladder = %+v", l)
	}
	if steps := l.Timeline(sent); len(steps) != len(l) || steps[len(steps)-1].Step.Name != "breach" {
		t.Fatalf("timeline = %+v", steps)
	}
	var _ sla.Ladder = l
}
