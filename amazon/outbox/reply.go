package outbox

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"regexp"
	"time"
)

// Reply is an approved answer to a buyer, ready to be composed.
type Reply struct {
	// From is the approved sender address, optionally with a display
	// name ("Shop <support@shop.example>").
	From string
	// To is the buyer's Amazon relay address; only the address is used.
	To string
	// Subject is the buyer's original subject; Compose makes it "Re: …".
	Subject string
	// InReplyTo and References are the buyer's last Message-ID and its
	// References; invalid ids are dropped.
	InReplyTo  string
	References []string
	// OrderID is added to the body as a last line "Order ID: …" unless the
	// body already contains it.
	OrderID string
	Body    string
	// MessageID is generated (NewMessageID) and recorded as the send
	// intent before anything is sent, so a retry reuses it.
	MessageID string
	Date      time.Time
}

var domainPattern = regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$`)

// NewMessageID returns a fresh Message-ID "<hex@domain>" with 128 random
// bits read from rnd (crypto/rand when rnd is nil or fails). A domain that
// is not a plain host name is replaced by "buyerdesk.invalid".
func NewMessageID(domain string, rnd io.Reader) string {
	if !domainPattern.MatchString(domain) {
		domain = "buyerdesk.invalid"
	}
	var b [16]byte
	if rnd == nil {
		rnd = rand.Reader
	}
	if _, err := io.ReadFull(rnd, b[:]); err != nil {
		_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	}
	return "<" + hex.EncodeToString(b[:]) + "@" + domain + ">"
}
