// Package extract reads an input document in any supported format into
// the one document model (model.Document). Each format has its own reader
// in a subpackage: text (the flattened text form), docx, pdf.
package extract

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/budgetx/budgetx/internal/extract/docx"
	"github.com/budgetx/budgetx/internal/extract/pdf"
	"github.com/budgetx/budgetx/internal/extract/text"
	"github.com/budgetx/budgetx/model"
)

// FormatOf returns the format of path by its extension, or "" when
// budgetx does not read it.
func FormatOf(path string) model.Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".docx":
		return model.FormatDOCX
	case ".pdf":
		return model.FormatPDF
	case ".txt":
		return model.FormatText
	}
	return ""
}

// Sniff returns the format data is in by its first bytes, or "" when they
// do not say: a PDF starts with %PDF-, a DOCX is a zip archive, and an OLE
// compound file (a Word 97-2003 .doc, or an encrypted .docx) goes to the
// DOCX reader, which says which it is.
func Sniff(data []byte) model.Format {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return model.FormatPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")),
		bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}):
		return model.FormatDOCX
	}
	return ""
}

// FormatFor returns the reader for the document at path with bytes data:
// the format its bytes say, else its extension's. Crawled files are often
// misnamed (a .pdf that is a Word file); the bytes win.
func FormatFor(path string, data []byte) model.Format {
	if f := Sniff(data); f != "" {
		return f
	}
	return FormatOf(path)
}

// ReadBytes reads data, the bytes of the document at path, under lim:
// with the reader for its format (FormatFor). It never panics.
func ReadBytes(path string, data []byte, lim model.Limits) (doc *model.Document, err error) {
	lim = lim.WithDefaults()
	if len(data) == 0 {
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: empty file (0 bytes)", model.ErrEmpty)}
	}
	if int64(len(data)) > lim.InputBytes {
		return nil, &model.Error{File: path, Err: model.LimitError("file size in bytes", int64(len(data)), lim.InputBytes)}
	}
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, &model.Error{File: path, Err: fmt.Errorf("internal error (panic) in the %s reader: %v", FormatFor(path, data), p)}
		}
	}()
	switch FormatFor(path, data) {
	case model.FormatDOCX:
		return docx.Read(path, data, lim)
	case model.FormatText:
		return text.Read(path, data, lim)
	case model.FormatPDF:
		return pdf.Read(path, data, lim)
	}
	return nil, &model.Error{File: path, Err: fmt.Errorf("%w: %q (budgetx reads .pdf, .docx and .txt)", model.ErrUnsupported, filepath.Ext(path))}
}
