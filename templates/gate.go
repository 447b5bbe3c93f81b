package templates

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// gatedRe is a pattern over lower-cased text together with literals at least
// one of which occurs in or near every match. Only matches starting at a
// word start within reach before an anchor are tried, each with the
// pattern anchored there, so linting stays fast however many rules there
// are: Go's regexp scans a whole text slowly when a pattern has no literal
// prefix.
type gatedRe struct {
	re      *regexp.Regexp // for windows (findAny)
	parts   []gatePart     // the pattern's top-level alternatives, for word starts (find)
	anchors []string
	reach   int // findAny: window around an anchor; find: longest match, in bytes
	back    int // find: how far before an anchor a match may start, in bytes
}

// gatePart is one top-level alternative of a gated pattern, anchored, with
// the runes a match can begin with. The longest anchored match of an
// alternation is the longest of its alternatives' matches, so find runs
// only the alternatives that can begin at a candidate start: few do, and a
// small pattern runs on Go's fast backtracker where a large one needs the
// slower NFA.
type gatePart struct {
	anchored *regexp.Regexp // ^(?:alternative), leftmost-longest
	first    runeSet
	must     []string // one of these occurs in every match; nil if unknown
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
	for _, alt := range splitAlternatives(pattern) {
		anchored := regexp.MustCompile(`^(?:` + alt + `)`)
		anchored.Longest()
		pt := gatePart{anchored: anchored, first: firstRunes(alt)}
		if pt.first.broad() {
			// A part that may begin with any letter runs at every
			// candidate; a literal it needs rules most of them out cheaply.
			pt.must = mustContain(alt)
		}
		g.parts = append(g.parts, pt)
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

// runeSet is the set of runes a pattern's match can begin with.
type runeSet struct {
	all    bool
	ascii  [128]bool
	ranges []rune // non-ASCII: sorted, merged pairs lo, hi
}

func (rs *runeSet) has(r rune) bool {
	if rs.all {
		return true
	}
	if r < utf8.RuneSelf {
		return r >= 0 && rs.ascii[r]
	}
	for i := 0; i+1 < len(rs.ranges); i += 2 {
		if r < rs.ranges[i] {
			return false
		}
		if r <= rs.ranges[i+1] {
			return true
		}
	}
	return false
}

// broad reports whether the set holds most lower-case ASCII letters.
func (rs *runeSet) broad() bool {
	if rs.all {
		return true
	}
	n := 0
	for c := 'a'; c <= 'z'; c++ {
		if rs.ascii[c] {
			n++
		}
	}
	return n > 13
}

func (rs *runeSet) add(lo, hi rune) {
	for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
		rs.ascii[r] = true
	}
	if hi >= utf8.RuneSelf {
		rs.ranges = append(rs.ranges, max(lo, utf8.RuneSelf), hi)
	}
}

// firstRunes computes the runes a non-empty match of pattern can begin
// with; when unsure (a nullable pattern, an empty-width assertion before
// everything else) it allows every rune.
func firstRunes(pattern string) runeSet {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic("templates: " + err.Error())
	}
	var rs runeSet
	if nullable := addFirst(&rs, re.Simplify()); nullable {
		return runeSet{all: true}
	}
	// Sort and merge the non-ASCII ranges so has can stop early.
	pairs := make([][2]rune, 0, len(rs.ranges)/2)
	for i := 0; i+1 < len(rs.ranges); i += 2 {
		pairs = append(pairs, [2]rune{rs.ranges[i], rs.ranges[i+1]})
	}
	slices.SortFunc(pairs, func(a, b [2]rune) int { return int(a[0] - b[0]) })
	rs.ranges = rs.ranges[:0]
	for _, p := range pairs {
		if n := len(rs.ranges); n > 0 && p[0] <= rs.ranges[n-1]+1 {
			rs.ranges[n-1] = max(rs.ranges[n-1], p[1])
			continue
		}
		rs.ranges = append(rs.ranges, p[0], p[1])
	}
	return rs
}

