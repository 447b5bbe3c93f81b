package templates

import (
	"slices"
	"strings"
	"testing"
)

func TestAnchorIndexMatchesStringsIndex(t *testing.T) {
	lits := []string{"he", "she", "his", "hers", "review", "view", "€", "at)", "a"}
	x := newAnchorIndex(lits)
	for _, text := range []string{"ushers", "please review the preview", "24,99 € (at) shop", "", "aaa"} {
		got := x.scan(text)
		for _, lit := range lits {
			var want []int
			for off := 0; ; {
				i := strings.Index(text[off:], lit)
				if i < 0 {
					break
				}
				want = append(want, off+i)
				off += i + 1
			}
			if !slices.Equal(got[lit], want) {
				t.Errorf("%q in %q: got %v, want %v", lit, text, got[lit], want)
			}
		}
	}
}
