package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/internal/emit"
)

// hostile is text a document may carry that must stay text in the report.
const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`

// outDir writes a small output folder by hand: a PDF document whose
// names are hostile, with a 收入总表 (a mismatch, a repair), a table left
// in other_tables, a typed table with a column in other_tables, and a
// failed document. flat chooses the layout.
func outDir(t *testing.T, flat bool) string {
	t.Helper()
	dir := t.TempDir()
	docA := strings.Repeat("a", 64)
	tables := []map[string]any{
		{"index": 1, "table_type": "revenue_by_function", "title": "收入总表" + hostile, "unit": "万元", "page": 3, "records": 3, "named_type": "revenue_by_function"},
		{"index": 2, "table_type": "other_tables", "title": "政府购买服务表", "page": 5, "records": 2, "named_type": nil},
		{"index": 3, "table_type": "expenditure_by_function", "title": "支出总表", "page": 6, "records": 4, "named_type": "expenditure_by_function"},
		{"index": 4, "table_type": "general_budget_basic_expenditure", "title": "基本支出表", "page": 8, "records": 2, "named_type": "general_budget_basic_expenditure"},
	}
	docs := []map[string]any{
		{"doc_id": docA, "source_file": "in/" + hostile + ".pdf", "format": "pdf", "status": "ok", "department_name": "部门" + hostile,
			"fiscal_year": 2024, "doc_kind": "budget", "province": "河北省", "city": "衡水市", "pages": 9, "tables": tables,
			"untyped": []map[string]any{{"title": "三公经费表", "table_type": "three_public_expenses", "page": 9}},
			"records": map[string]int{"revenue_by_function": 2, "other_tables": 4, "expenditure_by_function": 3, "general_budget_basic_expenditure": 2},
			"issues":  3, "repairs": 1, "checks": map[string]int{"run": 10, "passed": 8, "rounding": 1, "mismatched": 1, "skipped": 0},
			"budgetx_version": "test", "contract_version": "1.3"},
		{"doc_id": nil, "source_file": "in/broken.pdf", "format": "pdf", "status": "failed", "error": "in/broken.pdf: not a PDF " + hostile,
			"error_class": "malformed", "tables": []any{}, "records": map[string]int{}},
	}
	common := func(tt, title string, row int) map[string]any {
		return map[string]any{"doc_id": docA, "source_file": "in/" + hostile + ".pdf", "department_name": "部门" + hostile,
			"fiscal_year": 2024, "doc_kind": "budget", "table_type": tt, "table_title": title, "row_no": row, "source_page": 3}
	}
	rev := func(row int, code, name string, level any, total bool, yuan string) map[string]any {
		r := common("revenue_by_function", "收入总表"+hostile, row)
		r["function_code"], r["function_name"], r["level"], r["is_total"], r["total_yuan"] = code, name, level, total, json.Number(yuan)
		return r
	}
	exp := func(row int, code, name string, level int, yuan string) map[string]any {
		r := common("expenditure_by_function", "支出总表", row)
		r["function_code"], r["function_name"], r["level"], r["is_total"], r["total_yuan"] = code, name, level, false, json.Number(yuan)
		return r
	}
	eco := func(row int, code, name, yuan string) map[string]any {
		r := common("general_budget_basic_expenditure", "基本支出表", row)
		r["economic_code"], r["economic_name"], r["level"], r["is_total"], r["total_yuan"] = code, name, 1, false, json.Number(yuan)
		return r
	}
	cell := func(title string, row, col int, header, label, text string) map[string]any {
		r := common("other_tables", title, row)
		r["header_path"], r["row_label"], r["column_index"], r["text"] = header, label, col, text
		return r
	}
	records := map[string][]map[string]any{
		"revenue_by_function": {rev(1, "", "合计", nil, true, "244064700.00"), rev(2, "208", "社会保障和就业支出"+hostile, 1, false, "12710300.00")},
		"expenditure_by_function": {exp(1, "208", "社会保障和就业支出", 1, "12710300.00"), exp(2, "211", "节能环保支出", 1, "223563100.00"),
			exp(3, "21101", "环境保护管理事务", 2, "1000.00")},
		"general_budget_basic_expenditure": {eco(1, "301", "工资福利支出", "61358000.00"), eco(2, "302", "商品和服务支出", "5383500.00")},
		"other_tables": {cell("收入总表"+hostile, 1, 14, "上年结转 / 政府性基金", "合计", "12.00"),
			cell("政府购买服务表", 1, 1, "项目", "1", hostile), cell("政府购买服务表", 1, 2, "金额", "1", "10.00"),
			cell("支出总表", 2, 9, "其他", "211", "3.00")},
	}
	issues := []map[string]any{
		{"doc_id": docA, "source_file": "in/x.pdf", "kind": "check", "severity": "mismatch", "table_type": "revenue_by_function",
			"table_title": "收入总表" + hostile, "page": 3, "row": 2, "column": "total_yuan", "check": "class_sum",
			"expected": "12710300.00", "found": "1310300.00", "difference": "-11400000.00", "message": "类 208 " + hostile},
		{"doc_id": docA, "source_file": "in/x.pdf", "kind": "repair", "severity": "info", "table_type": "revenue_by_function",
			"table_title": "收入总表" + hostile, "row": 1, "column": "total_yuan", "raw": "24，406.47" + hostile, "repaired": "24406.47", "rule": "full_width"},
		{"doc_id": docA, "source_file": "in/x.pdf", "kind": "unmapped", "severity": "warning", "table_type": "expenditure_by_function",
			"table_title": "支出总表", "page": 6, "column": "其他" + hostile, "message": "column 9: no field"},
		{"doc_id": docA, "source_file": "in/x.pdf", "kind": "check", "severity": "skipped", "table_type": "operating_expenses",
			"check": "narrative", "message": "narrative not compared " + hostile},
		{"doc_id": nil, "source_file": "in/broken.pdf", "kind": "doc_error", "severity": "error", "message": "not a PDF"},
	}
	writeJSONL(t, filepath.Join(dir, "documents.jsonl"), docs)
	writeJSONL(t, filepath.Join(dir, "issues.jsonl"), issues)
	for tt, rs := range records {
		p := filepath.Join(dir, tt, "fiscal_year=2024", "part-1.jsonl")
		if flat {
			p = filepath.Join(dir, tt+".jsonl")
		}
		writeJSONL(t, p, rs)
	}
	return dir
}

func writeJSONL(t *testing.T, path string, lines []map[string]any) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range lines {
		// doc_id first, as emit writes it
		id, _ := json.Marshal(l["doc_id"])
		rest := map[string]any{}
		for k, v := range l {
			if k != "doc_id" {
				rest[k] = v
			}
		}
		r, _ := json.Marshal(rest)
		fmt.Fprintf(&b, `{"doc_id":%s,%s`+"\n", id, r[1:])
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readReport reads report.html and every page under report/.
func readReport(t *testing.T, dir string) (overview string, pages map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, File))
	if err != nil {
		t.Fatal(err)
	}
	pages = map[string]string{}
	ents, err := os.ReadDir(filepath.Join(dir, PagesDir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		p, err := os.ReadFile(filepath.Join(dir, PagesDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		pages[e.Name()] = string(p)
	}
	return string(b), pages
}

func TestWrite(t *testing.T) {
	for _, flat := range []bool{false, true} {
		dir := outDir(t, flat)
		sum, err := Write(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Documents != 2 || sum.Pages != 2 || sum.Pictures != 0 {
			t.Errorf("flat %v: summary %+v", flat, sum)
		}
		ov, pages := readReport(t, dir)
		page := pages["aaaaaaaaaaaaaaaa.html"]
		if page == "" || len(pages) != 2 {
			t.Fatalf("flat %v: pages %v", flat, keys(pages))
		}
		for _, want := range []string{
			`data-figure="documents"><span class="n">2<`, `data-figure="failed"><span class="n">1<`,
			`data-figure="checks_mismatched"><span class="n">1<`, `"h":"report/aaaaaaaaaaaaaaaa.html"`,
			// the matrix: 收入总表 with a mismatch, 支出总表 and 基本支出表 typed, 三公 named but not typed
			`"x":"AMTAATAAPAAAAA"`,
		} {
			if !strings.Contains(ov, want) {
				t.Errorf("flat %v: overview lacks %s", flat, want)
			}
		}
		for _, want := range []string{
			// the 合计 as written, and the class row's mismatch highlighted with both values on hover
			`<tr data-row="1" class="total">`, `>244,064,700.00</td>`,
			`class="num c-mis" title="check class_sum: mismatch — expected 12,710,300.00, found 1,310,300.00 (difference -11,400,000.00)`,
			// the repaired total: its printed text on hover
			`class="num c-rep" title="repaired (full_width): printed &#34;24，406.47&lt;script&gt;`,
			// the issue list shows the figures for a reader and a test
			`<td class="num" data-k="expected">12,710,300.00</td><td class="num" data-k="found">1,310,300.00</td>`,
			// the table left in other_tables, and why
			`Left in other_tables: neither its title nor its header names a table type`,
			// the typed table's column with no field, and its cells
			`Columns with no field of expenditure_by_function`, `<th>其他</th>`,
			// the charts
			`Expenditure by function class (类)`, `22,356.31万`, `Basic expenditure by economic class (类)`, `6,135.80万`,
			// the standard table named but not typed
			`三公经费表`,
			// the document-level issue
			`narrative not compared`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("flat %v: the document's page lacks %s", flat, want)
			}
		}
		if strings.Contains(page, "环境保护管理事务</text>") {
			t.Errorf("flat %v: the function chart draws a 款", flat)
		}
		for name, p := range pages {
			checkEscaped(t, name, p)
			if !strings.Contains(p, `content="default-src &#39;none&#39;;`) || strings.Contains(p, "<script") {
				t.Errorf("%s: a document's page runs no script and loads nothing", name)
			}
		}
		// the overview's policy names its two scripts, and only them
		scripts := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(ov, -1)
		if len(scripts) != 2 {
			t.Fatalf("overview has %d scripts", len(scripts))
		}
		for _, sc := range scripts {
			if h := strings.ReplaceAll(scriptHash(sc[1]), "'", "&#39;"); !strings.Contains(ov, h) {
				t.Errorf("the overview's policy lacks its script's hash %s", h)
			}
		}
		checkEscaped(t, File, ov)
		if strings.Contains(ov, "in/broken.pdf: not a PDF <script>") {
			t.Error("the overview's failure list is not escaped")
		}
	}
}

