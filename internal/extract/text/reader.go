// Package text reads the flattened text form of a disclosure (the form of
// fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt) into a model.Document.
//
// The form: a line that starts with a TAB is a table cell; a blank line ends
// a table row; a line without a TAB inside a row continues the previous
// cell (a cell's further paragraphs); any other line is a body paragraph.
// Consecutive rows with no body paragraph between them form one table.
// "[bookmark: …]" markers are removed from paragraphs and cells.
//
// Lines end with LF, CRLF or a bare CR (old Mac exports); the CRCRLF of a
// file converted twice is one line end. The text is UTF-8 (a byte order mark is
// dropped), UTF-16 with a byte order mark, or GB18030 (GBK, GB2312): bytes
// that are not valid UTF-8 but are valid GB18030 are read as GB18030, which
// Chinese tools write by default. Anything else fails as malformed, at the
// line of the first byte that is not UTF-8.
//
// Control characters other than TAB, LF and CR (NUL, form feed …) print
// nothing. A file where they are more than 1% of the bytes is binary, not
// text, and fails with model.ErrUnsupported. Otherwise they are removed,
// and each line that held some keeps one U+FFFD (the Unicode replacement
// character) at the start of its text, after the TAB of a cell: the line's
// place in the form is read without them, and normalize removes the mark
// and reports what was removed, so that nothing is lost silently. A U+FFFD
// already in the file is left for normalize the same way.
//
// The flattening loses column spans, so tables come back with GridKnown
// false and each cell's Col is its index in the row. It also sometimes cuts
// a row in two; normalize puts such rows back together.
//
// Every document is read under model.Limits (Read's lim; ReadFile and
// ReadAll use model.DefaultLimits): the input's size, the number of tables,
// the rows of a table and the cells of a row (its grid columns), the grid
// positions of all tables (rows times the widest row, summed), the bytes of
// a cell's text and of a line. The first one crossed fails the document with
// a *model.Error wrapping model.ErrLimit, positioned at the line (and the
// table, row and column). An empty file, or one with no text and no table,
// fails with model.ErrEmpty.
package text

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/internal/inputfile"
	"github.com/budgetx/budgetx/model"
)

// Mark is put at the start of the text of a line from which control
// characters were removed (see the package comment).
const Mark = "\uFFFD"

var bookmarkRE = regexp.MustCompile(`\[bookmark:[^\]]*\]`)

// StripBookmarks removes "[bookmark: _Toc123]" markers from s.
func StripBookmarks(s string) string {
	if !strings.Contains(s, "[bookmark:") {
		return s
	}
	return bookmarkRE.ReplaceAllString(s, "")
}

// errInternal marks an error made from a panic inside the reader: a bug in
// budgetx, not a fault of the input.
var errInternal = errors.New("text: internal error")

// ReadFile reads the file at path under model.DefaultLimits. The
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

// ReadAll reads a document from r under model.DefaultLimits; path names it
// in errors and in the Document.
func ReadAll(path string, r io.Reader) (*model.Document, error) {
	lim := model.DefaultLimits()
	data, err := inputfile.ReadLimited(path, r, lim.InputBytes)
	if err != nil {
		return nil, err
	}
	return Read(path, data, lim)
}

// Read parses data, the bytes of the file at path, under lim (a zero field
// is its default: see model.Limits.WithDefaults). It never panics: a fault
// in the reader itself comes back as an error.
func Read(path string, data []byte, lim model.Limits) (doc *model.Document, err error) {
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
	doc = &model.Document{Path: path, DocID: hex.EncodeToString(sum[:]), Format: model.FormatText}
	s, err := decode(path, data)
	if err != nil {
		return nil, err
	}
	r := &reader{path: path, lim: lim, doc: doc}
	if err := r.read(s); err != nil {
		return nil, err
	}
	if !hasContent(doc) {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: no text and no table", model.ErrEmpty)}
	}
	return doc, nil
}

// hasContent reports whether doc has a paragraph or a table cell with
// text (a table of blank cells is nothing to read).
func hasContent(doc *model.Document) bool {
	blank := func(s string) bool {
		return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFFFD' }) == ""
	}
	for _, b := range doc.Blocks {
		if b.Para != nil && !blank(b.Para.Text) {
			return true
		}
		if b.Table != nil {
			for _, r := range b.Table.Rows {
				for _, c := range r.Cells {
					if !blank(c.Text) {
						return true
					}
				}
			}
		}
	}
	return false
}

