// Package docx reads a WordprocessingML (.docx) disclosure into a
// model.Document.
//
// What is read: the main document part only (word/document.xml, or the part
// that _rels/.rels or [Content_Types].xml names as the main document), as a
// stream of XML tokens; the whole part is never held in memory as a tree.
// The tokens come from a scanner made for the part (scanner.go), which
// reads the XML that encoding/xml reads, with its errors, a few times
// faster.
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
// Every document is read under model.Limits (Read's lim; ReadFile and
// ReadAll use model.DefaultLimits): the input's size, the decompressed size
// of each package part read, the number of tables, how deep they nest, the
// rows and grid columns of a table (w:gridCol, and the w:gridBefore,
// w:gridSpan and w:gridAfter of any row), the grid positions of all tables
// (rows × grid columns, summed: what laying them out costs), and the bytes
// of text in a cell and in a paragraph. Each is checked as the part is
// streamed, before anything is allocated per grid column, and the first one
// crossed fails the document with a *model.Error wrapping model.ErrLimit,
// positioned in its table, row and column:
//
//	x.docx: table "table 3": row 2: column 1: over a limit: a cell spanning 2000000 grid columns, more than the limit of 1000
//
// Other errors are *model.Error values too: model.ErrEmpty for an empty file
// or a document with no text and no table; model.ErrEncrypted for an OOXML
// package encrypted with a password (an OLE compound file holding
// EncryptionInfo and EncryptedPackage streams); model.ErrUnsupported for
// any other OLE compound file (a legacy Word 97-2003 .doc); and
// model.ErrMalformed for anything that is not a well-formed DOCX (not a zip,
// two zip entries with the same part name, no main part, an XML syntax
// error), naming the table ("table N", N counting tables from 1 in the order
// they start, nested ones included) and 1-based row when the fault is inside
// a table.
package docx

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/budgetx/budgetx/internal/inputfile"
	"github.com/budgetx/budgetx/model"
)

// BUG(budgetx): A main part in UTF-16 is reported as malformed (Word writes
// UTF-8).

// BUG(budgetx): Text hidden by a character or paragraph style, rather than by
// a w:vanish on the run itself, is read: styles.xml is not read.

// BUG(budgetx): Automatic numbering (w:numPr) is not rendered, so a heading
// numbered by Word comes without its "一、" or "1.".

// maxElementDepth bounds the nesting of XML elements, so that neither the
// decoder's stack nor the reader's recursion grows without bound.
const maxElementDepth = 1024

// maxAuxSize bounds the package parts read to find the main part
// (_rels/.rels, [Content_Types].xml), below Limits.PartBytes.
const maxAuxSize = 1 << 20

// errInternal marks an error made from a panic inside the reader: a bug in
// budgetx, not a fault of the input.
var errInternal = errors.New("docx: internal error")

// tooLarge is the error of a part that decompresses to more than limit
// bytes.
type tooLarge struct{ limit int64 }

func (e *tooLarge) Error() string {
	return fmt.Sprintf("decompresses to more than the limit of %d bytes", e.limit)
}

// oleMagic starts every OLE compound file: a legacy Word 97-2003 .doc, or an
// OOXML package that was encrypted with a password.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// ReadFile reads the .docx file at path under model.DefaultLimits. The
// Document's Path is path as given. Only a regular file is read (see
// internal/inputfile): a directory, a named pipe or a device fails with
// model.ErrNotRegular before anything is read, a file larger than the
// limit with model.ErrLimit.
func ReadFile(path string) (*model.Document, error) {
	lim := model.DefaultLimits()
	data, err := inputfile.ReadAll(path, lim.InputBytes)
	if err != nil {
		return nil, err
	}
	return Read(path, data, lim)
}

// ReadAll reads a .docx from r under model.DefaultLimits; path names it in
// errors and in the Document.
func ReadAll(path string, r io.Reader) (*model.Document, error) {
	lim := model.DefaultLimits()
	data, err := inputfile.ReadLimited(path, r, lim.InputBytes)
	if err != nil {
		return nil, err
	}
	return Read(path, data, lim)
}

