package pdf

import (
	"fmt"
	"strconv"
	"unicode/utf16"

	lpdf "github.com/budgetx/budgetx/internal/third_party/pdf"

	"github.com/budgetx/budgetx/model"
)

// A cmap is a parsed CMap stream: a ToUnicode map (bfchar, bfrange) or an
// encoding CMap (cidchar, cidrange), with its code space ranges.
type cmap struct {
	space  []codeRange
	uni    map[codeKey]string
	uniRng []uniRange
	cid    map[codeKey]int
	cidRng []cidRange

	useName string // the predefined CMap it uses (/UseCMap /Name), or ""
}

// codeKey is a character code of n bytes, big-endian.
type codeKey struct {
	n uint8
	c uint32
}

// packed is k as one number: its length above its value.
func (k codeKey) packed() uint64 { return uint64(k.n)<<32 | uint64(k.c) }

type codeRange struct {
	lo, hi []byte // same length, compared byte by byte
}

type uniRange struct {
	n      uint8
	lo, hi uint32
	dst    []uint16   // UTF-16 of lo's text; the last unit is incremented
	arr    [][]uint16 // or one UTF-16 text per code
	hasArr bool
}

type cidRange struct {
	n      uint8
	lo, hi uint32
	cid    int
}

// bytesOrString is the text of a code: a string or a []byte.
type bytesOrString interface{ ~string | ~[]byte }

func codeOf[S bytesOrString](s S) codeKey {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	n := len(s)
	if n > 4 {
		n = 4
	}
	return codeKey{uint8(n), c}
}

func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

// maxRangeCodes bounds the codes one range may cover, so a hostile CMap
// cannot make lookups or memory explode.
const maxRangeCodes = 1 << 16

// Bounds of a CMap: ranges (a lookup walks them) and /UseCMap nesting.
const (
	maxCMapRanges = 1 << 16
	maxCMapDepth  = 8
)

// parseCMap reads a CMap stream and the CMap streams it uses (/UseCMap),
// what naming it in errors; seen holds the printed forms of the CMaps
// that use this one. A CMap that uses itself is a cycle; one over a bound
// fails with model.ErrLimit; a stream that cannot be read whole gives
// what was read and the error.
func (r *Reader) parseCMap(strm lpdf.Value, what string, seen []string) (*cmap, error) {
	key := strm.String()
	for _, s := range seen {
		if s == key {
			return nil, cycleErr("%s (%s): cycle: it uses itself (/UseCMap)", what, r.streamName(strm))
		}
	}
	if len(seen) >= maxCMapDepth {
		return nil, fileErr("%s: /UseCMap nested more than %d deep", what, maxCMapDepth)
	}
	var base *cmap
	var warn error
	useName := ""
	switch u := strm.Key("UseCMap"); u.Kind() {
	case lpdf.Stream:
		b, err := r.parseCMap(u, what, append(seen, key))
		if err != nil {
			if fatal(err) {
				return nil, err
			}
			warn = err
		}
		base = b
	case lpdf.Name:
		useName = u.Name()
	}
	data, err := r.readStream(strm, what)
	if err != nil {
		if fatal(err) {
			return nil, err
		}
		if warn == nil {
			warn = err
		}
	}
	m := &cmap{uni: map[codeKey]string{}, cid: map[codeKey]int{}, useName: useName}
	m.parse(data)
	if len(m.uniRng)+len(m.cidRng) > maxCMapRanges {
		return nil, fmt.Errorf("%w: %s (%s) has more than %d ranges", model.ErrLimit, what, r.streamName(strm), maxCMapRanges)
	}
	if base != nil {
		m.inherit(base)
	}
	return m, warn
}

