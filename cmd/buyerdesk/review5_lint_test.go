package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestLintCommandContract checks the parts of `buyerdesk lint` the main
// test leaves out: the exact JSON keys, a FILE argument, and exit 2 for
// every usage error.
func TestLintCommandContract(t *testing.T) {
	file := filepath.Join(t.TempDir(), "reply.txt")
	if err := os.WriteFile(file, []byte("Schreiben Sie uns auf WhatsApp: +49 171 1234567"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := lintCmd(t, "ignored: stdin is not read when a file is named", "--lang", "de", "--json", file)
	if code != exitFail {
		t.Fatalf("file with contact info: exit %d, want 1\n%s", code, out)
	}
	var res map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if keys := sortedKeys(res); !slices.Equal(keys, []string{"findings", "verdict"}) {
		t.Errorf("top-level keys %v", keys)
	}
	var findings []map[string]json.RawMessage
	if err := json.Unmarshal(res["findings"], &findings); err != nil || len(findings) == 0 {
		t.Fatalf("findings: %v\n%s", err, out)
	}
	want := []string{"category", "end", "excerpt", "message", "rule", "severity", "start", "suggestion"}
	contact := false
	for _, f := range findings {
		if keys := sortedKeys(f); !slices.Equal(keys, want) {
			t.Errorf("finding keys %v, want %v", keys, want)
		}
		contact = contact || string(f["category"]) == `"contact_info"`
	}
	if !contact {
		t.Errorf("no contact_info finding for the file's text: %s", out)
	}

	for _, args := range [][]string{
		{"a.txt", "b.txt"},  // more than one file
		{"--bogus"},         // unknown flag
		{"--lang"},          // flag without value
		{"--lang", "DE-xx"}, // unsupported language
	} {
		if code, out := lintCmd(t, "Danke.", args...); code != exitUsage {
			t.Errorf("lint %v: exit %d, want 2\n%s", args, code, out)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
