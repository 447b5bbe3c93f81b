package templates

import (
	"testing"
	"unicode/utf8"
)

// TestPrefilterNeverRejectsAMatch runs every alternative of every gated
// pattern at every word start of the corpus (lower-cased, and as written
// for the patterns that look at capitals) and checks that the prefilter
// lets through each start where the pattern matches.
func TestPrefilterNeverRejectsAMatch(t *testing.T) {
	var texts []string
	for _, it := range loadCorpus(t) {
		texts = append(texts, it.Text, lowerSameLen(it.Text))
	}
	texts = append(texts, reviewMix, lowerSameLen(reviewMix), lowerSameLen(replyTypical))
	matched := 0
	for _, text := range texts {
		x := newTextIndex(text, nil)
		for p := 0; p < len(text); p++ {
			if !x.wordAt(p) {
				continue
			}
			r, _ := utf8.DecodeRuneInString(text[p:])
			for _, g := range allGates() {
				w := text[p:min(len(text), p+g.back+g.reach)]
				for _, pt := range g.parts {
					m := pt.anchored.FindStringIndex(w)
					if m == nil || m[1] == 0 {
						continue
					}
					matched++
					if !pt.pre.first.has(r) || !pt.pre.may(w) {
						t.Errorf("prefilter of %s rejects its match %q", pt.anchored, w[:m[1]])
					}
				}
			}
		}
	}
	if matched < 500 {
		t.Fatalf("only %d matches checked; the test no longer exercises the prefilter", matched)
	}
	t.Logf("%d matches checked", matched)
}

func TestPrefilterRejects(t *testing.T) {
	tests := []struct {
		pattern, window string
		may             bool
	}{
		{`(?:call|phone)\s+(?:us|me)`, "call us", true},
		{`(?:call|phone)\s+(?:us|me)`, "calendar", false},
		{`\p{L}*(?:bewertung|feedback)\p{L}*`, "produktbewertung", true},
		{`\p{L}*(?:bewertung|feedback)\p{L}*`, "eine bewertung", false},
		{`[\p{L}\p{N}._%+-]+\s*[\[({]\s*(?:at|@)\s*[\])}]`, "info (at)", true},
		{`[\p{L}\p{N}._%+-]+\s*[\[({]\s*(?:at|@)\s*[\])}]`, "info at", false},
		{`share[ds]?\s+your`, "shared your", true},
		{`share[ds]?\s+your`, "sharp", false},
		{`(?i:code)\s*:?\s*[A-Z]{2,}\d{1,4}`, "Code SAVE10", true},
	}
	for _, tc := range tests {
		pf := newPrefilter(tc.pattern)
		r, _ := utf8.DecodeRuneInString(tc.window)
		if got := pf.first.has(r) && pf.may(tc.window); got != tc.may {
			t.Errorf("%s on %q: may = %v, want %v", tc.pattern, tc.window, got, tc.may)
		}
	}
}
