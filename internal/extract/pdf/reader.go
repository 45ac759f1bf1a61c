package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/budgetx/budgetx/internal/inputfile"
	"github.com/budgetx/budgetx/model"
)

// Read reads the PDF whose bytes are data in the calling process, under
// the limits lim (zero fields are the defaults); path names the document
// in errors and in Document.Path, and DocID is the SHA-256 of data. Read
// never panics, but a fault no recover catches (a stack overflow in the
// PDF library, on a structure the checks do not know) still ends the
// process: package pipeline runs it in a worker process for files that
// are not trusted.
//
// Errors are *model.Error, with the page where one is concerned,
// wrapping model.ErrMalformed (not a PDF, damaged, a cycle in its
// structure), model.ErrEmpty (an empty file), model.ErrEncrypted (needs a
// password, or a cipher budgetx does not decrypt), model.ErrLimit (over
// one of lim's limits or the reader's own bounds) or model.ErrNoText (no
// page draws a character).
func Read(path string, data []byte, lim model.Limits) (doc *model.Document, err error) {
	return read(path, data, lim, nil)
}

// read is Read, recording in lay (when not nil) the pages and the tables'
// shapes.
func read(path string, data []byte, lim model.Limits, lay *Layout) (doc *model.Document, err error) {
	page := 0
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, &model.Error{File: path, Page: page, Err: panicErr(p)}
		}
	}()
	lim = lim.WithDefaults()
	sum := sha256.Sum256(data)
	r, err := OpenBytes(path, data, lim)
	if err != nil {
		return nil, err
	}
	pages := make([]*Page, 0, r.NumPage())
	var firstErr error
	glyphs, images := 0, 0
	for i := 1; i <= r.NumPage(); i++ {
		page = i
		if time.Now().After(r.deadline) {
			return nil, &model.Error{File: path, Page: i, Err: fmt.Errorf("%w: reading took longer than the time limit of %v", model.ErrLimit, lim.Time)}
		}
		p, err := r.Page(i)
		if err != nil {
			if fatal(err) {
				return nil, err
			}
			if firstErr == nil {
				firstErr = err
			}
			if p == nil {
				p = &Page{Number: i}
			}
		}
		for _, g := range p.Glyphs {
			if !blank(g.Text) {
				glyphs++
			}
		}
		images += p.Images
		pages = append(pages, p)
	}
	page = 0
	if glyphs == 0 {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &model.Error{File: path, Err: fmt.Errorf("%w: none of its %d pages draws a character (%d images); it needs OCR, which budgetx does not do",
			model.ErrNoText, r.NumPage(), images)}
	}
	if lay != nil {
		lay.Pages = pages
	}
	blocks, err := layoutWith(pages, lim, lay)
	if err != nil {
		var me *model.Error
		if errors.As(err, &me) {
			me.File = path
			return nil, me
		}
		return nil, &model.Error{File: path, Err: err}
	}
	return &model.Document{Path: path, DocID: hex.EncodeToString(sum[:]), Format: model.FormatPDF, Pages: r.NumPage(), Blocks: blocks}, nil
}

// ReadFileInProcess reads the PDF at path in the calling process, with
// the default limits: see Read. Only a regular file is read (see
// internal/inputfile).
func ReadFileInProcess(path string) (*model.Document, error) {
	lim := model.DefaultLimits()
	data, err := inputfile.ReadAll(path, lim.InputBytes)
	if err != nil {
		return nil, err
	}
	return Read(path, data, lim)
}
