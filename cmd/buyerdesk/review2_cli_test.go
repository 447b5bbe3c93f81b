package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestRunLogFormat: `run` logs JSON by default and the human console format
// with --log-format console; an unknown format is a usage error. The store
// is held by another opener, so run logs its start-up error and exits.
func TestRunLogFormat(t *testing.T) {
	cfg := heldStore(t)
	code, _, logs := runCmd(t, nil, "run", "--config", cfg)
	if code != exitFail {
		t.Fatalf("json: exit %d, want %d", code, exitFail)
	}
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	var ev map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &ev); err != nil || ev["level"] != "error" || !strings.Contains(ev["error"].(string), "in use") {
		t.Fatalf("default format is not a JSON error line: %v\n%s", err, logs)
	}

	code, _, logs = runCmd(t, nil, "run", "--config", cfg, "--log-format", "console")
	if code != exitFail {
		t.Fatalf("console: exit %d, want %d", code, exitFail)
	}
	if strings.HasPrefix(strings.TrimSpace(logs), "{") || !strings.Contains(logs, "ERR") || !strings.Contains(logs, "buyerdesk could not start") {
		t.Fatalf("--log-format console did not give the console format:\n%s", logs)
	}
	if strings.Contains(logs, "\x1b[") {
		t.Errorf("colours in console output that is not a terminal: %q", logs)
	}

	if code, _, _ := runCmd(t, nil, "run", "--config", cfg, "--log-format", "xml"); code != exitUsage {
		t.Errorf("unknown log format: exit %d, want %d", code, exitUsage)
	}
}

// TestParseEmailUnreadableFile: a file that exists but is no e-mail (empty,
// or without any header field) exits 2 without JSON on stdout.
func TestParseEmailUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty.eml":   "",
		"nohead.eml":  "\r\n\r\njust a body, no header\r\n",
		"garbage.eml": "\x00\x01\x02 binary junk",
	} {
		code, out, errOut := runCmd(t, nil, "parse-email", writeFile(t, dir, name, content))
		if code != exitUsage || out != "" || !strings.Contains(errOut, name) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2, nothing, an error naming the file", name, code, out, errOut)
		}
	}
}

// TestBackupOffline: with no service holding the store, `backup` opens the
// file itself and writes a copy (mode 0600) that opens with the same cases.
func TestBackupOffline(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "cases.db")
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	m := buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, MessageID: "m1@amazon", RelayAddress: "a@marketplace.amazon.de",
		OrderID: "302-1234567-1234567", Marketplace: "amazon.de", SentAt: now}
	res, err := db.Ingest(context.Background(), store.IngestRequest{Mailbox: "de", UIDValidity: 1, UID: 1, Raw: []byte("raw"), Mail: m, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	if code, _, _ := runCmd(t, nil, "backup", "--db", dbPath); code != exitUsage {
		t.Errorf("backup without --out: exit %d, want %d", code, exitUsage)
	}
	out := filepath.Join(dir, "copy.db")
	if code, _, errOut := runCmd(t, nil, "backup", "--db", dbPath, "--out", out); code != exitOK {
		t.Fatalf("offline backup: exit %d: %s", code, errOut)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	cp, err := store.Open(out, store.Options{})
	if err != nil {
		t.Fatalf("backup does not open: %v", err)
	}
	defer cp.Close()
	if c, err := cp.Case(context.Background(), res.Case.ID); err != nil || c.OrderID != m.OrderID {
		t.Fatalf("backup lacks the case: %+v, %v", c, err)
	}
	if code, _, _ := runCmd(t, nil, "backup", "--db", filepath.Join(dir, "missing.db"), "--out", out+"2"); code != exitFail {
		t.Errorf("backup of a missing store: exit %d, want %d", code, exitFail)
	}
}
