package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

func TestIngestIdempotent(t *testing.T) {
	const relay = "abc123@marketplace.amazon.de"
	tests := []struct {
		name    string
		first   store.IngestRequest
		again   store.IngestRequest
		wantKey string
	}{
		{
			name:    "same Message-ID",
			first:   req(buyer("m1", relay, "302-1234567-1234567", t0), 1),
			again:   req(buyer("<m1>", relay, "302-1234567-1234567", t0), 9),
			wantKey: "m1",
		},
		{
			name:    "no Message-ID, same bytes",
			first:   store.IngestRequest{Mailbox: "INBOX", UIDValidity: 7, UID: 1, Raw: []byte("raw mail"), Mail: buyer("", relay, "", t0), Now: t0},
			again:   store.IngestRequest{Mailbox: "INBOX", UIDValidity: 7, UID: 9, Raw: []byte("raw mail"), Mail: buyer("", relay, "", t0), Now: t0},
			wantKey: "sha256:" + sha("raw mail"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.MustOpen(t)
			first := mustIngest(t, db, tt.first)
			again := mustIngest(t, db, tt.again)
			if first.MessageKey != tt.wantKey || again.MessageKey != tt.wantKey {
				t.Fatalf("keys %q, %q; want %q", first.MessageKey, again.MessageKey, tt.wantKey)
			}
			if first.Duplicate || !again.Duplicate || again.NewCase || again.Event.Type != "" {
				t.Fatalf("first %+v, again %+v", first, again)
			}
			if again.Case.ID != first.Case.ID || again.Case.Messages != 1 {
				t.Fatalf("duplicate changed the case: %+v", again.Case)
			}
			msgs, _ := db.Messages(ctx, first.Case.ID)
			events, _ := db.Events(ctx, first.Case.ID)
			if len(msgs) != 1 || len(events) != 1 {
				t.Fatalf("%d messages, %d events; want 1, 1", len(msgs), len(events))
			}
			raw, err := db.Raw(ctx, tt.wantKey)
			if err != nil || !bytes.Equal(raw, tt.first.Raw) {
				t.Fatalf("raw = %q, %v", raw, err)
			}
			if v, uid, _ := db.Cursor(ctx, "INBOX"); v != 7 || uid != 9 {
				t.Fatalf("cursor = %d/%d; a duplicate still advances it to 7/9", v, uid)
			}
		})
	}
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestCursor(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	cursor := func() [2]uint32 {
		t.Helper()
		v, u, err := db.Cursor(ctx, "INBOX")
		if err != nil {
			t.Fatal(err)
		}
		return [2]uint32{v, u}
	}
	if got := cursor(); got != [2]uint32{0, 0} {
		t.Fatalf("fresh cursor = %v", got)
	}
	mustIngest(t, db, req(buyer("m5", "r@marketplace.amazon.de", "", t0), 5))
	mustIngest(t, db, req(buyer("m3", "r@marketplace.amazon.de", "", t0), 3))
	if got := cursor(); got != [2]uint32{7, 5} {
		t.Fatalf("cursor = %v, want highest UID 7/5", got)
	}
	// A mail that is not stored does not move the cursor.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.Ingest(cancelled, req(buyer("m6", "r@marketplace.amazon.de", "", t0), 6)); err == nil {
		t.Fatal("ingest with a cancelled context succeeded")
	}
	bad := req(buyer("m7", "r@marketplace.amazon.de", "", t0), 7)
	bad.Now = time.Time{}
	if _, err := db.Ingest(ctx, bad); err == nil {
		t.Fatal("ingest without a time succeeded")
	}
	if got := cursor(); got != [2]uint32{7, 5} {
		t.Fatalf("cursor after failed ingests = %v, want 7/5", got)
	}
	if err := db.ResetCursor(ctx, "INBOX", 8); err != nil {
		t.Fatal(err)
	}
	if got := cursor(); got != [2]uint32{8, 0} {
		t.Fatalf("reset cursor = %v", got)
	}
	r := req(buyer("m5", "r@marketplace.amazon.de", "", t0), 2)
	r.UIDValidity = 8
	if res := mustIngest(t, db, r); !res.Duplicate {
		t.Fatal("resync stored a mail twice")
	}
	if got := cursor(); got != [2]uint32{8, 2} {
		t.Fatalf("cursor after resync = %v", got)
	}
}

func TestIngestBatchIsAtomic(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	const relay = "abc123@marketplace.amazon.de"
	good := []store.IngestRequest{
		req(buyer("m1", relay, "302-1234567-1234567", t0), 1),
		req(buyer("m2", relay, "302-1234567-1234567", t0), 2),
	}
	broken := req(buyer("m3", relay, "", t0), 3)
	broken.Now = time.Time{}
	if _, err := db.IngestBatch(ctx, append(append([]store.IngestRequest{}, good...), broken)); err == nil {
		t.Fatal("batch with a broken mail succeeded")
	}
	if _, uid, _ := db.Cursor(ctx, "INBOX"); uid != 0 {
		t.Fatalf("cursor moved to %d by a failed batch", uid)
	}
	if _, err := db.Raw(ctx, "m1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("failed batch left mail m1 behind: %v", err)
	}
	n := 0
	_ = db.Cases(ctx, func(buyerdesk.Case) bool { n++; return true })
	if n != 0 {
		t.Fatalf("failed batch left %d cases", n)
	}

	res, err := db.IngestBatch(ctx, append(good, good[0]))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || !res[0].NewCase || res[1].NewCase || res[1].Case.ID != res[0].Case.ID || !res[2].Duplicate {
		t.Fatalf("batch results = %+v", res)
	}
	if res[1].Case.Messages != 2 {
		t.Fatalf("second mail sees the first in the same batch: %+v", res[1].Case)
	}
	if _, uid, _ := db.Cursor(ctx, "INBOX"); uid != 2 {
		t.Fatalf("cursor = %d, want 2", uid)
	}
}
