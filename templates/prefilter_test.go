package templates

import (
	"testing"
	"unicode/utf8"
)

// TestPrefilterNeverRejectsAMatch runs every alternative of every gated
// pattern at every start find would try in the corpus (word starts shortly
// before an anchor, in the lower-cased text and, for the patterns that look
// at capitals, as written) and checks that the prefilter lets through each
// start where the alternative matches.
func TestPrefilterNeverRejectsAMatch(t *testing.T) {
	var texts []string
	for _, it := range loadCorpus(t) {
		texts = append(texts, it.Text)
	}
	texts = append(texts, reviewMix, replyTypical)
	matched := 0
	for _, text := range texts {
		lower := lowerSameLen(text)
		hits := anchors.scan(lower)
		for _, x := range []*textIndex{newTextIndex(lower, hits), newTextIndex(text, hits)} {
			for _, g := range allGates() {
				tried := map[int]bool{}
				for _, a := range g.anchors {
					for _, i := range hits[a] {
						for p := max(0, i-g.back); p <= i; p++ {
							if tried[p] || !x.wordAt(p) {
								continue
							}
							tried[p] = true
							matched += checkPrefilters(t, g, x.text, p)
						}
					}
				}
			}
		}
	}
	if matched < 300 {
		t.Fatalf("only %d matches checked; the test no longer exercises the prefilter", matched)
	}
	t.Logf("%d matches checked", matched)
}

// checkPrefilters reports an error for each alternative of g that matches
// at p while its prefilter rejects p, and returns how many matched.
func checkPrefilters(t *testing.T, g gatedRe, text string, p int) int {
	t.Helper()
	r, _ := utf8.DecodeRuneInString(text[p:])
	w := text[p:min(len(text), p+g.back+g.reach)]
	matched := 0
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
	return matched
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
