package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Cursor returns a mailbox's UIDVALIDITY and the highest UID stored from it;
// zeros for a mailbox never read.
func (db *DB) Cursor(ctx context.Context, mailbox string) (uidValidity, uid uint32, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		uidValidity, uid = getCursor(tx, mailbox)
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("mailbox cursor: %w", err)
	}
	return uidValidity, uid, nil
}

// ResetCursor starts a mailbox over after its UIDVALIDITY changed: the new
// validity with UID 0. Re-fetched mails are duplicates by message key, so
// the resync stores nothing twice.
func (db *DB) ResetCursor(ctx context.Context, mailbox string, uidValidity uint32) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		return putCursor(tx, mailbox, uidValidity, 0)
	})
	if err != nil {
		return fmt.Errorf("reset mailbox cursor: %w", err)
	}
	return nil
}

// advanceCursor records that (uidValidity, uid) of mailbox is stored. A UID
// under a different validity replaces the cursor; under the same one the
// cursor only moves forward.
func advanceCursor(tx *bolt.Tx, mailbox string, uidValidity, uid uint32) error {
	if mailbox == "" || uid == 0 {
		return nil
	}
	v, u := getCursor(tx, mailbox)
	if v == uidValidity && u >= uid {
		return nil
	}
	return putCursor(tx, mailbox, uidValidity, uid)
}

func getCursor(tx *bolt.Tx, mailbox string) (uidValidity, uid uint32) {
	v := tx.Bucket(bucketCursors).Get([]byte(mailbox))
	if len(v) != 8 {
		return 0, 0
	}
	return binary.BigEndian.Uint32(v[:4]), binary.BigEndian.Uint32(v[4:])
}

func putCursor(tx *bolt.Tx, mailbox string, uidValidity, uid uint32) error {
	v := make([]byte, 8)
	binary.BigEndian.PutUint32(v[:4], uidValidity)
	binary.BigEndian.PutUint32(v[4:], uid)
	if err := tx.Bucket(bucketCursors).Put([]byte(mailbox), v); err != nil {
		return fmt.Errorf("store cursor: %w", err)
	}
	return nil
}
