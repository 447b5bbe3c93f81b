package templates

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// Literal sets derived from a pattern's syntax tree, for the prefilter.

// maxLits bounds the literal sets built from a pattern.
const maxLits = 64

// exactLits returns every string re matches if that is a small finite set
// of case-sensitive literals, else nil.
func exactLits(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		return classLits(re)
	case syntax.OpCapture:
		return exactLits(re.Sub[0])
	case syntax.OpQuest:
		if sub := exactLits(re.Sub[0]); sub != nil {
			return append([]string{""}, sub...)
		}
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			lits := exactLits(sub)
			if lits == nil || len(all)+len(lits) > maxLits {
				return nil
			}
			all = append(all, lits...)
		}
		return all
	case syntax.OpConcat:
		all := []string{""}
		for _, sub := range re.Sub {
			lits := exactLits(sub)
			if lits == nil || len(all)*len(lits) > maxLits {
				return nil
			}
			all = crossLits(all, lits)
		}
		return all
	}
	return nil
}

// prefixLits returns strings one of which begins every match of re, or nil.
func prefixLits(re *syntax.Regexp) []string {
	var lits []string
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return prefixLits(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 0 {
			return nil
		}
		return prefixLits(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			sl := prefixLits(sub)
			if sl == nil || len(lits)+len(sl) > maxLits {
				return nil
			}
			lits = append(lits, sl...)
		}
	case syntax.OpConcat:
		// Exact leading elements extend the prefixes; the first inexact
		// one contributes its own prefixes and ends them.
		lits = []string{""}
		for _, sub := range re.Sub {
			if exact := exactLits(sub); exact != nil && len(lits)*len(exact) <= maxLits {
				lits = crossLits(lits, exact)
				continue
			}
			if pl := prefixLits(sub); pl != nil && len(lits)*len(pl) <= maxLits {
				lits = crossLits(lits, pl)
			}
			break
		}
	default:
		lits = exactLits(re)
	}
	if lits == nil || slices.Contains(lits, "") {
		return nil
	}
	return lits
}

func crossLits(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// classLits lists the runes of a small character class.
func classLits(re *syntax.Regexp) []string {
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
		return classLits(re)
	case syntax.OpCapture, syntax.OpPlus:
		return mustLits(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 0 {
			return nil
		}
		return mustLits(re.Sub[0])
	case syntax.OpConcat:
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
