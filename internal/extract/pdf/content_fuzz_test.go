package pdf

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
)

var writeSeeds = flag.Bool("write-fuzz-seeds", false, "rewrite testdata/fuzz/FuzzContentStream from the content streams of real pages")

// fuzzDoc returns a one-page document whose content stream is content,
// with what content streams use: a simple font /F1, a Type0 font /F2
// (Identity-H, ToUnicode), a form /Fm1 that writes text, a form /Fm2
// that draws /Fm1 twice, a form /Fm3 that draws itself, an image /Im1.
func fuzzDoc(content []byte) []byte {
	o := onePage(string(content), "/XObject << /Fm1 6 0 R /Fm2 7 0 R /Fm3 8 0 R /Im1 9 0 R >>")
	o[3] = strings.Replace(o[3], "/F1 5 0 R", "/F1 5 0 R /F2 10 0 R", 1)
	o[6] = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 10 10]", "BT /F1 9 Tf 10 10 Td (Form) Tj ET 0 0 m 100 0 l S")
	o[7] = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 6 0 R >> /Font << /F1 5 0 R >> >>", "/Fm1 Do q 1 0 0 1 0 20 cm /Fm1 Do Q")
	o[8] = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm3 8 0 R >> >>", "/Fm3 Do")
	o[9] = stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80")
	o[10] = type0("/Identity-H", "/ToUnicode 11 0 R")
	o[11] = stream("", `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfrange <0020> <007E> <0020> <4E00> <4EFF> <4E00> endbfrange
1 beginbfchar <0001> <9884> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end`)
	return classic(o)
}

// FuzzContentStream feeds arbitrary bytes to the content-stream walker as
// the content of a page (fuzzDoc), then lays the page out. Nothing may
// panic; what the page holds stays within the walker's bounds; errors
// are positioned and of the classes the reader returns.
func FuzzContentStream(f *testing.F) {
	f.Add([]byte(helloContent))
	f.Add([]byte("BT /F2 10 Tf 100 700 Td <4E004E01> Tj [<0020> -250 (x)] TJ ET /Fm2 Do /Im1 Do BI /W 1 /H 1 ID \x00 EI"))
	f.Add([]byte("/Fm3 Do"))
	f.Add([]byte("q 1 0 0 1 0 0 cm 0.5 w 10 10 m 500 10 l S 10 10 500 0.5 re f W n Q [[[[ (unbalanced"))
	f.Fuzz(func(t *testing.T, content []byte) {
		r, err := OpenBytes("fuzz.pdf", fuzzDoc(content), model.Limits{})
		if err != nil {
			t.Fatalf("the document around the content does not open: %v", err)
		}
		p, err := r.Page(1)
		if err != nil {
			var me *model.Error
			var pe *panicError
			switch {
			case !errors.As(err, &me) || me.Page != 1 || me.File != "fuzz.pdf":
				t.Fatalf("error not placed on page 1: %v", err)
			case errors.As(err, &pe):
				t.Fatalf("fault in the walker: %v", err)
			case !errors.Is(err, model.ErrMalformed) && !errors.Is(err, model.ErrLimit):
				t.Fatalf("error of no class: %v", err)
			}
		}
		if p == nil {
			return
		}
		if len(p.Glyphs) > r.b.glyphs || len(p.Lines) > r.b.lines {
			t.Fatalf("%d glyphs and %d lines, over the bounds", len(p.Glyphs), len(p.Lines))
		}
		// Every glyph comes from a byte of a string of the content or of
		// a form (each Do of a form is at least 3 bytes and writes 4).
		if len(p.Glyphs) > 4*len(content)+16 {
			t.Fatalf("%d glyphs out of %d bytes of content", len(p.Glyphs), len(content))
		}
		if _, err := layout([]*Page{p}, model.Limits{}); err != nil && !errors.Is(err, model.ErrLimit) {
			t.Fatalf("layout: %v", err)
		}
	})
}

// TestWriteFuzzSeeds rewrites the seed corpus of FuzzContentStream from
// real pages (with -write-fuzz-seeds): their content streams, the fonts
// renamed to fuzzDoc's, cut to 16 KB at a line end.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*writeSeeds {
		return // nothing to check: the corpus is checked by FuzzContentStream itself
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzContentStream")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tf := regexp.MustCompile(`/[^\s/\[\]<>()]+(\s+[-+.0-9]+\s+Tf)`)
	for _, s := range []struct {
		file string
		page int
	}{
		{sample, 1},
		{"../../../fixtures/real/jiangsu-jianchayuan-2019-budget.pdf", 16},
		{"../../../fixtures/real/shanghai-putuo-sifaju-2026-budget.pdf", 10},
		{filepath.Join(realDir, "foshan-guidao-2019-final-account.pdf"), 8},
		{filepath.Join(realDir, "central-xinfangju-2024-final-account.pdf"), 3},
		{filepath.Join(realDir, "shenzhen-minzhengju-2026-budget.pdf"), 16},
	} {
		r, err := Open(s.file)
		if err != nil {
			t.Fatal(err)
		}
		data, err := r.contents(r.pages[s.page-1].Key("Contents"), nil)
		if err != nil {
			t.Fatal(err)
		}
		data = tf.ReplaceAll(data, []byte("/F2$1"))
		if len(data) > 16<<10 {
			cut := strings.LastIndexByte(string(data[:16<<10]), '\n')
			data = data[:cut+1]
		}
		name := fmt.Sprintf("%s-p%d", strings.TrimSuffix(filepath.Base(s.file), ".pdf"), s.page)
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzRead reads whole files: the crafted hostile structures, file ends,
// ciphers and the samples as seeds. Nothing may panic or fault, and every
// error is a positioned *model.Error of a known class.
func FuzzRead(f *testing.F) {
	f.Add(goodPDF())
	for _, h := range hostiles {
		f.Add(h.data())
	}
	for _, name := range []string{sample, "testdata/image-only.pdf", "testdata/malformed/self-referencing-objstm.pdf",
		"testdata/malformed/truncated-objstm.pdf", "testdata/malformed/self-referencing-pages.pdf"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(fuzzDoc([]byte(helloContent)))
	f.Add(encrypted(f, "aes-128", ""))
	f.Add(encrypted(f, "rc4-128", ""))
	f.Add(append([]byte("junk\r\n"), goodPDF()...))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("fuzz.pdf", data, model.Limits{})
		if err == nil {
			if doc == nil || doc.Path != "fuzz.pdf" || len(doc.DocID) != 64 {
				t.Fatalf("document %+v", doc)
			}
			return
		}
		var me *model.Error
		var pe *panicError
		switch {
		case !errors.As(err, &me) || me.File != "fuzz.pdf":
			t.Fatalf("not a *model.Error of the file: %v", err)
		case errors.As(err, &pe):
			t.Fatalf("fault: %v", err)
		case model.ErrorClass(err) == "internal":
			t.Fatalf("error of no class: %v", err)
		}
	})
}
