package checks

// literals finds which of a set of strings occur in a text, in one pass
// over its bytes (an Aho–Corasick automaton with every transition
// resolved): the narrative's cue words are looked up once per paragraph,
// not once per figure. Bytes that are in no word share one class, so the
// table of transitions has a column per byte the words use, and stays
// small enough to be read from the cache.
type literals struct {
	class   [256]uint8 // the column of each byte; 0 for bytes in no word
	classes int
	next    []uint16 // the state after a byte: next[state*classes+class]
	out     []uint64 // the words (bits, in the order given) that end at each state
}

// maxLiterals is how many words a literals set tells apart.
const maxLiterals = 64

// newLiterals builds the set of words, none of them empty; it reports
// false if there are more than maxLiterals of them, or too many bytes in
// them for its states.
func newLiterals(words []string) (*literals, bool) {
	if len(words) > maxLiterals {
		return nil, false
	}
	l := &literals{classes: 1}
	states := 1
	for _, w := range words {
		if w == "" {
			return nil, false
		}
		states += len(w)
		for i := 0; i < len(w); i++ {
			if l.class[w[i]] == 0 {
				l.class[w[i]] = uint8(l.classes)
				l.classes++
			}
		}
	}
	if states >= 1<<16 || l.classes > 256 {
		return nil, false
	}
	const none = 0xFFFF
	row := func() {
		for range l.classes {
			l.next = append(l.next, none)
		}
		l.out = append(l.out, 0)
	}
	// The trie of the words; none marks a missing edge.
	row()
	for k, w := range words {
		s := 0
		for i := 0; i < len(w); i++ {
			e := s*l.classes + int(l.class[w[i]])
			if l.next[e] == none {
				l.next[e] = uint16(len(l.out))
				row()
			}
			s = int(l.next[e])
		}
		l.out[s] |= 1 << k
	}
	// Failure links, breadth first: every missing edge goes where the
	// state's longest proper suffix in the trie goes.
	fail := make([]int, len(l.out))
	var queue []int
	for c := range l.classes {
		if t := l.next[c]; t == none {
			l.next[c] = 0
		} else {
			queue = append(queue, int(t))
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		l.out[s] |= l.out[fail[s]]
		for c := range l.classes {
			e := s*l.classes + c
			if t := l.next[e]; t == none {
				l.next[e] = l.next[fail[s]*l.classes+c]
			} else {
				fail[t] = int(l.next[fail[s]*l.classes+c])
				queue = append(queue, int(t))
			}
		}
	}
	return l, true
}

// find returns the words that occur in p: bit k set for the k-th word.
func (l *literals) find(p string) uint64 {
	var found uint64
	s := 0
	for i := 0; i < len(p); i++ {
		s = int(l.next[s*l.classes+int(l.class[p[i]])])
		found |= l.out[s]
	}
	return found
}
