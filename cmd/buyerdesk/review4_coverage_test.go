package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// TestRunReportsCoverageGapsAtStartUp: `buyerdesk run` with a rota that
// leaves the nights uncovered logs the gaps and posts the coverage notice
// in the escalation channel at start-up, once a day: a restart the same
// day logs the gaps again but does not post again.
func TestRunReportsCoverageGapsAtStartUp(t *testing.T) {
	fake := fakeslack.New(fakeslack.Options{})
	defer fake.Close()
	fake.AddChannel("C0BUYERS01", "buyers")
	fake.AddChannel("C0ESCALATE", "escalations")
	fake.AddUser(fakeslack.User{ID: "U0ANNA0001", Name: "anna", TZ: "Europe/Berlin"})

	dir := t.TempDir()
	cfg := writeFile(t, dir, "buyerdesk.yml", fmt.Sprintf(`
store:
  path: %s
slack:
  api_url: %s
  channels:
    default: C0BUYERS01
  escalation_channel: C0ESCALATE
  agents: [U0ANNA0001]
coverage:
  days: 3
teams:
  - name: Berlin
    zone: Europe/Berlin
    hours:
      daily: ["09:00-17:00"]
    members:
      - id: U0ANNA0001
fallback:
  user: U0ANNA0001
`, filepath.Join(dir, "cases.db"), fake.APIURL()))
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test"}

	notices := func() int {
		n := 0
		for _, m := range fake.Messages("C0ESCALATE") {
			if strings.Contains(m.Text, "Rota coverage") {
				n++
			}
		}
		return n
	}
	start := func() (*syncBuffer, func()) {
		ctx, cancel := context.WithCancel(context.Background())
		var out, logs syncBuffer
		done := make(chan int)
		go func() {
			done <- run(ctx, []string{"run", "--config", cfg}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &logs)
		}()
		return &logs, func() {
			cancel()
			if code := <-done; code != exitOK {
				t.Errorf("run exited %d:\n%s", code, logs.String())
			}
		}
	}

	logs, stop := start()
	waitFor(t, 10*time.Second, "the coverage notice in the escalation channel", func() bool { return notices() == 1 })
	msg := fake.Messages("C0ESCALATE")[0].Text
	if !strings.Contains(msg, "gap(s) with nobody on shift in the next 3 days") {
		t.Errorf("notice = %q", msg)
	}
	waitFor(t, 10*time.Second, "the gaps in the log", func() bool {
		return strings.Contains(logs.String(), "rota coverage: gaps with nobody on shift")
	})
	if l := logs.String(); !strings.Contains(l, `"days":3`) || !strings.Contains(l, `"gaps":["`) {
		t.Errorf("coverage log line lacks days or gaps:\n%s", l)
	}
	stop()

	logs, stop = start()
	waitFor(t, 10*time.Second, "the gaps logged again after the restart", func() bool {
		return strings.Contains(logs.String(), "rota coverage: gaps with nobody on shift")
	})
	waitFor(t, 10*time.Second, "the service running", func() bool { return strings.Contains(logs.String(), "buyerdesk running") })
	stop()
	if n := notices(); n != 1 {
		t.Errorf("%d coverage notices after a restart on the same day, want 1", n)
	}
}
