package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestRunLogFormat: `run` logs JSON by default and the human console format
// with --log-format console; an unknown format is a usage error. The store
// is held by another opener, so run logs its start-up error and exits.
func TestRunLogFormat(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "buyerdesk.yml", "store:\n  path: "+filepath.Join(dir, "cases.db")+"\n")
	db, err := store.Open(filepath.Join(dir, "cases.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

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
