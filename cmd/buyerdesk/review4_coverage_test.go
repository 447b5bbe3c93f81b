package main

import (
	"strings"
	"testing"
)

// TestRunReportsCoverageGapsAtStartUp: `buyerdesk run` with a rota that
// leaves the nights uncovered logs the gaps and posts the coverage notice
// in the escalation channel at start-up, once a day: a restart the same
// day logs the gaps again but does not post again.
func TestRunReportsCoverageGapsAtStartUp(t *testing.T) {
	s := startService(t, serviceOptions{slack: &slackOptions{
		escalation:   escalationChannel,
		agents:       []string{anna},
		hours:        "09:00-17:00",
		coverageDays: 3,
	}})
	notices := func() int {
		n := 0
		for _, m := range s.slack.Messages(escalationChannel) {
			if strings.Contains(m.Text, "Rota coverage") {
				n++
			}
		}
		return n
	}
	const gapsLogged = "rota coverage: gaps with nobody on shift"

	waitFor(t, settle, "the coverage notice in the escalation channel", func() bool { return notices() == 1 })
	msg := s.slack.Messages(escalationChannel)[0].Text
	if !strings.Contains(msg, "gap(s) with nobody on shift in the next 3 days") {
		t.Errorf("notice = %q", msg)
	}
	s.waitLog(gapsLogged, 1)
	if l := s.logs.String(); !strings.Contains(l, `"days":3`) || !strings.Contains(l, `"gaps":["`) {
		t.Errorf("coverage log line lacks days or gaps:\n%s", l)
	}
	s.stop()

	// A restart the same day.
	s.start()
	s.waitLog(gapsLogged, 1)
	s.waitLog("buyerdesk running", 1)
	s.stop()
	if n := notices(); n != 1 {
		t.Errorf("%d coverage notices after a restart on the same day, want 1", n)
	}
}
