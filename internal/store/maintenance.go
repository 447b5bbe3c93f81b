package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// RecomputeDeadlines sets every case's deadline from Options.Window again
// and returns how many changed. Call it after the windows changed (a new
// configuration, a holiday rule), since stored deadlines were computed with
// the windows of their time.
func (db *DB) RecomputeDeadlines(ctx context.Context) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		cases := tx.Bucket(bucketCases)
		var changed []caseRecord
		err := cases.ForEach(func(k, v []byte) error {
			var rec caseRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("decode case %s: %w", k, err)
			}
			if d := db.deadline(rec.Case); !d.Equal(rec.Case.Deadline) {
				if err := moveDeadline(tx, rec.Case.ID, rec.Case.Deadline, d); err != nil {
					return err
				}
				rec.Case.Deadline = d
				changed = append(changed, rec)
			}
			return nil
		})
		if err != nil {
			return err
		}
		// Writing to a bucket inside its own ForEach is not allowed.
		for _, rec := range changed {
			if err := putJSON(cases, []byte(rec.Case.ID), rec); err != nil {
				return err
			}
		}
		n = len(changed)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("recompute deadlines: %w", err)
	}
	return n, nil
}

// PurgeRaw drops the raw bytes of mails stored before t (the audit
// retention) and returns how many it dropped. The parsed messages, cases
// and events stay.
func (db *DB) PurgeRaw(ctx context.Context, before time.Time) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketRaw)
		var drop [][]byte
		err := tx.Bucket(bucketMessages).ForEach(func(k, v []byte) error {
			if raw.Get(k) == nil {
				return nil
			}
			var m struct {
				StoredAt time.Time `json:"stored_at"`
			}
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("decode message %q: %w", k, err)
			}
			if m.StoredAt.Before(before) {
				drop = append(drop, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range drop {
			if err := raw.Delete(k); err != nil {
				return err
			}
		}
		n = len(drop)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("purge raw mails: %w", err)
	}
	return n, nil
}
