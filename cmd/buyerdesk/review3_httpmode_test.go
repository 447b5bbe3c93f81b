package main

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// TestRunHTTPMode runs `buyerdesk run` with slack.mode: http: no Socket
// Mode connection is made, the fake Slack delivers a signed reaction to
// the listen address and it claims the mirrored case; a request signed
// with another secret is refused with 401.
func TestRunHTTPMode(t *testing.T) {
	s := newService(t, serviceOptions{mailbox: "us", slack: &slackOptions{http: true, agents: []string{anna}}})
	s.deliver("en_old.eml")
	s.start()

	parent := s.parent(buyersChannel)
	waitFor(t, settle, "the HTTP listener", func() bool {
		c, err := net.Dial("tcp", s.listen)
		if err == nil {
			c.Close()
		}
		return err == nil
	})

	// A request signed with another secret is refused.
	body := `{"type":"event_callback","event_id":"EvForged","event":{"type":"reaction_added","user":"` + anna +
		`","reaction":"eyes","item":{"type":"message","channel":"` + buyersChannel + `","ts":"` + parent.TS + `"}}}`
	req, _ := http.NewRequest(http.MethodPost, s.slackURL("events"), strings.NewReader(body))
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
	s.react(anna, buyersChannel, parent.TS, "eyes")
	s.waitCard("the card showing the claim", buyersChannel, parent.TS, func(c string) bool {
		return strings.Contains(c, mention(anna))
	})
	if n := s.slack.Connections(); n != 0 {
		t.Errorf("%d Socket Mode connections in HTTP mode", n)
	}
	if !strings.Contains(s.logs.String(), "slack request refused") {
		t.Error("the refused request was not logged")
	}
}
