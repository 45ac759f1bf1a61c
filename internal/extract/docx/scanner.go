package docx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The scanner is the XML tokenizer of the main document part, made for
// it: a main part is megabytes of small elements in a handful of
// namespaces, and encoding/xml's Decoder spends most of its time reading
// it a byte at a time through an interface, copying every name and
// attribute into strings and translating every prefix through a map.
//
// It reads the language encoding/xml's Decoder reads in Strict mode, with
// Token's checks (end tags match start tags; an empty-element tag is a
// start and an end): the same documents pass and fail, with the same
// messages, and give the same tokens. What differs is what a token holds:
//
//   - A name's namespace is one of three classes (nsWord, nsCompat,
//     nsOther), from its prefix resolved through the xmlns declarations
//     in scope as Token resolves it; an undeclared prefix is its own
//     namespace, so an undeclared "w" is WordprocessingML.
//   - Names and attribute values are views of the scanner's buffers,
//     valid until the next token: nothing is allocated per token.
//   - Comments, processing instructions and directives are checked and
//     passed over as tokOther, without their content.
//
// The part is streamed through a buffer that holds the token being read;
// character data is decoded as it is read, so a long text is held once.

// tokKind is the kind of a token.
type tokKind uint8

// Kinds of token.
const (
	tokStart tokKind = iota + 1 // a start tag, or the first half of an empty-element tag
	tokEnd                      // an end tag, or the second half of an empty-element tag
	tokText                     // character data or a CDATA section, decoded in scanner.text
	tokOther                    // a comment, a processing instruction or a directive
)

// Namespace classes of a name, its prefix resolved.
const (
	nsOther  uint8 = iota
	nsWord         // WordprocessingML, transitional or strict (or "w", a prefix not declared)
	nsCompat       // markup compatibility (or "mc", a prefix not declared)
)

// nsClass is the class of a namespace as Token would give it in
// xml.Name.Space.
func nsClass(space string) uint8 {
	switch {
	case isWSpace(space):
		return nsWord
	case space == nsMC || space == "mc":
		return nsCompat
	}
	return nsOther
}

// Prefixes with a meaning of their own.
const (
	xmlnsPrefix = "xmlns"
	xmlPrefix   = "xml"
)

// maxEmptyReads is how many reads in a row may return nothing before the
// part's reader counts as broken.
const maxEmptyReads = 100

// scanBufSize is the size the buffer starts with; it grows to hold the
// largest start tag.
const scanBufSize = 64 << 10

// attrSpan is an attribute of the start tag read last.
type attrSpan struct {
	name       int // start of the qualified name, from the token's start
	colon, end int // its prefix's colon (-1 if none) and end, from the token's start
	val, vend  int // the decoded value, in scanner.vals
}

// nsUndo restores a namespace binding at the end of the element that
// changed it.
type nsUndo struct {
	prefix, old string
	had         bool // the prefix was bound before
	depth       int  // the element: len(scanner.starts) while it is open
}

// scanner reads the tokens of one part. Its zero value is not usable: see
// newScanner.
type scanner struct {
	r          io.Reader
	rerr       error // what r returned last: io.EOF, or its error; sticky
	buf        []byte
	pos, end   int // buf[pos:end] is read but not scanned
	tok        int // the start of the token being read: fill keeps buf[tok:]
	lines      int // newlines in the bytes fill dropped from buf
	err        error
	emptyReads int

	// The token read last.
	kind        tokKind
	empty       bool // the start tag read last was an empty-element tag
	text        []byte
	name        int // the element's qualified name, from the token's start
	colon, nend int
	attrs       []attrSpan
	vals        []byte

	// The open elements: their qualified names, back to back.
	names  []byte
	starts []int

	// Namespace bindings in scope, and how to undo them.
	ns        map[string]string
	undo      []nsUndo
	wClass    uint8  // the class of the prefix "w"
	defaultNS uint8  // the class of names without a prefix
	pi        []byte // the XML declaration's content
}

func newScanner(r io.Reader) *scanner {
	s := &scanner{r: r, buf: make([]byte, scanBufSize), ns: map[string]string{}}
	s.rebind()
	return s
}

