package pdf

import (
	"bytes"
	"fmt"
	"strconv"
)

// This file reads PDF syntax from a byte slice: the tokens of content
// streams, and the objects the structure check (file.go) needs before the
// library is trusted with a file. It never panics, never reads outside its
// slice, and follows the lenient reading of the specification: an unknown
// escape drops its backslash, a stray delimiter is skipped.

// tokKind is the kind of a token.
type tokKind uint8

const (
	tEOF       tokKind = iota
	tNum               // a number: num, and isInt with ival
	tName              // /Name: b holds the name without the slash, #xx decoded
	tString            // (…) or <…>: b holds the bytes
	tKeyword           // an operator or keyword (true, null, obj, R …): b
	tArrOpen           // [
	tArrClose          // ]
	tDictOpen          // <<
	tDictClose         // >>
	tBrace             // { or }
)

// token is one token. b may point into the lexer's scratch space or its
// data: it is valid until the next call of next.
type token struct {
	kind  tokKind
	num   float64
	ival  int64
	isInt bool
	b     []byte
}

// lexer reads tokens from data.
type lexer struct {
	data    []byte
	pos     int
	scratch []byte
	base    int // offset of data in the file, for indirect's stream offsets
}

// byteClass classes the bytes of PDF syntax: white space, delimiters.
var byteClass = func() (t [256]uint8) {
	for _, c := range []byte{0, '\t', '\n', '\f', '\r', ' '} {
		t[c] = classSpace
	}
	for _, c := range []byte("<>()[]{}/%") {
		t[c] = classDelim
	}
	return t
}()

const (
	classSpace = 1
	classDelim = 2
)

func isSpaceByte(c byte) bool { return byteClass[c] == classSpace }

func isDelimByte(c byte) bool { return byteClass[c] == classDelim }

// skipSpace skips white space and comments.
func (lx *lexer) skipSpace() {
	d := lx.data
	for lx.pos < len(d) {
		c := d[lx.pos]
		switch {
		case isSpaceByte(c):
			lx.pos++
		case c == '%':
			for lx.pos < len(d) && d[lx.pos] != '\n' && d[lx.pos] != '\r' {
				lx.pos++
			}
		default:
			return
		}
	}
}

// next returns the next token; tEOF at the end of the data.
func (lx *lexer) next() token {
	var t token
	lx.nextTo(&t)
	return t
}

// nextTo is next writing the token to t (the content-stream walker reads
// millions of tokens: a token not copied through two returns counts).
func (lx *lexer) nextTo(t *token) {
	d := lx.data
	for {
		lx.skipSpace()
		if lx.pos >= len(d) {
			*t = token{kind: tEOF}
			return
		}
		c := d[lx.pos]
		switch c {
		case '[':
			lx.pos++
			*t = token{kind: tArrOpen}
			return
		case ']':
			lx.pos++
			*t = token{kind: tArrClose}
			return
		case '{', '}':
			lx.pos++
			*t = token{kind: tBrace}
			return
		case '<':
			if lx.pos+1 < len(d) && d[lx.pos+1] == '<' {
				lx.pos += 2
				*t = token{kind: tDictOpen}
				return
			}
			lx.pos++
			*t = token{kind: tString, b: lx.hexString()}
			return
		case '>':
			if lx.pos+1 < len(d) && d[lx.pos+1] == '>' {
				lx.pos += 2
				*t = token{kind: tDictClose}
				return
			}
			lx.pos++ // a stray '>'
			continue
		case '(':
			lx.pos++
			*t = token{kind: tString, b: lx.literalString()}
			return
		case ')':
			lx.pos++ // a stray ')'
			continue
		case '/':
			lx.pos++
			*t = token{kind: tName, b: lx.name()}
			return
		}
		start := lx.pos
		for lx.pos < len(d) && byteClass[d[lx.pos]] == 0 {
			lx.pos++
		}
		w := d[start:lx.pos]
		if numberTo(w, t) {
			return
		}
		*t = token{kind: tKeyword, b: w}
		return
	}
}

