package demo

import (
	"bytes"
	"io"
	"strings"
	"time"

	_ "github.com/emersion/go-message/charset" // decode non-UTF-8 bodies and headers
	"github.com/emersion/go-message/mail"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
)

// maxBody bounds how much of one mail's text the page shows.
const maxBody = 64 << 10

// Outbox holds the mails buyerdesk sent; amazontest.SMTPSink is one.
type Outbox interface {
	Messages() []amazontest.Received
}

// OutboxMail is one sent mail as /outbox.json lists it.
type OutboxMail struct {
	From       string    `json:"from"`
	To         []string  `json:"to"`
	Subject    string    `json:"subject"`
	Date       time.Time `json:"date,omitzero"`
	MessageID  string    `json:"message_id,omitempty"`
	InReplyTo  string    `json:"in_reply_to,omitempty"`
	Body       string    `json:"body"`
	ReceivedAt time.Time `json:"received_at"`
	// Error says why the mail could not be read; the other fields hold
	// what could.
	Error string `json:"error,omitempty"`
}

// readOutbox renders every mail in outbox, newest first.
func readOutbox(outbox Outbox) []OutboxMail {
	out := []OutboxMail{}
	if outbox == nil {
		return out
	}
	msgs := outbox.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		out = append(out, parseMail(msgs[i]))
	}
	return out
}

// parseMail reads the headers and the first text part of a received mail.
func parseMail(r amazontest.Received) OutboxMail {
	m := OutboxMail{From: r.From, To: append([]string{}, r.To...), ReceivedAt: r.ReceivedAt}
	mr, err := mail.CreateReader(bytes.NewReader(r.Data))
	if err != nil {
		m.Error = "unreadable mail: " + err.Error()
		return m
	}
	defer mr.Close()
	h := mr.Header
	if s, err := h.Subject(); err == nil {
		m.Subject = s
	}
	if d, err := h.Date(); err == nil {
		m.Date = d.UTC()
	}
	if to, err := h.AddressList("To"); err == nil && len(to) > 0 {
		m.To = m.To[:0]
		for _, a := range to {
			m.To = append(m.To, a.Address)
		}
	}
	m.MessageID, _ = h.MessageID()
	if ids, err := h.MsgIDList("In-Reply-To"); err == nil && len(ids) > 0 {
		m.InReplyTo = ids[0]
	}
	for {
		p, err := mr.NextPart()
		if err != nil {
			if err != io.EOF {
				m.Error = "unreadable body: " + err.Error()
			}
			return m
		}
		ih, ok := p.Header.(*mail.InlineHeader)
		if !ok {
			continue
		}
		if ct, _, _ := ih.ContentType(); ct != "" && !strings.HasPrefix(ct, "text/plain") {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(p.Body, maxBody))
		if err != nil {
			m.Error = "unreadable body: " + err.Error()
		}
		m.Body = string(b)
		return m
	}
}
