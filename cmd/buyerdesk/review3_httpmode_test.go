package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// TestRunHTTPMode runs `buyerdesk run` with slack.mode: http: no Socket
// Mode connection is made, the fake Slack delivers a signed reaction to
// the listen address and it claims the mirrored case; a request signed
// with another secret is refused with 401.
func TestRunHTTPMode(t *testing.T) {
	const (
		anna    = "U0ANNA0001"
		channel = "C0BUYERS01"
		secret  = "review3-signing-secret"
	)
	imap, err := amazontest.StartIMAP("shop@example.com", "secret")
	if err != nil {
		t.Fatal(err)
	}
	defer imap.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := l.Addr().String()
	l.Close() // the service listens here itself
	base := "http://" + listen + "/slack"
	fake := fakeslack.New(fakeslack.Options{HTTP: &fakeslack.HTTPMode{EventsURL: base + "/events",
		InteractivityURL: base + "/interactivity", CommandsURL: base + "/commands", SigningSecret: secret}})
	defer fake.Close()
	fake.AddChannel(channel, "buyers")
	fake.AddUser(fakeslack.User{ID: anna, Name: "anna", TZ: "Europe/Berlin"})

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
  mode: http
  listen: %s
  api_url: %s
  channels:
    default: %s
  agents: [%s]
teams:
  - name: Berlin
    zone: Europe/Berlin
    hours:
      daily: ["00:00-24:00"]
    members:
      - id: %s
fallback:
  user: %s
`, filepath.Join(dir, "cases.db"), host, port, listen, fake.APIURL(), channel, anna, anna, anna))
	env := map[string]string{"BUYERDESK_IMAP_PASSWORD": "secret", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": secret}
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
	defer func() {
		if t.Failed() {
			t.Logf("logs: %s", logs.String())
		}
	}()

	waitFor(t, 10*time.Second, "the parent card", func() bool { return len(fake.Messages(channel)) == 1 })
	parent := fake.Messages(channel)[0]
	waitFor(t, 10*time.Second, "the HTTP listener", func() bool {
		c, err := net.Dial("tcp", listen)
		if err == nil {
			c.Close()
		}
		return err == nil
	})

	// A request signed with another secret is refused.
	body := `{"type":"event_callback","event_id":"EvForged","event":{"type":"reaction_added","user":"` + anna +
		`","reaction":"eyes","item":{"type":"message","channel":"` + channel + `","ts":"` + parent.TS + `"}}}`
	req, _ := http.NewRequest(http.MethodPost, base+"/events", strings.NewReader(body))
	now := time.Now().Unix()
	req.Header.Set("X-Slack-Request-Timestamp", fmt.Sprint(now))
	req.Header.Set("X-Slack-Signature", fakeslack.Sign("another-secret", now, []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged request: status %d, want 401", resp.StatusCode)
	}

	// Slack's signed delivery claims the case.
	if _, err := fake.React(ctx, anna, channel, parent.TS, "eyes"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the card showing the claim", func() bool {
		m, _ := fake.Message(channel, parent.TS)
		return strings.Contains(string(m.Blocks), `\u003c@`+anna+`\u003e`)
	})
	if n := fake.Connections(); n != 0 {
		t.Errorf("%d Socket Mode connections in HTTP mode", n)
	}
	if !strings.Contains(logs.String(), "slack request refused") {
		t.Error("the refused request was not logged")
	}
}
