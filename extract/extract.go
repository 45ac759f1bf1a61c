// Package extract reads an input document in any supported format into
// the one document model (model.Document). Each format has its own reader
// in a subpackage: text (the flattened text form), docx, pdf.
package extract

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/budgetx/budgetx/extract/docx"
	"github.com/budgetx/budgetx/extract/text"
	"github.com/budgetx/budgetx/model"
)

// Options configure the readers.
type Options struct {
	// PDF reads a PDF file. The pipeline sets it to the isolated reader
	// (a child process); nil means PDF input is rejected as unsupported.
	PDF func(ctx context.Context, path string) (*model.Document, error)
}

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

// Read reads the document at path with the reader for its format.
func Read(ctx context.Context, path string, opt Options) (*model.Document, error) {
	switch FormatOf(path) {
	case model.FormatDOCX:
		return docx.ReadFile(path)
	case model.FormatText:
		return text.ReadFile(path)
	case model.FormatPDF:
		if opt.PDF != nil {
			return opt.PDF(ctx, path)
		}
	}
	return nil, &model.Error{File: path, Err: fmt.Errorf("%w: %q", model.ErrUnsupported, filepath.Ext(path))}
}
