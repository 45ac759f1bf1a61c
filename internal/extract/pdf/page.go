package pdf

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	lpdf "github.com/budgetx/budgetx/internal/third_party/pdf"

	"github.com/budgetx/budgetx/internal/inputfile"
	"github.com/budgetx/budgetx/model"
)

// A Glyph is one character code drawn on a page.
type Glyph struct {
	// Text is the glyph's Unicode text: usually one rune, several for a
	// ligature, "\uFFFD" when the font does not say.
	Text string
	// X, Y is the origin of the glyph on its baseline, in points, from the
	// bottom-left corner of the (rotated) page, Y increasing bottom to top.
	X, Y float64
	// W is the glyph's advance width along the baseline, in points,
	// without character or word spacing.
	W float64
	// FontSize is the rendered font size in points (Tf size × text and
	// graphics scaling).
	FontSize float64
	// Font is the font's BaseFont name ("ABCDEF+SimSun").
	Font string
}

// A Line is a ruling segment: a stroked path segment or a thin filled
// rectangle (a border drawn as a fill). Coordinates are in points from the
// bottom-left corner of the page, Y up, after every transformation.
type Line struct {
	X0, Y0, X1, Y1 float64
	Width          float64 // stroke width or rectangle thickness, in points
}

// Horizontal reports whether the segment is horizontal within tol points.
func (l Line) Horizontal(tol float64) bool { return math.Abs(l.Y1-l.Y0) <= tol }

// Vertical reports whether the segment is vertical within tol points.
func (l Line) Vertical(tol float64) bool { return math.Abs(l.X1-l.X0) <= tol }

// A Page is what one page draws.
type Page struct {
	Number        int     // 1-based
	Width, Height float64 // of the crop box as displayed (after /Rotate), in points
	Glyphs        []Glyph // in content-stream order
	Lines         []Line
	Images        int // image XObjects and inline images drawn
}

// A Reader reads the pages of one PDF file. Fonts are decoded once per
// document. A Reader is not safe for concurrent use.
type Reader struct {
	path  string
	src   *source
	r     *lpdf.Reader
	lim   model.Limits
	b     bounds
	pages []lpdf.Value            // the page dictionaries, in order
	fonts map[string]fontEntry    // by the font dictionary's printed form
	print map[uintptr]printedForm // objects' printed forms, by identity

	// buffers a page draws into (Page copies them out)
	glyphBuf   []Glyph
	lineBuf    []Line
	contentBuf []byte

	ops      int       // operators interpreted in the document
	deadline time.Time // of lim.Time, from the opening
}

type fontEntry struct {
	f   *font
	err error
}

// bounds are the internal bounds of the page layer: far above any real
// page (the largest real pages draw 3,600 glyphs and 1,300 ruling lines),
// low enough that a hostile page fails in seconds. Tests lower them.
type bounds struct {
	ops       int // operators on one page, forms included
	docOps    int // operators in the document
	glyphs    int // glyphs on one page
	lines     int // ruling lines on one page
	formDepth int // nested form XObjects
}

var defaultBounds = bounds{
	ops:       20_000_000,
	docOps:    200_000_000,
	glyphs:    500_000,
	lines:     50_000,
	formDepth: 12,
}

// Open opens the PDF at path with the default limits (see OpenBytes). It
// reads the whole file.
func Open(path string) (*Reader, error) {
	data, err := inputfile.ReadAll(path, model.DefaultLimits().InputBytes)
	if err != nil {
		return nil, err
	}
	return OpenBytes(path, data, model.DefaultLimits())
}

// OpenBytes opens the PDF whose bytes are data; path names it in errors.
// It checks the file's structure first (see the package comment) and
// reads its page tree. Errors are *model.Error wrapping model.ErrMalformed
// (not a PDF, damaged, a cycle), model.ErrEmpty, model.ErrEncrypted or
// model.ErrLimit. OpenBytes never panics.
func OpenBytes(path string, data []byte, lim model.Limits) (r *Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, &model.Error{File: path, Err: panicErr(p)}
		}
	}()
	lim = lim.WithDefaults()
	fail := func(err error) (*Reader, error) { return nil, &model.Error{File: path, Err: err} }
	if int64(len(data)) > lim.InputBytes {
		return fail(model.LimitError("input bytes", int64(len(data)), lim.InputBytes))
	}
	src, err := locate(data)
	if err != nil {
		return fail(err)
	}
	if err := src.scan(lim); err != nil {
		return fail(err)
	}
	if enc := src.encryptionOf(); enc != nil {
		if err := enc.refusal(); err != nil {
			return fail(err)
		}
	}
	lr, err := newLibraryReader(src)
	if err != nil {
		return fail(err)
	}
	r = &Reader{path: path, src: src, r: lr, lim: lim, b: defaultBounds, fonts: map[string]fontEntry{},
		deadline: time.Now().Add(lim.Time)}
	if err := r.collectPages(); err != nil {
		return fail(err)
	}
	return r, nil
}

