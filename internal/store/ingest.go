package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/buyerdesk/buyerdesk"
	bolt "go.etcd.io/bbolt"
)

// IngestRequest is one fetched mail to store.
type IngestRequest struct {
	Mailbox     string
	UIDValidity uint32
	UID         uint32 // 0 when the mail did not come from IMAP
	Raw         []byte
	Mail        buyerdesk.Mail
	Now         time.Time
}

// IngestResult says what Ingest did with a mail.
type IngestResult struct {
	Case       buyerdesk.Case  // the case that took the mail; zero when none did
	NewCase    bool            // the mail opened Case
	Duplicate  bool            // the mail was stored before; nothing changed but the cursor
	Event      buyerdesk.Event // the event appended to Case; zero when none was
	MessageKey string
}

// MessageKey is the key a mail is stored and deduplicated under: its
// Message-ID, or "sha256:" and the hex digest of the raw bytes when it has
// none.
func MessageKey(m buyerdesk.Mail, raw []byte) string {
	if id := normID(m.MessageID); id != "" {
		return id
	}
	sum := sha256.Sum256(raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Ingest stores one mail, routes it to a case and advances the mailbox
// cursor, all in one transaction. Storing the same mail again changes
// nothing but the cursor.
func (db *DB) Ingest(ctx context.Context, req IngestRequest) (IngestResult, error) {
	var res IngestResult
	err := db.update(ctx, func(tx *bolt.Tx) (err error) {
		res, err = db.ingestTx(tx, req)
		return err
	})
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingest: %w", err)
	}
	return res, nil
}

// IngestBatch stores several mails in one transaction (one commit), as
// Ingest would one by one; either all are stored or none.
func (db *DB) IngestBatch(ctx context.Context, reqs []IngestRequest) ([]IngestResult, error) {
	var out []IngestResult
	err := db.update(ctx, func(tx *bolt.Tx) error {
		out = make([]IngestResult, 0, len(reqs))
		for i, req := range reqs {
			res, err := db.ingestTx(tx, req)
			if err != nil {
				return fmt.Errorf("mail %d: %w", i, err)
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ingest batch: %w", err)
	}
	return out, nil
}

func (db *DB) ingestTx(tx *bolt.Tx, req IngestRequest) (IngestResult, error) {
	if req.Now.IsZero() {
		return IngestResult{}, errors.New("time missing")
	}
	now := req.Now.UTC()
	res := IngestResult{MessageKey: MessageKey(req.Mail, req.Raw)}
	var old Message
	dup, err := getJSON(tx.Bucket(bucketMessages), []byte(res.MessageKey), &old)
	if err != nil {
		return res, err
	}
	if dup {
		res.Duplicate = true
		if old.Case != "" {
			rec, err := loadCase(tx, old.Case)
			if err != nil {
				return res, err
			}
			res.Case = rec.Case
		}
		return res, advanceCursor(tx, req.Mailbox, req.UIDValidity, req.UID)
	}

	rec, ok, err := db.route(tx, req, now)
	if err != nil {
		return res, err
	}
	if ok {
		res.NewCase = rec.Seq == 0
		ev := mailEvent(req.Mail, res.MessageKey, now)
		if res.Event, err = db.appendTx(tx, &rec, ev); err != nil {
			return res, err
		}
		res.Case = rec.Case
	}
	msg := Message{
		Key: res.MessageKey, Case: res.Case.ID, Mailbox: req.Mailbox, UID: req.UID,
		Mail: req.Mail, StoredAt: now,
	}
	if err := putMessage(tx, msg, req.Raw); err != nil {
		return res, err
	}
	return res, advanceCursor(tx, req.Mailbox, req.UIDValidity, req.UID)
}

// mailEvent is the event a routed mail appends to its case.
func mailEvent(m buyerdesk.Mail, key string, now time.Time) buyerdesk.Event {
	data := map[string]string{"kind": string(m.Kind), "message_key": key}
	if id := normID(m.MessageID); id != "" {
		data["message_id"] = id
	}
	if !m.SentAt.IsZero() {
		data["sent_at"] = m.SentAt.UTC().Format(time.RFC3339Nano)
	}
	e := buyerdesk.Event{At: now, Actor: buyerdesk.SystemActor, Data: data}
	switch m.Kind {
	case buyerdesk.KindBuyerMessage:
		e.Type = buyerdesk.EventReceived
	case buyerdesk.KindSellerCopy:
		e.Type = buyerdesk.EventSellerCopy
	case buyerdesk.KindDeliveryFailure:
		e.Type = buyerdesk.EventDeliveryFailed
	case buyerdesk.KindClaim:
		e.Type = buyerdesk.EventClaimFiled
		if m.OrderID != "" {
			data["order_id"] = m.OrderID
		}
	}
	return e
}

// normID strips the angle brackets a Message-ID may still carry.
func normID(id string) string {
	if len(id) >= 2 && id[0] == '<' && id[len(id)-1] == '>' {
		return id[1 : len(id)-1]
	}
	return id
}
