package templates

// anchorIndex finds every occurrence of a fixed set of literals in one pass
// (an Aho–Corasick automaton over bytes). The rules' gates use it to learn
// where their anchors occur without scanning the text once per anchor.
type anchorIndex struct {
	class  [256]uint8 // byte → alphabet class; 0 for bytes in no literal
	nclass int
	next   []int32   // state*nclass + class → state
	out    [][]int32 // state → literals ending here
	lits   []string
}

func newAnchorIndex(lits []string) *anchorIndex {
	x := &anchorIndex{lits: lits, nclass: 1}
	for _, lit := range lits {
		for i := 0; i < len(lit); i++ {
			if x.class[lit[i]] == 0 {
				x.class[lit[i]] = uint8(x.nclass)
				x.nclass++
			}
		}
	}
	// Build the trie; -1 marks a missing edge until failure links fill it.
	x.next = make([]int32, x.nclass)
	for i := range x.next {
		x.next[i] = -1
	}
	x.out = [][]int32{nil}
	for id, lit := range lits {
		s := int32(0)
		for i := 0; i < len(lit); i++ {
			c := int32(x.class[lit[i]])
			if x.next[s*int32(x.nclass)+c] < 0 {
				x.next = append(x.next, make([]int32, x.nclass)...)
				ns := int32(len(x.out))
				for j := ns * int32(x.nclass); j < (ns+1)*int32(x.nclass); j++ {
					x.next[j] = -1
				}
				x.out = append(x.out, nil)
				x.next[s*int32(x.nclass)+c] = ns
			}
			s = x.next[s*int32(x.nclass)+c]
		}
		x.out[s] = append(x.out[s], int32(id))
	}
	// Breadth-first: complete the transition function along failure links.
	fail := make([]int32, len(x.out))
	queue := []int32{}
	for c := 0; c < x.nclass; c++ {
		if t := x.next[c]; t < 0 {
			x.next[c] = 0
		} else {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		x.out[s] = append(x.out[s], x.out[fail[s]]...)
		for c := 0; c < x.nclass; c++ {
			i := s*int32(x.nclass) + int32(c)
			f := x.next[fail[s]*int32(x.nclass)+int32(c)]
			if t := x.next[i]; t < 0 {
				x.next[i] = f
			} else {
				fail[t] = f
				queue = append(queue, t)
			}
		}
	}
	return x
}

// scan returns, for each literal that occurs in text, the start offsets of
// its occurrences.
func (x *anchorIndex) scan(text string) map[string][]int {
	hits := map[string][]int{}
	s := int32(0)
	n := int32(x.nclass)
	for i := 0; i < len(text); i++ {
		s = x.next[s*n+int32(x.class[text[i]])]
		for _, id := range x.out[s] {
			lit := x.lits[id]
			hits[lit] = append(hits[lit], i+1-len(lit))
		}
	}
	return hits
}
