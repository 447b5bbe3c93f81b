package outbox

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// ErrInvalidReply is wrapped by Compose's errors.
var ErrInvalidReply = errors.New("invalid reply")

var orderIDPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)

// Compose renders r as an RFC 5322 message with CRLF line endings:
// From, To, Subject "Re: <original>", Date, Message-ID, In-Reply-To,
// References, MIME-Version and a text/plain UTF-8 quoted-printable body.
// Header values taken from a buyer's mail are cleaned of control and
// line-separator characters; invalid Message-IDs are dropped.
func Compose(r Reply) ([]byte, error) {
	from, err := address(r.From, true)
	if err != nil {
		return nil, fmt.Errorf("compose from: %w", err)
	}
	to, err := address(r.To, false)
	if err != nil {
		return nil, fmt.Errorf("compose to: %w", err)
	}
	id, ok := msgID(r.MessageID)
	if !ok {
		return nil, fmt.Errorf("compose message id: %w", ErrInvalidReply)
	}
	if r.Date.IsZero() {
		return nil, fmt.Errorf("compose date missing: %w", ErrInvalidReply)
	}
	if r.OrderID != "" && !orderIDPattern.MatchString(r.OrderID) {
		return nil, fmt.Errorf("compose order id: %w", ErrInvalidReply)
	}

	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	header("From", from)
	header("To", to)
	header("Subject", encodeSubject(replySubject(r.Subject)))
	header("Date", r.Date.Format(time.RFC1123Z))
	header("Message-ID", id)
	if parent, ok := msgID(cleanText(r.InReplyTo)); ok {
		header("In-Reply-To", parent)
	}
	if refs := references(r.References, r.InReplyTo); len(refs) > 0 {
		header("References", strings.Join(refs, "\r\n "))
	}
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")

	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(body(r.Body, r.OrderID))); err != nil {
		return nil, fmt.Errorf("compose body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("compose body: %w", err)
	}
	return b.Bytes(), nil
}

// Envelope returns the bare SMTP envelope addresses of r.
func Envelope(r Reply) (from string, to []string, err error) {
	f, err := parseAddress(r.From)
	if err != nil {
		return "", nil, fmt.Errorf("envelope from: %w", err)
	}
	t, err := parseAddress(r.To)
	if err != nil {
		return "", nil, fmt.Errorf("envelope to: %w", err)
	}
	return f.Address, []string{t.Address}, nil
}

func parseAddress(s string) (*mail.Address, error) {
	if hasControl(s) {
		return nil, fmt.Errorf("address holds control characters: %w", ErrInvalidReply)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("address: %w: %w", ErrInvalidReply, err)
	}
	return a, nil
}

// address renders an address for a header; the display name is kept only
// for our own sender, never for the buyer.
func address(s string, keepName bool) (string, error) {
	a, err := parseAddress(s)
	if err != nil {
		return "", err
	}
	if !keepName {
		a.Name = ""
	}
	a.Name = cleanText(a.Name)
	return a.String(), nil
}

// encodeSubject returns s as is when it is printable ASCII, otherwise as
// RFC 2047 Q-encoded words, one per folded line. A literal "=?" is
// defused to "= ?" first, so text can never pose as an encoded word that a
// reader would decode into something else (a line break, say).
func encodeSubject(s string) string {
	s = strings.ReplaceAll(s, "=?", "= ?")
	if isPlainASCII(s) {
		return s
	}
	words := strings.Fields(mime.QEncoding.Encode("utf-8", s))
	return strings.Join(words, "\r\n ")
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// body normalises line endings to LF (the QP writer emits CRLF), drops
// control characters other than tab, and appends the order id when the
// text does not mention it.
func body(text, orderID string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			return '\n'
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, text)
	text = strings.TrimRight(text, " \t\n")
	if orderID != "" && !strings.Contains(text, orderID) {
		text += "\n\nOrder ID: " + orderID
	}
	return text + "\n"
}
