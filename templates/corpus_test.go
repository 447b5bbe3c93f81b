package templates

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

type corpusItem struct {
	Text       string   `json:"text"`
	Lang       string   `json:"lang"`
	Expect     string   `json:"expect"`
	Categories []string `json:"categories"`
	Note       string   `json:"note"`
	file       string
	line       int
}

func loadCorpus(t *testing.T) []corpusItem {
	t.Helper()
	files, err := filepath.Glob("testdata/corpus/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("corpus files: %v (found %d)", err, len(files))
	}
	var items []corpusItem
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for n := 1; sc.Scan(); n++ {
			var it corpusItem
			if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
				t.Fatalf("%s:%d: %v", name, n, err)
			}
			it.file, it.line = filepath.Base(name), n
			items = append(items, it)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return items
}

// TestCorpusRates measures block recall and the false-block rate over the
// labelled corpus and fails outside the targets (recall 100 %, false blocks
// under 2 %).
func TestCorpusRates(t *testing.T) {
	items := loadCorpus(t)
	if len(items) < 300 {
		t.Fatalf("corpus has %d items, want at least 300", len(items))
	}
	var blocks, caught, clean, falseBlocks, verdictOK int
	for _, it := range items {
		res := Lint(it.Text, it.Lang)
		if res.Verdict == it.Expect {
			verdictOK++
		}
		if it.Expect == VerdictBlock {
			blocks++
			if res.Verdict == VerdictBlock {
				caught++
			} else {
				t.Errorf("%s:%d missed block (%v): %q", it.file, it.line, it.Categories, it.Text)
			}
			continue
		}
		clean++
		if res.Verdict == VerdictBlock {
			falseBlocks++
			t.Logf("%s:%d false block: %q → %+v", it.file, it.line, it.Text, blockFindings(res))
		}
	}
	recall := 100 * float64(caught) / float64(blocks)
	fbr := 100 * float64(falseBlocks) / float64(clean)
	t.Logf("corpus: %d items (%d block, %d ok/warn); block recall %.1f %% (%d/%d); false-block rate %.2f %% (%d/%d); exact verdict %d/%d",
		len(items), blocks, clean, recall, caught, blocks, fbr, falseBlocks, clean, verdictOK, len(items))
	if caught != blocks {
		t.Errorf("block recall %.1f %%, want 100 %%", recall)
	}
	if fbr >= 2 {
		t.Errorf("false-block rate %.2f %%, want < 2 %%", fbr)
	}
}

// TestCorpusCategories checks every labelled category is reported for its
// item, and that ok items produce no finding at all.
func TestCorpusCategories(t *testing.T) {
	for _, it := range loadCorpus(t) {
		res := Lint(it.Text, it.Lang)
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Category)
		}
		for _, want := range it.Categories {
			if !slices.Contains(got, want) {
				t.Errorf("%s:%d want category %s, got %v: %q", it.file, it.line, want, got, it.Text)
			}
		}
		if it.Expect == VerdictOK && len(res.Findings) > 0 {
			t.Errorf("%s:%d want no findings, got %+v: %q", it.file, it.line, res.Findings, it.Text)
		}
		if it.Expect == VerdictWarn && res.Verdict != VerdictWarn {
			t.Errorf("%s:%d want warn, got %s %+v: %q", it.file, it.line, res.Verdict, res.Findings, it.Text)
		}
	}
}

func blockFindings(r Result) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity == SeverityBlock {
			out = append(out, f)
		}
	}
	return out
}
