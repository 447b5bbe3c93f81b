package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestRetentionDropsOnlyRawMailsPastRetention: raw mails are kept for
// store.retention for audit; the retention job drops the older ones and
// keeps the parsed message.
func TestRetentionDropsOnlyRawMailsPastRetention(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg, err := config.Parse("buyerdesk.yml", []byte("store:\n  path: "+filepath.Join(dir, "cases.db")+"\n  retention: 48h\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, cfg, Options{Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.db.Close()
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	var caseID buyerdesk.CaseID
	for i, id := range []string{"old@amazon", "new@amazon"} {
		at := t0.Add(time.Duration(i) * 24 * time.Hour)
		mail := buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, MessageID: id, RelayAddress: "a@marketplace.amazon.de",
			OrderID: "302-1234567-1234567", SentAt: at}
		res, err := s.db.Ingest(ctx, store.IngestRequest{Mailbox: "de", UIDValidity: 1, UID: uint32(i + 1), Raw: []byte("raw " + id), Mail: mail, Now: at})
		if err != nil {
			t.Fatal(err)
		}
		caseID = res.Case.ID
	}

	if err := s.purge(ctx, t0.Add(47*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Raw(ctx, "old@amazon"); err != nil {
		t.Fatalf("raw mail dropped before the retention passed: %v", err)
	}
	if err := s.purge(ctx, t0.Add(49*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Raw(ctx, "old@amazon"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("raw mail kept past the retention: %v", err)
	}
	if _, err := s.db.Raw(ctx, "new@amazon"); err != nil {
		t.Fatalf("raw mail inside the retention dropped: %v", err)
	}
	if msgs, err := s.db.Messages(ctx, caseID); err != nil || len(msgs) != 2 {
		t.Fatalf("parsed messages lost with their raw bytes: %d, %v", len(msgs), err)
	}
	if job := s.retentionJob(); job.Run == nil || job.Name == "" {
		t.Fatalf("retention job not wired: %+v", job)
	}
}
