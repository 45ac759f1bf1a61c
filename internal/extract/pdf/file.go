package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/klauspost/compress/zlib"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// This file is the structure check: it finds the PDF in the input bytes
// and reads the cross-reference sections the way github.com/ledongthuc/pdf
// will, before the library does, to refuse the shapes that would make the
// library loop or recurse without end — a /Prev chain that comes back, an
// object stream stored inside itself — and the tables that would make it
// allocate without bound. It is no validator: whatever it cannot read it
// leaves to the library, which then fails with its own (recoverable)
// error.

// source is the input as the library reads it (an io.ReaderAt): the bytes
// from the %PDF- header up to the last startxref, with the header
// rewritten as "%PDF-1.7" (the library refuses other versions) and a
// startxref / %%EOF tail written anew. Bytes before the header (a
// server's junk) and after %%EOF (a trailing newline, an HTML page, an
// appended comment) are not seen.
type source struct {
	data []byte // the input
	base int    // offset in data of the view's first byte
	body []byte // data[base:] up to the last startxref
	tail []byte // "\nstartxref\nN\n%%EOF\n"

	startxref int64
	xref      []xentry // as the library will have it; nil if not read
	trailer   pdict
	byOffset  []uint32 // objects in the file, by offset (for naming streams)
}

// header is what the library sees as the first bytes of any file.
const header = "%PDF-1.7\n"

func (s *source) size() int64 { return int64(len(s.body) + len(s.tail)) }

// ReadAt implements io.ReaderAt over the view.
func (s *source) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	n := 0
	for len(p) > 0 {
		var seg []byte
		switch {
		case off < int64(len(header)) && len(s.body) >= len(header):
			seg = []byte(header)[off:]
		case off < int64(len(s.body)):
			seg = s.body[off:]
		case off < s.size():
			seg = s.tail[off-int64(len(s.body)):]
		default:
			return n, io.EOF
		}
		k := copy(p, seg)
		p, n, off = p[k:], n+k, off+int64(k)
	}
	return n, nil
}

// xentry is a cross-reference entry as the library keeps it.
type xentry struct {
	ptr      pref // the object it gives (num, gen); zero if unset
	inStream bool
	stream   uint32 // the object stream, if inStream
	offset   int64  // the file offset, or the index in the object stream
}

// fileErr returns a malformed-file error.
func fileErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", model.ErrMalformed, fmt.Sprintf(format, args...))
}

// cycleError is a structure that refers back to itself. Its message says
// "cycle" and what.
type cycleError struct{ msg string }

func (e *cycleError) Error() string { return model.ErrMalformed.Error() + ": " + e.msg }
func (e *cycleError) Unwrap() error { return model.ErrMalformed }

func cycleErr(format string, args ...any) error {
	return &cycleError{fmt.Sprintf(format, args...)}
}

// locate finds the PDF in data: the header, the last %%EOF and the
// startxref before it.
func locate(data []byte) (*source, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: the file is empty (0 bytes)", model.ErrEmpty)
	}
	if len(bytes.TrimLeft(data, " \t\r\n\f\x00")) == 0 {
		return nil, fmt.Errorf("%w: the file holds only white space (%d bytes)", model.ErrEmpty, len(data))
	}
	hdr := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if hdr < 0 {
		return nil, fileErr("not a PDF: %s", describeStart(data))
	}
	eof := bytes.LastIndex(data[hdr:], []byte("%%EOF"))
	if eof < 0 {
		return nil, fileErr("truncated: no %%%%EOF after the %%PDF- header in %d bytes (a download cut short?)", len(data))
	}
	eof += hdr
	sx := bytes.LastIndex(data[hdr:eof], []byte("startxref"))
	if sx < 0 {
		return nil, fileErr("truncated or damaged: no startxref before the last %%%%EOF")
	}
	sx += hdr
	lx := lexer{data: data[sx+len("startxref") : eof]}
	t := lx.next()
	if t.kind != tNum || !t.isInt || t.ival < 0 {
		return nil, fileErr("damaged: startxref is not followed by an offset")
	}
	s := &source{data: data, base: hdr, startxref: t.ival}
	// Offsets count from the header (as readers have it when junk
	// precedes the header); a file whose offsets count from byte 0 is
	// read from there.
	if hdr > 0 && !xrefAt(data[hdr:sx], t.ival) && xrefAt(data[:sx], t.ival) {
		s.base = 0
	}
	s.body = data[s.base:sx]
	if !xrefAt(s.body, s.startxref) {
		return nil, fileErr("damaged: startxref points to offset %d, where there is no cross-reference section (the file has %d bytes; truncated?)",
			s.startxref, len(data))
	}
	s.tail = []byte(fmt.Sprintf("\nstartxref\n%d\n%%%%EOF\n", s.startxref))
	return s, nil
}

