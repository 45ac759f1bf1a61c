package pdf

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/budgetx/budgetx/model"
)

// readGuarded reads data with Read in a goroutine and fails the test if it
// has not returned after 10 s: a hang guard, not a measure of speed.
func readGuarded(t *testing.T, name string, data []byte, lim model.Limits) (*model.Document, error) {
	t.Helper()
	type result struct {
		doc *model.Document
		err error
	}
	ch := make(chan result, 1)
	go func() {
		doc, err := Read(name, data, lim)
		ch <- result{doc, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			var me *model.Error
			if !errors.As(r.err, &me) || me.File != name {
				t.Errorf("%s: error %T %v is not a *model.Error for the file", name, r.err, r.err)
			}
			var pe *panicError
			if errors.As(r.err, &pe) {
				t.Errorf("%s: a fault inside the reader: %v", name, r.err)
			}
		}
		return r.doc, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: Read has not returned after 10 s: it hangs", name)
	}
	return nil, nil
}

// wantErr checks that err wraps class and its message holds every one of
// words.
func wantErr(t *testing.T, name string, err, class error, words ...string) {
	t.Helper()
	t.Logf("%s: %v", name, err)
	if !errors.Is(err, class) {
		t.Errorf("%s: err = %v, want %v", name, err, class)
		return
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: message %q lacks %q", name, err, w)
		}
	}
}

// wantHello checks that doc was read and says Hello.
func wantHello(t *testing.T, name string, doc *model.Document, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if !strings.Contains(doc.Dump(0), "Hello") {
		t.Errorf("%s: no Hello in\n%s", name, doc.Dump(0))
	}
}

// TestHostileCycles: each crafted cycle fails at once, in process, as a
// malformed file whose message says "cycle" and where.
func TestHostileCycles(t *testing.T) {
	want := map[string]struct {
		page  int
		words []string
	}{
		"page-tree-self":         {0, []string{"page tree: cycle at object 2 0 R"}},
		"page-tree-ancestor":     {0, []string{"page tree: cycle at object 2 0 R"}},
		"xref-prev-self":         {0, []string{"cross-reference sections: cycle", "/Prev"}},
		"xref-prev-loop":         {0, []string{"cross-reference sections: cycle", "/Prev"}},
		"objstm-self":            {0, []string{"object streams: cycle: 6 0 R is stored in object stream 6 0 R"}},
		"objstm-loop":            {0, []string{"object streams: cycle", "6 0 R is stored in object stream 7 0 R", "7 0 R is stored in object stream 6 0 R"}},
		"objstm-length-inside":   {0, []string{"object streams: cycle: object stream 6 0 R has /Length 7 0 R, 7 0 R is stored in object stream 6 0 R"}},
		"objstm-extends-self":    {0, []string{"object streams: cycle: object stream 6 0 R has /Extends 6 0 R"}},
		"length-self":            {1, []string{"content stream (4 0 R): cycle: its /Length refers to the stream itself"}},
		"cmap-usecmap-self":      {1, []string{"font /F1 (SimSun): encoding CMap (6 0 R): cycle: it uses itself (/UseCMap)"}},
		"tounicode-usecmap-self": {1, []string{"font /F1 (SimSun): ToUnicode CMap (6 0 R): cycle: it uses itself (/UseCMap)"}},
		"font-descendant-self":   {1, []string{"font /F1 (SimSun): cycle: its descendant font is the font itself"}},
		"form-self":              {1, []string{"form XObject /Fm1 (6 0 R): cycle: it draws itself"}},
		"form-loop":              {1, []string{"form XObject /Fm1 (6 0 R): cycle: it draws itself (through /Fm2)"}},
	}
	if len(want) != len(hostiles) {
		t.Fatalf("%d expectations for %d hostile shapes", len(want), len(hostiles))
	}
	for _, h := range hostiles {
		w, ok := want[h.name]
		if !ok {
			t.Errorf("%s: no expectation", h.name)
			continue
		}
		name := h.name + ".pdf"
		doc, err := readGuarded(t, name, h.data(), model.Limits{})
		if err == nil {
			t.Errorf("%s: read, want an error:\n%s", name, doc.Dump(0))
			continue
		}
		wantErr(t, name, err, model.ErrMalformed, append(w.words, "cycle")...)
		var me *model.Error
		if errors.As(err, &me) && me.Page != w.page {
			t.Errorf("%s: page %d, want %d: %v", name, me.Page, w.page, err)
		}
	}
}

// TestMalformedFiles: the hand-made files of testdata/malformed (and the
// fuzzer's find in fixtures) fail at once, in process, with what broke.
func TestMalformedFiles(t *testing.T) {
	for _, c := range []struct {
		path  string
		class error
		words []string
	}{
		{"testdata/malformed/stack-overflow-objstm.pdf", model.ErrMalformed, []string{"object streams: cycle: 0 0 R is stored in object stream 0 0 R"}},
		{"../../../testdata/failing/stack-overflow-objstm.pdf", model.ErrMalformed, []string{"cycle"}},
		{"testdata/malformed/self-referencing-objstm.pdf", model.ErrMalformed, []string{"object streams: cycle: 5 0 R is stored in object stream 5 0 R"}},
		{"testdata/malformed/self-referencing-pages.pdf", model.ErrMalformed, []string{"page tree: cycle at object 2 0 R"}},
		{"testdata/malformed/truncated-objstm.pdf", model.ErrMalformed, []string{"damaged", "unexpected EOF"}},
		{"../../../testdata/failing/truncated-objstm.pdf", model.ErrMalformed, []string{"page 1", "damaged"}},
		{"testdata/malformed/readme.notpdf", model.ErrMalformed, []string{"not a PDF: starts with This is not a PDF"}},
	} {
		data, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = readGuarded(t, c.path, data, model.Limits{})
		wantErr(t, c.path, err, c.class, c.words...)
	}
}

