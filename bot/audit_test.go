package bot

import (
	"testing"
)

// TestAuditLogsRotaChangesAndRefusals: handovers and absences, and an
// outsider's refused attempt, are in the workspace audit log with the user
// and time, since they belong to no case's log.
func TestAuditLogsRotaChangesAndRefusals(t *testing.T) {
	h := newHarness(t, Config{})
	h.command(userAna, "away for 2h")
	h.eventually("Ana told she is away", func() bool { return h.told(userAna, "off the rota") })
	h.command(userOutsider, "handover <@"+userBen+">")
	h.eventually("outsider refused", func() bool { return h.told(userOutsider, "only the support agents") })

	log, err := h.bot.Audit(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var away, refused bool
	for _, e := range log {
		if e.At.IsZero() {
			t.Errorf("entry without time: %+v", e)
		}
		switch {
		case e.Actor == userAna && e.Action == "away" && e.Data["end"] != "":
			away = true
		case e.Actor == userOutsider && e.Action == "refused" && e.Data["reason"] == "not an agent":
			refused = true
		}
	}
	if !away || !refused {
		t.Fatalf("audit log misses the absence (%v) or the refusal (%v): %+v", away, refused, log)
	}
}