// fill reads more of the part into buf, keeping buf[tok:]. It reports
// whether any byte came; if none did, s.rerr says why.
func (s *scanner) fill() bool {
	for s.rerr == nil {
		if s.end == len(s.buf) {
			if s.tok > 0 {
				s.lines += bytes.Count(s.buf[:s.tok], []byte{'\n'})
				n := copy(s.buf, s.buf[s.tok:s.end])
				s.pos -= s.tok
				s.end = n
				s.tok = 0
			}
			if s.end == len(s.buf) {
				s.buf = append(s.buf, make([]byte, len(s.buf))...)
			}
		}
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.rerr = err
		} else if n == 0 {
			if s.emptyReads++; s.emptyReads >= maxEmptyReads {
				s.rerr = io.ErrNoProgress
			}
		}
		if n > 0 {
			s.emptyReads = 0
			return true
		}
	}
	return false
}

// getc returns the next byte; false at the end of the input, or on an
// error of the reader (s.rerr).
func (s *scanner) getc() (byte, bool) {
	if s.pos == s.end && !s.fill() {
		return 0, false
	}
	b := s.buf[s.pos]
	s.pos++
	return b, true
}

// ungetc gives back the byte getc returned last.
func (s *scanner) ungetc() { s.pos-- }

// mustgetc is getc where the input may not end: its end is the syntax
// error "unexpected EOF", an error of the reader is that error.
func (s *scanner) mustgetc() (byte, bool) {
	if s.pos == s.end && !s.fill() {
		s.failRead()
		return 0, false
	}
	b := s.buf[s.pos]
	s.pos++
	return b, true
}

// failRead sets the error of an input that ended where it may not.
func (s *scanner) failRead() {
	if s.rerr == io.EOF {
		s.syntax("unexpected EOF")
		return
	}
	s.err = s.rerr
}

// line is the line encoding/xml counts at s.pos: 1 and the newlines read.
func (s *scanner) line() int {
	return 1 + s.lines + bytes.Count(s.buf[:s.pos], []byte{'\n'})
}

// syntax sets s.err to the *xml.SyntaxError msg at the current line, and
// returns it.
func (s *scanner) syntax(msg string) error {
	s.err = &xml.SyntaxError{Msg: msg, Line: s.line()}
	return s.err
}

// space skips white space.
func (s *scanner) space() {
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case ' ', '\r', '\n', '\t':
				s.pos++
				continue
			}
			return
		}
		if !s.fill() {
			return
		}
	}
}

// next reads the next token into s. At the end of the input it returns
// io.EOF if no element is open, else the syntax error Token gives.
func (s *scanner) next() error {
	if s.err != nil {
		return s.err
	}
	if s.empty {
		s.empty = false
		s.kind = tokEnd
		s.pop()
		return nil
	}
	s.tok = s.pos
	s.text = s.text[:0]
	b, ok := s.getc()
	if !ok {
		if s.rerr == io.EOF && len(s.starts) > 0 {
			return s.syntax("unexpected EOF")
		}
		s.err = s.rerr
		return s.err
	}
	if b != '<' {
		s.ungetc()
		s.kind = tokText
		return s.chardata(-1)
	}
	if b, ok = s.mustgetc(); !ok {
		return s.err
	}
	switch b {
	case '/':
		if s.fastEndTag() {
			return nil
		}
		return s.endTag()
	case '?':
		s.kind = tokOther
		return s.procInst()
	case '!':
		if b, ok = s.mustgetc(); !ok {
			return s.err
		}
		switch b {
		case '-':
			s.kind = tokOther
			return s.comment()
		case '[':
			for i := 0; i < 6; i++ {
				if b, ok = s.mustgetc(); !ok {
					return s.err
				}
				if b != "CDATA["[i] {
					return s.syntax("invalid <![ sequence")
				}
			}
			s.kind = tokText
			return s.cdata()
		}
		s.kind = tokOther
		return s.directive()
	}
	s.ungetc()
	if s.fastStartTag() {
		return nil
	}
	return s.startTag()
}

