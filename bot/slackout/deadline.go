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
