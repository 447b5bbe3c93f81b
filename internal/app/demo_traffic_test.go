package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestDemoTrafficAndKeptStore: without --no-traffic new buyer mails keep
// arriving (here under a 200× time-lapse, so within seconds), and --db
// keeps the store after the demo stops.
func TestDemoTrafficAndKeptStore(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "kept.db")
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan *Demo, 1)
	done := make(chan error, 1)
	go func() {
		done <- RunDemo(ctx, DemoOptions{Addr: "127.0.0.1:0", Speed: 200, Seed: 11, DB: dbPath,
			Log:   zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.ErrorLevel),
			Ready: func(_ string, d *Demo) { ready <- d }})
	}()
	var d *Demo
	select {
	case d = <-ready:
	case err := <-done:
		t.Fatalf("demo stopped: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("demo did not start")
	}
	seeded := len(DemoBuyers()) + 1 // one follow-up
	deadline := time.Now().Add(20 * time.Second)
	for {
		total, _, err := d.IMAP.Unseen()
		if err != nil {
			t.Fatal(err)
		}
		if int(total) >= seeded+2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d mails after 20 s of 200× time-lapse; traffic does not flow", total)
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("demo shut down with %v", err)
	}
	if _, err := os.Stat(dbPath); err != nil {
		t.Fatalf("--db store not kept: %v", err)
	}
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatalf("kept store does not open: %v", err)
	}
	defer db.Close()
	n := 0
	db.Cases(context.Background(), func(buyerdesk.Case) bool { n++; return true })
	if n < len(DemoBuyers()) {
		t.Fatalf("kept store holds %d cases, want at least %d", n, len(DemoBuyers()))
	}
}