// xrefAt reports whether a cross-reference section starts at off in b:
// "xref", or "n g obj".
func xrefAt(b []byte, off int64) bool {
	if off < 0 || off >= int64(len(b)) {
		return false
	}
	lx := lexer{data: b[off:min(int64(len(b)), off+64)]}
	t := lx.next()
	if t.kind == tKeyword && string(t.b) == "xref" {
		return true
	}
	t2, t3 := lx.next(), lx.next()
	return t.kind == tNum && t.isInt && t2.kind == tNum && t2.isInt && t3.kind == tKeyword && string(t3.b) == "obj"
}

// describeStart says what a file that is not a PDF starts with.
func describeStart(data []byte) string {
	head := bytes.TrimLeft(data[:min(len(data), 512)], " \t\r\n\f\xef\xbb\xbf")
	lower := strings.ToLower(string(head[:min(len(head), 64)]))
	kind := ""
	switch {
	case strings.HasPrefix(lower, "<!doctype html"), strings.HasPrefix(lower, "<html"), strings.Contains(lower, "<head"):
		kind = " (an HTML page saved under a .pdf name?)"
	case strings.HasPrefix(lower, "<?xml"):
		kind = " (an XML document)"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		kind = " (a ZIP archive: a DOCX, XLSX or OFD file?)"
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0")):
		kind = " (an old Office document: DOC or XLS?)"
	case bytes.HasPrefix(head, []byte("{\\rtf")):
		kind = " (an RTF document)"
	case bytes.HasPrefix(head, []byte("\x89PNG")), bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		kind = " (an image)"
	}
	// quote the first line, printable and short
	line := head
	if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	if len(line) > 40 {
		line = line[:40]
		for len(line) > 0 && !utf8.Valid(line) {
			line = line[:len(line)-1]
		}
	}
	q := fmt.Sprintf("%q", line)
	if len(line) == 0 || !utf8.Valid(line) || strings.Count(q, `\x`) > 4 {
		q = fmt.Sprintf("bytes % x", head[:min(len(head), 8)])
	}
	return "starts with " + strings.Trim(q, `"`) + kind + ", not %PDF-"
}

// maxXrefEntries bounds the cross-reference table the library allocates:
// the most objects a file of n bytes may number (the specification's
// implementation limit is 8,388,607).
func maxXrefEntries(n int) int64 {
	return min(max(int64(n), 1<<20), 8_388_607)
}

// errAbandon stops the structure check where the library will fail by
// itself.
var errAbandon = errors.New("abandon")

// scan reads the cross-reference sections as the library will and checks
// them. An error it returns is final; where the library would merely
// fail, scan returns nil and leaves s.xref nil.
func (s *source) scan(lim model.Limits) error {
	xref, trailer, err := s.readXref(lim)
	if err == errAbandon {
		return nil
	}
	if err != nil {
		return err
	}
	s.xref, s.trailer = xref, trailer
	for n, e := range xref {
		if !e.inStream && e.offset > 0 && e.ptr.num == uint32(n) {
			s.byOffset = append(s.byOffset, uint32(n))
		}
	}
	sort.Slice(s.byOffset, func(i, j int) bool { return xref[s.byOffset[i]].offset < xref[s.byOffset[j]].offset })
	return s.checkObjStms(lim)
}

func (s *source) lexAt(off int64) *lexer {
	if off < 0 || off >= int64(len(s.body)) {
		return &lexer{}
	}
	return &lexer{data: s.body[off:], base: int(off)}
}

