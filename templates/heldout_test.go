package templates

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// TestHeldOut reports block recall and false-block rate on replies written
// after the rules and never used to tune them (testdata/heldout). These are
// the honest figures for new wording; the thresholds only catch regressions.
func TestHeldOut(t *testing.T) {
	f, err := os.Open("testdata/heldout/heldout.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks, caught, clean, falseBlocks int
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var it corpusItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("heldout.jsonl:%d: %v", n, err)
		}
		got := Lint(it.Text, it.Lang).Verdict
		if it.Expect == VerdictBlock {
			blocks++
			if got == VerdictBlock {
				caught++
			} else {
				t.Logf("heldout.jsonl:%d missed: %q", n, it.Text)
			}
			continue
		}
		clean++
		if got == VerdictBlock {
			falseBlocks++
			t.Logf("heldout.jsonl:%d false block: %q", n, it.Text)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	recall := 100 * float64(caught) / float64(blocks)
	fbr := 100 * float64(falseBlocks) / float64(clean)
	t.Logf("held out: %d items; block recall %.1f %% (%d/%d); false-block rate %.1f %% (%d/%d)",
		blocks+clean, recall, caught, blocks, fbr, falseBlocks, clean)
	if recall < 50 || fbr > 20 {
		t.Errorf("held-out figures regressed: recall %.1f %%, false blocks %.1f %%", recall, fbr)
	}
}
