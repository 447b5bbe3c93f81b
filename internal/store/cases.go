package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/buyerdesk/buyerdesk"
	bolt "go.etcd.io/bbolt"
)

// caseRecord is a case as stored: the projection plus the last Seq of its
// log.
type caseRecord struct {
	Case buyerdesk.Case `json:"case"`
	Seq  uint64         `json:"seq"`
}

func loadCase(tx *bolt.Tx, id buyerdesk.CaseID) (caseRecord, error) {
	var rec caseRecord
	ok, err := getJSON(tx.Bucket(bucketCases), []byte(id), &rec)
	if err != nil {
		return rec, err
	}
	if !ok {
		return rec, fmt.Errorf("case %s: %w", id, ErrNotFound)
	}
	return rec, nil
}

// Append adds e to the case's log: it assigns the next Seq, applies the event,
// recomputes the deadline and updates the indexes, all in one transaction.
// An event whose Key is already on the case is refused with an error
// wrapping ErrDuplicate and nothing changes.
func (db *DB) Append(ctx context.Context, id buyerdesk.CaseID, e buyerdesk.Event) (buyerdesk.Case, buyerdesk.Event, error) {
	if e.Type == "" {
		return buyerdesk.Case{}, e, errors.New("append event: type missing")
	}
	if e.At.IsZero() {
		return buyerdesk.Case{}, e, errors.New("append event: time missing")
	}
	var c buyerdesk.Case
	err := db.update(ctx, func(tx *bolt.Tx) error {
		rec, err := loadCase(tx, id)
		if err != nil {
			return err
		}
		e, err = db.appendTx(tx, &rec, e)
		c = rec.Case
		return err
	})
	if err != nil {
		return buyerdesk.Case{}, e, fmt.Errorf("append %s to case %s: %w", e.Type, id, err)
	}
	return c, e, nil
}

// appendTx appends e to rec inside tx and stores the case.
func (db *DB) appendTx(tx *bolt.Tx, rec *caseRecord, e buyerdesk.Event) (buyerdesk.Event, error) {
	id := []byte(rec.Case.ID)
	e.At = e.At.UTC()
	if e.Key != "" {
		keys := tx.Bucket(bucketEventKeys)
		k := joinKey(id, []byte(e.Key))
		if keys.Get(k) != nil {
			return e, fmt.Errorf("event key %q: %w", e.Key, ErrDuplicate)
		}
		rec.Seq++
		if err := keys.Put(k, u64(rec.Seq)); err != nil {
			return e, err
		}
	} else {
		rec.Seq++
	}
	e.Seq = rec.Seq
	if err := putJSON(tx.Bucket(bucketEvents), joinKey(id, u64(e.Seq)), e); err != nil {
		return e, err
	}
	if err := indexEvent(tx, rec.Case.ID, e); err != nil {
		return e, err
	}
	before := rec.Case.Deadline
	rec.Case.Apply(e)
	rec.Case.Deadline = db.deadline(rec.Case)
	if err := moveDeadline(tx, rec.Case.ID, before, rec.Case.Deadline); err != nil {
		return e, err
	}
	return e, putJSON(tx.Bucket(bucketCases), id, rec)
}

// indexEvent records what later lookups need from an event: the Slack
// thread of a mirrored case and the Message-ID of our outbound mail.
func indexEvent(tx *bolt.Tx, id buyerdesk.CaseID, e buyerdesk.Event) error {
	switch e.Type {
	case buyerdesk.EventMirrored:
		if e.Data["channel"] != "" && e.Data["ts"] != "" {
			return tx.Bucket(bucketByThread).Put(joinKey([]byte(e.Data["channel"]), []byte(e.Data["ts"])), []byte(id))
		}
	case buyerdesk.EventSendIntent, buyerdesk.EventSent:
		if mid := e.Data["message_id"]; mid != "" {
			return tx.Bucket(bucketByOutbound).Put([]byte(mid), []byte(id))
		}
	}
	return nil
}

// HasEvent reports whether the case's log holds an event with key.
func (db *DB) HasEvent(ctx context.Context, id buyerdesk.CaseID, key string) (bool, error) {
	var found bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketEventKeys).Get(joinKey([]byte(id), []byte(key))) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("event key lookup: %w", err)
	}
	return found, nil
}

// Events returns the case's log in Seq order; ErrNotFound for an unknown case.
func (db *DB) Events(ctx context.Context, id buyerdesk.CaseID) ([]buyerdesk.Event, error) {
	var events []buyerdesk.Event
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if _, err := loadCase(tx, id); err != nil {
			return err
		}
		return scanPrefix(tx.Bucket(bucketEvents), prefix([]byte(id)), func(_, v []byte) (bool, error) {
			var e buyerdesk.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return false, fmt.Errorf("decode event: %w", err)
			}
			events = append(events, e)
			return true, nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("events of case %s: %w", id, err)
	}
	return events, nil
}

// Case returns one case; ErrNotFound when there is none.
func (db *DB) Case(ctx context.Context, id buyerdesk.CaseID) (buyerdesk.Case, error) {
	var rec caseRecord
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		rec, err = loadCase(tx, id)
		return err
	})
	if err != nil {
		return buyerdesk.Case{}, fmt.Errorf("load case: %w", err)
	}
	return rec.Case, nil
}

// CaseByThread returns the case mirrored to the Slack thread (channel, ts);
// ErrNotFound when there is none.
func (db *DB) CaseByThread(ctx context.Context, channel, ts string) (buyerdesk.Case, error) {
	var rec caseRecord
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		id := tx.Bucket(bucketByThread).Get(joinKey([]byte(channel), []byte(ts)))
		if id == nil {
			return fmt.Errorf("thread %s/%s: %w", channel, ts, ErrNotFound)
		}
		rec, err = loadCase(tx, buyerdesk.CaseID(id))
		return err
	})
	if err != nil {
		return buyerdesk.Case{}, fmt.Errorf("case by thread: %w", err)
	}
	return rec.Case, nil
}

// CasesByOrder returns the cases about an order, oldest first.
func (db *DB) CasesByOrder(ctx context.Context, orderID string) ([]buyerdesk.Case, error) {
	var cases []buyerdesk.Case
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if orderID == "" {
			return nil
		}
		p := prefix([]byte(orderID))
		return scanPrefix(tx.Bucket(bucketByOrder), p, func(k, _ []byte) (bool, error) {
			rec, err := loadCase(tx, buyerdesk.CaseID(k[len(p):]))
			cases = append(cases, rec.Case)
			return true, err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("cases by order: %w", err)
	}
	return cases, nil
}

// Cases calls fn for every case in id order until fn returns false. fn runs
// outside any transaction, so it may call the store.
func (db *DB) Cases(ctx context.Context, fn func(buyerdesk.Case) bool) error {
	err := db.pages(ctx, bucketCases, nil, func(_ *bolt.Tx, k, v []byte) (buyerdesk.Case, bool, error) {
		var rec caseRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return rec.Case, false, fmt.Errorf("decode case %s: %w", k, err)
		}
		return rec.Case, true, nil
	}, fn)
	if err != nil {
		return fmt.Errorf("list cases: %w", err)
	}
	return nil
}