// TestFileEnds: bytes after %%EOF and before %PDF-, and other headers,
// are read as other readers read them; files that are no PDF, empty or
// cut short say so.
func TestFileEnds(t *testing.T) {
	good := goodPDF()
	withJunk := func(junk string) []byte {
		c := &craft{offs: map[int]int{}}
		c.b.WriteString(junk + "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
		c.objs(onePage(helloContent, ""))
		return c.finish(c.xref("/Root 1 0 R")) // offsets count from byte 0
	}
	cat := func(parts ...string) []byte { return []byte(strings.Join(parts, "")) }
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"newline after %%EOF", cat(string(good), "\r\n\r\n")},
		{"HTML after %%EOF", cat(string(good), "<!DOCTYPE html><html><body>"+strings.Repeat("<p>404</p>", 200)+"</body></html>")},
		{"comment after %%EOF", cat(string(good), "% appended by a crawler\n")},
		{"NUL bytes after %%EOF", cat(string(good), strings.Repeat("\x00", 3000))},
		{"junk before %PDF-, offsets from the header", cat("HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n", string(good))},
		{"junk before %PDF-, offsets from byte 0", withJunk("HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n")},
		{"a byte-order mark before %PDF-", cat("\xef\xbb\xbf", string(good))},
		{"header %PDF-2.0", cat("%PDF-2.0", string(good[len("%PDF-1.7"):]))},
		{"header without a line end", cat("%PDF-1.4%", string(good[len("%PDF-1.7\n"):]))},
		{"startxref and %%EOF on one line", []byte(strings.Replace(string(good), "startxref\n", "startxref ", 1))},
	} {
		doc, err := readGuarded(t, c.name, c.data, model.Limits{})
		wantHello(t, c.name, doc, err)
	}
	for _, c := range []struct {
		name  string
		data  []byte
		class error
		words []string
	}{
		{"empty", nil, model.ErrEmpty, []string{"empty"}},
		{"white space", []byte("\n\n  \r\n"), model.ErrEmpty, []string{"white space"}},
		{"html.pdf", []byte("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>"), model.ErrMalformed,
			[]string{"not a PDF: starts with <!DOCTYPE html", "HTML"}},
		{"html-lower.pdf", []byte("  <html lang=zh><head><meta charset=utf-8></head></html>"), model.ErrMalformed, []string{"not a PDF", "HTML"}},
		{"docx.pdf", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), model.ErrMalformed, []string{"not a PDF", "ZIP"}},
		{"binary.pdf", []byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"), model.ErrMalformed, []string{"not a PDF: starts with bytes 00 01"}},
		{"truncated", good[:len(good)/2], model.ErrMalformed, []string{"truncated: no %%EOF"}},
		{"cut before startxref", cat(string(good[:strings.Index(string(good), "xref")]), "%%EOF\n"), model.ErrMalformed, []string{"no startxref"}},
		{"startxref past the end", []byte(strings.Replace(string(good), "startxref\n", "startxref\n9", 1)), model.ErrMalformed,
			[]string{"startxref points to offset 9", "no cross-reference section"}},
	} {
		_, err := readGuarded(t, c.name, c.data, model.Limits{})
		wantErr(t, c.name, err, c.class, c.words...)
	}
}

// TestNotScanned: a page whose content or font cannot be read says what
// broke; only pages that are read and draw no text are a scan.
func TestNotScanned(t *testing.T) {
	o := onePage(helloContent, "")
	o[4] = "<< /Length 10 /Filter /LZWDecode >>\nstream\n0123456789\nendstream"
	_, err := readGuarded(t, "lzw", classic(o), model.Limits{})
	wantErr(t, "lzw", err, model.ErrMalformed, "page 1", "content stream (4 0 R)", "LZWDecode")

	o = onePage("BT /F9 12 Tf 72 720 Td (Hello) Tj ET", "")
	_, err = readGuarded(t, "missing font", classic(o), model.Limits{})
	wantErr(t, "missing font", err, model.ErrMalformed, "page 1", "font /F9 is not in the resources")

	o = onePage(helloContent, "")
	o[4] = "<< /Length 50 /Filter /FlateDecode >>\nstream\n" + flate(helloContent)[:10] + "\nendstream"
	_, err = readGuarded(t, "broken flate", classic(o), model.Limits{})
	wantErr(t, "broken flate", err, model.ErrMalformed, "page 1", "content stream (4 0 R)")

	o = onePage(helloContent, "")
	o[4] = "<< /Length 99 0 R >>\nstream\n" + helloContent + "\nendstream"
	_, err = readGuarded(t, "missing length", classic(o), model.Limits{})
	wantErr(t, "missing length", err, model.ErrMalformed, "page 1", "/Length is missing or not a number")

	img := stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80")
	o = onePage("q 595 0 0 842 0 0 cm /Im1 Do Q BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI", "/XObject << /Im1 6 0 R >>")
	o[6] = img
	_, err = readGuarded(t, "scan", classic(o), model.Limits{})
	wantErr(t, "scan", err, model.ErrNoText, "none of its 1 pages draws a character (2 images)")
}
