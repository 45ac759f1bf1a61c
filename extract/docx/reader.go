// Package docx reads a WordprocessingML (.docx) disclosure into a
// model.Document.
//
// What is read: the main document part only (word/document.xml, or the part
// that _rels/.rels or [Content_Types].xml names as the main document), as a
// stream of XML tokens; the whole part is never held in memory as a tree.
// Its body paragraphs and tables come back as model.Blocks in document order:
//
//   - A paragraph's Text is the text of its runs as printed: w:t (spaces
//     kept), w:tab and w:ptab as "\t", w:br and w:cr as "\n" (a page break
//     adds nothing), w:noBreakHyphen as "-". Inserted text (w:ins), content
//     controls (w:sdt), hyperlinks, smart tags, custom XML and simple fields
//     are read through. Deleted and moved-away text (w:del, w:delText,
//     w:moveFrom), field codes (w:instrText), symbols (w:sym), soft hyphens,
//     ruby guide text, bookmarks and runs hidden by a direct w:vanish add
//     nothing. Style is the w:pStyle id.
//     Body paragraphs whose Text is empty are dropped.
//   - Text boxes (w:txbxContent) are read once, from the first branch of an
//     mc:AlternateContent (its mc:Choice, else its mc:Fallback). Their
//     paragraphs and tables come right after the paragraph that anchors
//     them: as body blocks in the body, as further paragraphs and nested
//     tables in a table cell.
//   - A table's Cols is the number of w:gridCol in its w:tblGrid, widened to
//     the widest row when the rows use more columns; GridKnown is true.
//     A row's Header reports w:tblHeader. A cell's Col counts w:gridBefore
//     and the spans of the cells before it; Span is w:gridSpan; VMerge is
//     w:vMerge. An old-style horizontal merge (w:hMerge) is folded into the
//     Span of the cell where it starts. A cell's Text is its paragraphs
//     joined by "\n", without empty paragraphs at either end. Rows without
//     cells, and rows deleted as a tracked change, are dropped.
//   - A table nested in a cell is not part of the cell's text: it is its own
//     Table block, with Nested set, right after the block of the table that
//     holds it; tables nested deeper follow their own parent the same way,
//     so the blocks come in the order the tables start in the XML.
//
// What is not read: headers, footers, footnotes, endnotes, comments,
// numbering (list labels such as "一、" produced by w:numPr are not in the
// text), styles (only the style id is kept), equations (m:oMath), images,
// embedded objects and altChunk imports. Positions are not known in a DOCX:
// every Pos is zero.
//
// Errors are *model.Error values wrapping model.ErrMalformed for anything that
// is not a well-formed DOCX (not a zip, no main part, an XML syntax error, a
// main part larger than MaxPartSize, tables nested deeper than MaxTableDepth),
// naming the table ("table N", N counting tables from 1 in the order they
// start, nested ones included) and 1-based row when the fault is inside a
// table; and model.ErrUnsupported for a legacy binary .doc or an encrypted
// .docx (both OLE compound files).
package docx

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// MaxPartSize is the largest decompressed main document part the reader
// accepts, in bytes. A larger part (a zip bomb, or not a budget disclosure)
// is reported as malformed.
const MaxPartSize = 256 << 20

// MaxTableDepth is how deeply tables may nest: a body table has depth 1, a
// table in one of its cells depth 2. Deeper nesting is reported as malformed.
const MaxTableDepth = 32

// BUG(budgetx): A main part in UTF-16 is reported as malformed (Word writes
// UTF-8).

// BUG(budgetx): Text hidden by a character or paragraph style, rather than by
// a w:vanish on the run itself, is read: styles.xml is not read.

// BUG(budgetx): Automatic numbering (w:numPr) is not rendered, so a heading
// numbered by Word comes without its "一、" or "1.".

// maxElementDepth bounds the nesting of XML elements, so that neither the
// decoder's stack nor the reader's recursion grows without bound.
const maxElementDepth = 1024

// maxAuxSize bounds the package parts read to find the main part.
const maxAuxSize = 1 << 20

// Limits as variables, so that tests can lower them.
var (
	maxPartSize = int64(MaxPartSize)
)

// errInternal marks an error made from a panic inside the reader: a bug in
// budgetx, not a fault of the input.
var errInternal = errors.New("docx: internal error")

// errTooLarge is the error of a part that decompresses to more than its limit.
var errTooLarge = errors.New("decompressed size exceeds limit")

// oleMagic starts every OLE compound file: a legacy Word 97-2003 .doc, or an
// OOXML package that was encrypted with a password.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// ReadFile reads the .docx file at path. The Document's Path is path as given.
// An error opening or reading the file is returned as os.ReadFile gives it.
func ReadFile(path string) (*model.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Read(path, data)
}

