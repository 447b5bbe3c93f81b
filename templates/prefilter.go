package templates

import (
	"regexp/syntax"
	"slices"
	"unicode"
	"unicode/utf8"
)

// prefilter rules out, with a few byte comparisons, most word starts at
// which an anchored pattern cannot match, so the regexp engine (whose every
// call clears a bitmap the size of pattern × window) runs only where a
// match is possible. Every check is exact: it rejects only starts where the
// pattern has no match.
type prefilter struct {
	first runeSet   // the rune at the start is one of these
	runs  []runStep // then greedy runs of classes the rest cannot begin with
	// After the runs: the text continues with one of prefix (if set), or
	// within the run of inRun, one of lits occurs; otherwise its next rune
	// is in next (if set).
	prefix []string
	inRun  *runeSet
	lits   []string
	next   *runeSet
	must   []string // one of these occurs in the window (letter-initial parts only)
}

// runStep is a leading C* or C+ (min runes of class).
type runStep struct {
	class runeSet
	min   int
}

func newPrefilter(pattern string) prefilter {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic("templates: " + err.Error())
	}
	re = re.Simplify()
	pf := prefilter{first: firstSet([]*syntax.Regexp{re})}
	if pf.first.broad() {
		pf.must = mustLits(re)
	}
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	i := 0
	for ; i < len(subs); i++ {
		class, min, ok := repeatedClass(subs[i])
		if !ok || nullable(subs[i+1:]) {
			break
		}
		rest := firstSet(subs[i+1:])
		if class.intersects(&rest) {
			// \p{L}*(?:bewertung|...): the literal lies inside the run.
			if lits := exactLits(subs[i+1]); lits != nil && !slices.Contains(lits, "") && class.holdsAll(lits) {
				pf.inRun, pf.lits = &class, lits
			}
			return pf
		}
		pf.runs = append(pf.runs, runStep{class, min})
	}
	if i == len(subs) {
		return pf
	}
	if lits := prefixLits(subs[i]); lits != nil {
		pf.prefix = lits
	} else if len(pf.runs) > 0 && !nullable(subs[i:]) {
		next := firstSet(subs[i:])
		pf.next = &next
	}
	return pf
}

// may reports whether the pattern can match at the start of w (the window
// the anchored pattern will see).
func (pf *prefilter) may(w string) bool {
	q := 0
	for _, st := range pf.runs {
		n := 0
		q, n = skipRun(w, q, &st.class)
		if n < st.min {
			return false
		}
	}
	switch {
	case pf.prefix != nil:
		if !hasAnyPrefix(w[q:], pf.prefix) {
			return false
		}
	case pf.inRun != nil:
		end, _ := skipRun(w, q, pf.inRun)
		if !containsAny(w[q:end], pf.lits) {
			return false
		}
	case pf.next != nil:
		if q >= len(w) {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w[q:])
		if !pf.next.has(r) {
			return false
		}
	}
	return pf.must == nil || containsAny(w, pf.must)
}

// skipRun returns the end of the run of runes in class starting at q, and
// its length in runes. Invalid bytes count as U+FFFD, as in regexp.
func skipRun(w string, q int, class *runeSet) (int, int) {
	n := 0
	for q < len(w) {
		r, size := rune(w[q]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(w[q:])
		}
		if !class.has(r) {
			break
		}
		q += size
		n++
	}
	return q, n
}

// repeatedClass reports a C*, C+ or C{n,} of a character class.
func repeatedClass(re *syntax.Regexp) (runeSet, int, bool) {
	min := 0
	switch re.Op {
	case syntax.OpStar:
	case syntax.OpPlus:
		min = 1
	case syntax.OpRepeat:
		if re.Max != -1 {
			return runeSet{}, 0, false
		}
		min = re.Min
	default:
		return runeSet{}, 0, false
	}
	sub := re.Sub[0]
	var rs runeSet
	switch {
	case sub.Op == syntax.OpCharClass:
		addFirst(&rs, sub)
	case sub.Op == syntax.OpLiteral && len(sub.Rune) == 1 && sub.Flags&syntax.FoldCase == 0:
		rs.add(sub.Rune[0], sub.Rune[0])
	default:
		return runeSet{}, 0, false
	}
	rs.normalize()
	return rs, min, true
}

func nullable(subs []*syntax.Regexp) bool {
	var rs runeSet
	for _, sub := range subs {
		if !addFirst(&rs, sub) {
			return false
		}
	}
	return true
}

// firstSet is the set of runes a non-empty match of the concatenation subs
// can begin with (every rune if the concatenation is nullable).
func firstSet(subs []*syntax.Regexp) runeSet {
	var rs runeSet
	if nullable := addFirstSeq(&rs, subs); nullable {
		return runeSet{all: true}
	}
	rs.normalize()
	return rs
}

func addFirstSeq(rs *runeSet, subs []*syntax.Regexp) bool {
	for _, sub := range subs {
		if !addFirst(rs, sub) {
			return false
		}
	}
	return true
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
		return addFirstSeq(rs, re.Sub)
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