// newLibraryReader opens src with the library, turning its panics and
// errors into errors of ours.
func newLibraryReader(src *source) (lr *lpdf.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			lr, err = nil, fileErr("%v", p)
		}
	}()
	lr, err = lpdf.NewReader(src, src.size())
	if err != nil {
		if enc := src.encryptionOf(); enc != nil {
			return nil, fmt.Errorf("%w (%s): budgetx could not decrypt it: %v", model.ErrEncrypted, enc.method(), err)
		}
		if err == lpdf.ErrInvalidPassword || strings.Contains(err.Error(), "encryption") {
			// an /Encrypt the structure check could not read
			return nil, fmt.Errorf("%w: budgetx does not decrypt it (%v)", model.ErrEncrypted, err)
		}
		msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "malformed PDF: "), "malformed PDF file: ")
		return nil, fileErr("%s", msg)
	}
	return lr, nil
}

// Close releases the reader. It always returns nil.
func (r *Reader) Close() error { return nil }

// NumPage returns the number of pages.
func (r *Reader) NumPage() int { return len(r.pages) }

// Page interprets page i (1-based). Errors are *model.Error with the page
// set. A page whose content stream breaks off keeps what was drawn before
// and returns the page with the error; a fatal error (a cycle, a limit
// crossed) returns no page.
func (r *Reader) Page(i int) (p *Page, err error) {
	defer func() {
		if e := recover(); e != nil {
			p, err = nil, &model.Error{File: r.path, Page: i, Err: panicErr(e)}
		}
	}()
	if i < 1 || i > len(r.pages) {
		return nil, &model.Error{File: r.path, Page: i, Err: errors.New("no such page")}
	}
	pg := r.pages[i-1]
	mb := inherited(pg, "CropBox")
	if mb.Len() != 4 {
		mb = inherited(pg, "MediaBox")
	}
	x0, y0, x1, y1 := 0.0, 0.0, 595.0, 842.0
	if mb.Len() == 4 {
		x0, y0, x1, y1 = mb.Index(0).Float64(), mb.Index(1).Float64(), mb.Index(2).Float64(), mb.Index(3).Float64()
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		if y1 < y0 {
			y0, y1 = y1, y0
		}
		if !finite(x0, y0, x1, y1) || x1-x0 > maxPageSize || y1-y0 > maxPageSize {
			return nil, &model.Error{File: r.path, Page: i, Err: fileErr("page box [%g %g %g %g] is larger than %d points", x0, y0, x1, y1, maxPageSize)}
		}
	}
	p = &Page{Number: i, Width: x1 - x0, Height: y1 - y0}
	var base matrix
	switch rot := ((int(inherited(pg, "Rotate").Int64()) % 360) + 360) % 360; rot {
	case 90:
		base = matrix{0, -1, 1, 0, -y0, x1}
		p.Width, p.Height = p.Height, p.Width
	case 180:
		base = matrix{-1, 0, 0, -1, x1, y1}
	case 270:
		base = matrix{0, 1, -1, 0, y1, -x0}
		p.Width, p.Height = p.Height, p.Width
	default:
		base = matrix{1, 0, 0, 1, -x0, -y0}
	}
	in := &interp{r: r, page: p, res: inherited(pg, "Resources")}
	in.gs.ctm = base
	in.gs.clip = box{0, 0, p.Width, p.Height}
	in.gs.th = 1
	in.gs.lw = 1
	// The page draws into the Reader's buffers, copied out at the end:
	// one allocation of the right size each, not a slice grown by doubling.
	p.Glyphs, p.Lines = r.glyphBuf[:0], r.lineBuf[:0]
	data, err := r.contents(pg.Key("Contents"), r.contentBuf[:0])
	if err == nil || !fatal(err) {
		if rerr := in.run(data, 0); rerr != nil {
			err = rerr
		}
	}
	r.contentBuf = data[:0]
	r.glyphBuf, r.lineBuf = p.Glyphs[:0], p.Lines[:0]
	p.Glyphs, p.Lines = exact(p.Glyphs), exact(p.Lines)
	if err == nil {
		err = in.warn
	}
	if err != nil {
		if fatal(err) {
			p = nil
		}
		return p, &model.Error{File: r.path, Page: i, Err: asMalformed(err)}
	}
	return p, nil
}

