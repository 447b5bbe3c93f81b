package amazon

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .json files in testdata")

// fixtures returns the paths of all .eml fixtures.
func fixtures(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 20 {
		t.Fatalf("found %d fixtures, want at least 20", len(paths))
	}
	return paths
}

// TestParseGolden parses every fixture and compares MailJSON's output with
// the hand-checked <name>.json beside it.
func TestParseGolden(t *testing.T) {
	for _, path := range fixtures(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".eml")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse(raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := MailJSON(m)
			if err != nil {
				t.Fatalf("MailJSON: %v", err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(path, ".eml") + ".json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("golden file: %v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("MailJSON(Parse(%s)) differs from %s\n--- got\n%s\n--- want\n%s", path, golden, got, want)
			}
		})
	}
}