var rawHostile = regexp.MustCompile(`(?i)<script>alert|<img src=x`)

// checkEscaped fails if a page carries the hostile text as markup.
func checkEscaped(t *testing.T, name, page string) {
	t.Helper()
	if m := rawHostile.FindString(page); m != "" {
		i := strings.Index(page, m)
		t.Errorf("%s carries %q unescaped: …%s…", name, m, page[max(0, i-80):min(len(page), i+80)])
	}
	if n := strings.Count(page, "<script"); n > 2 {
		t.Errorf("%s has %d script elements", name, n)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A picture is asked for only for a PDF table with a mismatch or a column
// with no field, embedded without what could run, and a failed one is a
// note.
func TestPictures(t *testing.T) {
	dir := outDir(t, false)
	var calls []string
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(3)">` +
		`<style>body{display:none}</style><script>alert(4)</script><rect width="5" height="5" fill="url(#g)" data-cell="r1c1"/>` +
		`<a href="javascript:alert(5)"><text x="1" y="1">` + strings.ReplaceAll(strings.ReplaceAll(hostile, "<", "&lt;"), "&lt;/", "&lt;/") + `</text></a>` +
		`<image xlink:href="http://example.invalid/x.png"/><foreignObject><div>x</div></foreignObject></svg>`)
	pics := func(_ context.Context, file string, reqs []PictureRequest) ([]Picture, error) {
		calls = append(calls, fmt.Sprintf("%s %v", file, reqs))
		return []Picture{{Page: 3, SVG: svg}, {Err: errors.New("no such page " + hostile)}}, nil
	}
	sum, err := Write(context.Background(), dir, Options{Pictures: pics})
	if err != nil {
		t.Fatal(err)
	}
	// one call for the document: its 收入总表 with the mismatch's cell, its
	// 支出总表 with the column that has no field
	want := []string{"in/" + hostile + ".pdf [{1 [{2 total_yuan}]} {3 [{0 其他" + hostile + "}]}]"}
	if fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("pictures asked for %q, want %q", calls, want)
	}
	if sum.Pictures != 1 || sum.NoPicture != 1 {
		t.Errorf("summary %+v", sum)
	}
	_, pages := readReport(t, dir)
	page := pages["aaaaaaaaaaaaaaaa.html"]
	for _, want := range []string{`<figure class="pic" data-picture-page="3">`, `<rect width="5" height="5" fill="url(#g)" data-cell="r1c1"></rect>`,
		`no picture of this table: no such page &lt;script&gt;`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, bad := range []string{"alert(3)", "alert(4)", "alert(5)", "display:none", "example.invalid", "foreignObject", "<div>x"} {
		if strings.Contains(page, bad) {
			t.Errorf("page carries %q from the picture", bad)
		}
	}
	checkEscaped(t, "page", page)
}

// A picture that panics or is not SVG is a note.
func TestPictureFailures(t *testing.T) {
	dir := outDir(t, false)
	for _, c := range []struct {
		pics PicturesFunc
		note string
	}{
		{func(context.Context, string, []PictureRequest) ([]Picture, error) { panic("boom") }, "the picture failed: boom"},
		{func(context.Context, string, []PictureRequest) ([]Picture, error) {
			return []Picture{{Page: 1, SVG: []byte(`<html><script>alert(1)</script></html>`)}, {Page: 1, SVG: []byte("<svg")}}, nil
		}, "not an SVG picture"},
		{func(context.Context, string, []PictureRequest) ([]Picture, error) {
			return nil, errors.New("encrypted")
		}, "encrypted"},
		{func(context.Context, string, []PictureRequest) ([]Picture, error) { return []Picture{{}}, nil }, "1 pictures for 2 tables"},
	} {
		sum, err := Write(context.Background(), dir, Options{Pictures: c.pics})
		if err != nil || sum.NoPicture != 2 || sum.Pictures != 0 {
			t.Fatalf("%s: %+v %v", c.note, sum, err)
		}
		_, pages := readReport(t, dir)
		if page := pages["aaaaaaaaaaaaaaaa.html"]; !strings.Contains(page, "no picture of this table: "+c.note) {
			t.Errorf("the failed pictures are not noted as %q", c.note)
		}
	}
}

// Records spread over bucket files give the same pages as records read
// at once.
func TestBuckets(t *testing.T) {
	dir := outDir(t, false)
	if _, err := Write(context.Background(), dir, Options{}); err != nil {
		t.Fatal(err)
	}
	_, whole := readReport(t, dir)
	if _, err := Write(context.Background(), dir, Options{bucketBytes: 200}); err != nil {
		t.Fatal(err)
	}
	_, spread := readReport(t, dir)
	if fmt.Sprint(whole) != fmt.Sprint(spread) {
		t.Error("the pages differ when the records are read in buckets")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

// A report replaces the earlier one whole: a page of a document gone is
// gone, and what a dead report left is removed.
func TestReplace(t *testing.T) {
	dir := outDir(t, false)
	if _, err := Write(context.Background(), dir, Options{}); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, PagesDir, "0123456789abcdef.html")
	dead := filepath.Join(dir, tmpPrefix+"123")
	os.WriteFile(stale, []byte("old"), 0o644)
	os.MkdirAll(filepath.Join(dead, PagesDir), 0o755)
	if _, err := Write(context.Background(), dir, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{stale, dead} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	if _, pages := readReport(t, dir); len(pages) != 2 {
		t.Errorf("pages %v", keys(pages))
	}
}

func TestWriteErrors(t *testing.T) {
	// a run writing the folder
	dir := outDir(t, false)
	unlock, err := emit.Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), dir, Options{}); !errors.Is(err, emit.ErrLocked) {
		t.Errorf("locked folder: %v", err)
	}
	unlock()

	// records in Parquet only
	dir = t.TempDir()
	writeJSONL(t, filepath.Join(dir, "documents.jsonl"), nil)
	os.MkdirAll(filepath.Join(dir, "projects", "fiscal_year=2024"), 0o755)
	os.WriteFile(filepath.Join(dir, "projects", "fiscal_year=2024", "part-1.parquet"), []byte("PAR1"), 0o644)
	if _, err := Write(context.Background(), dir, Options{}); !errors.Is(err, ErrParquetOnly) || !strings.Contains(err.Error(), "--format jsonl,parquet") {
		t.Errorf("parquet only: %v", err)
	}

	// no output folder
	if _, err := Write(context.Background(), t.TempDir(), Options{}); err == nil || !strings.Contains(err.Error(), "documents.jsonl") {
		t.Errorf("empty folder: %v", err)
	}

	// a broken line is named
	dir = outDir(t, false)
	f, _ := os.OpenFile(filepath.Join(dir, "issues.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("{not json\n")
	f.Close()
	if _, err := Write(context.Background(), dir, Options{}); err == nil || !strings.Contains(err.Error(), "issues.jsonl:6") {
		t.Errorf("broken line: %v", err)
	}

	// a cancelled context writes nothing
	dir = outDir(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, dir, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, File)); err == nil {
		t.Error("a cancelled report was written")
	}
}
