package slackout

import (
	"context"
	"time"
)

type deadlineKey struct{}

// WithDeadline marks every Slack call made with ctx as belonging to a case
// due at t. Within a queue, calls run earliest deadline first and in
// submission order among equal deadlines.
//
// A call without a mark is due when it is made: it runs after calls whose
// deadline has passed or falls earlier, and before every case still due
// later. Interactive answers (ephemerals, modals, App Home) are therefore
// never stuck behind a backlog of fresh cases, while overdue cases keep
// their place at the front.
func WithDeadline(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, deadlineKey{}, t)
}

// deadlineOf is the deadline ctx was marked with, or now.
func deadlineOf(ctx context.Context, now time.Time) time.Time {
	if t, ok := ctx.Value(deadlineKey{}).(time.Time); ok {
		return t
	}
	return now
}

type checkedKey struct{}

// WithoutBlindRetry marks a call whose duplicate would do harm and whose
// caller can check whether it took effect: after a 5xx or a timeout (when
// Slack may have acted on the request) the error is returned instead of
// the call being sent again, so the caller looks before it retries. A 429
// is still retried, since Slack did not act on the request. The bot posts
// each case's parent message this way and finds it by its metadata.
func WithoutBlindRetry(ctx context.Context) context.Context {
	return context.WithValue(ctx, checkedKey{}, true)
}

// checked reports whether ctx was marked by WithoutBlindRetry.
func checked(ctx context.Context) bool {
	v, _ := ctx.Value(checkedKey{}).(bool)
	return v
}
