package bot

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/spapi"
	"github.com/buyerdesk/buyerdesk/templates"
)

// Orders looks up an Amazon order; *spapi.Client is one.
type Orders interface {
	Order(ctx context.Context, id string) (spapi.Order, error)
}

// Mailer hands a composed mail to the SMTP server; *outbox.Sender is one.
// Failures are classified with outbox.IsTemporary and outbox.IsUncertain.
type Mailer interface {
	Send(ctx context.Context, from string, to []string, msg []byte) error
}

// Replies is what the reply path needs beyond Slack and the store.
type Replies struct {
	Templates *templates.Set      // nil: the built-in defaults
	Triggers  []templates.Trigger // nil: templates.DefaultTriggers()
	Orders    Orders              // nil: no order data; placeholders stay for the agent
	Mailer    Mailer              // the approved reply goes out through it
	From      string              // approved sender, e.g. "Shop <support@shop.example>"

	OrderTimeout time.Duration // bound on an order lookup while a modal opens (default 2s)
	SendAttempts int           // SMTP attempts of one round on temporary errors (default 4)
	Backoff      time.Duration // pause before the first retry, doubled each time (default 30s)
	MaxBackoff   time.Duration // cap of the pause (default 5m)
}

func (r *Replies) defaults() {
	if r.Templates == nil {
		r.Templates, _ = templates.Defaults() // embedded; an error leaves the picker empty
	}
	if r.Triggers == nil {
		r.Triggers = templates.DefaultTriggers()
	}
	if r.OrderTimeout <= 0 {
		r.OrderTimeout = 2 * time.Second
	}
	if r.SendAttempts <= 0 {
		r.SendAttempts = 4
	}
	if r.Backoff <= 0 {
		r.Backoff = 30 * time.Second
	}
	if r.MaxBackoff <= 0 {
		r.MaxBackoff = 5 * time.Minute
	}
}

// WithReplies enables the reply path: the parent card's Reply button, the
// drafting modal, approval and sending.
func WithReplies(r Replies) Option {
	return func(b *Bot) {
		r.defaults()
		b.replies = &r
	}
}

// Action ids of the reply path's buttons.
const (
	ActionApprove   = "approve"    // approval card: approve and send (value: draft id)
	ActionEdit      = "edit"       // approval card: reopen the modal with the draft's text
	ActionDiscard   = "discard"    // approval card: drop the draft
	ActionTakeOver  = "take_over"  // busy modal: take the drafting lease over (value: case id)
	ActionRetrySend = "retry_send" // failed send: start another round with the same Message-ID
	ActionMarkSent  = "mark_sent"  // unknown outcome: a person confirms the mail went out
	ActionSendAgain = "send_again" // unknown outcome: a person decides to send once more
)

// Ids inside the reply modal.
const (
	replyCallback     = "reply_modal"    // the drafting modal
	replyBusyCallback = "reply_busy"     // someone else is drafting
	replyTemplateID   = "reply_template" // block and action id of the template picker
	replyTextID       = "reply_text"     // block and action id of the text input
	replyAckID        = "reply_ack"      // block and action id of "I checked the warnings"
	replyAckValue     = "checked"
	replyTextMax      = 3000 // Slack's limit for plain_text_input
)

// replyDomain is the domain of the approved sender, for Message-IDs.
func replyDomain(from string) string {
	a, err := mail.ParseAddress(from)
	if err != nil {
		return ""
	}
	_, domain, _ := strings.Cut(a.Address, "@")
	return domain
}
