package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestSocketModeMalformedEnvelopeAcked checks the ingress loop over Socket
// Mode: an envelope whose payload cannot be decoded is acknowledged (so
// Slack does not redeliver it) and logged, and the loop goes on working.
func TestSocketModeMalformedEnvelopeAcked(t *testing.T) {
	for _, tc := range []struct{ name, payload string }{
		{"event is not an object", `{"type":"event_callback","event_id":"EvBad1","event":42}`},
		{"payload is not an object", `"just a string"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := &review3Log{}
			h := newHarness(t, Config{}, WithLogger(zerolog.New(logs)))
			ack, err := h.slack.SendEvent(h.ctx, json.RawMessage(tc.payload))
			if err != nil {
				t.Fatalf("malformed envelope not acknowledged: %v\nlogs: %s", err, logs.String())
			}
			if n := h.slack.Deliveries(ack.EnvelopeID); n != 1 || ack.RetryAttempt != 0 {
				t.Errorf("delivered %d times, acked attempt %d: want one delivery acked at once", n, ack.RetryAttempt)
			}
			if !strings.Contains(logs.String(), "malformed envelope acknowledged") {
				t.Errorf("malformed envelope not logged:\n%s", logs.String())
			}
			// The loop still works: a reaction after it is handled.
			c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
			h.react(userAna, c, "eyes", true)
			h.eventually("claim after the malformed envelope", func() bool { return h.caseNow(c.ID).Assignee == userAna })
			h.eventually("card shows it", func() bool { return strings.Contains(h.cardJSON(c), "<@"+userAna+">") })
		})
	}
}

// TestAckBeforeWork checks that deliveries are acknowledged at once while
// the workers are busy, and the work is done once a worker is free.
func TestAckBeforeWork(t *testing.T) {
	h := newHarness(t, Config{Workers: 1})
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
	release := make(chan struct{})
	busy := make(chan struct{})
	h.bot.enqueue("test: hold the only worker", func(ctx context.Context) {
		close(busy)
		select {
		case <-release:
		case <-ctx.Done():
		}
	})
	<-busy

	start := time.Now()
	ack, err := h.slack.SendEvent(h.ctx, reactionPayload("EvBusy", "reaction_added", userAna, "eyes", c, c.ThreadTS))
	if err != nil {
		t.Fatalf("no ack while the workers are busy: %v", err)
	}
	if d := time.Since(start); d > time.Second || ack.RetryAttempt != 0 || h.slack.Deliveries(ack.EnvelopeID) != 1 {
		t.Fatalf("ack after %v on attempt %d, %d deliveries: want at once, first delivery", d, ack.RetryAttempt, h.slack.Deliveries(ack.EnvelopeID))
	}
	if got := h.caseNow(c.ID).Assignee; got != "" {
		t.Fatalf("claimed by %q before a worker was free", got)
	}
	close(release)
	h.eventually("claim once the worker is free", func() bool { return h.caseNow(c.ID).Assignee == userAna })
	h.eventually("card shows it", func() bool { return strings.Contains(h.cardJSON(c), "<@"+userAna+">") })
}
