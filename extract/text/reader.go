// Package text reads the flattened text form of a disclosure (the form of
// fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt) into a model.Document.
//
// The form: a line that starts with a TAB is a table cell; a blank line ends
// a table row; a line without a TAB inside a row continues the previous
// cell (a cell's further paragraphs); any other line is a body paragraph.
// Consecutive rows with no body paragraph between them form one table.
// "[bookmark: …]" markers are removed from paragraphs and cells.
//
// The flattening loses column spans, so tables come back with GridKnown
// false and each cell's Col is its index in the row. It also sometimes cuts
// a row in two; normalize puts such rows back together.
package text

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/budgetx/budgetx/model"
)

// MaxLine is the longest line the reader accepts, in bytes.
const MaxLine = 1 << 20

var bookmarkRE = regexp.MustCompile(`\[bookmark:[^\]]*\]`)

// StripBookmarks removes "[bookmark: _Toc123]" markers from s.
func StripBookmarks(s string) string {
	if !strings.Contains(s, "[bookmark:") {
		return s
	}
	return bookmarkRE.ReplaceAllString(s, "")
}

// ReadFile reads the file at path. The Document's Path is path as given.
func ReadFile(path string) (*model.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Read(path, data)
}

// Read parses data, the bytes of the file at path.
func Read(path string, data []byte) (*model.Document, error) {
	sum := sha256.Sum256(data)
	doc := &model.Document{Path: path, DocID: hex.EncodeToString(sum[:]), Format: model.FormatText}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), MaxLine)
	var (
		table  *model.Table
		row    *model.Row // the row being read; nil between rows
		lineNo int
	)
	endRow := func() {
		if row != nil && len(row.Cells) > 0 {
			table.Rows = append(table.Rows, *row)
		}
		row = nil
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if !utf8.ValidString(line) {
			return nil, &model.Error{File: path, Line: lineNo, Err: fmt.Errorf("%w: not UTF-8 text", model.ErrMalformed)}
		}
		switch {
		case strings.HasPrefix(line, "\t"):
			if table == nil {
				table = &model.Table{Pos: model.Pos{Line: lineNo}}
				doc.Blocks = append(doc.Blocks, model.Block{Table: table})
			}
			if row == nil {
				row = &model.Row{Pos: model.Pos{Line: lineNo}}
			}
			row.Cells = append(row.Cells, model.Cell{
				Text: StripBookmarks(line[1:]),
				Col:  len(row.Cells),
				Span: 1,
				Pos:  model.Pos{Line: lineNo},
			})
		case line == "":
			if row != nil {
				endRow()
			}
		case row != nil:
			// A further paragraph of the last cell.
			c := &row.Cells[len(row.Cells)-1]
			c.Text += "\n" + StripBookmarks(line)
		default:
			table = nil
			doc.Blocks = append(doc.Blocks, model.Block{Para: &model.Paragraph{
				Text: StripBookmarks(line),
				Pos:  model.Pos{Line: lineNo},
			}})
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, &model.Error{File: path, Line: lineNo + 1, Err: fmt.Errorf("%w: line longer than %d bytes", model.ErrMalformed, MaxLine)}
		}
		return nil, &model.Error{File: path, Line: lineNo, Err: err}
	}
	if row != nil {
		endRow()
	}
	return doc, nil
}

// ReadAll reads a document from r; path names it in errors and in the Document.
func ReadAll(path string, r io.Reader) (*model.Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Read(path, data)
}
