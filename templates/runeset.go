package templates

import (
	"slices"
	"unicode/utf8"
)

// runeSet is a set of runes: ASCII in a table, the rest as sorted ranges.
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

// normalize sorts and merges the non-ASCII ranges so has can stop early.
func (rs *runeSet) normalize() {
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
}

// intersects reports whether the sets share a rune.
func (rs *runeSet) intersects(o *runeSet) bool {
	if rs.all || o.all {
		return true
	}
	for c := range rs.ascii {
		if rs.ascii[c] && o.ascii[c] {
			return true
		}
	}
	for i := 0; i+1 < len(rs.ranges); i += 2 {
		for j := 0; j+1 < len(o.ranges); j += 2 {
			if rs.ranges[i] <= o.ranges[j+1] && o.ranges[j] <= rs.ranges[i+1] {
				return true
			}
		}
	}
	return false
}

// holdsAll reports whether every rune of every literal is in the set.
func (rs *runeSet) holdsAll(lits []string) bool {
	for _, l := range lits {
		for _, r := range l {
			if !rs.has(r) {
				return false
			}
		}
	}
	return true
}