// inherit adds what base (a CMap this one uses) maps and this one does
// not.
func (m *cmap) inherit(base *cmap) {
	m.space = append(m.space, base.space...)
	for k, v := range base.uni {
		if _, ok := m.uni[k]; !ok {
			m.uni[k] = v
		}
	}
	for k, v := range base.cid {
		if _, ok := m.cid[k]; !ok {
			m.cid[k] = v
		}
	}
	m.uniRng = append(m.uniRng, base.uniRng...)
	m.cidRng = append(m.cidRng, base.cidRng...)
	if m.useName == "" {
		m.useName = base.useName
	}
}

// cmTok is a CMap token: a string (hex or literal), a number, an array of
// strings, or a keyword.
type cmTok struct {
	kind byte // 's' string, 'n' number, 'a' array, 'k' keyword, '/' name
	s    string
	n    int64
	arr  []string
}

func (m *cmap) parse(data []byte) {
	var ops []cmTok
	lx := cmLexer{data: data}
	for {
		t, ok := lx.next()
		if !ok {
			return
		}
		if t.kind != 'k' {
			ops = append(ops, t)
			if len(ops) > 1<<20 {
				return
			}
			continue
		}
		switch t.s {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, hi := ops[i].s, ops[i+1].s
				if len(lo) == 0 || len(lo) != len(hi) || len(lo) > 4 {
					continue
				}
				m.space = append(m.space, codeRange{[]byte(lo), []byte(hi)})
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops); i += 2 {
				src, dst := ops[i], ops[i+1]
				if src.kind != 's' || src.s == "" {
					continue
				}
				switch dst.kind {
				case 's':
					m.uni[codeOf(src.s)] = string(utf16.Decode(utf16Units(dst.s)))
				case '/':
					m.uni[codeOf(src.s)] = dst.s
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, hi := ops[i].s, ops[i+1].s
				if lo == "" || len(lo) != len(hi) {
					continue
				}
				a, b := codeOf(lo), codeOf(hi)
				if b.c < a.c || b.c-a.c >= maxRangeCodes {
					continue
				}
				r := uniRange{n: a.n, lo: a.c, hi: b.c}
				switch d := ops[i+2]; d.kind {
				case 's':
					r.dst = utf16Units(d.s)
				case 'a':
					r.hasArr = true
					for _, e := range d.arr {
						r.arr = append(r.arr, utf16Units(e))
					}
				default:
					continue
				}
				m.uniRng = append(m.uniRng, r)
			}
		case "endcidchar":
			for i := 0; i+1 < len(ops); i += 2 {
				if src := ops[i].s; src != "" && ops[i+1].kind == 'n' {
					m.cid[codeOf(src)] = int(ops[i+1].n)
				}
			}
		case "endcidrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, hi := ops[i].s, ops[i+1].s
				if lo == "" || len(lo) != len(hi) {
					continue
				}
				a, b := codeOf(lo), codeOf(hi)
				if b.c < a.c {
					continue
				}
				m.cidRng = append(m.cidRng, cidRange{a.n, a.c, b.c, int(ops[i+2].n)})
			}
		}
		ops = ops[:0]
	}
}

type cmLexer struct {
	data []byte
	pos  int
}

func (lx *cmLexer) next() (cmTok, bool) {
	d := lx.data
	for lx.pos < len(d) {
		c := d[lx.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0:
			lx.pos++
		case c == '%':
			for lx.pos < len(d) && d[lx.pos] != '\n' && d[lx.pos] != '\r' {
				lx.pos++
			}
		case c == '<' && lx.pos+1 < len(d) && d[lx.pos+1] == '<', c == '>' && lx.pos+1 < len(d) && d[lx.pos+1] == '>':
			lx.pos += 2
			return cmTok{kind: 'd'}, true
		case c == '<':
			return cmTok{kind: 's', s: lx.hex()}, true
		case c == '(':
			return cmTok{kind: 's', s: lx.literal()}, true
		case c == '[':
			lx.pos++
			var arr []string
			for {
				t, ok := lx.next()
				if !ok || t.kind == ']' {
					break
				}
				arr = append(arr, t.s)
			}
			return cmTok{kind: 'a', arr: arr}, true
		case c == ']':
			lx.pos++
			return cmTok{kind: ']'}, true
		case c == '/':
			lx.pos++
			return cmTok{kind: '/', s: lx.word()}, true
		case c == '{' || c == '}' || c == ')' || c == '>':
			lx.pos++
		default:
			w := lx.word()
			if w == "" {
				lx.pos++
				continue
			}
			if n, err := strconv.ParseInt(w, 10, 64); err == nil {
				return cmTok{kind: 'n', n: n}, true
			}
			if _, err := strconv.ParseFloat(w, 64); err == nil {
				return cmTok{kind: 'n'}, true
			}
			return cmTok{kind: 'k', s: w}, true
		}
	}
	return cmTok{}, false
}

