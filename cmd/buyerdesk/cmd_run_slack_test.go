package main

import (
	"strings"
	"testing"
)

// TestRunMirrorsToSlack is issue 3's acceptance through the binary's own
// entry point: `buyerdesk run` with Slack tokens and a mailbox mirrors a
// real mail into a thread of the routed channel, and an agent's 👀 claims it.
func TestRunMirrorsToSlack(t *testing.T) {
	s := newService(t, serviceOptions{mailbox: "us", slack: &slackOptions{
		routes: map[string]string{"amazon.com": usChannel},
		agents: []string{anna},
	}})
	s.deliver("en_old.eml")
	s.start()

	parent := s.parent(usChannel)
	if !strings.Contains(parent.Text+string(parent.Blocks), "113-4928361-5502917") {
		t.Fatalf("parent does not name the order: %+v", parent)
	}
	s.waitThread(settle, "the buyer's text in the thread", usChannel, parent.TS, "tracking has not moved")
	s.waitSocket()
	s.react(anna, usChannel, parent.TS, "eyes")
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("card: %s", s.card(usChannel, parent.TS))
		}
	})
	s.waitCard("the card showing the claim", usChannel, parent.TS, func(c string) bool {
		return strings.Contains(c, mention(anna))
	})
	if l := s.logs.String(); strings.Contains(l, "Michael") || strings.Contains(l, "marketplace.amazon") {
		t.Errorf("log leaks buyer data:\n%s", l)
	}
}
