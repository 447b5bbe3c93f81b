package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	bolt "go.etcd.io/bbolt"
)

// TestDueBeforeIsARangeScan proves that DueBefore reads only the cases whose
// deadline is at or before T: the record of every case due later is removed
// behind the store's back, and DueBefore(T) still answers without touching
// them, while a walk that does reach them fails loudly.
func TestDueBeforeIsARangeScan(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "buyerdesk.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	var ids []buyerdesk.CaseID
	for i := range 50 {
		sent := t0.Add(time.Duration(i) * time.Hour)
		m := buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, MessageID: fmt.Sprintf("m%d@amazon", i),
			RelayAddress: fmt.Sprintf("r%d@marketplace.amazon.de", i), Marketplace: "amazon.de", SentAt: sent}
		res, err := db.Ingest(ctx, IngestRequest{Mailbox: "de", UIDValidity: 1, UID: uint32(i + 1), Raw: []byte(m.MessageID), Mail: m, Now: sent})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Case.ID)
	}
	// Cases 0..4 are due at or before T; 5..49 later.
	T := t0.Add(4*time.Hour + DefaultWindow)
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, id := range ids[5:] {
			if err := tx.Bucket(bucketCases).Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	var got []buyerdesk.CaseID
	if err := db.DueBefore(ctx, T, func(c buyerdesk.Case) bool { got = append(got, c.ID); return true }); err != nil {
		t.Fatalf("DueBefore(T) read a case due after T: %v", err)
	}
	if fmt.Sprint(got) != fmt.Sprint(ids[:5]) {
		t.Fatalf("due before T = %v, want %v", got, ids[:5])
	}
	// The same walk past T reaches the removed records: the check above has teeth.
	err = db.DueBefore(ctx, T.Add(time.Hour), func(buyerdesk.Case) bool { return true })
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("walk past T = %v, want ErrNotFound", err)
	}
}
