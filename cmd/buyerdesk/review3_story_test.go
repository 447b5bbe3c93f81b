package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// TestRunStoryThroughIMAPAndSlack is issue 3's story through the binary:
// a buyer mail arrives in the in-process IMAP server and its thread
// appears, a follow-up (delivered while running, through IDLE) lands in the
// same thread and updates the card in place, Anna's 👀 claims the case and
// the card shows it, Ben's 👀 is refused privately, and Anna's
// `/buyerdesk handover @ben` moves the case to Ben.
func TestRunStoryThroughIMAPAndSlack(t *testing.T) {
	const (
		anna, ben = "U0ANNA0001", "U0BEN00002"
		channel   = "C0BUYERSUS"
		order     = "113-4928361-5502917"
	)
	imap, err := amazontest.StartIMAP("shop@example.com", "secret")
	if err != nil {
		t.Fatal(err)
	}
	defer imap.Close()
	fake := fakeslack.New(fakeslack.Options{})
	defer fake.Close()
	fake.AddChannel(channel, "buyers-us")
	fake.AddChannel("C0BUYERS01", "buyers")
	fake.AddUser(fakeslack.User{ID: anna, Name: "anna", TZ: "Europe/Berlin"})
	fake.AddUser(fakeslack.User{ID: ben, Name: "ben", TZ: "America/New_York"})

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
      amazon.com: %s
  agents: [%s, %s]
teams:
  - name: Berlin
    zone: Europe/Berlin
    hours:
      daily: ["00:00-24:00"]
    members:
      - id: %s
      - id: %s
fallback:
  user: %s
`, filepath.Join(dir, "cases.db"), host, port, fake.APIURL(), channel, anna, ben, anna, ben, anna))
	env := map[string]string{"BUYERDESK_IMAP_PASSWORD": "secret", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test"}
	first := fixture(t, "en_old.eml")
	if _, err := imap.Deliver(first, time.Now()); err != nil {
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
	defer func() {
		if t.Failed() {
			t.Logf("logs: %s", logs.String())
		}
	}()
	inThread := func(ts, text string) bool {
		for _, m := range fake.Thread(channel, ts) {
			if strings.Contains(m.Text+string(m.Blocks), text) {
				return true
			}
		}
		return false
	}
	card := func(ts string) string {
		m, _ := fake.Message(channel, ts)
		return string(m.Blocks)
	}

	// The buyer's mail arrives: one parent card, the buyer's words in its thread.
	waitFor(t, 10*time.Second, "the parent card", func() bool { return len(fake.Messages(channel)) == 1 })
	parent := fake.Messages(channel)[0]
	if !strings.Contains(parent.Text+string(parent.Blocks), order) {
		t.Fatalf("parent does not name the order: %+v", parent)
	}
	waitFor(t, 10*time.Second, "the buyer's text in the thread", func() bool { return inThread(parent.TS, "tracking has not moved") })

	// A follow-up arrives while running: same thread, card updated in place.
	follow := bytes.Replace(first, []byte("<0100018f2c1d.en-old.1@"), []byte("<0100018f2c1d.en-old.2@"), 1)
	follow = bytes.Replace(follow, []byte("the tracking has not moved for five days"), []byte("still no news from the carrier today"), 1)
	if _, err := imap.Deliver(follow, time.Now()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 15*time.Second, "the follow-up in the same thread", func() bool { return inThread(parent.TS, "still no news from the carrier") })
	waitFor(t, 10*time.Second, "the card counting the follow-up", func() bool { return strings.Contains(card(parent.TS), "1 follow-up") })
	if n := len(fake.Messages(channel)); n != 1 {
		t.Fatalf("the follow-up posted a new parent: %d top-level messages", n)
	}

	// Anna reacts 👀: the card shows her claim.
	waitFor(t, 10*time.Second, "socket mode", func() bool { return fake.Connections() > 0 })
	if _, err := fake.React(ctx, anna, channel, parent.TS, "eyes"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the card showing Anna's claim", func() bool {
		return strings.Contains(card(parent.TS), `\u003c@`+anna+`\u003e`)
	})

	// Ben reacts 👀 too: he is told privately who holds it; nothing changes.
	if _, err := fake.React(ctx, ben, channel, parent.TS, "eyes"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "Ben told the case is Anna's", func() bool {
		for _, e := range fake.Ephemerals(ben) {
			if strings.Contains(e.Text, "already claimed by <@"+anna+">") {
				return true
			}
		}
		return false
	})
	if c := card(parent.TS); !strings.Contains(c, `\u003c@`+anna+`\u003e`) || strings.Contains(c, `\u003c@`+ben+`\u003e`) {
		t.Fatalf("the refused claim changed the card: %s", c)
	}

	// Anna hands over to Ben: the case moves, the thread says so.
	if _, err := fake.SlashCommand(ctx, anna, channel, "/buyerdesk", "handover <@"+ben+"|ben> for 4h"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the card showing Ben", func() bool {
		c := card(parent.TS)
		return strings.Contains(c, `\u003c@`+ben+`\u003e`) && !strings.Contains(c, `\u003c@`+anna+`\u003e`)
	})
	waitFor(t, 10*time.Second, "the handover announced in the thread", func() bool {
		return inThread(parent.TS, "<@"+anna+"> handed this case over to <@"+ben+">")
	})
	if n := len(fake.Messages(channel)); n != 1 {
		t.Errorf("%d top-level messages at the end, want the one parent", n)
	}
}
