package text

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/budgetx/budgetx/model"
)

var update = flag.Bool("update", false, "rewrite the generated files in testdata/")

const seedTxt = "../../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"

// dump renders doc's blocks: P:text for a paragraph, T: and its rows in
// brackets, cells separated by |.
func dump(doc *model.Document) []string {
	var got []string
	for _, b := range doc.Blocks {
		switch {
		case b.Para != nil:
			got = append(got, "P:"+b.Para.Text)
		case b.Table != nil:
			s := "T:"
			for _, r := range b.Table.Rows {
				s += "["
				for i, c := range r.Cells {
					if i > 0 {
						s += "|"
					}
					s += c.Text
				}
				s += "]"
			}
			got = append(got, s)
		}
	}
	return got
}

func read(t testing.TB, data string) *model.Document {
	t.Helper()
	doc, err := Read("x.txt", []byte(data), model.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestReadRowsCellsParagraphs(t *testing.T) {
	src := "[bookmark: _Toc1]部门预算收支总表\n\tA\n\tB\nB2\n\n\tC\n\n\n \n\tD\n\npage number\nTitle 2\n\tE"
	doc := read(t, src)
	got := dump(doc)
	want := []string{"P:部门预算收支总表", "T:[A|B\nB2][C]", "P: ", "T:[D]", "P:page number", "P:Title 2", "T:[E]"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if doc.Blocks[1].Table.Rows[1].Pos.Line != 6 {
		t.Errorf("row line = %d, want 6", doc.Blocks[1].Table.Rows[1].Pos.Line)
	}
	if doc.DocID == "" || doc.Format != model.FormatText {
		t.Errorf("identity not set: %+v", doc)
	}
}

// TestLineEnds: LF, CRLF, bare CR (old Mac) and CRCRLF read alike, line
// numbers included.
func TestLineEnds(t *testing.T) {
	src := "标题\n\tA\n\tB\nB2\n\n\tC\n\n正文\n\tD\n"
	want := read(t, src)
	for name, end := range map[string]string{"CRLF": "\r\n", "CR": "\r", "CRCRLF": "\r\r\n"} {
		got := read(t, strings.ReplaceAll(src, "\n", end))
		if g, w := strings.Join(dump(got), "\n"), strings.Join(dump(want), "\n"); g != w {
			t.Errorf("%s: got %q\nwant %q", name, g, w)
		}
		if l := got.Blocks[3].Table.Pos.Line; l != 9 {
			t.Errorf("%s: last table at line %d, want 9", name, l)
		}
	}
}

// seedBytes returns the seed document, which must be there.
func seedBytes(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(seedTxt)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	if bigEndian {
		b = append(b, 0xfe, 0xff)
	} else {
		b = append(b, 0xff, 0xfe)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func gb18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEncodings: the seed read from UTF-8 with a BOM, UTF-16 LE and BE
// with a BOM, and GB18030 gives the same document as from UTF-8.
func TestEncodings(t *testing.T) {
	seed := seedBytes(t)
	want := strings.Join(dump(read(t, string(seed))), "\n")
	for name, data := range map[string][]byte{
		"UTF-8 BOM":                        append([]byte("\xef\xbb\xbf"), seed...),
		"UTF-16LE":                         utf16Bytes(string(seed), false),
		"UTF-16BE":                         utf16Bytes(string(seed), true),
		"GB18030":                          gb18030(t, string(seed)),
		"GB18030 with four-byte sequences": gb18030(t, string(seed)+"\n€ 𠀀\n"),
	} {
		doc, err := Read("x.txt", data, model.Limits{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got := strings.Join(dump(doc), "\n")
		if strings.HasSuffix(name, "sequences") {
			want := want + "\nP:€ 𠀀"
			if got != want {
				t.Errorf("%s: got …%q", name, got[len(got)-40:])
			}
			continue
		}
		if got != want {
			t.Errorf("%s: not the document read from UTF-8", name)
		}
	}
}

func TestBadText(t *testing.T) {
	seed := seedBytes(t)
	broken := bytes.Clone(seed)
	at := bytes.Index(broken, []byte("部门预算收支总表")) // a 3-byte character cut
	broken[at+1] = 'x'
	tests := []struct {
		name string
		data []byte
		want error
		line int
		msg  string
	}{
		{"invalid bytes", []byte("ok\n\t\xff\xfe\n"), model.ErrMalformed, 2, "not UTF-8 text (nor UTF-16 with a byte order mark, nor GB18030)"},
		{"UTF-8 with a broken character", broken, model.ErrMalformed, 1 + bytes.Count(seed[:at], []byte("\n")), "not UTF-8 text"},
		{"GB18030 cut in a character", gb18030(t, "部门预算\n\t合计")[:13], model.ErrMalformed, 2, "not UTF-8 text"},
		{"UTF-16 of odd length", []byte("\xff\xfea\x00b"), model.ErrMalformed, 0, "odd number of bytes"},
		{"UTF-16 unpaired surrogate", append(utf16Bytes("a\nb", false), 0x00, 0xd8, 'c', 0), model.ErrMalformed, 2, "unpaired surrogate"},
		{"binary", bytes.Repeat([]byte("\x00\x01\x02\x03abc\n"), 100), model.ErrUnsupported, 0, "not a text file: 400 of its 800 bytes are control characters"},
		{"UTF-16 without a BOM", utf16Bytes("部门预算\n\t合计\n\t123.00\n", false)[2:], model.ErrUnsupported, 0, "(UTF-16 text without a byte order mark?)"},
		{"empty", nil, model.ErrEmpty, 0, "an empty file"},
		{"blank lines", []byte("\n\r\n \n\u3000\n"), model.ErrEmpty, 0, "no text and no table"},
		{"only a UTF-8 BOM", []byte("\xef\xbb\xbf"), model.ErrEmpty, 0, "no text and no table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("bad.txt", tt.data, model.Limits{})
			var pe *model.Error
			if !errors.As(err, &pe) || !errors.Is(err, tt.want) || pe.File != "bad.txt" {
				t.Fatalf("got %v, want a *model.Error wrapping %v", err, tt.want)
			}
			if pe.Line != tt.line || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q at line %d, want %q at line %d", err, pe.Line, tt.msg, tt.line)
			}
		})
	}
}

// TestControlCharacters: a few control characters are removed, the form
// is read as without them, and each line that held some is marked for
// normalize to report.
func TestControlCharacters(t *testing.T) {
	src := "部门预算收支总表\n\tA\n\tB\nB2\n\n\tC\n\n" + strings.Repeat("正文正文正文正文正文正文正文正文正文正文\n", 20)
	dirty := "部门预算\x00收支总表\n\x00\tA\n\t\x0cB\nB2\x1b\n\x00\n\tC\n\n" + strings.Repeat("正文正文正文正文正文正文正文正文正文正文\n", 20)
	got, want := dump(read(t, dirty)), dump(read(t, src))
	want[0] = "P:" + Mark + "部门预算收支总表"
	want[1] = "T:[" + Mark + "A|" + Mark + "B\n" + Mark + "B2][C]"
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestLimits: each limit fails the document where it is crossed, with a
// positioned error wrapping model.ErrLimit; at the limit it is read.
func TestLimits(t *testing.T) {
	rows := func(r, c int) string {
		return strings.Repeat(strings.Repeat("\t1\n", c)+"\n", r)
	}
	tests := []struct {
		name     string
		lim      model.Limits
		over, ok string
		line     int
		table    string
		row, col int
		msg      string
	}{
		{"tables", model.Limits{Tables: 2}, "\tA\n\nP\n\n\tB\n\nP\n\n\tC\n", "\tA\n\nP\n\n\tB\n\nP\n", 9, "", 0, 0, "3 tables, more than the limit of 2"},
		{"rows", model.Limits{Rows: 3}, "T\n" + rows(4, 1), "T\n" + rows(3, 1), 9, "table 1", 4, 0, "4 rows, more than the limit of 3"},
		{"cells in a row", model.Limits{Cols: 3}, rows(1, 4), rows(1, 3), 4, "table 1", 1, 4, "a row of 4 cells, more than the limit of 3 grid columns"},
		{"grid positions", model.Limits{Cells: 21}, "\tA\n\n" + rows(2, 3) + "P\n" + rows(4, 4), "\tA\n\n" + rows(2, 3) + "P\n" + rows(3, 4), 31, "table 2", 4, 0,
			"25 grid positions (rows × widest row, summed over the tables), more than the limit of 21"},
		{"a wide row costs the table", model.Limits{Cells: 20}, rows(5, 1) + rows(1, 4), rows(4, 1) + rows(1, 4), 15, "table 1", 6, 0, "24 grid positions"},
		{"cell text", model.Limits{CellText: 10}, "\t12345\n67890\n", "\t12345\n6789\n", 2, "table 1", 1, 1, "11 bytes of text in a cell, more than the limit of 10"},
		{"line", model.Limits{ParaText: 10}, "P\n12345678901\n", "P\n1234567890\n", 2, "", 0, 0, "a line of 11 bytes, more than the limit of 10"},
		{"input", model.Limits{InputBytes: 10}, "12345678901", "1234567890", 0, "", 0, 0, "a file of 11 bytes, more than the limit of 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("big.txt", []byte(tt.over), tt.lim)
			var pe *model.Error
			if !errors.As(err, &pe) || !errors.Is(err, model.ErrLimit) || pe.File != "big.txt" {
				t.Fatalf("got %v, want a *model.Error wrapping model.ErrLimit", err)
			}
			if pe.Line != tt.line || pe.Table != tt.table || pe.Row != tt.row || pe.Column != tt.col || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q (line %d table %q row %d column %d)\nwant %q at line %d table %q row %d column %d",
					err, pe.Line, pe.Table, pe.Row, pe.Column, tt.msg, tt.line, tt.table, tt.row, tt.col)
			}
			if _, err := Read("ok.txt", []byte(tt.ok), tt.lim); err != nil {
				t.Errorf("at the limit: %v", err)
			}
		})
	}
}

// hangGuard fails t if f has not returned within d: a guard against a
// quadratic path coming back, not a timing assertion.
func hangGuard(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// TestLongCell: a cell continued over many lines is built once, not copied
// on each line (200,000 lines took minutes).
func TestLongCell(t *testing.T) {
	src := "\tA\n" + strings.Repeat("x\n", 200_000)
	hangGuard(t, 60*time.Second, func() {
		doc, err := Read("x.txt", []byte(src), model.Limits{CellText: 1 << 20})
		if err != nil {
			t.Error(err)
			return
		}
		if n := len(doc.Blocks[0].Table.Rows[0].Cells[0].Text); n != 400_001 {
			t.Errorf("cell of %d bytes", n)
		}
	})
}

// TestRunsOfCR: a run of CRs is that many line ends, found in one pass
// (each line end rescanned the run: FuzzText's executions slowed to a few
// a second on such inputs).
func TestRunsOfCR(t *testing.T) {
	for _, src := range []string{"a" + strings.Repeat("\r", 1<<20), "a\n" + strings.Repeat("\r", 1<<20) + "b", strings.Repeat("\r\r", 1<<19) + "\x00"} {
		hangGuard(t, 60*time.Second, func() {
			_, err := Read("x.txt", []byte(src), model.Limits{})
			if err != nil && !errors.Is(err, model.ErrEmpty) {
				t.Error(err)
			}
		})
	}
	doc := read(t, "a\r\r\r\nb\r\r\nc")
	if got := strings.Join(dump(doc), "|"); got != "P:a|P:b|P:c" {
		t.Errorf("got %q", got)
	}
	if l := doc.Blocks[1].Para.Pos.Line; l != 3 {
		t.Errorf("b at line %d, want 3 (a bare CR, then CRCRLF)", l)
	}
}

// fuzzLimits are small limits, so that the fuzzer reaches each of them.
var fuzzLimits = model.Limits{InputBytes: 1 << 20, Tables: 8, Rows: 30, Cols: 12, Cells: 600, CellText: 256, ParaText: 512}

// FuzzText: any bytes give a document within the limits whose blocks keep
// the model's invariants, or a positioned error of a known class; never a
// panic. Seeded with the committed corpus (testdata/fuzz/FuzzText) and
// slices of the seed document.
func FuzzText(f *testing.F) {
	f.Add([]byte("T\n\tA\n\tB\n\n\tC\nmore\n\n"))
	f.Add([]byte("\t\n\n\n\t[bookmark: x]y"))
	seed := seedBytes(f)
	for _, cut := range [][2]int{{0, 3000}, {9000, 12000}, {len(seed) - 3000, len(seed)}} {
		f.Add(seed[cut[0]:cut[1]])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("f.txt", data, fuzzLimits)
		if err != nil {
			var pe *model.Error
			if errors.Is(err, errInternal) || !errors.As(err, &pe) || pe.File != "f.txt" {
				t.Fatalf("bad error: %v", err)
			}
			switch model.ErrorClass(err) {
			case "malformed", "limit", "empty", "unsupported":
			default:
				t.Fatalf("error of class %s: %v", model.ErrorClass(err), err)
			}
			return
		}
		tables, cells := 0, 0
		for _, b := range doc.Blocks {
			if (b.Para == nil) == (b.Table == nil) {
				t.Fatal("block must be a paragraph or a table")
			}
			if b.Para != nil {
				if len(b.Para.Text) > fuzzLimits.ParaText+len(Mark) || strings.ContainsAny(b.Para.Text, "\r\n\x00") {
					t.Fatalf("paragraph %q", b.Para.Text)
				}
				continue
			}
			tables++
			width := 0
			if len(b.Table.Rows) == 0 || len(b.Table.Rows) > fuzzLimits.Rows {
				t.Fatalf("a table of %d rows", len(b.Table.Rows))
			}
			for _, r := range b.Table.Rows {
				if len(r.Cells) == 0 || len(r.Cells) > fuzzLimits.Cols {
					t.Fatalf("a row of %d cells", len(r.Cells))
				}
				width = max(width, len(r.Cells))
				for i, c := range r.Cells {
					if c.Col != i || c.Span != 1 || len(c.Text) > fuzzLimits.CellText || strings.ContainsAny(c.Text, "\r\x00") {
						t.Fatalf("cell %d: %+v", i, c)
					}
				}
			}
			cells += len(b.Table.Rows) * width
		}
		if tables > fuzzLimits.Tables || cells > fuzzLimits.Cells {
			t.Fatalf("%d tables, %d grid positions", tables, cells)
		}
	})
}

// fuzzCorpus is the committed seed corpus of FuzzText (testdata/fuzz/FuzzText,
// rewritten by go test -run TestFuzzCorpus -update): the seed's first
// tables in each encoding and line end the reader knows, and with control
// characters.
func fuzzCorpus(t testing.TB) map[string][]byte {
	seed := seedBytes(t)
	start := bytes.Index(seed, []byte("部门预算收支总表"))
	part := string(seed[start : start+2500])
	part = part[:strings.LastIndex(part, "\n")+1]
	return map[string][]byte{
		"seed-tables-lf":   []byte(part),
		"seed-tables-cr":   []byte(strings.ReplaceAll(part, "\n", "\r")),
		"seed-tables-crlf": []byte(strings.ReplaceAll(part, "\n", "\r\n")),
		"seed-utf16le":     utf16Bytes(part[:800], false),
		"seed-gb18030":     gb18030(t, part),
		"seed-nul":         []byte(strings.Replace(strings.Replace(part, "\t", "\x00\t", 3), "\n\n", "\n\x0c\n", 2)),
	}
}

func TestFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzText")
	for name, data := range fuzzCorpus(t) {
		path := filepath.Join(dir, name)
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -run TestFuzzCorpus -update writes it)", err)
		}
		if string(got) != want {
			t.Errorf("%s is not what fuzzCorpus makes (go test -run TestFuzzCorpus -update)", path)
		}
		if len(got) > 50<<10 {
			t.Errorf("%s: %d bytes; keep the seeds small", path, len(got))
		}
	}
}
