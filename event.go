package buyerdesk

import "time"

// EventType names what happened to a case.
type EventType string

// The events of a case's log. The comment says what the projection does.
const (
	EventReceived         EventType = "received"           // a buyer message was stored; starts a clock if none runs
	EventSellerCopy       EventType = "seller_copy"        // a reply typed in Seller Central was seen; stops the clock
	EventSent             EventType = "sent"               // our reply was accepted by SMTP; stops the clock
	EventNoResponseNeeded EventType = "no_response_needed" // stops the clock without a reply
	EventDeliveryFailed   EventType = "delivery_failed"    // a reply bounced; the clock it stopped runs again
	EventResolved         EventType = "resolved"           // an agent closed the case
	EventReopened         EventType = "reopened"           // an agent reopened the case
	EventClaimFiled       EventType = "claim_filed"        // Amazon reported an A-to-z claim
	EventIgnoredMail      EventType = "ignored_mail"       // a mail that could not be used was kept

	EventMirrorIntent EventType = "mirror_intent" // about to post the parent message
	EventMirrored     EventType = "mirrored"      // the parent message is posted (Data: channel, ts)
	EventPosted       EventType = "posted"        // a thread reply was posted (Key names what)
	EventClaimed      EventType = "claimed"       // Actor claimed the case
	EventReleased     EventType = "released"      // the claim was released
	EventHandover     EventType = "handover"      // Actor handed the case to Data["to"]
	EventRefused      EventType = "refused"       // Actor was not allowed to do Data["action"]
	EventEscalated    EventType = "escalated"     // a ladder step fired (Key: esc/<clock>/<step>)

	EventDrafted     EventType = "drafted"      // a reply draft was submitted for approval
	EventDiscarded   EventType = "discarded"    // a draft was discarded
	EventApproved    EventType = "approved"     // Actor approved a draft
	EventSendIntent  EventType = "send_intent"  // about to talk SMTP (Data: message_id)
	EventSendFailed  EventType = "send_failed"  // SMTP refused the reply (Data: error, permanent)
	EventSendUnknown EventType = "send_unknown" // an intent without outcome found after a restart
)

// SystemActor is the actor of events no person caused.
const SystemActor = "system"

// Event is one entry of a case's append-only log.
type Event struct {
	Seq   uint64            `json:"seq"`           // position in the case's log, assigned by the store
	Type  EventType         `json:"type"`          //
	At    time.Time         `json:"at"`            // when it happened (UTC)
	Actor string            `json:"actor"`         // Slack user id, or SystemActor
	Key   string            `json:"key,omitempty"` // idempotency key: at most one event per case carries it
	Data  map[string]string `json:"data,omitempty"`
}