// nameInfo is what readName learns of a name as it reads it.
type nameInfo struct {
	colons int  // how many colons it has
	colon  int  // where its first colon is, from the token's start; -1 if none
	ascii  bool // all its bytes are ASCII
}

// readName reads the bytes of a name: those that may be in one, and any
// byte of a multi-byte character (checked by isName). It reports false,
// with s.err unset, if the next byte cannot start a name, and false with
// s.err set if the input ends.
func (s *scanner) readName() (n nameInfo, ok bool) {
	b, ok := s.mustgetc()
	if !ok {
		return n, false
	}
	if b < utf8.RuneSelf && !nameBytes[b] {
		s.ungetc()
		return n, false
	}
	s.ungetc()
	n.colon, n.ascii = -1, true
	for {
		for ; s.pos < s.end; s.pos++ {
			c := s.buf[s.pos]
			if c >= utf8.RuneSelf {
				n.ascii = false
				continue
			}
			if !nameBytes[c] {
				return n, true
			}
			if c == ':' {
				if n.colons++; n.colon < 0 {
					n.colon = s.pos - s.tok
				}
			}
		}
		if !s.fill() {
			s.failRead()
			return n, false
		}
	}
}

// readCheckedName reads a name, as encoding/xml's Decoder.name: its start,
// from the token's start, and what readName learnt of it; false with
// s.err unset if there is no name.
func (s *scanner) readCheckedName() (start int, n nameInfo, ok bool) {
	start = s.pos - s.tok
	if n, ok = s.readName(); !ok {
		return 0, n, false
	}
	b := s.buf[s.tok+start : s.pos]
	if n.ascii && nameStart[b[0]] || !n.ascii && isName(b) {
		return start, n, true
	}
	s.syntax("invalid XML name: " + string(b))
	return 0, n, false
}

// nsName reads a qualified name, as encoding/xml's Decoder.nsname: its
// start and end, from the token's start, and where its prefix ends (-1
// for no prefix). It reports false, s.err unset, for a name with two
// colons or more.
func (s *scanner) nsName() (start, colon, end int, ok bool) {
	start, n, ok := s.readCheckedName()
	if !ok || n.colons > 1 {
		return 0, 0, 0, false
	}
	end = s.pos - s.tok
	colon = n.colon
	if colon == start || colon == end-1 {
		colon = -1 // a colon at either end: the name is all local
	}
	return start, colon, end, true
}

// span returns the bytes from start to end of the token.
func (s *scanner) span(start, end int) []byte { return s.buf[s.tok+start : s.tok+end] }

// split returns the prefix ("" if none) and the local part of the name
// from start to end with its colon at colon.
func (s *scanner) split(start, colon, end int) (prefix, local []byte) {
	if colon < 0 {
		return nil, s.span(start, end)
	}
	return s.span(start, colon), s.span(colon+1, end)
}

// endTag reads an end tag after its "</".
func (s *scanner) endTag() error {
	start, colon, end, ok := s.nsName()
	if !ok {
		if s.err == nil {
			s.syntax("expected element name after </")
		}
		return s.err
	}
	s.space()
	b, ok := s.mustgetc()
	if !ok {
		return s.err
	}
	if b != '>' {
		_, local := s.split(start, colon, end)
		return s.syntax("invalid characters between </" + string(local) + " and >")
	}
	s.kind = tokEnd
	s.name, s.colon, s.nend = start, colon, end
	n := len(s.starts)
	if n == 0 {
		_, local := s.split(start, colon, end)
		return s.syntax("unexpected end element </" + string(local) + ">")
	}
	if open := s.names[s.starts[n-1]:]; !bytes.Equal(open, s.span(start, end)) {
		oPrefix, oLocal := splitName(open)
		prefix, local := s.split(start, colon, end)
		if !bytes.Equal(oLocal, local) {
			return s.syntax("element <" + string(oLocal) + "> closed by </" + string(local) + ">")
		}
		space := string(prefix)
		if space == "" {
			space = `""`
		}
		return s.syntax("element <" + string(oLocal) + "> in space " + string(oPrefix) + " closed by </" + string(local) + "> in space " + space)
	}
	s.pop()
	return nil
}

