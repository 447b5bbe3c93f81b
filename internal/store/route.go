package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/buyerdesk/buyerdesk"
	bolt "go.etcd.io/bbolt"
)

// route finds the case a new mail belongs to. A buyer message that matches
// no case opens one (returned with Seq 0, not yet stored); other kinds only
// join existing cases. ok is false when no case takes the mail.
func (db *DB) route(tx *bolt.Tx, req IngestRequest, now time.Time) (rec caseRecord, ok bool, err error) {
	m := req.Mail
	switch m.Kind {
	case buyerdesk.KindBuyerMessage:
		rec, ok, err = matchConversation(tx, m)
		if err != nil {
			return rec, false, err
		}
		if !ok {
			if rec, err = newCase(tx, req, now); err != nil {
				return rec, false, err
			}
		}
		fillCase(&rec.Case, m)
		return rec, true, indexCase(tx, rec.Case)
	case buyerdesk.KindSellerCopy:
		return matchConversation(tx, m)
	case buyerdesk.KindDeliveryFailure:
		for _, ref := range m.References {
			if id := tx.Bucket(bucketByOutbound).Get([]byte(normID(ref))); id != nil {
				rec, err = loadCase(tx, buyerdesk.CaseID(id))
				return rec, err == nil, err
			}
		}
	case buyerdesk.KindClaim:
		if m.OrderID == "" {
			return rec, false, nil
		}
		// The newest case about the order takes the claim.
		p := prefix([]byte(m.OrderID))
		var id []byte
		err = scanPrefix(tx.Bucket(bucketByOrder), p, func(k, _ []byte) (bool, error) {
			id = k[len(p):]
			return true, nil
		})
		if err != nil || id == nil {
			return rec, false, err
		}
		rec, err = loadCase(tx, buyerdesk.CaseID(id))
		return rec, err == nil, err
	}
	return rec, false, nil
}

// matchConversation finds the case of a buyer conversation: by Seller
// Central case id, else by relay address and order id, else, for a mail
// without order id, by relay address alone (a pre-sale case, which never
// has an order id).
func matchConversation(tx *bolt.Tx, m buyerdesk.Mail) (caseRecord, bool, error) {
	var id []byte
	if m.CaseID != "" {
		id = tx.Bucket(bucketBySeller).Get([]byte(m.CaseID))
	}
	if id == nil && m.RelayAddress != "" {
		id = tx.Bucket(bucketByRelay).Get(relayKey(m.RelayAddress, m.OrderID))
	}
	if id == nil {
		return caseRecord{}, false, nil
	}
	rec, err := loadCase(tx, buyerdesk.CaseID(id))
	return rec, err == nil, err
}

// relayKey is the relay index key: relay address, sep, order id (empty for
// a pre-sale case).
func relayKey(relay, orderID string) []byte {
	return joinKey([]byte(strings.ToLower(relay)), []byte(orderID))
}

// newCase starts a case with a fresh id: the UTC day of now and a
// base-36 counter from the cases bucket's sequence, so ids sort by creation
// and are never reused.
func newCase(tx *bolt.Tx, req IngestRequest, now time.Time) (caseRecord, error) {
	n, err := tx.Bucket(bucketCases).NextSequence()
	if err != nil {
		return caseRecord{}, fmt.Errorf("case sequence: %w", err)
	}
	seq := strconv.FormatUint(n, 36)
	if len(seq) < 6 {
		seq = strings.Repeat("0", 6-len(seq)) + seq
	}
	opened := req.Mail.SentAt
	if opened.IsZero() {
		opened = now
	}
	return caseRecord{Case: buyerdesk.Case{
		ID:      buyerdesk.CaseID(now.Format("060102") + "-" + seq),
		Mailbox: req.Mailbox,
		Opened:  opened.UTC(),
	}}, nil
}

// fillCase sets the identity fields of c that are still empty from a buyer
// message.
func fillCase(c *buyerdesk.Case, m buyerdesk.Mail) {
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&c.Marketplace, m.Marketplace)
	fill(&c.RelayAddress, strings.ToLower(m.RelayAddress))
	fill(&c.SellerCaseID, m.CaseID)
	fill(&c.OrderID, m.OrderID)
	fill(&c.Subject, m.Subject)
	fill(&c.BuyerName, m.BuyerName)
	fill(&c.Language, m.Language)
}

// indexCase makes the lookup indexes point at c. An entry that already
// points at another case is left alone. A case that learned its order id
// stops being the relay address's pre-sale case.
func indexCase(tx *bolt.Tx, c buyerdesk.Case) error {
	id := []byte(c.ID)
	putNew := func(b *bolt.Bucket, k []byte) error {
		if b.Get(k) != nil {
			return nil
		}
		return b.Put(k, id)
	}
	if c.SellerCaseID != "" {
		if err := putNew(tx.Bucket(bucketBySeller), []byte(c.SellerCaseID)); err != nil {
			return fmt.Errorf("seller case index: %w", err)
		}
	}
	if c.OrderID != "" {
		if err := tx.Bucket(bucketByOrder).Put(joinKey([]byte(c.OrderID), id), nil); err != nil {
			return fmt.Errorf("order index: %w", err)
		}
	}
	if c.RelayAddress == "" {
		return nil
	}
	relay := tx.Bucket(bucketByRelay)
	if c.OrderID == "" {
		return putNew(relay, relayKey(c.RelayAddress, ""))
	}
	if k := relayKey(c.RelayAddress, ""); string(relay.Get(k)) == string(c.ID) {
		if err := relay.Delete(k); err != nil {
			return fmt.Errorf("relay index: %w", err)
		}
	}
	return putNew(relay, relayKey(c.RelayAddress, c.OrderID))
}
