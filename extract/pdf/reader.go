package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// ReadFileInProcess reads the PDF at path in the calling process. A panic
// in the PDF library becomes an error, but a fatal fault (a stack overflow
// from a corrupted file) still kills the process: use ReadFile for files
// that are not trusted. Errors are *model.Error wrapping model.ErrMalformed
// (not a PDF, broken structure) or model.ErrNoText (no page has text).
func ReadFileInProcess(path string) (doc *model.Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc = nil
			err = &model.Error{File: path, Err: fmt.Errorf("%w: %v", model.ErrMalformed, p)}
			if os.Getenv("BUDGETX_PDF_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
			}
		}
	}()
	id, err := hashFile(path)
	if err != nil {
		return nil, &model.Error{File: path, Err: err}
	}
	r, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	pages := make([]*Page, 0, r.NumPage())
	var firstErr error
	glyphs, images := 0, 0
	for i := 1; i <= r.NumPage(); i++ {
		p, err := r.Page(i)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			if p == nil {
				p = &Page{Number: i}
			}
		}
		for _, g := range p.Glyphs {
			if strings.TrimSpace(g.Text) != "" {
				glyphs++
			}
		}
		images += p.Images
		pages = append(pages, p)
	}
	if glyphs == 0 {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: none of its %d pages draws a character (%d images); it needs OCR, which budgetx does not do",
			model.ErrNoText, r.NumPage(), images)}
	}
	blocks, err := layout(pages, model.DefaultLimits())
	if err != nil {
		var me *model.Error
		if errors.As(err, &me) {
			me.File = path
			return nil, me
		}
		return nil, &model.Error{File: path, Err: err}
	}
	return &model.Document{Path: path, DocID: id, Format: model.FormatPDF, Pages: r.NumPage(), Blocks: blocks}, nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