// number parses w as a PDF number: an optional sign, digits and at most
// one point. An integer too large for int64 is a real.
func number(w []byte) (token, bool) {
	var t token
	ok := numberTo(w, &t)
	return t, ok
}

// numberTo is number writing the token to t; t is left alone if w is no
// number.
func numberTo(w []byte, t *token) bool {
	s := w
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) == 0 {
		return false
	}
	dots, digits := 0, 0
	for _, c := range s {
		switch {
		case c == '.':
			dots++
		case c >= '0' && c <= '9':
			digits++
		default:
			return false
		}
	}
	if dots > 1 || digits == 0 {
		return false
	}
	if dots == 0 && len(s) <= 18 {
		var v int64
		for _, c := range s {
			v = v*10 + int64(c-'0')
		}
		if w[0] == '-' {
			v = -v
		}
		*t = token{kind: tNum, num: float64(v), ival: v, isInt: true}
		return true
	}
	if dots == 1 && digits <= 15 {
		// At most 15 digits are exact in a float64, and so is 10^k for
		// k <= 22: one division is the correctly rounded value, the one
		// strconv.ParseFloat gives (its own exact fast path).
		var m uint64
		k := 0
		for i, c := range s {
			if c == '.' {
				k = len(s) - i - 1
				continue
			}
			m = m*10 + uint64(c-'0')
		}
		f := float64(m) / pow10[k]
		if w[0] == '-' {
			f = -f
		}
		*t = token{kind: tNum, num: f}
		return true
	}
	f, err := strconv.ParseFloat(string(w), 64)
	if err != nil {
		return false
	}
	*t = token{kind: tNum, num: f}
	return true
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func unhexByte(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// hexString reads the rest of <…>; non-hex bytes are skipped and an odd
// last digit is followed by 0.
func (lx *lexer) hexString() []byte {
	out := lx.scratch[:0]
	d := lx.data
	hi, half := 0, false
	for lx.pos < len(d) {
		c := d[lx.pos]
		lx.pos++
		if c == '>' {
			break
		}
		v := unhexByte(c)
		if v < 0 {
			continue
		}
		if half {
			out = append(out, byte(hi<<4|v))
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, byte(hi<<4))
	}
	lx.scratch = out
	return out
}

// literalString reads the rest of (…), with balanced parentheses and
// escapes.
func (lx *lexer) literalString() []byte {
	out := lx.scratch[:0]
	d := lx.data
	depth := 1
	for lx.pos < len(d) {
		c := d[lx.pos]
		lx.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				lx.scratch = out
				return out
			}
		case '\\':
			if lx.pos >= len(d) {
				continue
			}
			e := d[lx.pos]
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
			case '\r':
				if lx.pos < len(d) && d[lx.pos] == '\n' {
					lx.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && lx.pos < len(d) && d[lx.pos] >= '0' && d[lx.pos] <= '7'; k++ {
						v = v*8 + int(d[lx.pos]-'0')
						lx.pos++
					}
					c = byte(v)
				} else {
					c = e // \( \) \\ and an unknown escape: the character itself
				}
			}
		}
		out = append(out, c)
	}
	lx.scratch = out
	return out
}

// name reads the rest of a /Name, decoding #xx.
func (lx *lexer) name() []byte {
	d := lx.data
	start := lx.pos
	for lx.pos < len(d) && !isSpaceByte(d[lx.pos]) && !isDelimByte(d[lx.pos]) {
		lx.pos++
	}
	w := d[start:lx.pos]
	if bytes.IndexByte(w, '#') < 0 {
		return w
	}
	out := lx.scratch[:0]
	for i := 0; i < len(w); i++ {
		if w[i] == '#' && i+2 < len(w) && unhexByte(w[i+1]) >= 0 && unhexByte(w[i+2]) >= 0 {
			out = append(out, byte(unhexByte(w[i+1])<<4|unhexByte(w[i+2])))
			i += 2
			continue
		}
		out = append(out, w[i])
	}
	lx.scratch = out
	return out
}

