package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseEmailMatchesGoldenFiles(t *testing.T) {
	files, _ := filepath.Glob("../../amazon/testdata/*.eml")
	if len(files) < 20 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errOut := runCmd(t, nil, "parse-email", f)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".eml") + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var got, exp map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			json.Unmarshal(want, &exp)
			keys := []string{"kind", "reason", "order_id", "marketplace", "relay_address", "case_id", "buyer_name",
				"subject", "message_id", "sent_at", "language", "body", "attachments", "no_response_needed_url"}
			if len(got) != len(keys) {
				t.Errorf("%d keys, want exactly %d: %v", len(got), len(keys), got)
			}
			for _, k := range keys {
				if _, ok := got[k]; !ok {
					t.Errorf("key %q missing", k)
				}
				g, _ := json.Marshal(got[k])
				e, _ := json.Marshal(exp[k])
				if string(g) != string(e) {
					t.Errorf("%s = %s, want %s", k, g, e)
				}
			}
		})
	}
}

func TestParseEmailExitCodes(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := runCmd(t, nil, "parse-email", filepath.Join(dir, "missing.eml")); code != exitUsage {
		t.Errorf("missing file: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, nil, "parse-email"); code != exitUsage {
		t.Errorf("no file: exit %d, want 2", code)
	}
	junk := writeFile(t, dir, "other.eml", "From: friend@example.org\r\nSubject: lunch?\r\n\r\nnoon at the usual place\r\n")
	code, out, _ := runCmd(t, nil, "parse-email", junk)
	if code != exitOK || !strings.Contains(out, `"ignored"`) {
		t.Errorf("a mail not from Amazon: exit %d, %s; want 0 and kind ignored", code, out)
	}
}