func (s *source) readXref(lim model.Limits) ([]xentry, pdict, error) {
	lx := s.lexAt(s.startxref)
	save := lx.pos
	t := lx.next()
	if t.kind == tKeyword && string(t.b) == "xref" {
		return s.readXrefTables(lx)
	}
	lx.pos = save
	return s.readXrefStreams(lx, lim)
}

// prevs walks a /Prev chain from prev; each section is read by read,
// which returns that section's /Prev.
func (s *source) prevs(first any, read func(lx *lexer) (any, error)) error {
	seen := map[int64]bool{s.startxref: true}
	for prev := first; prev != nil; {
		off, ok := prev.(int64)
		if !ok {
			return errAbandon
		}
		if seen[off] {
			return cycleErr("cross-reference sections: cycle: /Prev %d leads back to a section already read (a /Prev chain that loops)", off)
		}
		seen[off] = true
		if len(seen) > 1<<16 {
			return fmt.Errorf("%w: more than 65536 cross-reference sections", model.ErrLimit)
		}
		next, err := read(s.lexAt(off))
		if err != nil {
			return err
		}
		prev = next
	}
	return nil
}

func (s *source) grow(table []xentry, x int64) ([]xentry, error) {
	if lim := maxXrefEntries(len(s.data)); x >= lim {
		return nil, fmt.Errorf("%w: the cross-reference table numbers object %d, more than the limit of %d objects for a file of %d bytes",
			model.ErrLimit, x, lim, len(s.data))
	}
	if x < int64(len(table)) {
		return table, nil
	}
	return append(table, make([]xentry, x-int64(len(table))+1)...), nil
}

func (s *source) readXrefTables(lx *lexer) ([]xentry, pdict, error) {
	var table []xentry
	var err error
	if table, err = s.readTableData(lx, table); err != nil {
		return nil, nil, err
	}
	trailer, ok := objectOf[pdict](lx)
	if !ok {
		return nil, nil, errAbandon
	}
	err = s.prevs(trailer["Prev"], func(lx *lexer) (any, error) {
		if t := lx.next(); t.kind != tKeyword || string(t.b) != "xref" {
			return nil, errAbandon
		}
		if table, err = s.readTableData(lx, table); err != nil {
			return nil, err
		}
		prev, ok := objectOf[pdict](lx)
		if !ok {
			return nil, errAbandon
		}
		return prev["Prev"], nil
	})
	if err != nil {
		return nil, nil, err
	}
	size, ok := trailer["Size"].(int64)
	if !ok {
		return nil, nil, errAbandon
	}
	if size < int64(len(table)) {
		table = table[:max(size, 0)]
	}
	return table, trailer, nil
}

func objectOf[T any](lx *lexer) (T, bool) {
	v, _ := lx.object(0)
	t, ok := v.(T)
	return t, ok
}

func (s *source) readTableData(lx *lexer, table []xentry) ([]xentry, error) {
	for {
		t := lx.next()
		if t.kind == tKeyword && string(t.b) == "trailer" {
			return table, nil
		}
		t2 := lx.next()
		if t.kind != tNum || !t.isInt || t2.kind != tNum || !t2.isInt {
			return nil, errAbandon
		}
		start, n := t.ival, t2.ival
		for i := int64(0); i < n; i++ {
			off, gen, kw := lx.next(), lx.next(), lx.next()
			if off.kind != tNum || !off.isInt || gen.kind != tNum || !gen.isInt || kw.kind != tKeyword ||
				string(kw.b) != "f" && string(kw.b) != "n" {
				return nil, errAbandon
			}
			x := start + i
			if x < 0 {
				return nil, errAbandon
			}
			var err error
			if table, err = s.grow(table, x); err != nil {
				return nil, err
			}
			if string(kw.b) == "n" && table[x].offset == 0 {
				table[x] = xentry{ptr: pref{uint32(x), uint16(gen.ival)}, offset: off.ival}
			}
		}
	}
}

