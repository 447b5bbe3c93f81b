package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/internal/config"
)

// TestOnlineBackupFailureIsAnError: when the service cannot copy its store,
// FetchBackup must fail instead of handing back a short copy as a backup.
func TestOnlineBackupFailureIsAnError(t *testing.T) {
	// A short directory name: unix socket paths are limited to ~100 bytes.
	dir, err := os.MkdirTemp("", "bd")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "c.db")
	cfg, err := config.Parse("buyerdesk.yml", []byte("store:\n  path: "+path+"\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Open(ctx, cfg, Options{Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.serveAdmin(ctx) }()
	waitForSocket(t, AdminSocket(path))

	var good bytes.Buffer
	if n, err := FetchBackup(ctx, path, &good); err != nil || n == 0 || int64(good.Len()) != n {
		t.Fatalf("backup of an open store: %d bytes, %v", n, err)
	}

	s.db.Close() // the copy now fails inside the service
	var bad bytes.Buffer
	if n, err := FetchBackup(ctx, path, &bad); err == nil {
		t.Fatalf("failed copy reported as a backup of %d bytes", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("admin socket: %v", err)
	}
}

func waitForSocket(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("admin socket %s did not appear", path)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