// maxPageSize bounds a page's width and height, in points: 200 inches,
// the largest page of the specification, ten times over.
const maxPageSize = 144_000

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// asMalformed makes an error of no class a malformed-input error.
func asMalformed(err error) error {
	for _, c := range []error{model.ErrMalformed, model.ErrLimit, model.ErrEncrypted, model.ErrEmpty, model.ErrNoText, model.ErrUnsupported} {
		if errors.Is(err, c) {
			return err
		}
	}
	return fmt.Errorf("%w: %w", model.ErrMalformed, err)
}

// fatal reports whether err ends the reading of the document: a cycle, a
// limit crossed. Other errors (a damaged stream) keep what was read.
func fatal(err error) bool {
	var c *cycleError
	return errors.Is(err, model.ErrLimit) || errors.As(err, &c) || errors.Is(err, model.ErrEncrypted)
}

// panicError is a runtime fault (an index out of range, a nil
// dereference) of the reader or the library, turned into an error.
type panicError struct{ v any }

func (e *panicError) Error() string { return fmt.Sprintf("internal fault while reading: %v", e.v) }

// panicErr turns a recovered panic into an error wrapping
// model.ErrMalformed: a *panicError for a runtime fault, else the
// library's complaint (it panics on damaged input).
func panicErr(v any) error {
	if os.Getenv("BUDGETX_PDF_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "%v\n%s\n", v, debug.Stack())
	}
	if _, ok := v.(runtime.Error); ok {
		return fmt.Errorf("%w: %w", model.ErrMalformed, &panicError{v})
	}
	return fileErr("damaged: %s", complaint(v))
}