func (s *source) readXrefStreams(lx *lexer, lim model.Limits) ([]xentry, pdict, error) {
	_, v, at, ok := lx.indirect()
	hdr, isDict := v.(pdict)
	if !ok || !isDict || at < 0 || hdr["Type"] != pname("XRef") {
		return nil, nil, errAbandon
	}
	size, ok := hdr["Size"].(int64)
	if !ok || size < 0 {
		return nil, nil, errAbandon
	}
	table, err := s.grow(nil, size-1)
	if err != nil {
		return nil, nil, err
	}
	table = table[:size]
	if table, err = s.readStreamData(hdr, at, table, size, lim); err != nil {
		return nil, nil, err
	}
	err = s.prevs(hdr["Prev"], func(lx *lexer) (any, error) {
		_, v, at, ok := lx.indirect()
		prev, isDict := v.(pdict)
		if !ok || !isDict || at < 0 || prev["Type"] != pname("XRef") {
			return nil, errAbandon
		}
		psize, _ := prev["Size"].(int64)
		if psize > size {
			return nil, errAbandon
		}
		if table, err = s.readStreamData(prev, at, table, psize, lim); err != nil {
			return nil, err
		}
		return prev["Prev"], nil
	})
	if err != nil {
		return nil, nil, err
	}
	return table, hdr, nil
}

// maxColumns bounds the /Columns of a PNG predictor: the library
// allocates a row of that many bytes.
const maxColumns = 1 << 20

func (s *source) readStreamData(hdr pdict, at int, table []xentry, size int64, lim model.Limits) ([]xentry, error) {
	index, _ := hdr["Index"].(parray)
	if index == nil {
		index = parray{int64(0), size}
	}
	if len(index)%2 != 0 {
		return nil, errAbandon
	}
	ww, _ := hdr["W"].(parray)
	var w []int
	total := 0
	for _, x := range ww {
		i, ok := x.(int64)
		if !ok {
			return nil, errAbandon
		}
		if i < 0 || i > 8 {
			// the library allocates a row of the widths' sum
			return nil, fileErr("cross-reference stream: /W %v: a field of %d bytes", ww, i)
		}
		w = append(w, int(i))
		total += int(i)
	}
	if len(w) < 3 {
		return nil, errAbandon
	}
	rd, err := s.xrefStreamReader(hdr, at)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, total)
	read := int64(0)
	for len(index) > 0 {
		start, ok1 := index[0].(int64)
		n, ok2 := index[1].(int64)
		if !ok1 || !ok2 {
			return nil, errAbandon
		}
		index = index[2:]
		for i := int64(0); i < n; i++ {
			if _, err := io.ReadFull(rd, buf); err != nil {
				return nil, errAbandon
			}
			if read += int64(total); read > lim.PartBytes {
				return nil, fmt.Errorf("%w: the cross-reference stream decompresses to more than the limit of %d bytes", model.ErrLimit, lim.PartBytes)
			}
			v1 := int64(1)
			if w[0] > 0 {
				v1 = decodeInt(buf[:w[0]])
			}
			v2 := decodeInt(buf[w[0] : w[0]+w[1]])
			v3 := decodeInt(buf[w[0]+w[1] : w[0]+w[1]+w[2]])
			x := start + i
			if x < 0 {
				return nil, errAbandon
			}
			if table, err = s.grow(table, x); err != nil {
				return nil, err
			}
			if table[x].ptr != (pref{}) {
				continue
			}
			switch v1 {
			case 0:
				table[x] = xentry{ptr: pref{0, 65535}}
			case 1:
				table[x] = xentry{ptr: pref{uint32(x), uint16(v3)}, offset: v2}
			case 2:
				table[x] = xentry{ptr: pref{uint32(x), 0}, inStream: true, stream: uint32(v2), offset: v3}
			}
		}
	}
	return table, nil
}

func decodeInt(b []byte) int64 {
	x := int64(0)
	for _, c := range b {
		x = x<<8 | int64(c)
	}
	return x
}

