package templates

import (
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// gatedRe is a pattern over lower-cased text together with literals at least
// one of which occurs in or near every match. Only matches starting at a
// word start within reach before an anchor are tried, each with the
// pattern anchored there, so linting stays fast however many rules there
// are: Go's regexp scans a whole text slowly when a pattern has no literal
// prefix.
type gatedRe struct {
	re    *regexp.Regexp // for windows (findAny)
	parts []gatePart     // the pattern's top-level alternatives, for word starts (find)
	// byFirst[c] has bit i set if parts[i] may begin with ASCII c;
	// nonASCII the same for any other rune (then has decides).
	byFirst  *[utf8.RuneSelf]uint64
	nonASCII uint64
	anchors  []string
	bits     []uint8 // anchorBit of each anchor
	reach    int     // findAny: window around an anchor; find: longest match, in bytes
	back     int     // find: how far before an anchor a match may start, in bytes
}

// gatePart is one top-level alternative of a gated pattern, anchored, with
// the runes a match can begin with. The longest anchored match of an
// alternation is the longest of its alternatives' matches, so find runs
// only the alternatives that can begin at a candidate start: few do, and a
// small pattern runs on Go's fast backtracker where a large one needs the
// slower NFA.
type gatePart struct {
	anchored *regexp.Regexp // ^(?:alternative), leftmost-longest
	pre      prefilter
}

func gate(pattern string, anchors ...string) gatedRe {
	return gateNear(80, pattern, anchors...)
}

// gateBack is gate for patterns whose match may start up to back bytes
// before the anchor (the default is 40: a few words).
func gateBack(back int, pattern string, anchors ...string) gatedRe {
	g := gate(pattern, anchors...)
	g.back = back
	return g
}

// gateNear is gate with an explicit reach. Patterns use leftmost-longest
// matching: with leftmost-first, "store|storefront" would stop at "store"
// inside "storefront" and then fail the word-boundary check.
func gateNear(reach int, pattern string, anchors ...string) gatedRe {
	re := regexp.MustCompile(pattern)
	re.Longest()
	g := gatedRe{re: re, anchors: anchors, reach: reach, back: min(40, reach)}
	for _, a := range anchors {
		g.bits = append(g.bits, anchorBit(a))
	}
	for _, alt := range splitAlternatives(pattern) {
		anchored := regexp.MustCompile(`^(?:` + alt + `)`)
		anchored.Longest()
		pt := gatePart{anchored: anchored, pre: newPrefilter(alt)}
		g.parts = append(g.parts, pt)
	}
	if len(g.parts) > 64 {
		panic("templates: more than 64 alternatives in " + pattern)
	}
	g.byFirst = new([utf8.RuneSelf]uint64)
	for i, pt := range g.parts {
		for c := range utf8.RuneSelf {
			if pt.pre.first.has(rune(c)) {
				g.byFirst[c] |= 1 << i
			}
		}
		if pt.pre.first.all || len(pt.pre.first.ranges) > 0 {
			g.nonASCII |= 1 << i
		}
	}
	return g
}

// splitAlternatives splits a pattern at its top-level '|' (outside groups,
// character classes and escapes).
func splitAlternatives(pattern string) []string {
	var alts []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '\\':
			i++
		case class:
			class = c != ']'
		case c == '[':
			class = true
			if strings.HasPrefix(pattern[i+1:], "^]") {
				i += 2
			} else if strings.HasPrefix(pattern[i+1:], "]") || strings.HasPrefix(pattern[i+1:], "^") {
				i++
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			alts = append(alts, pattern[start:i])
			start = i + 1
		}
	}
	return append(alts, pattern[start:])
}

// textIndex is what the gated rules share about one text: the text itself,
// the anchor index's scan of the lower-cased text, and where words begin.
type textIndex struct {
	text   string
	hits   map[string][]int
	seen   [4]uint64 // anchorBit of every anchor in hits: most lookups end here
	starts []bool    // starts[p]: a word begins at p
	spans  [][2]int  // scratch for findIn
}

func newTextIndex(text string, hits map[string][]int) *textIndex {
	x := &textIndex{text: text, hits: hits}
	for a := range hits {
		b := anchorBit(a)
		x.seen[b>>6] |= 1 << (b & 63)
	}
	return x
}

// anchorBit hashes an anchor to one of 256 bits (FNV-1a).
func anchorBit(a string) uint8 {
	h := uint32(2166136261)
	for i := 0; i < len(a); i++ {
		h = (h ^ uint32(a[i])) * 16777619
	}
	return uint8(h ^ h>>8 ^ h>>16 ^ h>>24)
}