// addFirst adds the runes re's matches can begin with to rs and reports
// whether re can match the empty string (so what follows it can begin a
// match too).
func addFirst(rs *runeSet, re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpNoMatch:
		return false
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true
		}
		r := re.Rune[0]
		rs.add(r, r)
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				rs.add(f, f)
			}
		}
		return false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			rs.add(re.Rune[i], re.Rune[i+1])
		}
		return false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		rs.all = true
		return false
	case syntax.OpCapture, syntax.OpPlus:
		return addFirst(rs, re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		addFirst(rs, re.Sub[0])
		return true
	case syntax.OpRepeat:
		return addFirst(rs, re.Sub[0]) || re.Min == 0
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !addFirst(rs, sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		nullable := false
		for _, sub := range re.Sub {
			nullable = addFirst(rs, sub) || nullable
		}
		return nullable
	}
	// Empty matches and zero-width assertions: what follows decides.
	return true
}

// textIndex is what the gated rules share about one text: the text itself,
// the anchor index's scan of the lower-cased text, and where words begin.
type textIndex struct {
	text   string
	hits   map[string][]int
	starts []int8   // starts[p]: 0 not yet known, 1 a word begins at p, -1 not
	spans  [][2]int // scratch for findIn
}

func newTextIndex(text string, hits map[string][]int) *textIndex {
	return &textIndex{text: text, hits: hits}
}

// wordAt reports whether a word begins at p (wordStart and not wordEnd),
// remembering the answer: the gated rules ask about the same offsets.
func (x *textIndex) wordAt(p int) bool {
	if x.starts == nil {
		x.starts = make([]int8, len(x.text))
	}
	if v := x.starts[p]; v != 0 {
		return v > 0
	}
	t := x.text
	var yes bool
	if c := t[p]; c < utf8.RuneSelf && (p == 0 || t[p-1] < utf8.RuneSelf) {
		yes = isWordASCII(c) && (p == 0 || !isWordASCII(t[p-1]))
	} else {
		yes = wordStart(t, p) && !wordEnd(t, p)
	}
	x.starts[p] = -1
	if yes {
		x.starts[p] = 1
	}
	return yes
}

func isWordASCII(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

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
	for _, a := range g.anchors {
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
	if r >= utf8.RuneSelf {
		r, _ = utf8.DecodeRuneInString(text[p:])
	}
	limit := min(len(text), p+g.back+g.reach)
	best := -1
	for i := range g.parts {
		pt := &g.parts[i]
		if !pt.first.has(r) {
			continue
		}
		if pt.must != nil && !containsAny(text[p:limit], pt.must) {
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

// mustContain returns literals one of which occurs in every match of
// pattern, or nil if it finds none worth checking.
func mustContain(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic("templates: " + err.Error())
	}
	return mustLits(re.Simplify())
}

// mustLits returns a set of literals one of which every match of re
// contains, or nil. Of several candidate sets in a sequence it keeps the
// one whose shortest literal is longest.
func mustLits(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		var lits []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > 3 || len(lits) > 4 {
				return nil
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				lits = append(lits, string(r))
			}
		}
		return lits
	case syntax.OpCapture, syntax.OpPlus:
		return mustLits(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 0 {
			return nil
		}
		return mustLits(re.Sub[0])
	case syntax.OpConcat:
		// Adjacent literals and classes inside a sequence: take the best
		// single element's set.
		var best []string
		for _, sub := range re.Sub {
			if lits := mustLits(sub); lits != nil && (best == nil || shortest(lits) > shortest(best)) {
				best = lits
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			lits := mustLits(sub)
			if lits == nil {
				return nil
			}
			all = append(all, lits...)
		}
		return all
	}
	return nil
}

func shortest(lits []string) int {
	n := len(lits[0])
	for _, l := range lits[1:] {
		n = min(n, len(l))
	}
	return n
}

func containsAny(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}
