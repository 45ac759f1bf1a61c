package pdf

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/checks"
	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/model"
)

// fuzzWords are the texts a fuzzed glyph can draw: the words, codes and
// numbers budget tables are made of, so that the fuzzer builds tables the
// normalizer takes seriously.
var fuzzWords = []string{
	"合计", "总计", "小计", "项目", "科目编码", "科目名称", "类", "款", "项", "预算数", "决算数", "栏次", "**",
	"收入", "支出", "基本支出", "项目支出", "人员经费", "公用经费", "一般公共预算", "政府性基金", "单位名称",
	"财政拨款收支总表", "一般公共预算支出表", "“三公”经费支出表", "收入总表", "单位：万元", "部门：某某局",
	"201", "20101", "2010101", "301", "30101", "068001", "[208]", "一、", "（一）", "其中：",
	"1", "2", "0.00", "12.34", "1,234.56", "-5.00", "10000%", "2026年", "工资福利支出", "行政运行", "因公出国（境）费",
}

// fuzzPages decodes bytes into pages: each 6-byte record is a glyph
// (op < 200: a word of fuzzWords at x, y, size) or a ruling line (op >=
// 200: horizontal or vertical, from x0/y0 over a length), in points on an
// A4 landscape page; op 255 starts a new page.
func fuzzPages(data []byte) []*Page {
	p := &Page{Number: 1, Width: 842, Height: 595}
	pages := []*Page{p}
	for len(data) >= 6 && len(pages) <= 8 {
		op, a, b, c := data[0], binary.BigEndian.Uint16(data[1:3]), data[3], data[4:6]
		data = data[6:]
		x := float64(a%1024) * 0.8
		y := float64(b) * 2.3
		switch {
		case op == 255:
			p = &Page{Number: len(pages) + 1, Width: 842, Height: 595}
			pages = append(pages, p)
		case op >= 200:
			length := float64(binary.BigEndian.Uint16(c) % 900)
			if op%2 == 0 {
				p.Lines = append(p.Lines, Line{x, y, math.Min(x+length, 842), y, 0.5})
			} else {
				p.Lines = append(p.Lines, Line{x, y, x, math.Min(y+length, 595), 0.5})
			}
		default:
			w := fuzzWords[int(op)%len(fuzzWords)]
			size := 6 + float64(c[0]%10)
			for i, r := range []rune(w) {
				p.Glyphs = append(p.Glyphs, Glyph{Text: string(r), X: x + float64(i)*size, Y: y, W: size, FontSize: size})
			}
		}
	}
	return pages
}

// encodePages is fuzzPages backwards, for seeds taken from real pages:
// each glyph becomes the nearest fuzz word record it can, each line a line
// record.
func encodePages(pages []*Page) []byte {
	var out []byte
	index := map[string]byte{}
	for i, w := range fuzzWords {
		if _, ok := index[w]; !ok {
			index[w] = byte(i)
		}
	}
	rec := func(op byte, x, y float64, c uint16) {
		var b [6]byte
		b[0] = op
		binary.BigEndian.PutUint16(b[1:3], uint16(math.Max(0, math.Min(1023, x/0.8))))
		b[3] = byte(math.Max(0, math.Min(255, y/2.3)))
		binary.BigEndian.PutUint16(b[4:6], c)
		out = append(out, b[:]...)
	}
	for i, p := range pages {
		if i > 0 {
			rec(255, 0, 0, 0)
		}
		for _, l := range groupLines(p.Glyphs) {
			for _, w := range words(l) {
				t := strings.ReplaceAll(w.text, " ", "")
				op, ok := index[t]
				if !ok {
					op = byte(len(t) % len(fuzzWords))
				}
				rec(op, w.x0, l.y, uint16(l.size))
			}
		}
		for _, l := range p.Lines {
			if l.Horizontal(1) {
				rec(200, math.Min(l.X0, l.X1), l.Y0, uint16(math.Abs(l.X1-l.X0)))
			} else {
				rec(201, l.X0, math.Min(l.Y0, l.Y1), uint16(math.Abs(l.Y1-l.Y0)))
			}
		}
	}
	return out
}

// FuzzPageToRecords drives the whole path from a PDF's page model to
// records — layout (ruled and aligned tables, paragraphs, page breaks),
// normalize and checks — with fuzzed pages. Nothing may panic, and
// normalize may not fail a document on an internal error.
func FuzzPageToRecords(f *testing.F) {
	for _, name := range []string{sample, "../../../fixtures/real/jiangsu-jianchayuan-2019-budget.pdf",
		"../../../fixtures/real/shanghai-putuo-sifaju-2026-budget.pdf"} {
		r, err := Open(name)
		if err != nil {
			f.Fatalf("seed %s: %v", name, err)
		}
		var pages []*Page
		for i := 1; i <= r.NumPage() && i <= 12; i++ {
			if p, err := r.Page(i); err == nil {
				pages = append(pages, p)
			}
		}
		r.Close()
		for i := 0; i < len(pages); i += 3 {
			f.Add(encodePages(pages[i:min(i+3, len(pages))]))
		}
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		pages := fuzzPages(data)
		blocks, err := layout(pages, model.Limits{})
		if err != nil {
			t.Fatalf("layout: %v", err) // fuzzed pages are far below the default limits
		}
		doc := &model.Document{Path: "fuzz.pdf", DocID: "fuzz", Format: model.FormatPDF, Pages: len(pages), Blocks: blocks}
		res := normalize.Normalize(doc)
		if res.Summary.Status == model.StatusFailed {
			t.Fatalf("normalize failed: %s", res.Summary.Error)
		}
		checks.Run(res, nil)
		for _, is := range res.Issues {
			if is.Check == "internal" {
				t.Fatalf("checks failed inside: %s", is.Message)
			}
		}
	})
}
