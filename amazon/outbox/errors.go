package outbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"syscall"

	"github.com/emersion/go-smtp"
)

// SendError is a failed delivery attempt.
type SendError struct {
	// Code is the SMTP reply code, 0 when the server did not answer.
	Code int
	// Temporary is true for 4xx replies, network errors and timeouts:
	// trying again later may succeed.
	Temporary bool
	// Uncertain is true when the connection failed after the message's
	// final dot was sent and before the server's reply was read: the
	// server may have accepted the mail. Sending it again may deliver it
	// twice.
	Uncertain bool
	// Msg is the server's reply text or the failure's description. It may
	// name the recipient address; Error() masks addresses.
	Msg string
	// Stage is the step that failed: dial, tls, hello, auth, mail, rcpt,
	// data or dot.
	Stage string
	Err   error
}

var addressLike = regexp.MustCompile(`[^\s<>"]+@[^\s<>"]+`)

func (e *SendError) Error() string {
	kind := "permanent"
	switch {
	case e.Uncertain:
		kind = "uncertain"
	case e.Temporary:
		kind = "temporary"
	}
	return fmt.Sprintf("smtp %s: %s failure %d: %s", e.Stage, kind, e.Code, addressLike.ReplaceAllString(e.Msg, "<address>"))
}

func (e *SendError) Unwrap() error { return e.Err }

// IsTemporary reports whether err is a failure worth retrying later: a 4xx
// reply, a network error or a timeout. Uncertain failures report true as
// well; check IsUncertain before resending.
func IsTemporary(err error) bool {
	var se *SendError
	if errors.As(err, &se) {
		return se.Temporary
	}
	return temporary(err)
}

// IsUncertain reports whether the server may have accepted the message
// although Send failed.
func IsUncertain(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Uncertain
}

// classify wraps err from stage into a *SendError.
func classify(stage string, err error) *SendError {
	se := &SendError{Stage: stage, Err: err, Msg: err.Error()}
	var smtpErr *smtp.SMTPError
	if errors.As(err, &smtpErr) {
		se.Code = smtpErr.Code
		se.Msg = smtpErr.Message
		se.Temporary = smtpErr.Code/100 == 4
		return se
	}
	se.Temporary = temporary(err)
	se.Uncertain = stage == "dot" && se.Temporary
	return se
}

// temporary reports network trouble: timeouts, resets, refused or dropped
// connections and cancelled contexts.
func temporary(err error) bool {
	var netErr net.Error
	var opErr *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &netErr) && netErr.Timeout():
		return true
	case errors.As(err, &opErr):
		return true
	}
	return false
}
