package pdf

import (
	"fmt"
	"strings"
)

// hostile is a crafted PDF with a structure that must fail fast and
// clearly.
type hostile struct {
	name string
	data func() []byte
}

// pageTreeSelf: a /Pages node whose only kid is itself.
func pageTreeSelf() []byte {
	o := onePage(helloContent, "")
	o[2] = "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"
	return classic(o)
}

// pageTreeAncestor: a page, then a /Pages node whose kids lead back to
// the root.
func pageTreeAncestor() []byte {
	o := onePage(helloContent, "")
	o[2] = "<< /Type /Pages /Kids [3 0 R 7 0 R] /Count 3 >>"
	o[7] = "<< /Type /Pages /Parent 2 0 R /Kids [8 0 R] /Count 2 >>"
	o[8] = "<< /Type /Pages /Parent 7 0 R /Kids [2 0 R] /Count 2 >>"
	return classic(o)
}

// xrefPrevSelf: a cross-reference table whose /Prev is itself.
func xrefPrevSelf() []byte {
	c := newCraft("%PDF-1.7").objs(onePage(helloContent, ""))
	off := c.b.Len()
	return c.finish(c.xref(fmt.Sprintf("/Root 1 0 R /Prev %d", off)))
}

// xrefPrevLoop: two cross-reference sections, each the other's /Prev.
func xrefPrevLoop() []byte {
	c := newCraft("%PDF-1.7").objs(onePage(helloContent, ""))
	a := c.xref("/Root 1 0 R /Prev 0000000000")
	b := c.xref(fmt.Sprintf("/Root 1 0 R /Prev %010d", a))
	data := c.finish(b)
	// a's /Prev is b
	s := string(data)
	i := strings.Index(s, "/Prev 0000000000")
	return []byte(s[:i] + fmt.Sprintf("/Prev %010d", b) + s[i+len("/Prev 0000000000"):])
}

// objStmSelf: the page is in object stream 6, and object 6 is said to be
// in object stream 6 too.
func objStmSelf() []byte {
	o := onePage(helloContent, "")
	page := o[3]
	delete(o, 3)
	c := newCraft("%PDF-1.7").objs(o)
	c.obj(6, objStm(map[int]string{3: page}, ""))
	return c.finish(c.xrefStream(9, map[int]xent{3: {2, 6, 0}, 6: {2, 6, 1}}, "/Root 1 0 R"))
}

// objStmLoop: object streams 6 and 7 each said to be inside the other.
func objStmLoop() []byte {
	o := onePage(helloContent, "")
	page := o[3]
	delete(o, 3)
	c := newCraft("%PDF-1.7").objs(o)
	c.obj(6, objStm(map[int]string{3: page}, ""))
	return c.finish(c.xrefStream(9, map[int]xent{3: {2, 6, 0}, 6: {2, 7, 0}, 7: {2, 6, 1}}, "/Root 1 0 R"))
}

// objStmLengthInside: object stream 6's /Length is object 7, which is
// inside object stream 6.
func objStmLengthInside() []byte {
	o := onePage(helloContent, "")
	page := o[3]
	delete(o, 3)
	c := newCraft("%PDF-1.7").objs(o)
	s := objStm(map[int]string{3: page}, "")
	// replace the direct /Length by a reference to object 7
	i := strings.Index(s, "/Length ")
	j := i + strings.Index(s[i:], " >>")
	n := s[i+len("/Length ") : j]
	s = s[:i] + "/Length 7 0 R" + s[j:]
	c.obj(6, s)
	_ = n
	return c.finish(c.xrefStream(9, map[int]xent{3: {2, 6, 0}, 7: {2, 6, 1}}, "/Root 1 0 R"))
}

// objStmExtendsSelf: object stream 6 /Extends itself and does not hold
// object 3, which the cross-reference stream says it holds.
func objStmExtendsSelf() []byte {
	o := onePage(helloContent, "")
	delete(o, 3)
	c := newCraft("%PDF-1.7").objs(o)
	c.obj(6, objStm(map[int]string{8: "<< >>"}, "/Extends 6 0 R"))
	return c.finish(c.xrefStream(9, map[int]xent{3: {2, 6, 0}, 8: {2, 6, 0}}, "/Root 1 0 R"))
}

// lengthSelf: the content stream's /Length is a reference to itself.
func lengthSelf() []byte {
	o := onePage(helloContent, "")
	o[4] = "<< /Length 4 0 R >>\nstream\n" + helloContent + "\nendstream"
	return classic(o)
}

// type0 returns a Type0 font dictionary over Identity-H-like 2-byte codes
// with the encoding enc (a name or a reference).
func type0(enc, extra string) string {
	return "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding " + enc +
		" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>] " + extra + " >>"
}

// cmapBody is a small CMap mapping 2-byte codes <0001>…<00FF> to the
// Latin letters and CIDs.
const cmapBody = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 begincidrange <0000> <00FF> 0 endcidrange
1 beginbfrange <0041> <005A> <0041> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`

// cmapUseSelf: the font's encoding CMap stream says /UseCMap itself.
func cmapUseSelf() []byte {
	o := onePage("BT /F1 12 Tf 72 720 Td <00480049> Tj ET", "")
	o[5] = type0("6 0 R", "")
	o[6] = stream("/Type /CMap /CMapName /Loop /UseCMap 6 0 R", cmapBody)
	return classic(o)
}

// toUnicodeUseSelf: the font's ToUnicode CMap says /UseCMap itself.
func toUnicodeUseSelf() []byte {
	o := onePage("BT /F1 12 Tf 72 720 Td <00480049> Tj ET", "")
	o[5] = type0("/Identity-H", "/ToUnicode 6 0 R")
	o[6] = stream("/UseCMap 6 0 R", cmapBody)
	return classic(o)
}

// fontDescendantSelf: a Type0 font that is its own descendant font.
func fontDescendantSelf() []byte {
	o := onePage("BT /F1 12 Tf 72 720 Td <00480049> Tj ET", "")
	o[5] = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [5 0 R] >>"
	return classic(o)
}

// formSelf: a form XObject that draws itself.
func formSelf() []byte {
	o := onePage("q /Fm1 Do Q "+helloContent, "/XObject << /Fm1 6 0 R >>")
	o[6] = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 6 0 R >> /Font << /F1 5 0 R >> >>",
		"BT /F1 12 Tf 72 700 Td (Form) Tj ET /Fm1 Do /Fm1 Do")
	return classic(o)
}

// formLoop: two form XObjects that draw each other.
func formLoop() []byte {
	o := onePage("q /Fm1 Do Q "+helloContent, "/XObject << /Fm1 6 0 R >>")
	o[6] = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm2 7 0 R >> >>", "/Fm2 Do /Fm2 Do")
	o[7] = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 6 0 R >> >>", "/Fm1 Do /Fm1 Do")
	return classic(o)
}

// hostiles are the crafted structures with cycles.
var hostiles = []hostile{
	{"page-tree-self", pageTreeSelf},
	{"page-tree-ancestor", pageTreeAncestor},
	{"xref-prev-self", xrefPrevSelf},
	{"xref-prev-loop", xrefPrevLoop},
	{"objstm-self", objStmSelf},
	{"objstm-loop", objStmLoop},
	{"objstm-length-inside", objStmLengthInside},
	{"objstm-extends-self", objStmExtendsSelf},
	{"length-self", lengthSelf},
	{"cmap-usecmap-self", cmapUseSelf},
	{"tounicode-usecmap-self", toUnicodeUseSelf},
	{"font-descendant-self", fontDescendantSelf},
	{"form-self", formSelf},
	{"form-loop", formLoop},
}
