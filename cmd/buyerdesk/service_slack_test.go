package main

import (
	"strings"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// The Slack side of a service story: what the agents see and do.

// mention is how a card's blocks (JSON) name the user id.
func mention(id string) string { return `\u003c@` + id + `\u003e` }

// parent waits for the one top-level message in channel, a case's parent
// card, and returns it.
func (s *service) parent(channel string) fakeslack.Message {
	s.t.Helper()
	waitFor(s.t, settle, "the parent card in "+channel, func() bool { return len(s.slack.Messages(channel)) == 1 })
	return s.slack.Messages(channel)[0]
}

// inThread reports whether a message in the thread of ts holds text.
func (s *service) inThread(channel, ts, text string) bool {
	for _, m := range s.slack.Thread(channel, ts) {
		if strings.Contains(m.Text+string(m.Blocks), text) {
			return true
		}
	}
	return false
}

// waitThread waits up to d for a message holding text in the thread of ts.
func (s *service) waitThread(d time.Duration, what, channel, ts, text string) {
	s.t.Helper()
	waitFor(s.t, d, what, func() bool { return s.inThread(channel, ts, text) })
}

// card is the blocks (JSON) of the message ts, as they are now.
func (s *service) card(channel, ts string) string {
	m, _ := s.slack.Message(channel, ts)
	return string(m.Blocks)
}

// waitCard waits until the card ts satisfies ok.
func (s *service) waitCard(what, channel, ts string, ok func(card string) bool) {
	s.t.Helper()
	waitFor(s.t, settle, what, func() bool { return ok(s.card(channel, ts)) })
}

// waitSocket waits for the service's Socket Mode connection.
func (s *service) waitSocket() {
	s.t.Helper()
	waitFor(s.t, settle, "socket mode", func() bool { return s.slack.Connections() > 0 })
}

// react is user adding the reaction name to the message ts.
func (s *service) react(user, channel, ts, name string) {
	s.t.Helper()
	if _, err := s.slack.React(s.t.Context(), user, channel, ts, name); err != nil {
		s.t.Fatal(err)
	}
}

// slash is user typing the slash command with text in channel.
func (s *service) slash(user, channel, command, text string) {
	s.t.Helper()
	if _, err := s.slack.SlashCommand(s.t.Context(), user, channel, command, text); err != nil {
		s.t.Fatal(err)
	}
}
