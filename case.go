package buyerdesk

import "time"

// CaseID identifies a case inside buyerdesk.
type CaseID string

// State is where a case stands.
type State string

// The states of a case.
const (
	StateOpen             State = "open"               // a buyer message waits for our reply
	StateAnswered         State = "answered"           // the last buyer message is answered
	StateNoResponseNeeded State = "no_response_needed" // marked as needing no reply
	StateResolved         State = "resolved"           // closed by an agent
)

// Case is one buyer conversation: the messages of one relay address about one
// order (or one Seller Central case, or one pre-sale question). It is the
// projection of the case's event log; only Apply changes the fields below
// the line.
type Case struct {
	ID           CaseID
	Mailbox      string
	Marketplace  string
	RelayAddress string
	SellerCaseID string
	OrderID      string
	Subject      string // subject of the first buyer message
	BuyerName    string
	Language     string
	Opened       time.Time

	State State
	// Clock counts the clocks started; escalation steps are keyed by it so
	// each fires once per clock.
	Clock int
	// WaitingSince is the sent time of the earliest unanswered buyer
	// message; zero when nothing waits.
	WaitingSince time.Time
	// AnsweredWaiting is the WaitingSince that the last answer stopped, so a
	// bounced reply can restart that clock.
	AnsweredWaiting time.Time
	// Deadline is WaitingSince plus the marketplace's window; zero when
	// nothing waits. The store indexes it.
	Deadline time.Time

	LastMessageID string   // the buyer's latest Message-ID, for In-Reply-To
	References    []string // Message-IDs of the conversation, for References
	Assignee      string   // Slack user id of the claimer
	Channel       string   // Slack channel of the thread
	ThreadTS      string   // ts of the parent message
	Updated       time.Time
	Messages      int // number of buyer messages
}

// Waiting reports whether a buyer message waits for a reply.
func (c *Case) Waiting() bool { return !c.WaitingSince.IsZero() }

// Apply folds one event into the case. It is pure: the same log always gives
// the same case. Deadlines are left to the caller, who knows the window.
func (c *Case) Apply(e Event) {
	c.Updated = e.At
	switch e.Type {
	case EventReceived:
		c.Messages++
		if id := e.Data["message_id"]; id != "" {
			c.LastMessageID = id
			c.References = appendUnique(c.References, id)
		}
		if !c.Waiting() {
			c.Clock++
			c.WaitingSince = parseTime(e.Data["sent_at"], e.At)
		}
		c.State = StateOpen
	case EventSellerCopy, EventSent, EventNoResponseNeeded:
		if c.Waiting() {
			c.AnsweredWaiting = c.WaitingSince
		}
		c.WaitingSince = time.Time{}
		if id := e.Data["message_id"]; id != "" && e.Type == EventSent {
			c.References = appendUnique(c.References, id)
		}
		if e.Type == EventNoResponseNeeded {
			c.State = StateNoResponseNeeded
		} else {
			c.State = StateAnswered
		}
	case EventDeliveryFailed:
		if !c.Waiting() && !c.AnsweredWaiting.IsZero() {
			c.Clock++
			c.WaitingSince = c.AnsweredWaiting
		}
		c.State = StateOpen
	case EventResolved:
		c.State = StateResolved
	case EventReopened:
		if c.Waiting() {
			c.State = StateOpen
		} else {
			c.State = StateAnswered
		}
	case EventMirrored:
		c.Channel, c.ThreadTS = e.Data["channel"], e.Data["ts"]
	case EventClaimed:
		c.Assignee = e.Actor
		if to := e.Data["user"]; to != "" {
			c.Assignee = to
		}
	case EventReleased:
		c.Assignee = ""
	case EventHandover:
		c.Assignee = e.Data["to"]
	}
}

func parseTime(s string, fallback time.Time) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fallback.UTC()
	}
	return t.UTC()
}

// maxReferences bounds Case.References: like mail clients, keep the first
// Message-ID of the conversation and the most recent ones.
const maxReferences = 20

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	if len(list) >= maxReferences {
		list = append(list[:1], list[len(list)-maxReferences+2:]...)
	}
	return append(list, s)
}
