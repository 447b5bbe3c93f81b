package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestPurgeRawEnforcesRetention: raw mails are kept for store.retention and
// dropped by the service's hourly purge once they are older; the parsed
// message stays.
func TestPurgeRawEnforcesRetention(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		cfg, err := config.Parse("buyerdesk.yml", []byte("store:\n  path: "+filepath.Join(dir, "cases.db")+"\n  retention: 48h\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s, err := Open(ctx, cfg, Options{Log: zerolog.Nop()})
		if err != nil {
			t.Fatal(err)
		}
		defer s.db.Close()
		stored := time.Now()
		mail := buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, MessageID: "m1@amazon", RelayAddress: "a@marketplace.amazon.de",
			OrderID: "302-1234567-1234567", SentAt: stored}
		res, err := s.db.Ingest(ctx, store.IngestRequest{Mailbox: "de", UIDValidity: 1, UID: 1, Raw: []byte("raw mail"), Mail: mail, Now: stored})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- s.purgeRaw(ctx) }()

		time.Sleep(47 * time.Hour)
		synctest.Wait()
		if _, err := s.db.Raw(ctx, "m1@amazon"); err != nil {
			t.Fatalf("raw mail dropped before the retention passed: %v", err)
		}
		time.Sleep(2 * time.Hour) // the first purge after 48 h
		synctest.Wait()
		if _, err := s.db.Raw(ctx, "m1@amazon"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("raw mail kept past the retention: %v", err)
		}
		if msgs, err := s.db.Messages(ctx, res.Case.ID); err != nil || len(msgs) != 1 {
			t.Fatalf("parsed message lost with its raw bytes: %d, %v", len(msgs), err)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("purge loop: %v", err)
		}
	})
}
