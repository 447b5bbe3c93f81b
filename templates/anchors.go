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
	// The scan uses compact copies: a 16-bit transition table (half the
	// cache footprint) and one flag per state that has output.
	next16 []uint16
	term   []bool
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
	if len(x.out) <= 1<<16 {
		x.next16 = make([]uint16, len(x.next))
		for i, t := range x.next {
			x.next16[i] = uint16(t)
		}
	}
	x.term = make([]bool, len(x.out))
	for s, o := range x.out {
		x.term[s] = len(o) > 0
	}
	return x
}

// scan returns, for each literal that occurs in text, the start offsets of
// its occurrences.
func (x *anchorIndex) scan(text string) map[string][]int {
	type hit struct{ id, end int32 }
	var found []hit
	n := x.nclass
	if x.next16 != nil {
		s := 0
		for i := 0; i < len(text); i++ {
			s = int(x.next16[s*n+int(x.class[text[i]])])
			if x.term[s] {
				for _, id := range x.out[s] {
					found = append(found, hit{id, int32(i + 1)})
				}
			}
		}
	} else {
		s := int32(0)
		for i := 0; i < len(text); i++ {
			s = x.next[s*int32(n)+int32(x.class[text[i]])]
			for _, id := range x.out[s] {
				found = append(found, hit{id, int32(i + 1)})
			}
		}
	}
	hits := make(map[string][]int, 8)
	if len(found) == 0 {
		return hits
	}
	// One backing array for all offsets, grouped by literal in text order.
	count := make(map[int32]int, 8)
	for _, h := range found {
		count[h.id]++
	}
	offs := make([]int, len(found))
	at := 0
	for _, h := range found {
		if c := count[h.id]; c > 0 {
			lit := x.lits[h.id]
			hits[lit] = offs[at : at : at+c]
			at += c
			count[h.id] = 0
		}
		lit := x.lits[h.id]
		hits[lit] = append(hits[lit], int(h.end)-len(lit))
	}
	return hits
}
