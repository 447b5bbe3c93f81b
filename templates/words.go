package templates

import (
	"regexp"
	"sort"
	"unicode"
	"unicode/utf8"
)

// isWordRune reports whether r belongs to a word: any Unicode letter, digit
// or mark, or an underscore. Go's regexp \b only knows ASCII, so rules check
// word edges with this instead.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// wordStart reports whether byte offset i in text begins a word, i.e. the
// rune before i is not a word rune.
func wordStart(text string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !isWordRune(r)
}

// wordEnd reports whether byte offset i in text ends a word, i.e. the rune
// at i is not a word rune.
func wordEnd(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return !isWordRune(r)
}

// findWords calls fn for every match of re in text whose edges fall on
// Unicode word boundaries. A match rejected for its boundaries does not hide
// a later match that starts inside it.
func findWords(re *regexp.Regexp, text string, fn func(start, end int)) {
	findWordsIn(re, text, 0, len(text), fn)
}

// findWordsIn is findWords restricted to matches inside text[from:to]; word
// boundaries are still judged against the whole text.
func findWordsIn(re *regexp.Regexp, text string, from, to int, fn func(start, end int)) {
	pos := from
	for pos <= to {
		loc := re.FindStringIndex(text[pos:to])
		if loc == nil {
			return
		}
		s, e := pos+loc[0], pos+loc[1]
		if e > s && wordStart(text, s) && wordEnd(text, e) {
			fn(s, e)
			pos = e
			continue
		}
		_, size := utf8.DecodeRuneInString(text[s:])
		if size == 0 {
			size = 1
		}
		pos = s + size
	}
}

// sentenceBounds returns the start and end of the sentence around the byte
// span [s, e): it extends to the previous and next '.', '!', '?' or newline.
func sentenceBounds(text string, s, e int) (int, int) {
	a := s
	for a > 0 && !isSentenceEnd(text[a-1]) {
		a--
	}
	b := e
	for b < len(text) && !isSentenceEnd(text[b]) {
		b++
	}
	return a, b
}

func isSentenceEnd(c byte) bool {
	return c == '.' || c == '!' || c == '?' || c == '\n'
}

// lowerSameLen lower-cases s rune by rune, keeping a rune unchanged when its
// lower-case form would need a different number of bytes. Byte offsets into
// the result are therefore valid offsets into s, so rules can match
// case-insensitively with plain (fast) patterns and report spans of s.
func lowerSameLen(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if lr := unicode.ToLower(r); lr != r && utf8.RuneLen(lr) == size {
			b = utf8.AppendRune(b, lr)
		} else {
			b = append(b, s[i:i+size]...) // invalid bytes and length-changing runes stay as they are
		}
		i += size
	}
	return string(b)
}

// gatedRe is a pattern over lower-cased text together with literals at least
// one of which occurs in or near every match. Only matches starting at a
// word start within reach before an anchor are tried, each with the
// pattern anchored there, so linting stays fast however many rules there
// are: Go's regexp scans a whole text slowly when a pattern has no literal
// prefix.
type gatedRe struct {
	re       *regexp.Regexp // for windows (findAny)
	anchored *regexp.Regexp // ^(?:pattern), for word starts (find)
	anchors  []string
	reach    int // findAny: window around an anchor; find: longest match, in bytes
	back     int // find: how far before an anchor a match may start, in bytes
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
	anchored := regexp.MustCompile(`^(?:` + pattern + `)`)
	anchored.Longest()
	return gatedRe{re: re, anchored: anchored, anchors: anchors, reach: reach, back: min(40, reach)}
}

// find calls fn for every word-bounded match of g in lower (the lower-cased
// text) that starts at a word start at most g.back bytes before one of g's
// anchors;
// hits is the anchor index's scan of lower. Matches do not overlap.
func (g gatedRe) find(hits map[string][]int, lower string, fn func(start, end int)) {
	var starts []int
	for _, a := range g.anchors {
		for _, i := range hits[a] {
			for p := i; p >= 0 && p >= i-g.back; p-- {
				if p < len(lower) && wordStart(lower, p) && !wordEnd(lower, p) {
					starts = append(starts, p)
				}
			}
		}
	}
	if len(starts) == 0 {
		return
	}
	sort.Ints(starts)
	lastEnd := -1
	for k, p := range starts {
		if p < lastEnd || (k > 0 && p == starts[k-1]) {
			continue
		}
		limit := min(len(lower), p+g.back+g.reach)
		m := g.anchored.FindStringIndex(lower[p:limit])
		if m == nil || m[1] == 0 || !wordEnd(lower, p+m[1]) {
			continue
		}
		fn(p, p+m[1])
		lastEnd = p + m[1]
	}
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
	sort.Slice(wins, func(i, j int) bool { return wins[i][0] < wins[j][0] })
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

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r'
}

// runeLen is the byte length of the rune at text[i] (1 for invalid bytes).
func runeLen(text string, i int) int {
	_, size := utf8.DecodeRuneInString(text[i:])
	return size
}