// splitName splits a qualified name that nsName read.
func splitName(b []byte) (prefix, local []byte) {
	i := bytes.IndexByte(b, ':')
	if i <= 0 || i == len(b)-1 {
		return nil, b
	}
	return b[:i], b[i+1:]
}

// pop closes the innermost element, undoing its namespace bindings.
func (s *scanner) pop() {
	n := len(s.starts)
	s.names = s.names[:s.starts[n-1]]
	s.starts = s.starts[:n-1]
	changed := false
	for k := len(s.undo); k > 0 && s.undo[k-1].depth == n; k-- {
		u := s.undo[k-1]
		if u.had {
			s.ns[u.prefix] = u.old
		} else {
			delete(s.ns, u.prefix)
		}
		s.undo = s.undo[:k-1]
		changed = true
	}
	if changed {
		s.rebind()
	}
}

// rebind computes the classes cached for the prefixes "w" and "".
func (s *scanner) rebind() {
	s.wClass = s.prefixClass([]byte("w"))
	s.defaultNS = nsOther
	if uri, ok := s.ns[""]; ok {
		s.defaultNS = nsClass(uri)
	}
}

// prefixClass is the class of a prefix of an element or attribute name,
// other than "", "xml" and "xmlns": the namespace bound to it, else the
// prefix itself.
func (s *scanner) prefixClass(prefix []byte) uint8 {
	if uri, ok := s.ns[string(prefix)]; ok {
		return nsClass(uri)
	}
	return nsClass(string(prefix))
}

// elemClass is the class of the namespace of the element read last.
func (s *scanner) elemClass() uint8 {
	prefix, local := s.split(s.name, s.colon, s.nend)
	switch {
	case len(prefix) == 0:
		if string(local) == xmlnsPrefix {
			return nsOther
		}
		return s.defaultNS
	case len(prefix) == 1 && prefix[0] == 'w':
		return s.wClass
	case string(prefix) == xmlnsPrefix || string(prefix) == xmlPrefix:
		return nsOther
	}
	return s.prefixClass(prefix)
}

// local is the local name of the element read last.
func (s *scanner) local() []byte {
	_, local := s.split(s.name, s.colon, s.nend)
	return local
}

// attr returns the decoded value of the start tag's attribute named local
// in no namespace or in a WordprocessingML one, as attr does for an
// xml.StartElement; nil if there is none. It is valid until the next
// token.
func (s *scanner) attr(local string) []byte {
	for _, a := range s.attrs {
		prefix, l := s.split(a.name, a.colon, a.end)
		if string(l) != local {
			continue
		}
		switch {
		case len(prefix) == 0:
		case len(prefix) == 1 && prefix[0] == 'w':
			if s.wClass != nsWord {
				continue
			}
		case string(prefix) == xmlnsPrefix || string(prefix) == xmlPrefix:
			continue
		default:
			if s.prefixClass(prefix) != nsWord {
				continue
			}
		}
		return s.vals[a.val:a.vend:a.vend]
	}
	return nil
}

// startTag reads a start tag from its name on.
func (s *scanner) startTag() error {
	start, colon, end, ok := s.nsName()
	if !ok {
		if s.err == nil {
			s.syntax("expected element name after <")
		}
		return s.err
	}
	s.attrs = s.attrs[:0]
	s.vals = s.vals[:0]
	empty := false
	for {
		s.space()
		b, ok := s.mustgetc()
		if !ok {
			return s.err
		}
		if b == '/' {
			if b, ok = s.mustgetc(); !ok {
				return s.err
			}
			if b != '>' {
				return s.syntax("expected /> in element")
			}
			empty = true
			break
		}
		if b == '>' {
			break
		}
		s.ungetc()
		var a attrSpan
		if a.name, a.colon, a.end, ok = s.nsName(); !ok {
			if s.err == nil {
				s.syntax("expected attribute name in element")
			}
			return s.err
		}
		s.space()
		if b, ok = s.mustgetc(); !ok {
			return s.err
		}
		if b != '=' {
			return s.syntax("attribute name without = in element")
		}
		s.space()
		if b, ok = s.mustgetc(); !ok {
			return s.err
		}
		if b != '"' && b != '\'' {
			return s.syntax("unquoted or missing attribute value in element")
		}
		a.val = len(s.vals)
		if err := s.attrValue(b); err != nil {
			return err
		}
		a.vend = len(s.vals)
		s.attrs = append(s.attrs, a)
	}
	s.opened(start, colon, end, empty)
	return nil
}