// decode returns data as UTF-8 text (see the package comment), with its
// control characters still in it.
func decode(path string, data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return decodeUTF16(path, data[2:], false)
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return decodeUTF16(path, data[2:], true)
	}
	// Control characters are single bytes in UTF-8 and GB18030 alike.
	if err := binary(path, data); err != nil {
		return "", err
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	bad := firstInvalid(data)
	if !brokenUTF8(data) {
		if bad = badGB18030(data); bad < 0 {
			out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
			if err == nil && !bytes.Contains(out, []byte("\uFFFD")) {
				return string(out), nil
			}
			bad = 0
		}
	}
	return "", &model.Error{File: path, Line: 1 + lineOf(data, bad), Err: fmt.Errorf("%w: not UTF-8 text (nor UTF-16 with a byte order mark, nor GB18030)", model.ErrMalformed)}
}

// binary fails for text that is more than 1% control characters (see
// isControl): a binary file, not text.
func binary[T string | []byte](path string, s T) error {
	controls, nul := 0, 0
	for i := 0; i < len(s); i++ {
		if isControl(rune(s[i])) {
			controls++
			if s[i] == 0 {
				nul++
			}
		}
	}
	if controls == 0 || controls*100 <= len(s) {
		return nil
	}
	hint := ""
	if nul*4 > len(s) {
		hint = " (UTF-16 text without a byte order mark?)"
	}
	return &model.Error{File: path, Err: fmt.Errorf("%w: not a text file: %d of its %d bytes are control characters%s",
		model.ErrUnsupported, controls, len(s), hint)}
}

// decodeUTF16 decodes UTF-16 text in the byte order given.
func decodeUTF16(path string, data []byte, bigEndian bool) (string, error) {
	if len(data)%2 != 0 {
		return "", &model.Error{File: path, Err: fmt.Errorf("%w: UTF-16 text (by its byte order mark) of an odd number of bytes", model.ErrMalformed)}
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	line := 1
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c == '\n':
			line++
		case utf16.IsSurrogate(rune(c)):
			if c < 0xdc00 && i+1 < len(u) && u[i+1] >= 0xdc00 && u[i+1] < 0xe000 {
				i++
				continue
			}
			return "", &model.Error{File: path, Line: line, Err: fmt.Errorf("%w: not UTF-16 text (an unpaired surrogate)", model.ErrMalformed)}
		}
	}
	out := string(utf16.Decode(u))
	return out, binary(path, out)
}

// brokenUTF8 reports whether data reads as UTF-8 with a few broken bytes
// (a truncated or damaged file) rather than as another encoding: GB18030
// text read as UTF-8 gives more invalid bytes than accidental multibyte
// characters, UTF-8 text far fewer.
func brokenUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return invalid*20 < valid
}

// badGB18030 returns the offset of the first byte of data that is not
// well-formed GB18030, -1 if there is none. GB18030 is ASCII, two-byte
// sequences (0x81–0xFE, then 0x40–0x7E or 0x80–0xFE) and four-byte ones
// (0x81–0xFE, 0x30–0x39, 0x81–0xFE, 0x30–0x39).
func badGB18030(data []byte) int {
	lead := func(b byte) bool { return b >= 0x81 && b <= 0xfe }
	digit := func(b byte) bool { return b >= 0x30 && b <= 0x39 }
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b < 0x80:
			i++
		case !lead(b) || i+1 >= len(data):
			return i
		case data[i+1] >= 0x40 && data[i+1] <= 0xfe && data[i+1] != 0x7f:
			i += 2
		case digit(data[i+1]) && i+3 < len(data) && lead(data[i+2]) && digit(data[i+3]):
			i += 4
		default:
			return i
		}
	}
	return -1
}

// firstInvalid returns the offset of the first byte of data that is not
// UTF-8.
func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// lineOf returns how many line ends (see nextLine) come before offset off
// of data.
func lineOf(data []byte, off int) int {
	n := 0
	for s := string(data[:off]); s != ""; n++ {
		_, rest, ended := nextLine(s)
		if !ended {
			break
		}
		s = rest
	}
	return n
}

// nextLine cuts the first line off s: the line without its end, the rest
// after it, and whether a line end was found. A line ends at LF, CRLF, the
// CRCRLF of a file converted twice, or a bare CR. (It looks two bytes
// ahead at most: a run of CRs is that many line ends, found in one pass.)
func nextLine(s string) (line, rest string, ended bool) {
	i := strings.IndexAny(s, "\r\n")
	switch {
	case i < 0:
		return s, "", false
	case strings.HasPrefix(s[i:], "\r\n"):
		return s[:i], s[i+2:], true
	case strings.HasPrefix(s[i:], "\r\r\n"):
		return s[:i], s[i+3:], true
	}
	return s[:i], s[i+1:], true
}

// isControl reports whether r is a control character that prints nothing
// and means nothing in the form: C0 controls other than TAB, LF and CR.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r'
}

// reader reads the lines of one document.
type reader struct {
	path   string
	lim    model.Limits
	doc    *model.Document
	lineNo int
	table  *model.Table
	width  int        // widest row of table
	row    *model.Row // the row being read; nil between rows
	cell   strings.Builder
	open   bool // cell holds the text of the row's last cell
	tables int
	cells  int // grid positions of the tables before table
}

