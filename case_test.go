package buyerdesk_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

func at(h int) time.Time { return time.Date(2026, 3, 1, h, 0, 0, 0, time.UTC) }

func received(h int, id string) buyerdesk.Event {
	return buyerdesk.Event{Type: buyerdesk.EventReceived, At: at(h), Data: map[string]string{
		"message_id": id, "sent_at": at(h).Format(time.RFC3339Nano)}}
}

func ev(t buyerdesk.EventType, h int) buyerdesk.Event { return buyerdesk.Event{Type: t, At: at(h)} }

func TestCaseApply(t *testing.T) {
	tests := []struct {
		name        string
		log         []buyerdesk.Event
		state       buyerdesk.State
		clock       int
		waiting     time.Time
		messages    int
		lastMessage string
	}{
		{"first message starts a clock",
			[]buyerdesk.Event{received(1, "a")}, buyerdesk.StateOpen, 1, at(1), 1, "a"},
		{"follow-up keeps the running clock",
			[]buyerdesk.Event{received(1, "a"), received(5, "b")}, buyerdesk.StateOpen, 1, at(1), 2, "b"},
		{"our reply stops the clock",
			[]buyerdesk.Event{received(1, "a"), ev(buyerdesk.EventSent, 3)}, buyerdesk.StateAnswered, 1, time.Time{}, 1, "a"},
		{"seller central reply stops the clock",
			[]buyerdesk.Event{received(1, "a"), ev(buyerdesk.EventSellerCopy, 3)}, buyerdesk.StateAnswered, 1, time.Time{}, 1, "a"},
		{"buyer writes again after the answer: new clock",
			[]buyerdesk.Event{received(1, "a"), ev(buyerdesk.EventSent, 3), received(7, "c")}, buyerdesk.StateOpen, 2, at(7), 2, "c"},
		{"no response needed stops the clock",
			[]buyerdesk.Event{received(1, "a"), ev(buyerdesk.EventNoResponseNeeded, 2)}, buyerdesk.StateNoResponseNeeded, 1, time.Time{}, 1, "a"},
		{"a bounced reply restarts the clock it stopped",
			[]buyerdesk.Event{received(1, "a"), ev(buyerdesk.EventSent, 3), ev(buyerdesk.EventDeliveryFailed, 4)}, buyerdesk.StateOpen, 2, at(1), 1, "a"},
		{"resolved keeps an unanswered clock running",
			[]buyerdesk.Event{received(1, "a"), ev(buyerdesk.EventResolved, 2)}, buyerdesk.StateResolved, 1, at(1), 1, "a"},
		{"reopened answered case is answered again",
			[]buyerdesk.Event{received(1, "a"), ev(buyerdesk.EventSent, 2), ev(buyerdesk.EventResolved, 3), ev(buyerdesk.EventReopened, 4)}, buyerdesk.StateAnswered, 1, time.Time{}, 1, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c buyerdesk.Case
			for _, e := range tt.log {
				c.Apply(e)
			}
			if c.State != tt.state || c.Clock != tt.clock || !c.WaitingSince.Equal(tt.waiting) ||
				c.Messages != tt.messages || c.LastMessageID != tt.lastMessage {
				t.Errorf("got state=%s clock=%d waiting=%v messages=%d last=%q; want %s %d %v %d %q",
					c.State, c.Clock, c.WaitingSince, c.Messages, c.LastMessageID,
					tt.state, tt.clock, tt.waiting, tt.messages, tt.lastMessage)
			}
		})
	}
}

func TestCaseApplyAssignment(t *testing.T) {
	var c buyerdesk.Case
	c.Apply(buyerdesk.Event{Type: buyerdesk.EventClaimed, Actor: "U1"})
	if c.Assignee != "U1" {
		t.Fatalf("claim: assignee %q", c.Assignee)
	}
	c.Apply(buyerdesk.Event{Type: buyerdesk.EventHandover, Actor: "U1", Data: map[string]string{"to": "U2"}})
	if c.Assignee != "U2" {
		t.Fatalf("handover: assignee %q", c.Assignee)
	}
	c.Apply(buyerdesk.Event{Type: buyerdesk.EventReleased, Actor: "U2"})
	if c.Assignee != "" {
		t.Fatalf("release: assignee %q", c.Assignee)
	}
	c.Apply(buyerdesk.Event{Type: buyerdesk.EventMirrored, Data: map[string]string{"channel": "C1", "ts": "1.2"}})
	if c.Channel != "C1" || c.ThreadTS != "1.2" {
		t.Fatalf("mirrored: %q %q", c.Channel, c.ThreadTS)
	}
}

func TestCaseApplyReferences(t *testing.T) {
	var c buyerdesk.Case
	c.Apply(received(1, "a@x"))
	c.Apply(buyerdesk.Event{Type: buyerdesk.EventSent, At: at(2), Data: map[string]string{"message_id": "r@us"}})
	c.Apply(received(3, "b@x"))
	c.Apply(received(3, "b@x"))
	want := []string{"a@x", "r@us", "b@x"}
	if len(c.References) != len(want) {
		t.Fatalf("references %v, want %v", c.References, want)
	}
	for i := range want {
		if c.References[i] != want[i] {
			t.Fatalf("references %v, want %v", c.References, want)
		}
	}
}

func TestCaseReferencesBounded(t *testing.T) {
	var c buyerdesk.Case
	for i := range 100 {
		c.Apply(received(1, string(rune('a'+i%26))+strconv.Itoa(i)))
	}
	if len(c.References) != 20 {
		t.Fatalf("%d references kept, want 20", len(c.References))
	}
	if c.References[0] != "a0" || c.References[19] != c.LastMessageID {
		t.Fatalf("references lost the first or the latest id: %v", c.References)
	}
}