// ReadAll reads a .docx from r; path names it in errors and in the Document.
func ReadAll(path string, r io.Reader) (*model.Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Read(path, data)
}

// Read parses data, the bytes of the .docx file at path. It never panics: a
// fault in the reader itself comes back as an error.
func Read(path string, data []byte) (doc *model.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = &model.Error{File: path, Err: fmt.Errorf("%w: %v", errInternal, r)}
		}
	}()
	sum := sha256.Sum256(data)
	doc = &model.Document{Path: path, DocID: hex.EncodeToString(sum[:]), Format: model.FormatDOCX}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: OLE compound file (a legacy .doc, or an encrypted .docx)", model.ErrUnsupported)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, malformed(path, "not a zip archive: %v", err)
	}
	f, err := mainPart(zr)
	if err != nil {
		return nil, &model.Error{File: path, Err: err}
	}
	if f == nil {
		return nil, malformed(path, "no main document part (word/document.xml)")
	}
	if f.UncompressedSize64 > uint64(maxPartSize) {
		return nil, malformed(path, "%s: %v (%d bytes > %d)", f.Name, errTooLarge, f.UncompressedSize64, maxPartSize)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, malformed(path, "opening %s: %v", f.Name, err)
	}
	defer rc.Close()
	p := newParser(path, f.Name, &limitReader{r: rc, n: maxPartSize})
	if err := p.document(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

func malformed(file, format string, args ...any) *model.Error {
	return &model.Error{File: file, Err: fmt.Errorf("%w: "+format, append([]any{model.ErrMalformed}, args...)...)}
}

// limitReader reads from r and fails with errTooLarge once more than n
// bytes have been read.
type limitReader struct {
	r io.Reader
	n int64 // bytes still allowed
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errTooLarge
	}
	return n, err
}

// Content types of the main part of a WordprocessingML package.
const (
	relOfficeDocument = "/officeDocument" // suffix of the relationship type, transitional and strict
	ctMainSuffix      = ".main+xml"       // application/vnd...wordprocessingml.document.main+xml and the macro/template kinds
	ctWordprocessing  = "wordprocessingml"
)

// mainPart finds the main document part of a package: the target of the
// package's officeDocument relationship, else the part whose content type is
// a WordprocessingML main part, else word/document.xml. Part names are
// compared without regard to case, as OPC requires. It returns nil if there is
// no such part.
func mainPart(zr *zip.Reader) (*zip.File, error) {
	byName := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := byName[name]; !dup {
			byName[name] = f
		}
	}
	lookup := func(name string) *zip.File {
		name = strings.TrimPrefix(path.Clean("/"+name), "/")
		return byName[strings.ToLower(name)]
	}
	var candidates []string
	if f := lookup("_rels/.rels"); f != nil {
		names, err := scanAux(f, func(se xml.StartElement) (string, bool) {
			if se.Name.Local != "Relationship" || !strings.HasSuffix(attr(se, "Type"), relOfficeDocument) ||
				strings.EqualFold(attr(se, "TargetMode"), "External") {
				return "", false
			}
			return attr(se, "Target"), true
		})
		if err != nil {
			return nil, err
		}
		candidates = append(candidates, names...)
	}
	if f := lookup("[Content_Types].xml"); f != nil {
		names, err := scanAux(f, func(se xml.StartElement) (string, bool) {
			ct := strings.ToLower(attr(se, "ContentType"))
			if se.Name.Local != "Override" || !strings.Contains(ct, ctWordprocessing) || !strings.HasSuffix(ct, ctMainSuffix) {
				return "", false
			}
			return attr(se, "PartName"), true
		})
		if err != nil {
			return nil, err
		}
		candidates = append(candidates, names...)
	}
	candidates = append(candidates, "word/document.xml")
	for _, name := range candidates {
		if f := lookup(name); f != nil {
			return f, nil
		}
	}
	return nil, nil
}

// scanAux streams the small package part f and returns pick's results for
// its start elements, in order.
func scanAux(f *zip.File, pick func(xml.StartElement) (string, bool)) ([]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: opening %s: %v", model.ErrMalformed, f.Name, err)
	}
	defer rc.Close()
	d := xml.NewDecoder(&limitReader{r: rc, n: maxAuxSize})
	var out []string
	depth := 0
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: reading %s: %w", model.ErrMalformed, f.Name, err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			if depth++; depth > maxElementDepth {
				return nil, fmt.Errorf("%w: reading %s: elements nested deeper than %d", model.ErrMalformed, f.Name, maxElementDepth)
			}
			if s, ok := pick(t); ok {
				out = append(out, s)
			}
		case xml.EndElement:
			depth--
		}
	}
}

// attr returns the value of se's attribute named local in no namespace or in
// a WordprocessingML namespace, or "".
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || isWSpace(a.Name.Space)) {
			return a.Value
		}
	}
	return ""
}
