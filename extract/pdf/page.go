package pdf

import (
	"errors"
	"fmt"
	"math"
	"os"

	lpdf "github.com/ledongthuc/pdf"

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
	file  *os.File
	r     *lpdf.Reader
	fonts map[string]*font // by the font dictionary's printed form
	n     int
}

// Open opens the PDF at path. A file that is not a PDF gives a
// *model.Error wrapping model.ErrMalformed.
func Open(path string) (r *Reader, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			f.Close()
			r, err = nil, &model.Error{File: path, Err: fmt.Errorf("%w: %v", model.ErrMalformed, p)}
		}
	}()
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	lr, err := lpdf.NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: %v", model.ErrMalformed, err)}
	}
	r = &Reader{path: path, file: f, r: lr, fonts: map[string]*font{}}
	r.n = lr.NumPage()
	if r.n <= 0 {
		f.Close()
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: no pages", model.ErrMalformed)}
	}
	return r, nil
}

// Close closes the file.
func (r *Reader) Close() error { return r.file.Close() }

// NumPage returns the number of pages.
func (r *Reader) NumPage() int { return r.n }

// maxOps bounds the operators interpreted on one page, forms included.
const maxOps = 20_000_000

// Page interprets page i (1-based). Errors are *model.Error with the page
// set; a page whose content stream breaks off keeps what was drawn before.
func (r *Reader) Page(i int) (p *Page, err error) {
	defer func() {
		if e := recover(); e != nil {
			p, err = nil, &model.Error{File: r.path, Page: i, Err: fmt.Errorf("%w: %v", model.ErrMalformed, e)}
		}
	}()
	if i < 1 || i > r.n {
		return nil, &model.Error{File: r.path, Page: i, Err: errors.New("no such page")}
	}
	pg := r.r.Page(i)
	if pg.V.IsNull() {
		return nil, &model.Error{File: r.path, Page: i, Err: fmt.Errorf("%w: page object missing", model.ErrMalformed)}
	}
	mb := inherited(pg.V, "CropBox")
	if mb.Len() != 4 {
		mb = inherited(pg.V, "MediaBox")
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
	}
	p = &Page{Number: i, Width: x1 - x0, Height: y1 - y0}
	var base matrix
	switch rot := ((int(inherited(pg.V, "Rotate").Int64()) % 360) + 360) % 360; rot {
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
	in := &interp{r: r, page: p, res: inherited(pg.V, "Resources")}
	in.gs.ctm = base
	in.gs.clip = box{0, 0, p.Width, p.Height}
	in.gs.th = 1
	in.gs.lw = 1
	err = in.run(pg.V.Key("Contents"), 0)
	if err != nil {
		return p, &model.Error{File: r.path, Page: i, Err: fmt.Errorf("%w: %v", model.ErrMalformed, err)}
	}
	return p, nil
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
	clipW bool // a W or W* waits for the path's painting operator
}

func (in *interp) font(name string) *font {
	if f, ok := in.fonts[name]; ok {
		return f
	}
	v := in.res.Key("Font").Key(name)
	var f *font
	if v.Kind() == lpdf.Dict {
		key := v.String()
		if f = in.r.fonts[key]; f == nil {
			f = loadFont(v)
			in.r.fonts[key] = f
		}
	}
	if in.fonts == nil {
		in.fonts = map[string]*font{}
	}
	in.fonts[name] = f
	return f
}

// errTooManyOps stops a content stream that never ends.
var errTooManyOps = errors.New("too many operators")

func (in *interp) run(contents lpdf.Value, depth int) (err error) {
	if contents.Kind() != lpdf.Stream && contents.Kind() != lpdf.Array {
		return nil
	}
	defer func() {
		if e := recover(); e != nil {
			if e == errTooManyOps {
				err = errTooManyOps
				return
			}
			err = fmt.Errorf("content stream: %v", e)
		}
	}()
	lpdf.Interpret(contents, func(stk *lpdf.Stack, op string) {
		in.ops++
		if in.ops > maxOps {
			panic(errTooManyOps)
		}
		n := stk.Len()
		args := make([]lpdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		in.do(op, args, depth)
	})
	return nil
}

func num(args []lpdf.Value, i int) float64 {
	if i < len(args) {
		return args[i].Float64()
	}
	return 0
}

// nums returns the last n arguments as numbers, or false.
func nums(args []lpdf.Value, n int) ([]float64, bool) {
	if len(args) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i, a := range args[len(args)-n:] {
		if a.Kind() != lpdf.Integer && a.Kind() != lpdf.Real {
			return nil, false
		}
		out[i] = a.Float64()
	}
	return out, true
}

func white(args []lpdf.Value) bool {
	var v []float64
	for _, a := range args {
		if a.Kind() == lpdf.Integer || a.Kind() == lpdf.Real {
			v = append(v, a.Float64())
		}
	}
	switch len(v) {
	case 1, 3:
		for _, x := range v {
			if x < 0.99 {
				return false
			}
		}
		return true
	case 4:
		for _, x := range v {
			if x > 0.01 {
				return false
			}
		}
		return true
	}
	return false
}

func (in *interp) do(op string, args []lpdf.Value, depth int) {
	gs := &in.gs
	switch op {
	case "q":
		if len(in.stack) < 4096 {
			in.stack = append(in.stack, *gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			*gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if v, ok := nums(args, 6); ok {
			gs.ctm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.mul(gs.ctm)
		}
	case "w":
		gs.lw = num(args, 0)
	case "G", "RG", "K", "SC", "SCN":
		gs.strokeHide = white(args)
	case "g", "rg", "k", "sc", "scn":
		gs.fillHide = white(args)
	case "CS":
		gs.strokeHide = false
	case "cs":
		gs.fillHide = false

	// path construction
	case "m":
		if v, ok := nums(args, 2); ok {
			in.cur = point{v[0], v[1]}
			x, y := gs.ctm.apply(v[0], v[1])
			in.path = append(in.path, []point{{x, y}})
		}
	case "l":
		if v, ok := nums(args, 2); ok {
			in.lineTo(v[0], v[1])
		}
	case "c":
		if v, ok := nums(args, 6); ok {
			in.curveTo(v[4], v[5])
		}
	case "v", "y":
		if v, ok := nums(args, 4); ok {
			in.curveTo(v[2], v[3])
		}
	case "h":
		if n := len(in.path); n > 0 && len(in.path[n-1]) > 1 {
			sp := in.path[n-1]
			if sp[0] != sp[len(sp)-1] {
				in.path[n-1] = append(sp, sp[0])
			}
		}
	case "re":
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
	case "W", "W*":
		in.clipW = true
	case "S", "s":
		in.stroke()
		in.endPath()
	case "f", "F", "f*":
		in.fill()
		in.endPath()
	case "B", "B*", "b", "b*":
		in.stroke()
		in.fill()
		in.endPath()
	case "n":
		in.endPath()

	// text
	case "BT":
		in.tm, in.tlm = identity, identity
	case "ET":
	case "Tf":
		if len(args) >= 2 {
			gs.font = in.font(args[len(args)-2].Name())
			gs.tfs = args[len(args)-1].Float64()
		}
	case "Tc":
		gs.tc = num(args, 0)
	case "Tw":
		gs.tw = num(args, 0)
	case "Tz":
		gs.th = num(args, 0) / 100
	case "TL":
		gs.tl = num(args, 0)
	case "Ts":
		gs.trise = num(args, 0)
	case "Td":
		if v, ok := nums(args, 2); ok {
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case "TD":
		if v, ok := nums(args, 2); ok {
			gs.tl = -v[1]
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case "Tm":
		if v, ok := nums(args, 6); ok {
			in.tlm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
			in.tm = in.tlm
		}
	case "T*":
		in.nextLine()
	case "Tj":
		if len(args) > 0 {
			in.show(args[len(args)-1].RawString())
		}
	case "'":
		in.nextLine()
		if len(args) > 0 {
			in.show(args[len(args)-1].RawString())
		}
	case "\"":
		if len(args) >= 3 {
			gs.tw = args[0].Float64()
			gs.tc = args[1].Float64()
			in.nextLine()
			in.show(args[2].RawString())
		}
	case "TJ":
		if len(args) == 0 {
			return
		}
		a := args[len(args)-1]
		for i := 0; i < a.Len(); i++ {
			e := a.Index(i)
			switch e.Kind() {
			case lpdf.String:
				in.show(e.RawString())
			case lpdf.Integer, lpdf.Real:
				tx := -e.Float64() / 1000 * gs.tfs * gs.th
				in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
			}
		}

	// external objects
	case "Do":
		if len(args) > 0 {
			in.xobject(args[len(args)-1].Name(), depth)
		}
	case "BI", "ID", "EI":
		if op == "BI" {
			in.page.Images++
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

// maxLines bounds the ruling lines kept per page.
const maxLines = 200_000

// addLine keeps l, cut to the clipping box.
func (in *interp) addLine(l Line) {
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
	if len(in.page.Lines) < maxLines {
		in.page.Lines = append(in.page.Lines, l)
	}
}

// maxGlyphs bounds the glyphs kept per page.
const maxGlyphs = 500_000

// show draws string s with the current font, one glyph per code.
func (in *interp) show(s string) {
	gs := &in.gs
	f := gs.font
	if f == nil {
		return
	}
	for len(s) > 0 {
		k, n := f.next(s)
		s = s[n:]
		w0 := f.width(k) / 1000
		trm := matrix{gs.tfs * gs.th, 0, 0, gs.tfs, 0, gs.trise}.mul(in.tm).mul(gs.ctm)
		x, y := trm.apply(0, 0)
		ex, ey := trm.apply(w0, 0)
		size := math.Hypot(trm[2], trm[3])
		// a glyph whose middle the clipping path hides is not drawn
		if len(in.page.Glyphs) < maxGlyphs && in.gs.clip.inside((x+ex)/2, (y+ey)/2+0.3*size, 1) {
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

// maxFormDepth bounds nested form XObjects (and so self-reference).
const maxFormDepth = 12

func (in *interp) xobject(name string, depth int) {
	x := in.res.Key("XObject").Key(name)
	switch x.Key("Subtype").Name() {
	case "Image":
		in.page.Images++
	case "Form":
		if depth >= maxFormDepth {
			return
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
		err := in.run(x, depth+1)
		in.gs, in.res, in.stack, in.path = saved, savedRes, savedStack, savedPath
		in.tm, in.tlm = savedTm, savedTlm
		in.fonts = savedFonts
		if err == errTooManyOps {
			panic(errTooManyOps)
		}
	}
}
