package pdf

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = "testdata/type0-identity-h-and-gbk-euc-h.pdf"

// realDir holds the real disclosures shared by the team, in ../shared
// beside the repository's root (the repository's convention); tests on
// them fail where it is absent.
const realDir = "../../../../shared/real"

func realFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(realDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("real PDF not available (../shared/real beside the repository): %v", err)
	}
	return p
}

func readPage(t *testing.T, path string, n int) *Page {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p, err := r.Page(n)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func lineTexts(p *Page) []string {
	var out []string
	for _, l := range groupLines(visible(p)) {
		out = append(out, l.text())
	}
	return out
}

func TestPageSampleText(t *testing.T) {
	p := readPage(t, sample, 1)
	if p.Width != 595 || p.Height != 842 {
		t.Errorf("page size %vx%v, want 595x842", p.Width, p.Height)
	}
	got := lineTexts(p)
	want := []string{
		"部门预算收支总表",  // Type0 Identity-H with ToUnicode, a TJ with a kerning offset
		"部门预算（GBK）", // GBK-EUC-H, no ToUnicode
		"项目 合计 一般公共",
		"栏次 1 2",
		"一般公共服务支出 21541.25 3.50",
		"教育支出 0.00",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines:\n got %q\nwant %q", got, want)
	}
	for _, g := range p.Glyphs {
		if g.W <= 0 {
			t.Errorf("glyph %q at %.1f,%.1f has width %v", g.Text, g.X, g.Y, g.W)
		}
	}
	// Positions and widths: the title is 18pt SimSun at 220,780, 1000
	// units per glyph, with -50 of kerning after the fourth glyph.
	title := p.Glyphs[:8]
	for i, g := range title {
		wantX := 220 + 18*float64(i)
		if i >= 4 {
			wantX += 0.9
		}
		if math.Abs(g.X-wantX) > 0.01 || g.Y != 780 || g.W != 18 || g.FontSize != 18 || g.Font != "SimSun" {
			t.Errorf("title glyph %d = %+v, want X %.2f Y 780 W 18 size 18", i, g, wantX)
		}
	}
	// Digits have /W 500: "21541.25" at 10.5pt is 8 glyphs of 5.25pt.
	for _, g := range p.Glyphs {
		if g.Text == "2" && g.FontSize == 10.5 && g.W != 5.25 {
			t.Errorf("digit width %v, want 5.25", g.W)
		}
	}
}

func TestPageSampleRules(t *testing.T) {
	// The borders are filled 0.5pt rectangles under a 0.1 scale.
	p := readPage(t, sample, 1)
	var hs, vs []Line
	for _, l := range p.Lines {
		switch {
		case l.Horizontal(0.01):
			hs = append(hs, l)
		case l.Vertical(0.01):
			vs = append(vs, l)
		}
	}
	if len(hs) != 5 || len(vs) != 4 {
		t.Fatalf("%d horizontal and %d vertical rules, want 5 and 4: %+v", len(hs), len(vs), p.Lines)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.01 }
	for i, y := range []float64{740.25, 716.25, 692.25, 668.25, 644.25} {
		h := hs[i]
		if !near(h.Y0, y) || !near(h.X0, 60) || !near(h.X1, 500) || !near(h.Width, 0.5) {
			t.Errorf("rule %d = %+v, want y %.2f from 60 to 500, 0.5 thick", i, h, y)
		}
	}
	for i, x := range []float64{60.25, 260.25, 380.25, 500.25} {
		v := vs[i]
		if !near(v.X0, x) || !near(math.Min(v.Y0, v.Y1), 644) || !near(math.Max(v.Y0, v.Y1), 740) {
			t.Errorf("rule %d = %+v, want x %.2f from 644 to 740", i, v, x)
		}
	}
}

// TestPageRealText reads every page of every real PDF and checks a few
// lines against what pdftotext -layout prints for them.
func TestPageRealText(t *testing.T) {
	cases := []struct {
		file  string
		page  int
		lines []string // each must be a line of the page, as printed
	}{
		{"beijing-caizhengju-2026-budget-tables.pdf", 1, []string{"预算01表收支总表", "金额单位：万元"}},
		{"beijing-caizhengju-2026-budget-tables.pdf", 3, []string{"44,169.357532 44,156.640120 44,156.640120 12.717412 12.717412"}},
		{"central-xinfangju-2024-final-account.pdf", 3, []string{"国家信访局概况"}},
		{"foshan-guidao-2019-final-account.pdf", 5, []string{"收入支出决算总表"}},
		{"jiangsu-jianchayuan-2019-budget.pdf", 16, []string{"2040401 行政运行 12,268.62"}},
		{"shanghai-final-account-template-2024.pdf", 1, []string{"上海市XX局"}},
		{"shanghai-putuo-caizhengju-2024-final-account.pdf", 6, []string{"一、一般公共预算财政拨款收入 2,940.05 一、一般公共服务支出 2,106.66"}},
		{"shanghai-putuo-shehui-gongzuobu-2024-final-account.pdf", 5, []string{"收入支出决算总表"}},
		{"shanghai-putuo-sifaju-2026-budget.pdf", 10, []string{"一、财政拨款收入 96,282,213.44 一、公共安全支出 87,267,272.44"}},
		{"shanghai-putuo-zhengfu-bangongshi-2025-budget.pdf", 8, []string{"一、财政拨款收入 91,016,775.35 一、一般公共服务支出 82,096,797.42"}},
		{"shenzhen-minzhengju-2026-budget.pdf", 16, []string{"一、财政拨款 28,097.48 一、教育支出 12.23"}},
	}
	files := map[string][]int{}
	for _, c := range cases {
		files[c.file] = nil
	}
	for name := range files {
		path := realFile(t, name)
		r, err := Open(path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		pages := map[int][]string{}
		glyphs := 0
		for i := 1; i <= r.NumPage(); i++ {
			p, err := r.Page(i)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			glyphs += len(p.Glyphs)
			pages[i] = lineTexts(p)
			for _, g := range p.Glyphs {
				if strings.ContainsRune(g.Text, '\uFFFD') {
					t.Errorf("%s: page %d: undecoded glyph in font %s", name, i, g.Font)
					break
				}
			}
		}
		r.Close()
		if glyphs == 0 {
			t.Errorf("%s: no glyphs", name)
		}
		for _, c := range cases {
			if c.file != name {
				continue
			}
			for _, want := range c.lines {
				found := false
				for _, l := range pages[c.page] {
					if l == want {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: page %d: no line %q in\n%s", name, c.page, want, strings.Join(pages[c.page], "\n"))
				}
			}
		}
	}
}

// TestFillThinPolygons: borders drawn as thin filled shapes are rules,
// whatever their corners: rectangles, and the mitred quadrilaterals that
// PDFBox-style exporters draw (all six Guangzhou documents of real-wide).
func TestFillThinPolygons(t *testing.T) {
	cases := []struct {
		name string
		sp   []point
		want []Line
	}{
		{"rectangle", []point{{10, 10}, {200, 10}, {200, 10.5}, {10, 10.5}, {10, 10}},
			[]Line{{10, 10.25, 200, 10.25, 0.5}}},
		{"mitred bottom border", []point{{798, 42.41}, {42, 42.41}, {42, 43.16}, {797.25, 43.16}, {798, 42.41}},
			[]Line{{42, 42.785, 798, 42.785, 0.75}}},
		{"mitred right border", []point{{798, 435.56}, {798, 42.41}, {797.25, 43.16}, {797.25, 435.56}, {798, 435.56}},
			[]Line{{797.625, 42.41, 797.625, 435.56, 0.75}}},
		{"hexagon", []point{{0, 0}, {100, 0}, {101, 0.5}, {100, 1}, {0, 1}, {-1, 0.5}},
			[]Line{{-1, 0.5, 101, 0.5, 1}}},
		{"a filled box is no rule", []point{{0, 0}, {50, 0}, {50, 20}, {0, 20}}, nil},
		{"a short thick dash is no rule", []point{{0, 0}, {2, 0}, {2, 1.5}, {0, 1.5}}, nil},
	}
	for _, c := range cases {
		in := &interp{r: &Reader{b: defaultBounds}, page: &Page{}, path: [][]point{c.sp}}
		in.gs.clip = box{-1000, -1000, 1000, 1000}
		in.fill()
		if len(in.page.Lines) != len(c.want) {
			t.Errorf("%s: %d lines %v, want %v", c.name, len(in.page.Lines), in.page.Lines, c.want)
			continue
		}
		for i, l := range in.page.Lines {
			w := c.want[i]
			if d := max(abs(l.X0-w.X0), abs(l.Y0-w.Y0), abs(l.X1-w.X1), abs(l.Y1-w.Y1), abs(l.Width-w.Width)); d > 1e-9 {
				t.Errorf("%s: line %v, want %v", c.name, l, w)
			}
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