// Objects of the structure check: nil (null), bool, int64, float64,
// pname, string, parray, pdict, pref.
type (
	pname  string
	parray []any
	pdict  map[pname]any
	pref   struct {
		num uint32
		gen uint16
	}
)

func (r pref) String() string { return fmt.Sprintf("%d %d R", r.num, r.gen) }

// maxObjDepth bounds the nesting of arrays and dictionaries the structure
// check reads.
const maxObjDepth = 64

// object reads one object; references "n g R" are pref. ok is false at
// the end of the data or on a token that starts no object (it is then
// consumed).
func (lx *lexer) object(depth int) (v any, ok bool) {
	t := lx.next()
	switch t.kind {
	case tEOF:
		return nil, false
	case tNum:
		if t.isInt && t.ival >= 0 && t.ival <= 1<<32-1 {
			save := lx.pos
			t2 := lx.next()
			if t2.kind == tNum && t2.isInt && t2.ival >= 0 && t2.ival <= 65535 {
				t3 := lx.next()
				if t3.kind == tKeyword && string(t3.b) == "R" {
					return pref{uint32(t.ival), uint16(t2.ival)}, true
				}
			}
			lx.pos = save
		}
		if t.isInt {
			return t.ival, true
		}
		return t.num, true
	case tName:
		return pname(t.b), true
	case tString:
		return string(t.b), true
	case tKeyword:
		switch string(t.b) {
		case "true":
			return true, true
		case "false":
			return false, true
		case "null":
			return nil, true
		}
		return nil, false
	case tArrOpen:
		if depth >= maxObjDepth {
			return nil, false
		}
		var a parray
		for {
			save := lx.pos
			if t := lx.next(); t.kind == tArrClose || t.kind == tEOF {
				return a, true
			}
			lx.pos = save
			e, ok := lx.object(depth + 1)
			if !ok {
				return a, true
			}
			a = append(a, e)
		}
	case tDictOpen:
		if depth >= maxObjDepth {
			return nil, false
		}
		d := pdict{}
		for {
			t := lx.next()
			if t.kind == tDictClose || t.kind == tEOF {
				return d, true
			}
			if t.kind != tName {
				return d, true
			}
			k := pname(t.b)
			e, ok := lx.object(depth + 1)
			if !ok {
				return d, true
			}
			d[k] = e
		}
	}
	return nil, false
}

// indirect reads "n g obj" and the object after it. For a stream it
// returns the dictionary and the offset of the stream's data (base +
// its position), else -1.
func (lx *lexer) indirect() (ref pref, v any, streamAt int, ok bool) {
	t1, t2, t3 := lx.next(), lx.next(), lx.next()
	if t1.kind != tNum || !t1.isInt || t2.kind != tNum || !t2.isInt || t3.kind != tKeyword || string(t3.b) != "obj" ||
		t1.ival < 0 || t1.ival > 1<<32-1 || t2.ival < 0 || t2.ival > 65535 {
		return pref{}, nil, -1, false
	}
	ref = pref{uint32(t1.ival), uint16(t2.ival)}
	v, ok = lx.object(0)
	if !ok {
		return ref, nil, -1, false
	}
	if _, isDict := v.(pdict); isDict {
		save := lx.pos
		if t := lx.next(); t.kind == tKeyword && string(t.b) == "stream" {
			p := lx.pos
			if p < len(lx.data) && lx.data[p] == '\r' {
				p++
			}
			if p < len(lx.data) && lx.data[p] == '\n' {
				p++
			}
			return ref, v, lx.base + p, true
		}
		lx.pos = save
	}
	return ref, v, -1, true
}

// refsIn appends the references inside v (arrays and dictionaries
// searched) to out.
func refsIn(v any, out []pref) []pref {
	switch v := v.(type) {
	case pref:
		out = append(out, v)
	case parray:
		for _, e := range v {
			out = refsIn(e, out)
		}
	case pdict:
		for _, e := range v {
			out = refsIn(e, out)
		}
	}
	return out
}
