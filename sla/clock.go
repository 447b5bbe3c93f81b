package sla

import (
	"time"

	"github.com/buyerdesk/buyerdesk"
)

// Reply is one clock of a case: from the earliest unanswered buyer message
// until the answer that stopped it. These are the facts the 7/30/90-day
// on-time ratio is computed from.
type Reply struct {
	Clock    int       `json:"clock"`              // the case's clock number while it ran (Case.Clock)
	Received time.Time `json:"received"`           // sent time of the message that started the clock
	Answered time.Time `json:"answered,omitzero"`  // when the clock stopped; zero while open
	Deadline time.Time `json:"deadline"`           // Received + window
	Messages int       `json:"messages"`           // buyer messages that arrived while it ran
	Late     bool      `json:"late"`               // answered after the deadline, or open past it at now
	Open     bool      `json:"open"`               // still waiting for an answer
	NoReply  bool      `json:"no_reply,omitempty"` // stopped by "no response needed"
}

// Replies replays a case's event log and returns its clocks in order,
// following the same rules as buyerdesk.Case.Apply:
//   - a buyer message starts a clock when none runs; follow-ups while one
//     runs join it;
//   - sent, seller_copy and no_response_needed stop the running clock (the
//     answer's time is Data["sent_at"] when present, else the event's At);
//   - delivery_failed re-opens the clock the last answer stopped, when no
//     clock runs; the reply keeps its Received and Deadline, takes the new
//     clock number and loses its Answered time.
//
// now decides lateness of open clocks.
func Replies(events []buyerdesk.Event, marketplace string, w Windows, now time.Time) []Reply {
	var out []Reply
	clock := 0
	running := -1 // index in out of the running clock
	stopped := -1 // index of the clock the last answer stopped
	for _, e := range events {
		switch e.Type {
		case buyerdesk.EventReceived:
			if running >= 0 {
				out[running].Messages++
				continue
			}
			clock++
			sent := eventTime(e)
			out = append(out, Reply{
				Clock: clock, Received: sent, Messages: 1,
				Deadline: w.Deadline(marketplace, sent),
			})
			running, stopped = len(out)-1, -1
		case buyerdesk.EventSent, buyerdesk.EventSellerCopy, buyerdesk.EventNoResponseNeeded:
			if running < 0 {
				continue
			}
			out[running].Answered = eventTime(e)
			out[running].NoReply = e.Type == buyerdesk.EventNoResponseNeeded
			running, stopped = -1, running
		case buyerdesk.EventDeliveryFailed:
			if running >= 0 || stopped < 0 {
				continue
			}
			clock++
			r := &out[stopped]
			r.Clock, r.Answered, r.NoReply = clock, time.Time{}, false
			running, stopped = stopped, -1
		}
	}
	for i := range out {
		r := &out[i]
		r.Open = r.Answered.IsZero()
		if r.Open {
			r.Late = now.After(r.Deadline)
		} else {
			r.Late = r.Answered.After(r.Deadline)
		}
	}
	return out
}

func eventTime(e buyerdesk.Event) time.Time {
	if s := e.Data["sent_at"]; s != "" {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC()
		}
	}
	return e.At.UTC()
}
