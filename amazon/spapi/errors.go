package spapi

import (
	"errors"
	"fmt"
	"net/http"
)

// Errors an Order lookup can match with errors.Is.
var (
	ErrNotFound    = errors.New("order not found")
	ErrDenied      = errors.New("access denied")
	ErrBadRequest  = errors.New("invalid request")
	ErrThrottled   = errors.New("throttled")
	ErrUnavailable = errors.New("service unavailable")
)

// Error is an error answer of the SP-API (its ErrorList, first entry).
type Error struct {
	Status    int
	Code      string
	Message   string
	RequestID string
}

func (e *Error) Error() string {
	return fmt.Sprintf("spapi status %d: %s: %s", e.Status, e.Code, e.Message)
}

// Unwrap maps the status to one of the package's sentinel errors.
func (e *Error) Unwrap() error {
	switch {
	case e.Status == http.StatusNotFound:
		return ErrNotFound
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		return ErrDenied
	case e.Status == http.StatusTooManyRequests:
		return ErrThrottled
	case e.Status >= 500:
		return ErrUnavailable
	default:
		return ErrBadRequest
	}
}

// retryable reports whether a status is worth another try.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}