// Read parses data, the bytes of the .docx file at path, under lim (a zero
// field is its default: see model.Limits.WithDefaults). It never panics: a
// fault in the reader itself comes back as an error.
func Read(path string, data []byte, lim model.Limits) (doc *model.Document, err error) {
	return read(path, data, lim, parsePart)
}

// partParser reads the main part r, named part in the package of file,
// into doc under lim.
type partParser func(file, part string, r io.Reader, lim model.Limits, doc *model.Document) error

// parsePart is the partParser of Read.
func parsePart(file, part string, r io.Reader, lim model.Limits, doc *model.Document) error {
	return newParser(file, part, r, lim).document(doc)
}

// read is Read with the main part read by parse.
func read(path string, data []byte, lim model.Limits, parse partParser) (doc *model.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = &model.Error{File: path, Err: fmt.Errorf("%w: %v", errInternal, r)}
		}
	}()
	lim = lim.WithDefaults()
	if len(data) == 0 {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: an empty file", model.ErrEmpty)}
	}
	if int64(len(data)) > lim.InputBytes {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: a file of %d bytes, more than the limit of %d", model.ErrLimit, len(data), lim.InputBytes)}
	}
	sum := sha256.Sum256(data)
	doc = &model.Document{Path: path, DocID: hex.EncodeToString(sum[:]), Format: model.FormatDOCX}
	if bytes.HasPrefix(data, oleMagic) {
		switch oleKind(data) {
		case oleEncrypted:
			return nil, &model.Error{File: path, Err: fmt.Errorf("%w: needs a password (an OOXML package encrypted with one: an OLE compound file with EncryptionInfo and EncryptedPackage)", model.ErrEncrypted)}
		case oleWord:
			return nil, &model.Error{File: path, Err: fmt.Errorf("%w: a legacy Word 97-2003 document (.doc, an OLE compound file), not a .docx: save it as .docx", model.ErrUnsupported)}
		}
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: an OLE compound file (a legacy Office document), not a .docx", model.ErrUnsupported)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, malformed(path, "not a zip archive: %v", err)
	}
	f, err := mainPart(zr, lim)
	if err != nil {
		return nil, &model.Error{File: path, Err: err}
	}
	if f == nil {
		return nil, malformed(path, "no main document part (word/document.xml)")
	}
	if f.UncompressedSize64 > uint64(lim.PartBytes) {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: %s: %d bytes decompressed, more than the limit of %d", model.ErrLimit, f.Name, f.UncompressedSize64, lim.PartBytes)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, malformed(path, "opening %s: %v", f.Name, err)
	}
	defer rc.Close()
	if err := parse(path, f.Name, &limitReader{r: rc, n: lim.PartBytes, limit: lim.PartBytes}, lim, doc); err != nil {
		return nil, err
	}
	if !hasContent(doc) {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: no text and no table", model.ErrEmpty)}
	}
	return doc, nil
}

// hasContent reports whether doc has a paragraph with more than spaces in
// it, or a table with a row.
func hasContent(doc *model.Document) bool {
	for _, b := range doc.Blocks {
		if b.Para != nil && strings.TrimFunc(b.Para.Text, unicode.IsSpace) != "" || b.Table != nil && len(b.Table.Rows) > 0 {
			return true
		}
	}
	return false
}

// Kinds of OLE compound file.
const (
	oleOther     = iota
	oleWord      // a Word 97-2003 document: a WordDocument stream
	oleEncrypted // an encrypted OOXML package (MS-OFFCRYPTO)
)