// complaint is the message of a panic of the library, without its
// "malformed PDF: " prefix.
func complaint(v any) string {
	msg := fmt.Sprint(v)
	for _, p := range []string{"malformed PDF: ", "malformed PDF file: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return msg
}

// printedForm is the printed form of a Value, which it keeps alive (and
// with it the identity it is filed by).
type printedForm struct {
	v lpdf.Value
	s string
}

// printed returns v.String(), printed once per object: a font or a form
// is looked up by its printed form on every page that uses it.
func (r *Reader) printed(v lpdf.Value) string {
	id := v.Identity()
	if id == 0 {
		return v.String()
	}
	if p, ok := r.print[id]; ok {
		return p.s
	}
	s := v.String()
	if r.print == nil {
		r.print = map[uintptr]printedForm{}
	}
	r.print[id] = printedForm{v, s}
	return s
}

// exact returns a copy of s with no spare capacity; nil if s is empty.
func exact[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// contents reads a page's content streams, a stream or an array of them,
// joined, appending to buf.
func (r *Reader) contents(c lpdf.Value, buf []byte) ([]byte, error) {
	const what = "content stream"
	switch c.Kind() {
	case lpdf.Stream:
		return r.readStreamTo(buf, c, what)
	case lpdf.Array:
		out := buf
		var firstErr error
		for k := 0; k < c.Len(); k++ {
			s := c.Index(k)
			if s.Kind() != lpdf.Stream {
				continue
			}
			next, err := r.readStreamTo(out, s, what)
			if err != nil {
				if fatal(err) {
					return nil, err
				}
				if firstErr == nil {
					firstErr = err
				}
			}
			if next == nil {
				next = out // nothing read
			}
			if int64(len(next)-len(buf)) > r.lim.PartBytes {
				return nil, fmt.Errorf("%w: the content streams decompress to more than the limit of %d bytes", model.ErrLimit, r.lim.PartBytes)
			}
			out = append(next, '\n')
		}
		return out, firstErr
	}
	return nil, nil
}

// readStream returns the decoded data of stream v, what it is for
// errors ("content stream"). Data larger than lim.PartBytes
// fails with model.ErrLimit; a stream whose data breaks off returns what
// was decoded and the error.
func (r *Reader) readStream(v lpdf.Value, what string) (data []byte, err error) {
	return r.readStreamTo(nil, v, what)
}

// readStreamTo is readStream appending the data to buf.
func (r *Reader) readStreamTo(buf []byte, v lpdf.Value, what string) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(runtime.Error); ok {
				data, err = nil, fmt.Errorf("%s (%s): %w", what, r.streamName(v), panicErr(p))
			} else {
				data, err = nil, fileErr("%s (%s): %s", what, r.streamName(v), complaint(p))
			}
		}
	}()
	switch l := v.Key("Length"); l.Kind() {
	case lpdf.Integer:
		if l.Int64() < 0 {
			return nil, fileErr("%s (%s): negative /Length", what, r.streamName(v))
		}
	case lpdf.Stream:
		if l.String() == v.String() {
			return nil, cycleErr("%s (%s): cycle: its /Length refers to the stream itself", what, r.streamName(v))
		}
		return nil, fileErr("%s (%s): its /Length is a stream, not a number", what, r.streamName(v))
	default:
		return nil, fileErr("%s (%s): its /Length is missing or not a number", what, r.streamName(v))
	}
	// The library allocates a row of /Columns bytes for a predictor, and
	// reads some streams again on its own (a simple font's ToUnicode): a
	// row out of range is fatal.
	for _, dp := range []lpdf.Value{v.Key("DecodeParms"), v.Key("DecodeParms").Index(0), v.Key("DecodeParms").Index(1)} {
		if c := dp.Key("Columns").Int64(); c < 0 || c > maxColumns {
			return nil, fmt.Errorf("%w: %s (%s): /Columns %d, more than the limit of %d", model.ErrLimit, what, r.streamName(v), c, maxColumns)
		}
	}
	rd := v.Reader()
	defer rd.Close()
	data, err = readAll(buf, io.LimitReader(rd, r.lim.PartBytes+1))
	if int64(len(data)-len(buf)) > r.lim.PartBytes {
		return nil, fmt.Errorf("%w: %s (%s) decompresses to more than the limit of %d bytes", model.ErrLimit, what, r.streamName(v), r.lim.PartBytes)
	}
	if err != nil {
		return data, fileErr("%s (%s): %v", what, r.streamName(v), err)
	}
	return data, nil
}

