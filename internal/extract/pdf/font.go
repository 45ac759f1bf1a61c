package pdf

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	lpdf "github.com/budgetx/budgetx/internal/third_party/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/model"
)

// A font is a PDF font decoded once per document: how its strings split
// into codes, each code's Unicode text and each code's advance width.
type font struct {
	name  string // BaseFont
	type0 bool
	type3 scaleT3

	enc     *cmap  // embedded encoding CMap (Type0), or nil
	encName string // predefined encoding CMap name (Type0), or ""
	toUni   *cmap  // ToUnicode, or nil
	simple  *lpdf.Font

	// simple fonts
	first   int
	widths  []float64
	missing float64

	// Type0: CID widths from the descendant's /W, and /DW
	cidW map[int]float64
	dw   float64

	// text per code, filled lazily: one-byte codes in an array, the
	// others by code length and value (codeKey.packed)
	memo1 [256]*string
	memo  map[uint64]string
}

// scaleT3 is the factor from a Type3 font's glyph space to thousandths of
// text space (FontMatrix[0]*1000); 0 for other fonts.
type scaleT3 float64

// gbkFamily reports whether a predefined CMap name is a GB 2312 / GBK
// EUC-style encoding, whose codes are the GBK bytes themselves.
func gbkFamily(name string) bool {
	switch {
	case strings.HasPrefix(name, "GBK-EUC"), strings.HasPrefix(name, "GBKp-EUC"),
		strings.HasPrefix(name, "GB-EUC"), strings.HasPrefix(name, "GBpc-EUC"),
		strings.HasPrefix(name, "GBK2K"), strings.HasPrefix(name, "GBT-EUC"),
		strings.HasPrefix(name, "GBTpc-EUC"):
		return true
	}
	return false
}

func utf16Family(name string) bool {
	return strings.HasPrefix(name, "Uni") && (strings.Contains(name, "UCS2") || strings.Contains(name, "UTF16"))
}

// Bounds of a font's tables: widths given by /W, entries of
// /Differences (the library's decoder walks them for every code).
const (
	maxFontWidths  = 1 << 20
	maxDifferences = 8192
)

// loadFont decodes the font dictionary v, which the page calls /name. A
// font with a cycle (a CMap that uses itself, a font that is its own
// descendant) or over a bound gives a fatal error and no font; a font
// whose CMap cannot be read whole gives the font and the error.
func (r *Reader) loadFont(v lpdf.Value, name string) (*font, error) {
	f := &font{name: v.Key("BaseFont").Name(), memo: map[uint64]string{}}
	what := fmt.Sprintf("font /%s (%s)", name, f.name)
	var warn error
	cm := func(s lpdf.Value, kind string) (*cmap, error) {
		m, err := r.parseCMap(s, what+": "+kind, nil)
		if err != nil {
			if fatal(err) {
				return nil, err
			}
			if warn == nil {
				warn = err
			}
		}
		return m, nil
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream {
		m, err := cm(tu, "ToUnicode CMap")
		if err != nil {
			return nil, err
		}
		f.toUni = m
	}
	switch v.Key("Subtype").Name() {
	case "Type0":
		f.type0 = true
		switch e := v.Key("Encoding"); e.Kind() {
		case lpdf.Name:
			f.encName = e.Name()
		case lpdf.Stream:
			m, err := cm(e, "encoding CMap")
			if err != nil {
				return nil, err
			}
			f.enc = m
			f.encName = e.Key("CMapName").Name()
			if m.useName != "" && len(m.space) == 0 {
				f.encName = m.useName
			}
		default:
			f.encName = "Identity-H"
		}
		d := v.Key("DescendantFonts").Index(0)
		if d.Kind() == lpdf.Dict && d.String() == v.String() {
			return nil, cycleErr("%s: cycle: its descendant font is the font itself", what)
		}
		f.dw = 1000
		if dw := d.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
			f.dw = dw.Float64()
		}
		if f.name == "" {
			f.name = d.Key("BaseFont").Name()
		}
		f.cidW = map[int]float64{}
		w := d.Key("W")
		for i := 0; i < w.Len(); {
			c0 := int(w.Index(i).Int64())
			next := w.Index(i + 1)
			if next.Kind() == lpdf.Array {
				for j := 0; j < next.Len() && j < maxRangeCodes; j++ {
					f.cidW[c0+j] = next.Index(j).Float64()
				}
				i += 2
			} else {
				c1 := int(next.Int64())
				wv := w.Index(i + 2).Float64()
				if c1 >= c0 && c1-c0 < maxRangeCodes {
					for c := c0; c <= c1; c++ {
						f.cidW[c] = wv
					}
				}
				i += 3
			}
			if len(f.cidW) > maxFontWidths {
				return nil, fmt.Errorf("%w: %s: /W gives more than %d widths", model.ErrLimit, what, maxFontWidths)
			}
		}
	default:
		f.first = int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len() && i < 256; i++ {
			f.widths = append(f.widths, ws.Index(i).Float64())
		}
		f.missing = v.Key("FontDescriptor").Key("MissingWidth").Float64()
		if v.Key("Subtype").Name() == "Type3" {
			f.type3 = scaleT3(v.Key("FontMatrix").Index(0).Float64() * 1000)
		}
		if n := v.Key("Encoding").Key("Differences").Len(); n > maxDifferences {
			if warn == nil {
				warn = fileErr("%s: /Differences has %d entries, more than %d: its codes are not decoded", what, n, maxDifferences)
			}
			break
		}
		if e := v.Key("Encoding"); f.toUni != nil && (e.Kind() == lpdf.Null || e.Name() == "Identity-H") {
			// The library's encoder would be the ToUnicode CMap again,
			// read and kept whole by its own PostScript interpreter.
			break
		}
		sf := lpdf.Font{V: v}
		f.simple = &sf
	}
	return f, warn
}