// wordAt reports whether a word begins at p (wordStart and not wordEnd).
// The answers for the whole text are computed on the first question.
func (x *textIndex) wordAt(p int) bool {
	if x.starts == nil {
		x.starts = wordStarts(x.text)
	}
	return x.starts[p]
}

// wordStarts marks every offset of t at which a word begins.
func wordStarts(t string) []bool {
	starts := make([]bool, len(t))
	for p := 0; p < len(t); p++ {
		if c := t[p]; c < utf8.RuneSelf && (p == 0 || t[p-1] < utf8.RuneSelf) {
			starts[p] = asciiWord[c] && (p == 0 || !asciiWord[t[p-1]])
			continue
		}
		starts[p] = wordStart(t, p) && !wordEnd(t, p)
	}
	return starts
}

// asciiWord marks the ASCII bytes isWordRune accepts.
var asciiWord = func() (tab [utf8.RuneSelf]bool) {
	for c := range tab {
		tab[c] = isWordRune(rune(c))
	}
	return tab
}()

// find calls fn for every word-bounded match of g in x.text (lower-cased
// text, unless a pattern says otherwise) that starts at a word start at
// most g.back bytes before one of g's anchors. Matches do not overlap.
func (g gatedRe) find(x *textIndex, fn func(start, end int)) {
	g.findIn(x, 0, len(x.text), fn)
}

// findIn is find restricted to matches starting in [from, to). When no
// match of g can span text[from-1] (punctuation the pattern never
// matches), the result equals find's matches that start in [from, to).
func (g gatedRe) findIn(x *textIndex, from, to int, fn func(start, end int)) {
	text := x.text
	spans := x.spans[:0]
	x.spans = nil // a nested find (from fn) gets its own scratch
	defer func() { x.spans = spans[:0] }()
	for k, a := range g.anchors {
		if b := g.bits[k]; x.seen[b>>6]&(1<<(b&63)) == 0 {
			continue
		}
		for _, i := range x.hits[a] {
			s, e := max(0, i-g.back, from), min(i, to-1)
			if s <= e {
				spans = append(spans, [2]int{s, e})
			}
		}
	}
	if len(spans) == 0 {
		return
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	lastEnd, next := -1, 0
	for _, sp := range spans {
		for p := max(sp[0], next); p <= sp[1]; p++ {
			if p < lastEnd || !x.wordAt(p) {
				continue
			}
			if end := g.matchAt(text, p); end > p {
				fn(p, end)
				lastEnd = end
			}
		}
		next = max(next, sp[1]+1)
	}
}

// matchAt returns the end of the longest word-bounded match of g starting
// at p, or -1.
func (g gatedRe) matchAt(text string, p int) int {
	r := rune(text[p])
	var cand uint64
	if r < utf8.RuneSelf {
		cand = g.byFirst[r]
	} else {
		r, _ = utf8.DecodeRuneInString(text[p:])
		cand = g.nonASCII
	}
	limit := min(len(text), p+g.back+g.reach)
	best := -1
	for ; cand != 0; cand &= cand - 1 {
		pt := &g.parts[bits.TrailingZeros64(cand)]
		if !pt.pre.first.has(r) || !pt.pre.may(text[p:limit]) {
			continue
		}
		if m := pt.anchored.FindStringIndex(text[p:limit]); m != nil && m[1] > best {
			best = m[1]
		}
	}
	if best <= 0 || !wordEnd(text, p+best) {
		return -1
	}
	return p + best
}

// findAny calls fn for every match of g, word-bounded or not, in windows of
// reach bytes around g's anchors; for patterns made of punctuation.
func (g gatedRe) findAny(hits map[string][]int, text string, fn func(start, end int)) {
	var wins [][2]int
	for _, a := range g.anchors {
		for _, i := range hits[a] {
			wins = append(wins, [2]int{max(0, i-g.reach), min(len(text), i+len(a)+g.reach)})
		}
	}
	if len(wins) == 0 {
		return
	}
	slices.SortFunc(wins, func(a, b [2]int) int { return a[0] - b[0] })
	emit := func(w [2]int) {
		for _, m := range g.re.FindAllStringIndex(text[w[0]:w[1]], -1) {
			fn(w[0]+m[0], w[0]+m[1])
		}
	}
	cur := wins[0]
	for _, w := range wins[1:] {
		if w[0] <= cur[1] {
			cur[1] = max(cur[1], w[1])
			continue
		}
		emit(cur)
		cur = w
	}
	emit(cur)
}