// readAll is io.ReadAll appending to b.
func readAll(b []byte, r io.Reader) ([]byte, error) {
	if b == nil {
		b = make([]byte, 0, 512)
	}
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// streamName names a stream by its object ("4 0 R").
func (r *Reader) streamName(v lpdf.Value) string {
	s := v.String()
	i := strings.LastIndexByte(s, '@')
	off, err := strconv.ParseInt(s[i+1:], 10, 64)
	if i < 0 || err != nil {
		return "a stream"
	}
	return r.src.objectName(off)
}

func inherited(v lpdf.Value, key string) lpdf.Value {
	for d := 0; d < 64 && !v.IsNull(); d++ {
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return lpdf.Value{}
}

// matrix is a PDF transformation matrix [a b c d e f]; a point is a row
// vector, p' = p × M.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: first m, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

type gstate struct {
	ctm        matrix
	lw         float64 // line width, user space
	strokeHide bool    // stroke colour is white
	fillHide   bool    // fill colour is white

	tc, tw, th, tl, trise, tfs float64
	font                       *font

	clip box // bounding box of the clipping path, page space
}

// box is an axis-aligned rectangle in page space.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) inside(x, y, tol float64) bool {
	return x >= b.x0-tol && x <= b.x1+tol && y >= b.y0-tol && y <= b.y1+tol
}

type point struct{ x, y float64 }

// interp walks content streams, keeping graphics and text state.
type interp struct {
	r     *Reader
	page  *Page
	res   lpdf.Value
	gs    gstate
	stack []gstate
	tm    matrix
	tlm   matrix
	path  [][]point // subpaths, in page space
	cur   point     // current point, user space
	fonts map[string]*font
	ops   int
	clipW bool   // a W or W* waits for the path's painting operator
	ob    *opBuf // the operands of the content stream being run

	forms     map[string]bool   // form XObjects being drawn, by printed form
	formKeys  []string          // the same, outermost first
	formNames []string          // their resource names
	formAt    map[string][]byte // decoded forms of the page, by printed form
	err       error             // a fatal error: the walk stops
	warn      error             // the first error the walk went past
}

// fail records a fatal error, which stops the walk.
func (in *interp) fail(err error) {
	if in.err == nil {
		in.err = err
	}
}

// note records an error the walk goes past.
func (in *interp) note(err error) {
	if in.warn == nil {
		in.warn = err
	}
}

// count counts one operator (or operand) against the bounds and the
// time limit.
func (in *interp) count() error {
	in.ops++
	in.r.ops++
	switch {
	case in.err != nil:
	case in.ops > in.r.b.ops:
		in.fail(fmt.Errorf("%w: more than %d operators on the page", model.ErrLimit, in.r.b.ops))
	case in.r.ops > in.r.b.docOps:
		in.fail(fmt.Errorf("%w: more than %d operators in the document", model.ErrLimit, in.r.b.docOps))
	case in.ops&0x3fff == 0 && time.Now().After(in.r.deadline):
		in.fail(fmt.Errorf("%w: reading took longer than the time limit of %v", model.ErrLimit, in.r.lim.Time))
	}
	return in.err
}

func (in *interp) font(nb []byte) *font {
	if f, ok := in.fonts[string(nb)]; ok {
		return f
	}
	name := string(nb)
	v := in.res.Key("Font").Key(name)
	var f *font
	if v.Kind() == lpdf.Dict {
		key := in.r.printed(v)
		e, ok := in.r.fonts[key]
		if !ok {
			e.f, e.err = in.r.loadFont(v, name)
			in.r.fonts[key] = e
		}
		f = e.f
		if e.err != nil {
			if fatal(e.err) {
				in.fail(e.err)
			} else {
				in.note(e.err)
			}
		}
	} else {
		in.note(fileErr("font /%s is not in the resources", name))
	}
	if in.fonts == nil {
		in.fonts = map[string]*font{}
	}
	in.fonts[name] = f
	return f
}

func num(args []operand, i int) float64 {
	if i < len(args) {
		return args[i].num
	}
	return 0
}

// nums returns the last n (at most 6) arguments as numbers, or false.
func nums(args []operand, n int) ([6]float64, bool) {
	var out [6]float64
	if len(args) < n {
		return out, false
	}
	for i, a := range args[len(args)-n:] {
		if !a.isNum() {
			return out, false
		}
		out[i] = a.num
	}
	return out, true
}

// white reports whether a colour operator's numeric arguments are white:
// one gray or three RGB components at 1, or four CMYK components at 0.
func white(args []operand) bool {
	var v [4]float64
	n := 0
	for _, a := range args {
		if a.isNum() {
			if n == len(v) {
				return false // more components than any colour space here
			}
			v[n] = a.num
			n++
		}
	}
	switch n {
	case 1, 3:
		for _, x := range v[:n] {
			if x < 0.99 {
				return false
			}
		}
		return true
	case 4:
		for _, x := range v[:n] {
			if x > 0.01 {
				return false
			}
		}
		return true
	}
	return false
}

// opKey is an operator as do switches on it: its bytes, the first lowest;
// no operator has more than three, and a longer word is no operator.
func opKey(b []byte) uint32 {
	if len(b) > 3 {
		return 1 << 31
	}
	k := uint32(0)
	for i, c := range b {
		k |= uint32(c) << (8 * i)
	}
	return k
}

func (in *interp) do(op uint32, args []operand, depth int) {
	gs := &in.gs
	switch op {
	case 'q': // q
		if len(in.stack) < 4096 {
			in.stack = append(in.stack, *gs)
		}
	case 'Q': // Q
		if n := len(in.stack); n > 0 {
			*gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case 'c' | 'm'<<8: // cm
		if v, ok := nums(args, 6); ok {
			gs.ctm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.mul(gs.ctm)
		}
	case 'w': // w
		gs.lw = num(args, 0)
	case 'G', 'R' | 'G'<<8, 'K', 'S' | 'C'<<8, 'S' | 'C'<<8 | 'N'<<16: // G RG K SC SCN
		gs.strokeHide = white(args)
	case 'g', 'r' | 'g'<<8, 'k', 's' | 'c'<<8, 's' | 'c'<<8 | 'n'<<16: // g rg k sc scn
		gs.fillHide = white(args)
	case 'C' | 'S'<<8: // CS
		gs.strokeHide = false
	case 'c' | 's'<<8: // cs
		gs.fillHide = false

	// path construction
	case 'm': // m
		if v, ok := nums(args, 2); ok {
			in.cur = point{v[0], v[1]}
			x, y := gs.ctm.apply(v[0], v[1])
			in.path = append(in.path, []point{{x, y}})
		}
	case 'l': // l
		if v, ok := nums(args, 2); ok {
			in.lineTo(v[0], v[1])
		}
	case 'c': // c
		if v, ok := nums(args, 6); ok {
			in.curveTo(v[4], v[5])
		}
	case 'v', 'y': // v y
		if v, ok := nums(args, 4); ok {
			in.curveTo(v[2], v[3])
		}
	case 'h': // h
		if n := len(in.path); n > 0 && len(in.path[n-1]) > 1 {
			sp := in.path[n-1]
			if sp[0] != sp[len(sp)-1] {
				in.path[n-1] = append(sp, sp[0])
			}
		}
	case 'r' | 'e'<<8: // re
		if v, ok := nums(args, 4); ok {
			x, y, w, h := v[0], v[1], v[2], v[3]
			sp := make([]point, 0, 5)
			for _, c := range [][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}, {x, y}} {
				px, py := gs.ctm.apply(c[0], c[1])
				sp = append(sp, point{px, py})
			}
			in.path = append(in.path, sp)
			in.cur = point{x, y}
		}

	// path painting
	case 'W', 'W' | '*'<<8: // W W*
		in.clipW = true
	case 'S', 's': // S s
		in.stroke()
		in.endPath()
	case 'f', 'F', 'f' | '*'<<8: // f F f*
		in.fill()
		in.endPath()
	case 'B', 'B' | '*'<<8, 'b', 'b' | '*'<<8: // B B* b b*
		in.stroke()
		in.fill()
		in.endPath()
	case 'n': // n
		in.endPath()

	// text
	case 'B' | 'T'<<8: // BT
		in.tm, in.tlm = identity, identity
	case 'E' | 'T'<<8: // ET
	case 'T' | 'f'<<8: // Tf
		if len(args) >= 2 {
			gs.font = in.font(in.ob.name(args[len(args)-2]))
			gs.tfs = args[len(args)-1].num
		}
	case 'T' | 'c'<<8: // Tc
		gs.tc = num(args, 0)
	case 'T' | 'w'<<8: // Tw
		gs.tw = num(args, 0)
	case 'T' | 'z'<<8: // Tz
		gs.th = num(args, 0) / 100
	case 'T' | 'L'<<8: // TL
		gs.tl = num(args, 0)
	case 'T' | 's'<<8: // Ts
		gs.trise = num(args, 0)
	case 'T' | 'd'<<8: // Td
		if v, ok := nums(args, 2); ok {
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case 'T' | 'D'<<8: // TD
		if v, ok := nums(args, 2); ok {
			gs.tl = -v[1]
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case 'T' | 'm'<<8: // Tm
		if v, ok := nums(args, 6); ok {
			in.tlm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
			in.tm = in.tlm
		}
	case 'T' | '*'<<8: // T*
		in.nextLine()
	case 'T' | 'j'<<8: // Tj
		if len(args) > 0 {
			in.show(in.ob.text(args[len(args)-1]))
		}
	case '\'': // '
		in.nextLine()
		if len(args) > 0 {
			in.show(in.ob.text(args[len(args)-1]))
		}
	case '"': // "
		if len(args) >= 3 {
			gs.tw = args[len(args)-3].num
			gs.tc = args[len(args)-2].num
			in.nextLine()
			in.show(in.ob.text(args[len(args)-1]))
		}
	case 'T' | 'J'<<8: // TJ
		if len(args) == 0 {
			return
		}
		for _, e := range in.ob.elems(args[len(args)-1]) {
			switch e.kind {
			case 's':
				in.show(in.ob.text(e))
			case 'n':
				tx := -e.num / 1000 * gs.tfs * gs.th
				in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
			}
		}

	// external objects
	case 'D' | 'o'<<8: // Do
		if len(args) > 0 {
			in.xobject(in.ob.name(args[len(args)-1]), depth)
		}
	}
}

// endPath applies a pending clip to the path being painted, then drops it.
func (in *interp) endPath() {
	if in.clipW {
		in.clipW = false
		b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, sp := range in.path {
			for _, p := range sp {
				b.x0, b.y0 = math.Min(b.x0, p.x), math.Min(b.y0, p.y)
				b.x1, b.y1 = math.Max(b.x1, p.x), math.Max(b.y1, p.y)
			}
		}
		c := &in.gs.clip
		if b.x0 <= b.x1 {
			c.x0, c.y0 = math.Max(c.x0, b.x0), math.Max(c.y0, b.y0)
			c.x1, c.y1 = math.Min(c.x1, b.x1), math.Min(c.y1, b.y1)
		}
	}
	in.path = in.path[:0]
}

func (in *interp) nextLine() {
	in.tlm = matrix{1, 0, 0, 1, 0, -in.gs.tl}.mul(in.tlm)
	in.tm = in.tlm
}

func (in *interp) lineTo(x, y float64) {
	in.cur = point{x, y}
	px, py := in.gs.ctm.apply(x, y)
	if len(in.path) == 0 {
		in.path = append(in.path, nil)
	}
	n := len(in.path) - 1
	in.path[n] = append(in.path[n], point{px, py})
}

// curveTo keeps only the end point of a curve; curves are not rulings,
// but a rounded corner should not join two straight segments.
func (in *interp) curveTo(x, y float64) {
	in.cur = point{x, y}
	px, py := in.gs.ctm.apply(x, y)
	in.path = append(in.path, []point{{px, py}})
}

// scale is the factor by which the CTM stretches lengths, on average.
func (m matrix) scale() float64 {
	return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
}

func (in *interp) stroke() {
	if in.gs.strokeHide {
		return
	}
	w := in.gs.lw * in.gs.ctm.scale()
	if w == 0 {
		w = 0.1 // a zero-width line is the thinnest the device can draw
	}
	for _, sp := range in.path {
		for i := 1; i < len(sp); i++ {
			a, b := sp[i-1], sp[i]
			if a == b {
				continue
			}
			in.addLine(Line{a.x, a.y, b.x, b.y, w})
		}
	}
}

// maxRuleThickness is the thickest filled rectangle taken as a ruling
// line, in points.
const maxRuleThickness = 2.0

// fill keeps the filled subpaths that are thin and long: borders drawn as
// fills. Producers draw them as rectangles (Word, WPS) or as thin
// quadrilaterals and hexagons whose ends are mitred where two borders meet
// (PDFBox-style exporters: 798 42.41 m 42 42.41 l 42 43.16 l 797.25 43.16 l
// h f). What counts is the subpath's bounding box: under
// maxRuleThickness across and at least three times as long, it is a rule
// along its long side, whatever the corners look like.
func (in *interp) fill() {
	if in.gs.fillHide {
		return
	}
	for _, sp := range in.path {
		if len(sp) < 3 || len(sp) > 16 {
			continue
		}
		minX, minY, maxX, maxY := sp[0].x, sp[0].y, sp[0].x, sp[0].y
		for _, p := range sp[1:] {
			minX, maxX = math.Min(minX, p.x), math.Max(maxX, p.x)
			minY, maxY = math.Min(minY, p.y), math.Max(maxY, p.y)
		}
		w, h := maxX-minX, maxY-minY
		switch {
		case h <= maxRuleThickness && w >= 3*h && w > 0:
			y := (minY + maxY) / 2
			in.addLine(Line{minX, y, maxX, y, h})
		case w <= maxRuleThickness && h >= 3*w && h > 0:
			x := (minX + maxX) / 2
			in.addLine(Line{x, minY, x, maxY, w})
		}
	}
}

// addLine keeps l, cut to the clipping box.
func (in *interp) addLine(l Line) {
	if !finite(l.X0, l.Y0, l.X1, l.Y1, l.Width) {
		return // drawn through a degenerate matrix: nowhere on the page
	}
	c := in.gs.clip
	const tol = 1
	switch {
	case l.Y0 == l.Y1:
		if l.Y0 < c.y0-tol || l.Y0 > c.y1+tol {
			return
		}
		if l.X0 > l.X1 {
			l.X0, l.X1 = l.X1, l.X0
		}
		l.X0, l.X1 = math.Max(l.X0, c.x0-tol), math.Min(l.X1, c.x1+tol)
		if l.X1 <= l.X0 {
			return
		}
	case l.X0 == l.X1:
		if l.X0 < c.x0-tol || l.X0 > c.x1+tol {
			return
		}
		if l.Y0 > l.Y1 {
			l.Y0, l.Y1 = l.Y1, l.Y0
		}
		l.Y0, l.Y1 = math.Max(l.Y0, c.y0-tol), math.Min(l.Y1, c.y1+tol)
		if l.Y1 <= l.Y0 {
			return
		}
	}
	if len(in.page.Lines) >= in.r.b.lines {
		in.fail(fmt.Errorf("%w: more than %d ruling lines on the page", model.ErrLimit, in.r.b.lines))
		return
	}
	in.page.Lines = append(in.page.Lines, l)
}

// show draws string s with the current font, one glyph per code.
func (in *interp) show(s []byte) {
	gs := &in.gs
	f := gs.font
	if f == nil {
		return
	}
	for len(s) > 0 && in.count() == nil {
		k, n := f.next(s)
		s = s[n:]
		w0 := f.width(k) / 1000
		trm := matrix{gs.tfs * gs.th, 0, 0, gs.tfs, 0, gs.trise}.mul(in.tm).mul(gs.ctm)
		x, y := trm.apply(0, 0)
		ex, ey := trm.apply(w0, 0)
		size := math.Hypot(trm[2], trm[3])
		// a glyph whose middle the clipping path hides is not drawn
		if finite(x, y, ex, ey, size) && in.gs.clip.inside((x+ex)/2, (y+ey)/2+0.3*size, 1) {
			if len(in.page.Glyphs) >= in.r.b.glyphs {
				in.fail(fmt.Errorf("%w: more than %d glyphs on the page", model.ErrLimit, in.r.b.glyphs))
				return
			}
			in.page.Glyphs = append(in.page.Glyphs, Glyph{
				Text:     f.text(k),
				X:        x,
				Y:        y,
				W:        math.Hypot(ex-x, ey-y),
				FontSize: size,
				Font:     f.name,
			})
		}
		tx := (w0*gs.tfs + gs.tc) * gs.th
		if k.n == 1 && k.c == ' ' {
			tx += gs.tw * gs.th
		}
		in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
	}
}

func (in *interp) xobject(nb []byte, depth int) {
	name := string(nb)
	x := in.res.Key("XObject").Key(name)
	switch x.Key("Subtype").Name() {
	case "Image":
		in.page.Images++
	case "Form":
		if x.Kind() != lpdf.Stream {
			return
		}
		key := in.r.printed(x)
		if in.forms[key] {
			via := ""
			for i, k := range in.formKeys {
				if k == key {
					for _, n := range in.formNames[i+1:] {
						via += " /" + n
					}
				}
			}
			if via != "" {
				via = " (through" + via + ")"
			}
			in.fail(cycleErr("form XObject /%s (%s): cycle: it draws itself%s", name, in.r.streamName(x), via))
			return
		}
		if depth >= in.r.b.formDepth {
			in.fail(fmt.Errorf("%w: form XObjects nested more than %d deep", model.ErrLimit, in.r.b.formDepth))
			return
		}
		data, ok := in.formAt[key]
		if !ok {
			var err error
			data, err = in.r.readStream(x, "form XObject /"+name)
			if err != nil {
				if fatal(err) {
					in.fail(err)
					return
				}
				in.note(err)
			}
			if in.formAt == nil {
				in.formAt = map[string][]byte{}
			}
			in.formAt[key] = data
		}
		saved, savedRes, savedStack, savedPath := in.gs, in.res, in.stack, in.path
		savedTm, savedTlm := in.tm, in.tlm
		savedFonts := in.fonts
		if m := x.Key("Matrix"); m.Len() == 6 {
			in.gs.ctm = matrix{m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(),
				m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64()}.mul(in.gs.ctm)
		}
		if r := x.Key("Resources"); r.Kind() == lpdf.Dict {
			in.res = r
			in.fonts = nil
		}
		in.stack = nil
		in.path = nil
		if in.forms == nil {
			in.forms = map[string]bool{}
		}
		in.forms[key] = true
		in.formKeys, in.formNames = append(in.formKeys, key), append(in.formNames, name)
		if err := in.run(data, depth+1); err != nil && !fatal(err) {
			in.note(err)
		}
		in.formKeys, in.formNames = in.formKeys[:len(in.formKeys)-1], in.formNames[:len(in.formNames)-1]
		delete(in.forms, key)
		in.gs, in.res, in.stack, in.path = saved, savedRes, savedStack, savedPath
		in.tm, in.tlm = savedTm, savedTlm
		in.fonts = savedFonts
	}
}