// fail returns the *model.Error of err at the current line, in the current
// table, row and cell.
func (r *reader) fail(err error) error {
	e := &model.Error{File: r.path, Line: r.lineNo, Err: err}
	if r.table != nil && r.row != nil {
		e.Table = "table " + strconv.Itoa(r.tables)
		e.Row = len(r.table.Rows) + 1
		e.Column = len(r.row.Cells)
	}
	return e
}

func (r *reader) over(format string, args ...any) error {
	return r.fail(fmt.Errorf("%w: "+format, append([]any{model.ErrLimit}, args...)...))
}

func (r *reader) read(s string) error {
	controls := strings.IndexFunc(s, isControl) >= 0
	for s != "" {
		var line string
		line, s, _ = nextLine(s)
		r.lineNo++
		if len(line) > r.lim.ParaText {
			return r.fail(fmt.Errorf("%w: a line of %d bytes, more than the limit of %d", model.ErrLimit, len(line), r.lim.ParaText))
		}
		mark := ""
		if controls && strings.IndexFunc(line, isControl) >= 0 {
			line = strings.Map(func(c rune) rune {
				if isControl(c) {
					return -1
				}
				return c
			}, line)
			mark = Mark
		}
		if err := r.line(line, mark); err != nil {
			return err
		}
	}
	return r.endRow()
}

// line reads one line, mark put at the start of its text.
func (r *reader) line(line, mark string) error {
	switch {
	case strings.HasPrefix(line, "\t"):
		if r.table == nil {
			if r.tables++; r.tables > r.lim.Tables {
				return r.fail(fmt.Errorf("%w: %d tables, more than the limit of %d", model.ErrLimit, r.tables, r.lim.Tables))
			}
			r.table = &model.Table{Pos: model.Pos{Line: r.lineNo}}
			r.width = 0
			r.doc.Blocks = append(r.doc.Blocks, model.Block{Table: r.table})
		}
		if r.row == nil {
			r.row = &model.Row{Pos: model.Pos{Line: r.lineNo}}
		}
		r.flush()
		r.row.Cells = append(r.row.Cells, model.Cell{
			Col:  len(r.row.Cells),
			Span: 1,
			Pos:  model.Pos{Line: r.lineNo},
		})
		if len(r.row.Cells) > r.lim.Cols {
			return r.over("a row of %d cells, more than the limit of %d grid columns", len(r.row.Cells), r.lim.Cols)
		}
		r.cell.WriteString(mark)
		r.cell.WriteString(StripBookmarks(line[1:]))
		r.open = true
	case line == "":
		return r.endRow()
	case r.row != nil:
		// A further paragraph of the last cell.
		r.cell.WriteString("\n")
		r.cell.WriteString(mark)
		r.cell.WriteString(StripBookmarks(line))
	default:
		r.endTable()
		r.doc.Blocks = append(r.doc.Blocks, model.Block{Para: &model.Paragraph{
			Text: mark + StripBookmarks(line),
			Pos:  model.Pos{Line: r.lineNo},
		}})
		return nil
	}
	if r.cell.Len() > r.lim.CellText {
		return r.over("%d bytes of text in a cell, more than the limit of %d", r.cell.Len(), r.lim.CellText)
	}
	return nil
}

// flush sets the text of the row's last cell.
func (r *reader) flush() {
	if r.open {
		r.row.Cells[len(r.row.Cells)-1].Text = r.cell.String()
		r.cell.Reset()
		r.open = false
	}
}

// endRow ends the row being read, if any.
func (r *reader) endRow() error {
	if r.row == nil {
		return nil
	}
	r.flush()
	t := r.table
	t.Rows = append(t.Rows, *r.row)
	r.width = max(r.width, len(r.row.Cells))
	r.row = nil
	if len(t.Rows) > r.lim.Rows {
		return &model.Error{File: r.path, Line: r.lineNo, Table: "table " + strconv.Itoa(r.tables), Row: len(t.Rows),
			Err: fmt.Errorf("%w: %d rows, more than the limit of %d", model.ErrLimit, len(t.Rows), r.lim.Rows)}
	}
	if n := len(t.Rows) * r.width; r.cells+n > r.lim.Cells {
		return &model.Error{File: r.path, Line: r.lineNo, Table: "table " + strconv.Itoa(r.tables), Row: len(t.Rows),
			Err: fmt.Errorf("%w: %d grid positions (rows × widest row, summed over the tables), more than the limit of %d", model.ErrLimit, r.cells+n, r.lim.Cells)}
	}
	return nil
}

// endTable ends the table being read, if any.
func (r *reader) endTable() {
	if r.table != nil {
		r.cells += len(r.table.Rows) * r.width
		r.table = nil
	}
}
