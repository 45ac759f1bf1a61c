package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

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
			if strings.TrimSpace(g.Text) != "" {
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
	blocks, err := layout(pages, lim)
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
// the default limits: see Read. Only a regular file is read.
func ReadFileInProcess(path string) (*model.Document, error) {
	lim := model.DefaultLimits()
	data, err := readFile(path, lim)
	if err != nil {
		return nil, err
	}
	return Read(path, data, lim)
}

// readFile reads the regular file at path, at most lim.InputBytes.
func readFile(path string, lim model.Limits) ([]byte, error) {
	fail := func(err error) ([]byte, error) { return nil, &model.Error{File: path, Err: err} }
	st, err := os.Stat(path)
	if err != nil {
		return fail(fmt.Errorf("%w: %v", model.ErrIO, err))
	}
	if !st.Mode().IsRegular() {
		return fail(fmt.Errorf("%w: %s", model.ErrNotRegular, fileKind(st.Mode())))
	}
	if st.Size() > lim.InputBytes {
		return fail(model.LimitError("input bytes", st.Size(), lim.InputBytes))
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(fmt.Errorf("%w: %v", model.ErrIO, err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, lim.InputBytes+1))
	if err != nil {
		return fail(fmt.Errorf("%w: %v", model.ErrIO, err))
	}
	if int64(len(data)) > lim.InputBytes {
		return fail(fmt.Errorf("%w: input bytes: more than the limit of %d", model.ErrLimit, lim.InputBytes))
	}
	return data, nil
}

// fileKind names what a path that is not a regular file is.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file (" + m.String() + ")"
}