// xrefStreamReader returns the decoded data of a cross-reference stream
// as the library reads it: a direct /Length, and FlateDecode with no
// predictor or the PNG Up predictor.
func (s *source) xrefStreamReader(hdr pdict, at int) (io.Reader, error) {
	n, ok := hdr["Length"].(int64)
	if !ok || n <= 0 {
		return nil, errAbandon
	}
	end := min(int64(at)+n, int64(len(s.body)))
	if int64(at) > end {
		return nil, errAbandon
	}
	var rd io.Reader = bytes.NewReader(s.body[at:end])
	var filters, params parray
	switch f := hdr["Filter"].(type) {
	case nil:
	case pname:
		filters, params = parray{f}, parray{hdr["DecodeParms"]}
	case parray:
		filters = f
		params, _ = hdr["DecodeParms"].(parray)
	default:
		return nil, errAbandon
	}
	for i, f := range filters {
		if f != pname("FlateDecode") {
			return nil, errAbandon
		}
		var param pdict
		if i < len(params) {
			param, _ = params[i].(pdict)
		}
		cols, _ := param["Columns"].(int64)
		pred := param["Predictor"]
		if pred == int64(12) && (cols < 0 || cols > maxColumns) {
			return nil, fileErr("cross-reference stream: /Columns %d is out of range", cols)
		}
		zr, err := zlib.NewReader(rd)
		if err != nil {
			return nil, errAbandon
		}
		rd = zr
		switch pred {
		case nil:
		case int64(12):
			rd = &pngUp{r: rd, hist: make([]byte, 1+cols), tmp: make([]byte, 1+cols)}
		default:
			return nil, errAbandon
		}
	}
	return rd, nil
}

// pngUp undoes the PNG Up predictor, as the library does.
type pngUp struct {
	r         io.Reader
	hist, tmp []byte
	pend      []byte
}

func (p *pngUp) Read(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		if len(p.pend) > 0 {
			k := copy(b, p.pend)
			n, b, p.pend = n+k, b[k:], p.pend[k:]
			continue
		}
		if _, err := io.ReadFull(p.r, p.tmp); err != nil {
			return n, err
		}
		if p.tmp[0] != 2 {
			return n, errors.New("malformed PNG-Up encoding")
		}
		for i, c := range p.tmp {
			p.hist[i] += c
		}
		p.pend = p.hist[1:]
	}
	return n, nil
}

// entry returns the entry the library finds for ref, if it finds one.
func (s *source) entry(ref pref) (xentry, bool) {
	if int64(ref.num) >= int64(len(s.xref)) {
		return xentry{}, false
	}
	e := s.xref[ref.num]
	if e.ptr != ref || !e.inStream && e.offset == 0 {
		return xentry{}, false
	}
	return e, true
}

// objectAt reads object ref, which must be in the file (not in an object
// stream): its value and, for a stream, the offset of its data.
func (s *source) objectAt(ref pref) (any, int, bool) {
	e, ok := s.entry(ref)
	if !ok || e.inStream {
		return nil, -1, false
	}
	got, v, at, ok := s.lexAt(e.offset).indirect()
	if !ok || got != ref {
		return nil, -1, false
	}
	return v, at, true
}

// maxObjStmChain bounds a chain of object streams stored in object
// streams (which the specification forbids, and the library reads by
// recursion).
const maxObjStmChain = 32

// objStmKeys are the entries of an object stream's dictionary that the
// library resolves to read an object out of it.
var objStmKeys = []pname{"Type", "N", "First", "Extends", "Length", "Filter", "DecodeParms"}