// next splits the first code off s and returns it with its length.
func (f *font) next(s []byte) (codeKey, int) {
	if !f.type0 {
		return codeKey{1, uint32(s[0])}, 1
	}
	n := 0
	if f.enc != nil && len(f.enc.space) > 0 {
		n = codeLen(f.enc, s)
	}
	if n == 0 {
		switch {
		case gbkFamily(f.encName):
			n = 2
			if s[0] < 0x81 {
				n = 1
			} else if strings.HasPrefix(f.encName, "GBK2K") && len(s) >= 4 && s[1] >= 0x30 && s[1] <= 0x39 {
				n = 4
			}
		case strings.Contains(f.encName, "UTF16") && len(s) >= 4 && s[0] >= 0xD8 && s[0] <= 0xDB:
			n = 4
		default:
			n = 2
		}
	}
	if n > len(s) {
		n = len(s)
	}
	return codeOf(s[:n]), n
}

func (k codeKey) bytes() []byte {
	b := make([]byte, k.n)
	for i := int(k.n) - 1; i >= 0; i-- {
		b[i] = byte(k.c >> (8 * (int(k.n) - 1 - i)))
	}
	return b
}

// text returns the Unicode text of code k: from ToUnicode if the font has
// one, else from its encoding (GBK CMaps through golang.org/x/text, UCS-2
// CMaps, simple-font encodings). Unknown codes give U+FFFD.
func (f *font) text(k codeKey) string {
	if k.n == 1 {
		if p := f.memo1[k.c&0xff]; p != nil {
			return *p
		}
		s := f.decode(k)
		f.memo1[k.c&0xff] = &s
		return s
	}
	if s, ok := f.memo[k.packed()]; ok {
		return s
	}
	s := f.decode(k)
	f.memo[k.packed()] = s
	return s
}

func (f *font) decode(k codeKey) string {
	if f.toUni != nil {
		if s, ok := f.toUni.text(k); ok && s != "" && s != "\x00" {
			return s
		}
	}
	if !f.type0 {
		if f.simple == nil {
			return "\uFFFD"
		}
		s := f.simpleDecode(byte(k.c))
		if s == "" || !utf8.ValidString(s) {
			return "\uFFFD"
		}
		return s
	}
	b := k.bytes()
	switch {
	case gbkFamily(f.encName):
		if len(b) == 1 && b[0] < 0x80 {
			return string(rune(b[0]))
		}
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil || len(out) == 0 {
			return "\uFFFD"
		}
		return string(out)
	case utf16Family(f.encName):
		u := make([]uint16, 0, 2)
		for i := 0; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	}
	return "\uFFFD"
}

// width returns the advance of code k in thousandths of text space.
func (f *font) width(k codeKey) float64 {
	if !f.type0 {
		i := int(k.c) - f.first
		w := f.missing
		if i >= 0 && i < len(f.widths) {
			w = f.widths[i]
		} else if len(f.widths) == 0 {
			w = 500 // a standard font without /Widths: a rough average
		}
		if f.type3 != 0 {
			w *= float64(f.type3)
		}
		return w
	}
	cid := int(k.c)
	known := true
	switch {
	case f.enc != nil && len(f.enc.space) > 0:
		cid, known = f.enc.cidOf(k)
	case strings.HasPrefix(f.encName, "Identity"):
	case gbkFamily(f.encName):
		// Adobe-GB1 CIDs 1–95 are the proportional ASCII glyphs; the
		// double-byte codes have no cheap mapping, so they take /DW.
		if k.n == 1 && k.c >= 0x20 && k.c <= 0x7E {
			cid = int(k.c) - 31
		} else {
			known = false
		}
	default:
		known = false
	}
	if known {
		if w, ok := f.cidW[cid]; ok {
			return w
		}
	} else if k.n == 1 {
		return f.dw / 2
	}
	return f.dw
}

// simpleDecode decodes one byte through the library's simple-font
// encodings (WinAnsi, MacRoman, /Differences), which may panic on a broken
// font: that gives "".
func (f *font) simpleDecode(b byte) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	return f.simple.Encoder().Decode(string([]byte{b}))
}