// opened makes the start tag just read, named from start to end with its
// prefix's colon at colon, the token, and opens its element.
func (s *scanner) opened(start, colon, end int, empty bool) {
	s.kind = tokStart
	s.empty = empty
	s.name, s.colon, s.nend = start, colon, end
	// Token: the declarations of the tag apply to its own names.
	for _, a := range s.attrs {
		prefix, local := s.split(a.name, a.colon, a.end)
		switch {
		case string(prefix) == xmlnsPrefix:
			s.bind(string(local), string(s.vals[a.val:a.vend]))
		case len(prefix) == 0 && string(local) == xmlnsPrefix:
			s.bind("", string(s.vals[a.val:a.vend]))
		}
	}
	s.starts = append(s.starts, len(s.names))
	s.names = append(s.names, s.span(start, end)...)
	if n := len(s.undo); n > 0 && s.undo[n-1].depth == -1 {
		for k := n; k > 0 && s.undo[k-1].depth == -1; k-- {
			s.undo[k-1].depth = len(s.starts)
		}
		s.rebind()
	}
}

// Classes of bytes in a name, for the fast paths.
const (
	nameStop  = iota // not in a name
	nameByte         // an ASCII byte of a name, not a colon
	nameColon        // ":"
	nameHigh         // a byte of a multi-byte character
)

// nameClass is the class of each byte in a name (set with nameBytes).
var nameClass [256]uint8

// fastName reads, from tag[i:], a name of ASCII bytes with at most one
// colon that starts as a name may: its end and its colon (-1 if none, or
// if at either end, as nsName has it). ok is false for any other name,
// which the general path reads.
func fastName(tag []byte, i int) (end, colon int, ok bool) {
	if i >= len(tag) || !nameStart[tag[i]&0x7f] || tag[i] >= utf8.RuneSelf {
		return 0, 0, false
	}
	start := i
	colon = -1
	for ; i < len(tag); i++ {
		switch nameClass[tag[i]] {
		case nameByte:
			continue
		case nameColon:
			if colon >= 0 {
				return 0, 0, false
			}
			colon = i
			continue
		case nameHigh:
			return 0, 0, false
		}
		break
	}
	if colon == start || colon == i-1 {
		colon = -1
	}
	return i, colon, true
}

// isSpace reports whether c is white space in a tag.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// fastStartTag reads, from its name on, a start tag that is whole in the
// buffer and plain: ASCII names, values without references, "<" or
// carriage returns. It reports false, having read nothing, for any other,
// which startTag reads (and fails on, if it must).
func (s *scanner) fastStartTag() bool {
	gt := bytes.IndexByte(s.buf[s.pos:s.end], '>')
	if gt < 0 {
		return false
	}
	base := s.pos - s.tok // offsets are from the token's start
	tag := s.buf[s.pos : s.pos+gt]
	end, colon, ok := fastName(tag, 0)
	if !ok {
		return false
	}
	s.attrs = s.attrs[:0]
	s.vals = s.vals[:0]
	empty := false
	i := end
	for {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i == len(tag) {
			break
		}
		if tag[i] == '/' {
			if i != len(tag)-1 {
				return false
			}
			empty = true
			break
		}
		var a attrSpan
		aend, acolon, ok := fastName(tag, i)
		if !ok {
			return false
		}
		a.name, a.end = base+i, base+aend
		a.colon = -1
		if acolon >= 0 {
			a.colon = base + acolon
		}
		for i = aend; i < len(tag) && isSpace(tag[i]); i++ {
		}
		if i == len(tag) || tag[i] != '=' {
			return false
		}
		for i++; i < len(tag) && isSpace(tag[i]); i++ {
		}
		if i == len(tag) || tag[i] != '"' && tag[i] != '\'' {
			return false
		}
		q := bytes.IndexByte(tag[i+1:], tag[i])
		if q < 0 {
			return false
		}
		v := tag[i+1 : i+1+q]
		high := false
		for _, c := range v {
			if c == '&' || c == '<' || c == '\r' || c < 0x20 && c != '\t' && c != '\n' {
				return false
			}
			high = high || c >= utf8.RuneSelf
		}
		if high && checkChars(v) != "" {
			return false
		}
		a.val = len(s.vals)
		s.vals = append(s.vals, v...)
		a.vend = len(s.vals)
		s.attrs = append(s.attrs, a)
		i += 1 + q + 1
	}
	s.pos += gt + 1
	ncolon := -1
	if colon >= 0 {
		ncolon = base + colon
	}
	s.opened(base, ncolon, base+end, empty)
	return true
}

