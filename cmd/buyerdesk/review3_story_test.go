package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestRunStoryThroughIMAPAndSlack is issue 3's story through the binary:
// a buyer mail arrives in the in-process IMAP server and its thread
// appears, a follow-up (delivered while running, through IDLE) lands in the
// same thread and updates the card in place, Anna's 👀 claims the case and
// the card shows it, Ben's 👀 is refused privately, and Anna's
// `/buyerdesk handover @ben` moves the case to Ben.
func TestRunStoryThroughIMAPAndSlack(t *testing.T) {
	const order = "113-4928361-5502917"
	s := newService(t, serviceOptions{mailbox: "us", slack: &slackOptions{
		routes: map[string]string{"amazon.com": usChannel},
		agents: []string{anna, ben},
	}})
	first := fixture(t, "en_old.eml")
	s.deliverAt(first, time.Now())
	s.start()

	// The buyer's mail arrives: one parent card, the buyer's words in its thread.
	parent := s.parent(usChannel)
	if !strings.Contains(parent.Text+string(parent.Blocks), order) {
		t.Fatalf("parent does not name the order: %+v", parent)
	}
	s.waitThread(settle, "the buyer's text in the thread", usChannel, parent.TS, "tracking has not moved")

	// A follow-up arrives while running: same thread, card updated in place.
	follow := bytes.Replace(first, []byte("<0100018f2c1d.en-old.1@"), []byte("<0100018f2c1d.en-old.2@"), 1)
	follow = bytes.Replace(follow, []byte("the tracking has not moved for five days"), []byte("still no news from the carrier today"), 1)
	s.deliverAt(follow, time.Now())
	s.waitThread(15*time.Second, "the follow-up in the same thread", usChannel, parent.TS, "still no news from the carrier")
	s.waitCard("the card counting the follow-up", usChannel, parent.TS, func(c string) bool {
		return strings.Contains(c, "1 follow-up")
	})
	if n := len(s.slack.Messages(usChannel)); n != 1 {
		t.Fatalf("the follow-up posted a new parent: %d top-level messages", n)
	}

	// Anna reacts 👀: the card shows her claim.
	s.waitSocket()
	s.react(anna, usChannel, parent.TS, "eyes")
	s.waitCard("the card showing Anna's claim", usChannel, parent.TS, func(c string) bool {
		return strings.Contains(c, mention(anna))
	})

	// Ben reacts 👀 too: he is told privately who holds it; nothing changes.
	s.react(ben, usChannel, parent.TS, "eyes")
	waitFor(t, settle, "Ben told the case is Anna's", func() bool {
		for _, e := range s.slack.Ephemerals(ben) {
			if strings.Contains(e.Text, "already claimed by <@"+anna+">") {
				return true
			}
		}
		return false
	})
	if c := s.card(usChannel, parent.TS); !strings.Contains(c, mention(anna)) || strings.Contains(c, mention(ben)) {
		t.Fatalf("the refused claim changed the card: %s", c)
	}

	// Anna hands over to Ben: the case moves, the thread says so.
	s.slash(anna, usChannel, "/buyerdesk", "handover <@"+ben+"|ben> for 4h")
	s.waitCard("the card showing Ben", usChannel, parent.TS, func(c string) bool {
		return strings.Contains(c, mention(ben)) && !strings.Contains(c, mention(anna))
	})
	s.waitThread(settle, "the handover announced in the thread", usChannel, parent.TS,
		"<@"+anna+"> handed this case over to <@"+ben+">")
	if n := len(s.slack.Messages(usChannel)); n != 1 {
		t.Errorf("%d top-level messages at the end, want the one parent", n)
	}
}
