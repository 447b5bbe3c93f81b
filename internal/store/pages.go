package store

import (
	"context"

	"github.com/buyerdesk/buyerdesk"
	bolt "go.etcd.io/bbolt"
)

// pageSize is how many cases one read transaction collects before the
// callback sees them.
const pageSize = 256

// pages walks bucket from the key from onwards in short read transactions and
// calls fn outside them, so fn may write to the store (a write that grows the
// file waits for every open read transaction). load turns an entry into a
// case; its bool is false when the walk has gone past its range.
func (db *DB) pages(ctx context.Context, bucket, from []byte,
	load func(tx *bolt.Tx, k, v []byte) (buyerdesk.Case, bool, error),
	fn func(buyerdesk.Case) bool,
) error {
	next := from
	for {
		var page []buyerdesk.Case
		var last []byte
		done := false
		err := db.view(ctx, func(tx *bolt.Tx) error {
			c := tx.Bucket(bucket).Cursor()
			k, v := c.First()
			if next != nil {
				k, v = c.Seek(next)
			}
			for ; k != nil && len(page) < pageSize; k, v = c.Next() {
				cs, in, err := load(tx, k, v)
				if err != nil {
					return err
				}
				if !in {
					done = true
					return nil
				}
				page = append(page, cs)
				last = append(last[:0], k...)
			}
			if k == nil {
				done = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, cs := range page {
			if !fn(cs) {
				return nil
			}
		}
		if done {
			return nil
		}
		// The smallest key after last.
		next = append(last, 0)
	}
}