// oleKind tells an encrypted OOXML package, whose compound file holds the
// streams EncryptionInfo and EncryptedPackage, from a legacy Word document
// (a WordDocument stream), by the names in the compound file's directory.
// Directory entries are 128 bytes, aligned to 128 from the end of the
// 512-byte header (sectors are 512 or 4096 bytes), and start with the
// stream's name in UTF-16LE; its length in bytes, with the terminating
// NUL, follows at offset 64 and the entry's type (2: a stream) at 66. The
// entries are looked for at every such offset rather than by following
// the sector chains: it costs one pass over the file and cannot loop.
func oleKind(data []byte) int {
	info, pkg, word := false, false, false
	for off := 512; off+128 <= len(data); off += 128 {
		e := data[off : off+128]
		n := int(binary.LittleEndian.Uint16(e[64:66]))
		if e[66] != 2 || n < 4 || n > 64 || n%2 != 0 || e[n-2] != 0 || e[n-1] != 0 {
			continue
		}
		switch oleName(e[:n-2]) {
		case "EncryptionInfo":
			info = true
		case "EncryptedPackage":
			pkg = true
		case "WordDocument":
			word = true
		}
	}
	switch {
	case info && pkg:
		return oleEncrypted
	case word:
		return oleWord
	}
	return oleOther
}

// oleName decodes a directory entry's UTF-16LE name.
func oleName(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

func malformed(file, format string, args ...any) *model.Error {
	return &model.Error{File: file, Err: fmt.Errorf("%w: "+format, append([]any{model.ErrMalformed}, args...)...)}
}

// limitReader reads from r and fails with a *tooLarge error once more
// than limit bytes have been read: the size a zip entry's header gives may
// lie.
type limitReader struct {
	r     io.Reader
	n     int64 // bytes still allowed
	limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, &tooLarge{l.limit}
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, &tooLarge{l.limit}
	}
	return n, err
}

// Content types of the main part of a WordprocessingML package.
const (
	relOfficeDocument = "/officeDocument" // suffix of the relationship type, transitional and strict
	ctMainSuffix      = ".main+xml"       // application/vnd...wordprocessingml.document.main+xml and the macro/template kinds
	ctWordprocessing  = "wordprocessingml"
)

// partKey is the name a part is known by: without a leading "/", cleaned,
// and in lower case (OPC compares part names without regard to case).
func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(path.Clean("/"+name), "/"))
}

// mainPart finds the main document part of a package: the target of the
// package's officeDocument relationship, else the part whose content type is
// a WordprocessingML main part, else word/document.xml. It returns nil if there is
// no such part. Two zip entries for one part name make the package invalid:
// zip readers differ on which one wins, so the one read could be a decoy.
func mainPart(zr *zip.Reader, lim model.Limits) (*zip.File, error) {
	byName := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue // a folder
		}
		name := partKey(f.Name)
		if prev, dup := byName[name]; dup {
			return nil, fmt.Errorf("%w: not a valid package: two zip entries for one part, %q and %q", model.ErrMalformed, prev.Name, f.Name)
		}
		byName[name] = f
	}
	auxLimit := min(maxAuxSize, lim.PartBytes)
	lookup := func(name string) *zip.File {
		return byName[partKey(name)]
	}
	var candidates []string
	if f := lookup("_rels/.rels"); f != nil {
		names, err := scanAux(f, auxLimit, func(se xml.StartElement) (string, bool) {
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
		names, err := scanAux(f, auxLimit, func(se xml.StartElement) (string, bool) {
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

// scanAux streams the small package part f, of at most limit bytes, and
// returns pick's results for its start elements, in order.
func scanAux(f *zip.File, limit int64, pick func(xml.StartElement) (string, bool)) ([]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: opening %s: %v", model.ErrMalformed, f.Name, err)
	}
	defer rc.Close()
	d := xml.NewDecoder(&limitReader{r: rc, n: limit, limit: limit})
	var out []string
	depth := 0
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		var big *tooLarge
		if errors.As(err, &big) {
			return nil, fmt.Errorf("%w: %s %v", model.ErrLimit, f.Name, err)
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
