package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk"
	bolt "go.etcd.io/bbolt"
)

// Message is one stored mail. Its raw bytes are kept apart (Raw).
type Message struct {
	Key      string           `json:"key"`            // Message-ID, or "sha256:<hex>" of the raw bytes
	Case     buyerdesk.CaseID `json:"case,omitempty"` // empty when no case took the mail
	Mailbox  string           `json:"mailbox,omitempty"`
	UID      uint32           `json:"uid,omitempty"`
	Mail     buyerdesk.Mail   `json:"mail"`
	StoredAt time.Time        `json:"stored_at"`
}

// Messages returns the mails of a case in the order they were stored.
func (db *DB) Messages(ctx context.Context, id buyerdesk.CaseID) ([]Message, error) {
	msgs, err := db.messagesOf(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("messages of case %s: %w", id, err)
	}
	return msgs, nil
}

// Unassigned returns the stored mails no case took (ignored kinds, or mails
// that matched no case), in the order they were stored.
func (db *DB) Unassigned(ctx context.Context) ([]Message, error) {
	msgs, err := db.messagesOf(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("unassigned messages: %w", err)
	}
	return msgs, nil
}

// messagesOf reads the case-messages index, whose keys are case id, sep,
// big-endian store sequence; the empty case id lists case-less mails.
func (db *DB) messagesOf(ctx context.Context, id buyerdesk.CaseID) ([]Message, error) {
	var msgs []Message
	err := db.view(ctx, func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketMessages)
		return scanPrefix(tx.Bucket(bucketCaseMsgs), prefix([]byte(id)), func(_, key []byte) (bool, error) {
			data := all.Get(key)
			if data == nil {
				return false, fmt.Errorf("message %q indexed but missing", key)
			}
			var m Message
			if err := json.Unmarshal(data, &m); err != nil {
				return false, fmt.Errorf("decode message: %w", err)
			}
			msgs = append(msgs, m)
			return true, nil
		})
	})
	return msgs, err
}

// Raw returns the raw bytes of a stored mail; ErrNotFound when there are none.
func (db *DB) Raw(ctx context.Context, key string) ([]byte, error) {
	var raw []byte
	err := db.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRaw).Get([]byte(key))
		if v == nil {
			return ErrNotFound
		}
		raw = append([]byte(nil), v...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("raw mail %q: %w", key, err)
	}
	return raw, nil
}

// putMessage stores a mail, its raw bytes and its place in the
// case-messages index.
func putMessage(tx *bolt.Tx, m Message, raw []byte) error {
	all := tx.Bucket(bucketMessages)
	n, err := all.NextSequence()
	if err != nil {
		return fmt.Errorf("message sequence: %w", err)
	}
	if err := tx.Bucket(bucketRaw).Put([]byte(m.Key), raw); err != nil {
		return fmt.Errorf("store raw mail: %w", err)
	}
	if err := putJSON(all, []byte(m.Key), m); err != nil {
		return fmt.Errorf("store message: %w", err)
	}
	if err := tx.Bucket(bucketCaseMsgs).Put(joinKey([]byte(m.Case), u64(n)), []byte(m.Key)); err != nil {
		return fmt.Errorf("index message: %w", err)
	}
	return nil
}
