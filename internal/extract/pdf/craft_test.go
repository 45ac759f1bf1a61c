package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
)

// craft writes a small PDF by hand, object by object, so that tests can
// give the reader the hostile structures real files only have by accident:
// cycles, loops, bad lengths. Nothing is validated; what is written is
// what the test asked for.
type craft struct {
	b    bytes.Buffer
	offs map[int]int // object number → offset of "n 0 obj"
}

// newCraft starts a file with the given header line ("%PDF-1.7").
func newCraft(header string) *craft {
	c := &craft{offs: map[int]int{}}
	c.b.WriteString(header + "\n%\xe2\xe3\xcf\xd3\n")
	return c
}

// obj writes object n with body (a dictionary, a stream, a number …).
func (c *craft) obj(n int, body string) *craft {
	c.offs[n] = c.b.Len()
	fmt.Fprintf(&c.b, "%d 0 obj\n%s\nendobj\n", n, body)
	return c
}

// objs writes the objects of m in the order of their numbers.
func (c *craft) objs(m map[int]string) *craft {
	var ns []int
	for n := range m {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	for _, n := range ns {
		c.obj(n, m[n])
	}
	return c
}

// stream returns a stream object with dict's entries and data, its
// /Length direct and exact.
func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// flate returns data compressed with zlib.
func flate(data string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(data))
	w.Close()
	return b.String()
}

// xref writes a cross-reference table of every object written so far and
// a trailer with trailer's entries (besides /Size), and returns its
// offset.
func (c *craft) xref(trailer string) int {
	off := c.b.Len()
	size := 0
	for n := range c.offs {
		size = max(size, n+1)
	}
	fmt.Fprintf(&c.b, "xref\n0 %d\n", size)
	for n := 0; n < size; n++ {
		if o, ok := c.offs[n]; ok {
			fmt.Fprintf(&c.b, "%010d 00000 n \n", o)
		} else {
			fmt.Fprintf(&c.b, "%010d 65535 f \n", 0)
		}
	}
	fmt.Fprintf(&c.b, "trailer\n<< /Size %d %s >>\n", size, trailer)
	return off
}

// xent is an entry of a cross-reference stream: type 1 (offset) or 2 (in
// object stream st at index i).
type xent struct{ typ, a, b int }

// xrefStream writes object n, a cross-reference stream of every object
// written so far plus the entries of extra (objects inside object
// streams), with trailer's entries, and returns its offset.
func (c *craft) xrefStream(n int, extra map[int]xent, trailer string) int {
	off := c.b.Len()
	c.offs[n] = off
	size := 0
	for k := range c.offs {
		size = max(size, k+1)
	}
	for k := range extra {
		size = max(size, k+1)
	}
	var rows bytes.Buffer
	for k := 0; k < size; k++ {
		e := xent{0, 0, 65535}
		if o, ok := c.offs[k]; ok {
			e = xent{1, o, 0}
		}
		if x, ok := extra[k]; ok {
			e = x
		}
		var r [7]byte
		r[0] = byte(e.typ)
		binary.BigEndian.PutUint32(r[1:5], uint32(e.a))
		binary.BigEndian.PutUint16(r[5:7], uint16(e.b))
		rows.Write(r[:])
	}
	fmt.Fprintf(&c.b, "%d 0 obj\n%s\nendobj\n", n,
		stream(fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] %s", size, trailer), rows.String()))
	return off
}

// finish writes startxref and %%EOF and returns the file.
func (c *craft) finish(startxref int) []byte {
	fmt.Fprintf(&c.b, "startxref\n%d\n%%%%EOF\n", startxref)
	return c.b.Bytes()
}

// objStm returns an object stream holding objs (number → body), in the
// order of their numbers, with dict's entries besides /Type /N /First.
func objStm(objs map[int]string, dict string) string {
	var ns []int
	for n := range objs {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	var head, body strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&head, "%d %d ", n, body.Len())
		body.WriteString(objs[n] + "\n")
	}
	h := head.String()
	return stream(fmt.Sprintf("/Type /ObjStm /N %d /First %d %s", len(ns), len(h), dict), h+body.String())
}

// helloContent draws "Hello" in font /F1.
const helloContent = "BT /F1 12 Tf 72 720 Td (Hello) Tj ET"

// helvetica is a simple font dictionary.
const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

// onePage returns the objects of a one-page document that draws content
// with /F1 (Helvetica) and the resources in res (besides /Font): catalog
// 1, pages 2, page 3, content 4, font 5.
func onePage(content, res string) map[int]string {
	return map[int]string{
		1: "<< /Type /Catalog /Pages 2 0 R >>",
		2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		3: fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> %s >> >>", res),
		4: stream("", content),
		5: helvetica,
	}
}

// classic writes objs with a cross-reference table and returns the file.
func classic(objs map[int]string) []byte {
	c := newCraft("%PDF-1.7").objs(objs)
	return c.finish(c.xref("/Root 1 0 R"))
}

// goodPDF is a well-formed one-page document that draws "Hello".
func goodPDF() []byte { return classic(onePage(helloContent, "")) }
