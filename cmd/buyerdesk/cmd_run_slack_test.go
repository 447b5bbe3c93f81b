package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// TestRunMirrorsToSlack is issue 3's acceptance through the binary's own
// entry point: `buyerdesk run` with Slack tokens and a mailbox mirrors a
// real mail into a thread of the routed channel, and an agent's 👀 claims it.
func TestRunMirrorsToSlack(t *testing.T) {
	imap, err := amazontest.StartIMAP("shop@example.com", "secret")
	if err != nil {
		t.Fatal(err)
	}
	defer imap.Close()
	fake := fakeslack.New(fakeslack.Options{})
	defer fake.Close()
	fake.AddChannel("C0BUYERSUS", "buyers-us")
	fake.AddChannel("C0BUYERS01", "buyers")
	fake.AddUser(fakeslack.User{ID: "U0ANNA0001", Name: "anna", TZ: "Europe/Berlin"})

	dir := t.TempDir()
	host, port, _ := strings.Cut(imap.Addr(), ":")
	cfg := writeFile(t, dir, "buyerdesk.yml", fmt.Sprintf(`
store:
  path: %s
mailboxes:
  - name: us
    host: %s
    port: %s
    tls: none
    username: shop@example.com
slack:
  api_url: %s
  channels:
    default: C0BUYERS01
    routes:
      amazon.com: C0BUYERSUS
  agents: [U0ANNA0001]
teams:
  - name: Berlin
    zone: Europe/Berlin
    hours:
      daily: ["00:00-24:00"]
    members:
      - id: U0ANNA0001
fallback:
  user: U0ANNA0001
`, filepath.Join(dir, "cases.db"), host, port, fake.APIURL()))
	env := map[string]string{"BUYERDESK_IMAP_PASSWORD": "secret", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test"}
	if _, err := imap.Deliver(fixture(t, "en_old.eml"), time.Now()); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var out, logs syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"run", "--config", cfg}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &logs)
	}()
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("run exited %d:\n%s", code, logs.String())
		}
	}()
	waitFor(t, 10*time.Second, "the parent card in the amazon.com channel", func() bool {
		return len(fake.Messages("C0BUYERSUS")) == 1
	})
	parent := fake.Messages("C0BUYERSUS")[0]
	if !strings.Contains(parent.Text+string(parent.Blocks), "113-4928361-5502917") {
		t.Fatalf("parent does not name the order: %+v", parent)
	}
	waitFor(t, 10*time.Second, "the buyer's text in the thread", func() bool {
		for _, m := range fake.Thread("C0BUYERSUS", parent.TS) {
			if strings.Contains(m.Text+string(m.Blocks), "tracking has not moved") {
				return true
			}
		}
		return false
	})
	waitFor(t, 10*time.Second, "socket mode", func() bool { return fake.Connections() > 0 })
	if _, err := fake.React(ctx, "U0ANNA0001", "C0BUYERSUS", parent.TS, "eyes"); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			m, _ := fake.Message("C0BUYERSUS", parent.TS)
			t.Logf("card: %s\nlogs: %s", m.Blocks, logs.String())
		}
	}()
	waitFor(t, 10*time.Second, "the card showing the claim", func() bool {
		m, _ := fake.Message("C0BUYERSUS", parent.TS)
		return strings.Contains(string(m.Blocks), `\u003c@U0ANNA0001\u003e`)
	})
	if l := logs.String(); strings.Contains(l, "Michael") || strings.Contains(l, "marketplace.amazon") {
		t.Errorf("log leaks buyer data:\n%s", l)
	}
}