// checkObjStms refuses object streams whose reading needs themselves: an
// object stream stored in itself (or in another that is stored in it), or
// whose /Length, /Filter, /N … is an object stored inside it, or that
// /Extends itself. The library recurses on these until the stack
// overflows, or loops.
func (s *source) checkObjStms(lim model.Limits) error {
	type node struct {
		num    uint32
		stream bool // read as an object stream, not only resolved
	}
	type edge struct {
		to  node
		why string
	}
	var bad error // an object stream the library must not read
	edges := func(n node) []edge {
		ref := pref{n.num, 0}
		if int64(n.num) < int64(len(s.xref)) {
			ref = s.xref[n.num].ptr
		}
		e, ok := s.entry(ref)
		if !ok || ref.num != n.num {
			return nil
		}
		if e.inStream {
			if _, ok := s.entry(pref{e.stream, 0}); !ok {
				return nil
			}
			return []edge{{node{e.stream, true}, fmt.Sprintf("%v is stored in object stream %d 0 R", ref, e.stream)}}
		}
		if !n.stream {
			return nil
		}
		v, at, ok := s.objectAt(ref)
		d, isDict := v.(pdict)
		if !ok || !isDict {
			return nil
		}
		if err := s.checkObjStm(ref, d, at, lim); err != nil && bad == nil {
			bad = err
		}
		var out []edge
		for _, k := range objStmKeys {
			for _, r := range refsIn(d[k], nil) {
				if _, ok := s.entry(r); ok {
					out = append(out, edge{node{r.num, k == "Extends"}, fmt.Sprintf("object stream %v has /%s %v", ref, k, r)})
				}
			}
		}
		return out
	}
	const (
		onStack = 1
		done    = 2
	)
	state := map[node]uint8{}
	stacked := map[uint32]int{} // object → index in path + 1
	var path []edge
	var visit func(n node) error
	visit = func(n node) error {
		if bad != nil {
			return bad
		}
		if len(path) > maxObjStmChain {
			return fileErr("object streams: %s: stored %d deep in other object streams (they may not be stored in one at all)", path[0].why, len(path))
		}
		state[n] = onStack
		stacked[n.num] = len(path) + 1
		for _, e := range edges(n) {
			if i := stacked[e.to.num]; i > 0 {
				var why []string
				for _, p := range path[i-1:] {
					why = append(why, p.why)
				}
				why = append(why, e.why)
				return cycleErr("object streams: cycle: %s", strings.Join(why, ", "))
			}
			if state[e.to] == done {
				continue
			}
			path = append(path, e)
			if err := visit(e.to); err != nil {
				return err
			}
			path = path[:len(path)-1]
		}
		state[n] = done
		delete(stacked, n.num)
		return nil
	}
	for num, e := range s.xref {
		if !e.inStream {
			continue
		}
		n := node{uint32(num), false}
		if state[n] == done {
			continue
		}
		if err := visit(n); err != nil {
			return err
		}
	}
	return bad
}

// value resolves v if it is a reference to an object in the file (not in
// an object stream).
func (s *source) value(v any) any {
	if r, ok := v.(pref); ok {
		v, _, _ = s.objectAt(r)
	}
	return v
}

// checkObjStm checks what the library would do reading object stream ref
// (dictionary d, data at offset at): its decoded size, within
// lim.PartBytes (the library reads it again for every object it takes
// from it), and the row its predictor allocates. What cannot be read is
// left to the library.
func (s *source) checkObjStm(ref pref, d pdict, at int, lim model.Limits) error {
	n, ok := s.value(d["Length"]).(int64)
	if !ok || n <= 0 || at < 0 || int64(at) >= int64(len(s.body)) {
		return nil
	}
	raw := s.body[at:min(int64(at)+n, int64(len(s.body)))]
	var filters, params parray
	switch f := s.value(d["Filter"]).(type) {
	case nil:
		return nil
	case pname:
		filters, params = parray{f}, parray{s.value(d["DecodeParms"])}
	case parray:
		filters = f
		params, _ = s.value(d["DecodeParms"]).(parray)
	default:
		return nil
	}
	for i, f := range filters {
		var param pdict
		if i < len(params) {
			param, _ = s.value(params[i]).(pdict)
		}
		cols, _ := s.value(param["Columns"]).(int64)
		if s.value(param["Predictor"]) == int64(12) && (cols < 0 || cols > maxColumns) {
			return fileErr("object stream %v: /Columns %d is out of range", ref, cols)
		}
		if i > 0 || s.value(f) != pname("FlateDecode") {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil
		}
		if k, _ := io.Copy(io.Discard, io.LimitReader(zr, lim.PartBytes+1)); k > lim.PartBytes {
			return fmt.Errorf("%w: object stream %v decompresses to more than the limit of %d bytes", model.ErrLimit, ref, lim.PartBytes)
		}
	}
	return nil
}

// objectName names the object whose stream data starts at off: the
// object in the file with the greatest offset before off ("4 0 R"), or
// "the stream at offset off".
func (s *source) objectName(off int64) string {
	i := sort.Search(len(s.byOffset), func(i int) bool { return s.xref[s.byOffset[i]].offset >= off })
	if i > 0 {
		return s.xref[s.byOffset[i-1]].ptr.String()
	}
	return fmt.Sprintf("the stream at offset %d", off)
}
