package sla

import (
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/google/go-cmp/cmp"
)

func ev(t *testing.T, typ buyerdesk.EventType, at string) buyerdesk.Event {
	return buyerdesk.Event{Type: typ, At: utc(t, at), Actor: buyerdesk.SystemActor}
}

// received is a buyer message sent at sent and stored later at stored.
func received(t *testing.T, sent, stored string) buyerdesk.Event {
	e := ev(t, buyerdesk.EventReceived, stored)
	e.Data = map[string]string{"sent_at": sent}
	return e
}

func TestReplies(t *testing.T) {
	const (
		rec = buyerdesk.EventReceived
		snt = buyerdesk.EventSent
		cpy = buyerdesk.EventSellerCopy
		nrn = buyerdesk.EventNoResponseNeeded
		bnc = buyerdesk.EventDeliveryFailed
	)
	now := "2026-06-05T12:00:00Z"
	tests := []struct {
		name   string
		events []buyerdesk.Event
		want   []Reply
	}{{
		name: "answered on time",
		events: []buyerdesk.Event{
			received(t, "2026-06-01T10:00:00Z", "2026-06-01T10:02:00Z"),
			ev(t, snt, "2026-06-01T15:00:00Z"),
		},
		want: []Reply{{Clock: 1, Received: utc(t, "2026-06-01T10:00:00Z"), Answered: utc(t, "2026-06-01T15:00:00Z"),
			Deadline: utc(t, "2026-06-02T10:00:00Z"), Messages: 1}},
	}, {
		name: "follow-ups join the running clock",
		events: []buyerdesk.Event{
			received(t, "2026-06-01T10:00:00Z", "2026-06-01T10:00:30Z"),
			received(t, "2026-06-01T20:00:00Z", "2026-06-01T20:00:30Z"),
			received(t, "2026-06-02T08:00:00Z", "2026-06-02T08:00:30Z"),
			ev(t, snt, "2026-06-02T09:00:00Z"),
		},
		want: []Reply{{Clock: 1, Received: utc(t, "2026-06-01T10:00:00Z"), Answered: utc(t, "2026-06-02T09:00:00Z"),
			Deadline: utc(t, "2026-06-02T10:00:00Z"), Messages: 3}},
	}, {
		name: "a message after the answer starts a new clock",
		events: []buyerdesk.Event{
			received(t, "2026-06-01T10:00:00Z", "2026-06-01T10:00:00Z"),
			ev(t, cpy, "2026-06-01T11:00:00Z"),
			ev(t, snt, "2026-06-01T11:30:00Z"), // a second answer does nothing
			received(t, "2026-06-03T10:00:00Z", "2026-06-03T10:00:00Z"),
		},
		want: []Reply{
			{Clock: 1, Received: utc(t, "2026-06-01T10:00:00Z"), Answered: utc(t, "2026-06-01T11:00:00Z"),
				Deadline: utc(t, "2026-06-02T10:00:00Z"), Messages: 1},
			{Clock: 2, Received: utc(t, "2026-06-03T10:00:00Z"), Deadline: utc(t, "2026-06-04T10:00:00Z"),
				Messages: 1, Open: true, Late: true},
		},
	}, {
		name: "no response needed stops the clock",
		events: []buyerdesk.Event{
			received(t, "2026-06-04T13:00:00Z", "2026-06-04T13:00:00Z"),
			ev(t, nrn, "2026-06-04T14:00:00Z"),
		},
		want: []Reply{{Clock: 1, Received: utc(t, "2026-06-04T13:00:00Z"), Answered: utc(t, "2026-06-04T14:00:00Z"),
			Deadline: utc(t, "2026-06-05T13:00:00Z"), Messages: 1, NoReply: true}},
	}, {
		name: "a bounce re-opens the stopped clock, answered late at last",
		events: []buyerdesk.Event{
			received(t, "2026-06-01T10:00:00Z", "2026-06-01T10:00:00Z"),
			ev(t, snt, "2026-06-01T12:00:00Z"),
			ev(t, bnc, "2026-06-02T09:00:00Z"),
			ev(t, bnc, "2026-06-02T09:01:00Z"), // a second bounce changes nothing
			ev(t, snt, "2026-06-02T11:00:00Z"),
		},
		want: []Reply{{Clock: 2, Received: utc(t, "2026-06-01T10:00:00Z"), Answered: utc(t, "2026-06-02T11:00:00Z"),
			Deadline: utc(t, "2026-06-02T10:00:00Z"), Messages: 1, Late: true}},
	}, {
		name: "late unanswered; open but not yet late",
		events: []buyerdesk.Event{
			received(t, "2026-06-04T11:59:59Z", "2026-06-04T12:00:00Z"),
			received(t, "2026-06-05T11:00:00Z", "2026-06-05T11:00:00Z"),
		},
		want: []Reply{{Clock: 1, Received: utc(t, "2026-06-04T11:59:59Z"), Deadline: utc(t, "2026-06-05T11:59:59Z"),
			Messages: 2, Open: true, Late: true}},
	}, {
		name: "seller copy without sent_at uses the event time; missing sent_at on a message too",
		events: []buyerdesk.Event{
			ev(t, rec, "2026-06-05T01:00:00Z"),
			ev(t, cpy, "2026-06-05T03:00:00Z"),
		},
		want: []Reply{{Clock: 1, Received: utc(t, "2026-06-05T01:00:00Z"), Answered: utc(t, "2026-06-05T03:00:00Z"),
			Deadline: utc(t, "2026-06-06T01:00:00Z"), Messages: 1}},
	}, {
		name:   "answers with nothing waiting",
		events: []buyerdesk.Event{ev(t, snt, "2026-06-01T10:00:00Z"), ev(t, bnc, "2026-06-01T11:00:00Z")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Replies(tt.events, "amazon.de", Windows{}, utc(t, now))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Replies (-want +got):\n%s", diff)
			}
			// The projection agrees on the clock number and what waits.
			var c buyerdesk.Case
			for _, e := range tt.events {
				c.Apply(e)
			}
			last := 0
			if len(got) > 0 {
				last = got[len(got)-1].Clock
			}
			if c.Clock != last {
				t.Errorf("Case.Clock = %d, replies %v", c.Clock, got)
			}
			waiting := len(got) > 0 && got[len(got)-1].Open
			if c.Waiting() != waiting {
				t.Errorf("Case.Waiting = %v, last reply open = %v", c.Waiting(), waiting)
			}
			if waiting && !c.WaitingSince.Equal(got[len(got)-1].Received) {
				t.Errorf("WaitingSince %s, reply received %s", c.WaitingSince, got[len(got)-1].Received)
			}
		})
	}
}

func TestRepliesUseTheMarketplaceWindow(t *testing.T) {
	w := Windows{Marketplace: map[string]time.Duration{"amazon.co.uk": 12 * time.Hour}}
	got := Replies([]buyerdesk.Event{received(t, "2026-06-01T10:00:00Z", "2026-06-01T10:00:00Z")},
		"amazon.co.uk", w, utc(t, "2026-06-01T22:00:01Z"))
	if len(got) != 1 || !got[0].Deadline.Equal(utc(t, "2026-06-01T22:00:00Z")) || !got[0].Late {
		t.Fatalf("Replies = %+v", got)
	}
}
