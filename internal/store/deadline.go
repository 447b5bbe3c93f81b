package store

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk"
	bolt "go.etcd.io/bbolt"
)

// deadline is when the case's reply is due: the earliest unanswered buyer
// message's sent time plus the marketplace's window. It is zero when nothing
// waits or an agent resolved the case.
func (db *DB) deadline(c buyerdesk.Case) time.Time {
	if !c.Waiting() || c.State == buyerdesk.StateResolved {
		return time.Time{}
	}
	return c.WaitingSince.Add(db.window(c.Marketplace, c.WaitingSince)).UTC()
}

// moveDeadline keeps the deadline index in step with a case's deadline.
func moveDeadline(tx *bolt.Tx, id buyerdesk.CaseID, before, after time.Time) error {
	if before.Equal(after) {
		return nil
	}
	b := tx.Bucket(bucketDeadlines)
	if !before.IsZero() {
		if err := b.Delete(deadlineKey(before, string(id))); err != nil {
			return fmt.Errorf("deadline index: %w", err)
		}
	}
	if !after.IsZero() {
		if err := b.Put(deadlineKey(after, string(id)), nil); err != nil {
			return fmt.Errorf("deadline index: %w", err)
		}
	}
	return nil
}

// DueBefore calls fn, in ascending deadline order, for each case whose
// deadline is at or before t, until fn returns false. It is a range scan of
// the deadline index; fn runs outside any transaction, so it may call the
// store.
func (db *DB) DueBefore(ctx context.Context, t time.Time, fn func(buyerdesk.Case) bool) error {
	limit := deadlineKey(t.Add(time.Nanosecond), "")
	err := db.pages(ctx, bucketDeadlines, nil, func(tx *bolt.Tx, k, _ []byte) (buyerdesk.Case, bool, error) {
		if bytes.Compare(k, limit) >= 0 {
			return buyerdesk.Case{}, false, nil
		}
		_, id := parseDeadlineKey(k)
		rec, err := loadCase(tx, buyerdesk.CaseID(id))
		return rec.Case, true, err
	}, fn)
	if err != nil {
		return fmt.Errorf("cases due: %w", err)
	}
	return nil
}

// NextDeadline returns the earliest deadline of any case; false when no case
// waits.
func (db *DB) NextDeadline(ctx context.Context) (time.Time, bool, error) {
	var at time.Time
	var ok bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bucketDeadlines).Cursor().First(); k != nil {
			at, _ = parseDeadlineKey(k)
			ok = true
		}
		return nil
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next deadline: %w", err)
	}
	return at, ok, nil
}