// fastEndTag reads, from its name on, an end tag that is whole in the
// buffer, with an ASCII name, and closes the open element of that name.
// It reports false, having read nothing, for any other, which endTag
// reads (and fails on, if it must).
func (s *scanner) fastEndTag() bool {
	n := len(s.starts)
	if n == 0 {
		return false
	}
	open := s.names[s.starts[n-1]:]
	rest := s.buf[s.pos:s.end]
	if len(rest) <= len(open) || !bytes.Equal(rest[:len(open)], open) {
		return false
	}
	i := len(open)
	for i < len(rest) && isSpace(rest[i]) {
		i++
	}
	if i == len(rest) || rest[i] != '>' {
		return false
	}
	if _, _, ok := fastName(rest[:len(open)], 0); !ok {
		return false
	}
	s.kind = tokEnd
	s.pos += i + 1
	s.pop()
	return true
}

// bind binds prefix to uri for the element being read (its depth is set
// once it is pushed).
func (s *scanner) bind(prefix, uri string) {
	old, had := s.ns[prefix]
	s.undo = append(s.undo, nsUndo{prefix: prefix, old: old, had: had, depth: -1})
	s.ns[prefix] = uri
}

// textSpecial marks the bytes character data cannot copy as they are.
var textSpecial = [256]bool{'<': true, '&': true, '\r': true, '>': true}

// chardata reads character data up to the next "<" or the end of the
// input, decoded into s.text, as encoding/xml's Decoder.text for quote
// -1 (character data) or a quote byte (an attribute value, decoded into
// s.vals).
func (s *scanner) chardata(quote int) error {
	var b0, b1 byte
	out := &s.text
	if quote >= 0 {
		out = &s.vals
	}
	start := len(*out)
	for {
		// Copy what needs no care (not a byte after a "\r", which a
		// "\n" would join).
		if i := s.pos; b1 != '\r' {
			for i < s.end && !textSpecial[s.buf[i]] && int(s.buf[i]) != quote {
				i++
			}
			if n := i - s.pos; n > 0 {
				*out = append(*out, s.buf[s.pos:i]...)
				if n >= 2 {
					b0, b1 = s.buf[i-2], s.buf[i-1]
				} else {
					b0, b1 = b1, s.buf[i-1]
				}
				s.pos = i
			}
		}
		if quote < 0 {
			s.tok = s.pos // the text is copied out: fill need not keep it
		}
		b, ok := s.getc()
		if !ok {
			// As encoding/xml: the data read so far; the end of the input,
			// or the reader's error, comes with the next byte asked for.
			break
		}
		if quote < 0 && b0 == ']' && b1 == ']' && b == '>' {
			return s.syntax("unescaped ]]> not in CDATA section")
		}
		if b == '<' {
			if quote >= 0 {
				return s.syntax("unescaped < inside quoted string")
			}
			s.ungetc()
			break
		}
		if quote >= 0 && int(b) == quote {
			break
		}
		if b == '&' {
			if err := s.entity(out); err != nil {
				return err
			}
			b0, b1 = 0, 0
			continue
		}
		switch {
		case b == '\r':
			*out = append(*out, '\n')
		case b1 == '\r' && b == '\n':
		default:
			*out = append(*out, b)
		}
		b0, b1 = b1, b
	}
	if msg := checkChars((*out)[start:]); msg != "" {
		return s.syntax(msg)
	}
	return nil
}

