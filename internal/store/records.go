package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// recordKey is namespace, sep, key. Namespaces are short names chosen by
// the calling package ("slack-event", "lease", …).
func recordKey(namespace, key string) ([]byte, error) {
	if namespace == "" || strings.IndexByte(namespace, sep) >= 0 {
		return nil, fmt.Errorf("record namespace %q: invalid", namespace)
	}
	return joinKey([]byte(namespace), []byte(key)), nil
}

// Seen atomically checks and marks id in namespace: it reports true when id
// was marked before and the mark has not expired; otherwise it marks id
// until now+ttl (for ever when ttl <= 0) and reports false.
func (db *DB) Seen(ctx context.Context, namespace, id string, now time.Time, ttl time.Duration) (bool, error) {
	k, err := recordKey(namespace, id)
	if err != nil {
		return false, err
	}
	var seen bool
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSeen)
		if v := b.Get(k); len(v) == 8 && !expired(v, now) {
			seen = true
			return nil
		}
		var until uint64
		if ttl > 0 {
			until = uint64(now.Add(ttl).UnixNano())
		}
		return b.Put(k, u64(until))
	})
	if err != nil {
		return false, fmt.Errorf("seen mark: %w", err)
	}
	return seen, nil
}

// expired reports whether a Seen mark's expiry (0 = never) is not after now.
func expired(v []byte, now time.Time) bool {
	until := binary.BigEndian.Uint64(v)
	return until != 0 && int64(until) <= now.UnixNano()
}

// PurgeSeen drops the expired Seen marks and returns how many it dropped.
func (db *DB) PurgeSeen(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSeen)
		var drop [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if len(v) == 8 && expired(v, now) {
				drop = append(drop, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(drop)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("purge seen marks: %w", err)
	}
	return n, nil
}

// Put stores value under key in namespace, replacing any value.
func (db *DB) Put(ctx context.Context, namespace, key string, value []byte) error {
	k, err := recordKey(namespace, key)
	if err != nil {
		return err
	}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRecords).Put(k, value)
	})
	if err != nil {
		return fmt.Errorf("put record: %w", err)
	}
	return nil
}

// Get returns the value under key in namespace; ErrNotFound when none.
func (db *DB) Get(ctx context.Context, namespace, key string) ([]byte, error) {
	k, err := recordKey(namespace, key)
	if err != nil {
		return nil, err
	}
	var value []byte
	err = db.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRecords).Get(k)
		if v == nil {
			return ErrNotFound
		}
		value = append([]byte{}, v...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("get record %s/%s: %w", namespace, key, err)
	}
	return value, nil
}

// Delete removes key from namespace; removing a missing key is no error.
func (db *DB) Delete(ctx context.Context, namespace, key string) error {
	k, err := recordKey(namespace, key)
	if err != nil {
		return err
	}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRecords).Delete(k)
	})
	if err != nil {
		return fmt.Errorf("delete record: %w", err)
	}
	return nil
}

// Scan calls fn for each record of namespace whose key starts with prefix,
// in key order, until fn returns false. fn runs inside a read transaction:
// it must not write to the store, and value is only valid during the call.
func (db *DB) Scan(ctx context.Context, namespace, keyPrefix string, fn func(key string, value []byte) bool) error {
	p, err := recordKey(namespace, keyPrefix)
	if err != nil {
		return err
	}
	skip := len(namespace) + 1
	err = db.view(ctx, func(tx *bolt.Tx) error {
		return scanPrefix(tx.Bucket(bucketRecords), p, func(k, v []byte) (bool, error) {
			return fn(string(k[skip:]), v), nil
		})
	})
	if err != nil {
		return fmt.Errorf("scan records: %w", err)
	}
	return nil
}