func (lx *cmLexer) word() string {
	start := lx.pos
	for lx.pos < len(lx.data) {
		switch lx.data[lx.pos] {
		case ' ', '\t', '\r', '\n', '\f', 0, '<', '>', '[', ']', '(', ')', '/', '%', '{', '}':
			return string(lx.data[start:lx.pos])
		}
		lx.pos++
	}
	return string(lx.data[start:lx.pos])
}

func (lx *cmLexer) hex() string {
	lx.pos++ // '<'
	var out []byte
	var hi byte
	half := false
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		lx.pos++
		var v byte
		switch {
		case c == '>':
			if half {
				out = append(out, hi<<4)
			}
			return string(out)
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return string(out)
}

func (lx *cmLexer) literal() string {
	lx.pos++ // '('
	var out []byte
	depth := 1
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		lx.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if lx.pos < len(lx.data) {
				e := lx.data[lx.pos]
				lx.pos++
				switch e {
				case 'n':
					c = '\n'
				case 'r':
					c = '\r'
				case 't':
					c = '\t'
				case 'b':
					c = '\b'
				case 'f':
					c = '\f'
				default:
					if e >= '0' && e <= '7' {
						v := int(e - '0')
						for k := 0; k < 2 && lx.pos < len(lx.data) && lx.data[lx.pos] >= '0' && lx.data[lx.pos] <= '7'; k++ {
							v = v*8 + int(lx.data[lx.pos]-'0')
							lx.pos++
						}
						c = byte(v)
					} else {
						c = e
					}
				}
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// codeLen returns the length of the code at the start of s by the code
// space ranges, or 0 if none matches.
func (m *cmap) codeLen(s string) int { return codeLen(m, s) }

// codeLen is m.codeLen for a string or a []byte.
func codeLen[S bytesOrString](m *cmap, s S) int {
	for n := 1; n <= 4 && n <= len(s); n++ {
	ranges:
		for _, r := range m.space {
			if len(r.lo) != n {
				continue
			}
			for i := 0; i < n; i++ {
				if s[i] < r.lo[i] || s[i] > r.hi[i] {
					continue ranges
				}
			}
			return n
		}
	}
	return 0
}

// text returns the Unicode text of code k and whether the map has it.
func (m *cmap) text(k codeKey) (string, bool) {
	if s, ok := m.uni[k]; ok {
		return s, true
	}
	for _, r := range m.uniRng {
		if r.n != k.n || k.c < r.lo || k.c > r.hi {
			continue
		}
		off := int(k.c - r.lo)
		if r.hasArr {
			if off < len(r.arr) {
				return string(utf16.Decode(r.arr[off])), true
			}
			return "", false
		}
		if len(r.dst) == 0 {
			return "", false
		}
		u := append([]uint16(nil), r.dst...)
		u[len(u)-1] += uint16(off)
		return string(utf16.Decode(u)), true
	}
	return "", false
}

// cidOf returns the CID of code k and whether the map has it.
func (m *cmap) cidOf(k codeKey) (int, bool) {
	if c, ok := m.cid[k]; ok {
		return c, true
	}
	for _, r := range m.cidRng {
		if r.n == k.n && k.c >= r.lo && k.c <= r.hi {
			return r.cid + int(k.c-r.lo), true
		}
	}
	return 0, false
}