// attrValue reads an attribute value after its opening quote, decoded into
// s.vals. Where the input ends in the value, encoding/xml keeps what it
// read and fails at the next byte it needs, which is what the caller's
// next mustgetc does.
func (s *scanner) attrValue(quote byte) error {
	return s.chardata(int(quote))
}

// entity reads a character or entity reference after its "&" and appends
// what it stands for to out, as encoding/xml's Decoder.text does in
// Strict mode without Decoder.Entity.
func (s *scanner) entity(out *[]byte) error {
	var arr [32]byte
	ent := append(arr[:0], '&')
	var text string
	have := false
	b, ok := s.mustgetc()
	if !ok {
		return s.err
	}
	if b == '#' {
		ent = append(ent, b)
		if b, ok = s.mustgetc(); !ok {
			return s.err
		}
		base := 10
		if b == 'x' {
			base = 16
			ent = append(ent, b)
			if b, ok = s.mustgetc(); !ok {
				return s.err
			}
		}
		start := len(ent)
		for '0' <= b && b <= '9' || base == 16 && ('a' <= b && b <= 'f' || 'A' <= b && b <= 'F') {
			ent = append(ent, b)
			if b, ok = s.mustgetc(); !ok {
				return s.err
			}
		}
		if b != ';' {
			s.ungetc()
		} else {
			n, err := strconv.ParseUint(string(ent[start:]), base, 64)
			ent = append(ent, ';')
			if err == nil && n <= unicode.MaxRune {
				text, have = string(rune(n)), true
			}
		}
	} else {
		s.ungetc()
		from := s.pos - s.tok // fill may move the buffer
		if _, ok := s.readName(); !ok && s.err != nil {
			return s.err
		}
		ent = append(ent, s.buf[s.tok+from:s.pos]...)
		name := ent[1:] // a copy: mustgetc may move the buffer
		if b, ok = s.mustgetc(); !ok {
			return s.err
		}
		if b != ';' {
			s.ungetc()
		} else {
			ent = append(ent, ';')
			if isName(name) {
				switch string(name) {
				case "lt":
					text, have = "<", true
				case "gt":
					text, have = ">", true
				case "amp":
					text, have = "&", true
				case "apos":
					text, have = "'", true
				case "quot":
					text, have = `"`, true
				}
			}
		}
	}
	if have {
		*out = append(*out, text...)
		return nil
	}
	msg := "invalid character entity " + string(ent)
	if ent[len(ent)-1] != ';' {
		msg += " (no semicolon)"
	}
	return s.syntax(msg)
}

// cdata reads a CDATA section after its "<![CDATA[", into s.text.
func (s *scanner) cdata() error {
	var b0, b1 byte
	for {
		b, ok := s.getc()
		if !ok {
			if s.rerr == io.EOF {
				return s.syntax("unexpected EOF in CDATA section")
			}
			s.err = s.rerr
			return s.err
		}
		if b0 == ']' && b1 == ']' && b == '>' {
			s.text = s.text[:len(s.text)-2]
			break
		}
		switch {
		case b == '\r':
			s.text = append(s.text, '\n')
		case b1 == '\r' && b == '\n':
		default:
			s.text = append(s.text, b)
		}
		b0, b1 = b1, b
		s.tok = s.pos
	}
	if msg := checkChars(s.text); msg != "" {
		return s.syntax(msg)
	}
	return nil
}

// comment reads a comment after its "<!-".
func (s *scanner) comment() error {
	b, ok := s.mustgetc()
	if !ok {
		return s.err
	}
	if b != '-' {
		return s.syntax("invalid sequence <!- not part of <!--")
	}
	var b0, b1 byte
	for {
		s.tok = s.pos
		if b, ok = s.mustgetc(); !ok {
			return s.err
		}
		if b0 == '-' && b1 == '-' {
			if b != '>' {
				return s.syntax(`invalid sequence "--" not allowed in comments`)
			}
			return nil
		}
		b0, b1 = b1, b
	}
}

