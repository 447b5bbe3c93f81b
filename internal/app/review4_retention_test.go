package app

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/config"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestRetentionRunsOnItsCron: the retention job the service starts is a
// robfig/cron job at 04:30 UTC; on fake time it purges a raw mail older
// than store.retention at that instant, not before.
func TestRetentionRunsOnItsCron(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		cfg, err := config.Parse("buyerdesk.yml", []byte("store:\n  path: "+filepath.Join(dir, "cases.db")+"\n  retention: 24h\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		s, err := Open(ctx, cfg, Options{Log: zerolog.Nop()})
		if err != nil {
			t.Fatal(err)
		}
		defer s.db.Close()
		// Fake time starts at midnight UTC; the mail is two days old.
		old := time.Now().Add(-48 * time.Hour)
		mail := buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, MessageID: "old@amazon", RelayAddress: "a@marketplace.amazon.de",
			OrderID: "302-1234567-1234567", SentAt: old}
		if _, err := s.db.Ingest(ctx, store.IngestRequest{Mailbox: "de", UIDValidity: 1, UID: 1, Raw: []byte("raw"), Mail: mail, Now: old}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var names []string
		err = s.startRetention(func(name string, run func(context.Context) error) {
			names = append(names, name)
			wg.Go(func() { _ = run(ctx) })
		})
		if err != nil || len(names) != 1 || names[0] != "retention" {
			t.Fatalf("startRetention started %v: %v", names, err)
		}
		time.Sleep(4*time.Hour + 29*time.Minute)
		synctest.Wait()
		if _, err := s.db.Raw(ctx, "old@amazon"); err != nil {
			t.Fatalf("raw mail purged before 04:30: %v", err)
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if _, err := s.db.Raw(ctx, "old@amazon"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("raw mail kept after the 04:30 run: %v", err)
		}
		cancel()
		wg.Wait()
	})
}