// procInst reads a processing instruction after its "<?". The XML
// declaration's version and encoding are checked as encoding/xml does
// without a CharsetReader.
func (s *scanner) procInst() error {
	start, _, ok := s.readCheckedName()
	if !ok {
		if s.err == nil {
			s.syntax("expected target name after <?")
		}
		return s.err
	}
	isXML := string(s.span(start, s.pos-s.tok)) == "xml"
	s.space()
	s.pi = s.pi[:0]
	var b0 byte
	for {
		if !isXML {
			s.tok = s.pos
		}
		b, ok := s.mustgetc()
		if !ok {
			return s.err
		}
		if isXML {
			s.pi = append(s.pi, b)
		}
		if b0 == '?' && b == '>' {
			break
		}
		b0 = b
	}
	if !isXML {
		return nil
	}
	content := string(s.pi[:len(s.pi)-2])
	if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
		s.err = fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", ver)
		return s.err
	}
	if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		s.err = fmt.Errorf("xml: encoding %q declared but Decoder.CharsetReader is nil", enc)
		return s.err
	}
	return nil
}

// procInstParam is encoding/xml's procInst: the value of param="..." or
// param='...' in s, or "".
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// directive reads a directive (<!DOCTYPE ...> and the like) after its
// "<!" and first byte, as encoding/xml does: quoted ">" do not end it,
// nested "<...>" and comments are passed over.
func (s *scanner) directive() error {
	var inquote byte
	depth := 0
	for {
		s.tok = s.pos
		b, ok := s.mustgetc()
		if !ok {
			return s.err
		}
		if inquote == 0 && b == '>' && depth == 0 {
			return nil
		}
	handle:
		switch {
		case b == inquote:
			inquote = 0
		case inquote != 0:
		case b == '\'' || b == '"':
			inquote = b
		case b == '>':
			depth--
		case b == '<':
			const open = "!--"
			for i := 0; i < len(open); i++ {
				if b, ok = s.mustgetc(); !ok {
					return s.err
				}
				if b != open[i] {
					depth++
					goto handle
				}
			}
			var c0, c1 byte
			for {
				s.tok = s.pos
				if b, ok = s.mustgetc(); !ok {
					return s.err
				}
				if c0 == '-' && c1 == '-' && b == '>' {
					break
				}
				c0, c1 = c1, b
			}
		}
	}
}

// nameBytes marks encoding/xml's single-byte characters of names, and
// nameStart those that may start one.
var nameBytes, nameStart [utf8.RuneSelf]bool

func init() {
	for c := range utf8.RuneSelf {
		b := byte(c)
		letter := 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z'
		nameStart[c] = letter || b == '_' || b == ':'
		nameBytes[c] = nameStart[c] || '0' <= b && b <= '9' || b == '.' || b == '-'
	}
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			nameClass[c] = nameHigh
		case c == ':':
			nameClass[c] = nameColon
		case nameBytes[c]:
			nameClass[c] = nameByte
		}
	}
}

// isName reports whether b is an XML name as encoding/xml checks it. A
// name of ASCII letters, digits and "_:.-" starting with a letter, "_"
// or ":" is one; any other is asked of encoding/xml itself, as the target
// of a processing instruction (checked by the same rule, and not split
// at colons).
func isName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return nameStart[b[0]]
	}
	d := xml.NewDecoder(strings.NewReader("<?" + string(b) + "?>"))
	t, err := d.RawToken()
	pi, ok := t.(xml.ProcInst)
	return err == nil && ok && pi.Target == string(b)
}

// checkChars returns "" if text has only characters XML allows, else the
// message encoding/xml gives for the first that it does not.
func checkChars(text []byte) string {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return fmt.Sprintf("illegal character code %U", rune(c))
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && n == 1 {
			return "invalid UTF-8"
		}
		if !(r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return fmt.Sprintf("illegal character code %U", r)
		}
		i += n
	}
	return ""
}
