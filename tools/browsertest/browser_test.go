// Package browsertest loads budgetx's HTML report in a real browser
// (headless Chromium, driven over the DevTools protocol with chromedp) and
// checks what a person would see: the figures the pages show equal the
// records, no page writes an error to the console or asks for anything
// but its own file, and a screenshot can be taken.
//
// It is a module of its own so that the browser driver is no dependency
// of budgetx: `go test ./...` at the top of the repository does not run
// it; scripts/test.sh (CI) does, and there a missing Chromium fails the
// run. It builds budgetx from this checkout and runs it as a user would.
//
// BUDGETX_CHROMIUM names the browser (default: chromium on the PATH);
// BUDGETX_SHOTS names a folder for the screenshots report-overview.png and
// report-document.png (default: the test's temporary folder).
package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// repo is the root of the budgetx checkout.
var repo, _ = filepath.Abs("../..")

var (
	buildOnce sync.Once
	budgetx   string
	buildErr  error
)

// build builds budgetx once for the tests.
func build(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "browsertest-bin-")
		if err != nil {
			buildErr = err
			return
		}
		budgetx = filepath.Join(dir, "budgetx")
		cmd := exec.Command("go", "build", "-o", budgetx, "./cmd/budgetx")
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/budgetx: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return budgetx
}

// extract runs budgetx extract --report on paths (relative to the
// repository) into a new output folder, and returns it.
func extract(t *testing.T, paths ...string) string {
	t.Helper()
	bx := build(t)
	out := filepath.Join(t.TempDir(), "out")
	for _, p := range paths {
		if _, err := os.Stat(filepath.Join(repo, p)); err != nil {
			t.Fatalf("input %s: %v", p, err)
		}
	}
	args := append([]string{"extract", "-q", "--report", "--out", out}, paths...)
	cmd := exec.Command(bx, args...)
	cmd.Dir = repo
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("budgetx %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "budgetx report: ") {
		t.Fatalf("budgetx extract --report did not say it wrote the report:\n%s", stderr.String())
	}
	return out
}

// browser is a headless Chromium tab that records what the pages it
// loads write to the console and every request they make.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string // console errors and warnings, exceptions, failed loads
	requests []string // URLs asked for
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	exe := os.Getenv("BUDGETX_CHROMIUM")
	if exe == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				exe = p
				break
			}
		}
	}
	if exe == "" {
		t.Fatal("no Chromium on the PATH (nor BUDGETX_CHROMIUM): install it with apt-get install -y chromium, as .ci/run does")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0], chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts, chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.WindowSize(1400, 1000),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("hide-scrollbars", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning ||
				ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.problems = append(b.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.problems = append(b.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				b.problems = append(b.problems, fmt.Sprintf("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, ev.Request.URL)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// load opens a file and fails the test if the page wrote an error or a
// warning to the console, or asked for anything but itself.
func (b *browser) load(t *testing.T, path string) {
	t.Helper()
	b.mu.Lock()
	b.problems, b.requests = nil, nil
	b.mu.Unlock()
	u := (&url.URL{Scheme: "file", Path: path}).String()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	// one round trip more, so that the events of the load are in
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.readyState`)); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		t.Errorf("%s: %s", path, p)
	}
	for _, r := range b.requests {
		if r != u && !strings.HasPrefix(r, "data:") {
			t.Errorf("%s asked for %s: a report must need nothing but its own file", path, r)
		}
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// screenshot saves the viewport as PNG in the screenshots folder and
// checks that it is one.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("BUDGETX_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	buf, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil || img.Bounds().Dx() < 800 || img.Bounds().Dy() < 600 {
		t.Fatalf("screenshot %s is no full PNG: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", filepath.Join(dir, name))
}

// output is an output folder read back, independently of the report.
type output struct {
	docs    []docLine
	issues  []issueLine
	revenue map[string][]map[string]any // revenue_by_function records by doc_id, in file order
}

type docLine struct {
	DocID      string `json:"doc_id"`
	SourceFile string `json:"source_file"`
	Status     string `json:"status"`
	Pages      int    `json:"pages"`
	Tables     []struct {
		Index     int    `json:"index"`
		TableType string `json:"table_type"`
		Title     string `json:"title"`
	} `json:"tables"`
	Records map[string]int `json:"records"`
	Checks  struct {
		Run, Passed, Rounding, Mismatched, Skipped int
	} `json:"checks"`
}

type issueLine struct {
	DocID      string `json:"doc_id"`
	SourceFile string `json:"source_file"`
	Kind       string `json:"kind"`
	Severity   string `json:"severity"`
	Check      string `json:"check"`
	Column     string `json:"column"`
	Expected   string `json:"expected"`
	Found      string `json:"found"`
	TableType  string `json:"table_type"`
	TableTitle string `json:"table_title"`
	Row        int    `json:"row"`
}

func readOutput(t *testing.T, out string) *output {
	t.Helper()
	o := &output{revenue: map[string][]map[string]any{}}
	lines(t, filepath.Join(out, "documents.jsonl"), func(b []byte) {
		var d docLine
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		o.docs = append(o.docs, d)
	})
	lines(t, filepath.Join(out, "issues.jsonl"), func(b []byte) {
		var is issueLine
		if err := json.Unmarshal(b, &is); err != nil {
			t.Fatal(err)
		}
		o.issues = append(o.issues, is)
	})
	var files []string
	filepath.WalkDir(filepath.Join(out, "revenue_by_function"), func(p string, e fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".jsonl") {
			files = append(files, p)
		}
		return nil
	})
	if f := filepath.Join(out, "revenue_by_function.jsonl"); exists(f) {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		lines(t, f, func(b []byte) {
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			var r map[string]any
			if err := dec.Decode(&r); err != nil {
				t.Fatal(err)
			}
			id, _ := r["doc_id"].(string)
			o.revenue[id] = append(o.revenue[id], r)
		})
	}
	return o
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func lines(t *testing.T, path string, fn func([]byte)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			fn(l)
		}
	}
}

// revenueTotal is a document's 收入总表 合计 as written: total_yuan of the
// first total row of its first revenue_by_function table.
func (o *output) revenueTotal(d docLine) (string, bool) {
	title := ""
	for _, tb := range d.Tables {
		if tb.TableType == "revenue_by_function" {
			title = tb.Title
			break
		}
	}
	for _, r := range o.revenue[d.DocID] {
		if r["table_title"] == title && r["is_total"] == true && r["total_yuan"] != nil {
			return string(r["total_yuan"].(json.Number)), true
		}
	}
	return "", false
}

// digits removes the thousands separators a page shows.
func digits(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), ",", "") }

// checkReport loads the overview and every document's page of out and
// checks the figures they show against the records. It returns the
// documents' pages by source file.
func checkReport(t *testing.T, b *browser, out string) map[string]string {
	t.Helper()
	o := readOutput(t, out)
	overview := filepath.Join(out, "report.html")
	b.load(t, overview)

	// the run at a glance
	var records, mismatched, passed int
	for _, d := range o.docs {
		for _, n := range d.Records {
			records += n
		}
		mismatched += d.Checks.Mismatched
		passed += d.Checks.Passed
	}
	figures := eval[map[string]string](t, b, `Object.fromEntries([...document.querySelectorAll('[data-figure]')].map(e => [e.dataset.figure, e.querySelector('.n').textContent]))`)
	for k, want := range map[string]int{"documents": len(o.docs), "records": records, "checks_mismatched": mismatched, "checks_passed": passed} {
		if digits(figures[k]) != fmt.Sprint(want) {
			t.Errorf("overview shows %s = %q, the output has %d", k, figures[k], want)
		}
	}

	// the matrix: every document, and the filter by status
	pages := eval[map[string]string](t, b, `Object.fromEntries(BX.docs.map(d => [d.F, d.h]))`)
	if len(pages) != len(o.docs) {
		t.Errorf("overview lists %d documents, the output has %d", len(pages), len(o.docs))
	}
	withMismatch := 0
	for _, d := range o.docs {
		if d.Checks.Mismatched > 0 {
			withMismatch++
		}
	}
	shown := eval[int](t, b, `(() => { const s = document.getElementById('f-status'); s.value = 'mismatch'; s.dispatchEvent(new Event('change')); return document.querySelectorAll('#matrix-body tr').length })()`)
	if want := min(withMismatch, 100); shown != want {
		t.Errorf("filtered on mismatch, the matrix shows %d rows, want %d", shown, want)
	}
	eval[bool](t, b, `(() => { const s = document.getElementById('f-status'); s.value = ''; s.dispatchEvent(new Event('change')); return true })()`)

	// every document's page
	var totals, mismatches int
	defer func() {
		t.Logf("%s: %d pages, %d 收入总表 totals and %d mismatches compared with the records", out, len(o.docs), totals, mismatches)
	}()
	issuesOf := map[string][]issueLine{}
	for _, is := range o.issues {
		issuesOf[is.DocID] = append(issuesOf[is.DocID], is)
	}
	for _, d := range o.docs {
		href, ok := pages[d.SourceFile]
		if !ok {
			t.Errorf("the overview does not link %s", d.SourceFile)
			continue
		}
		page := filepath.Join(out, filepath.FromSlash(href))
		start := time.Now()
		b.load(t, page)
		t.Logf("%s: %v", href, time.Since(start))
		if got := eval[string](t, b, `document.querySelector('main').dataset.sourceFile`); got != d.SourceFile {
			t.Errorf("%s is the page of %q, want %q", href, got, d.SourceFile)
		}
		if want, ok := o.revenueTotal(d); ok {
			totals++
			got := eval[string](t, b, `(document.querySelector('section[data-table-type="revenue_by_function"] tr.total td[data-f="total_yuan"]') || {textContent: "(none)"}).textContent`)
			if digits(got) != want {
				t.Errorf("%s: 收入总表 合计 shown %q, the record has %s", d.SourceFile, got, want)
			}
		}
		type shownIssue struct{ Expected, Found string }
		for _, is := range issuesOf[d.DocID] {
			if is.Kind != "check" || is.Severity != "mismatch" {
				continue
			}
			mismatches++
			sel := fmt.Sprintf(`tr[data-severity="mismatch"][data-check=%q][data-row="%d"][data-column=%q]`, is.Check, is.Row, is.Column)
			got := eval[[]shownIssue](t, b, `[...document.querySelectorAll(`+jsString(sel)+`)].map(r => ({Expected: r.querySelector('[data-k=expected]').textContent, Found: r.querySelector('[data-k=found]').textContent}))`)
			found := false
			for _, g := range got {
				if digits(g.Expected) == is.Expected && digits(g.Found) == is.Found {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: mismatch %s row %d %s (expected %s, found %s) shown as %v", d.SourceFile, is.Check, is.Row, is.Column, is.Expected, is.Found, got)
			}
			if is.Row > 0 && is.TableTitle != "" && is.Column != "" {
				cell := eval[string](t, b, `(() => { for (const s of document.querySelectorAll('section.table')) {
					if (s.querySelector('h3').textContent.replace(/^\d+\. /, '') !== `+jsString(is.TableTitle)+`) continue;
					const c = s.querySelector('tr[data-row="`+fmt.Sprint(is.Row)+`"] td.c-mis[data-f=`+jsString(strings.SplitN(is.Column, ".", 2)[0])+`]');
					if (c) return c.title } return "" })()`)
				if !strings.Contains(digits(cell), is.Expected) || !strings.Contains(digits(cell), is.Found) {
					t.Errorf("%s: the cell of mismatch %s row %d %s is not highlighted with its values: %q", d.SourceFile, is.Check, is.Row, is.Column, cell)
				}
			}
		}
	}
	return pages
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestFixturesReport writes the report of every fixture and checks it in
// the browser: the seed, the real PDFs, the planted errors.
func TestFixturesReport(t *testing.T) {
	b := newBrowser(t)
	out := extract(t, "fixtures/")
	pages := checkReport(t, b, out)

	// the figures of a few documents, named
	o := readOutput(t, out)
	for _, name := range []string{"fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt",
		"fixtures/real/shenzhen-minzhengju-2026-budget.pdf", "fixtures/real/beijing-caizhengju-2026-budget-tables.pdf"} {
		found := false
		for _, d := range o.docs {
			if d.SourceFile == name {
				found = true
				if _, ok := o.revenueTotal(d); !ok {
					t.Errorf("%s: no 收入总表 total in the records", name)
				}
			}
		}
		if !found {
			t.Errorf("%s: not in documents.jsonl", name)
		}
	}
	planted := "fixtures/docx/hebei-hengshui-sthjj-2024-budget-planted.docx"
	n := 0
	for _, is := range o.issues {
		if is.SourceFile == planted && is.Severity == "mismatch" {
			n++
		}
	}
	if n < 5 {
		t.Errorf("%s: %d mismatches, the planted errors give more", planted, n)
	}

	// the planted PDF's tables with a mismatch are drawn as budgetx read
	// their page, with the blamed cells highlighted
	plantedPDF := "fixtures/pdf/hebei-hengshui-sthjj-2024-budget-planted.pdf"
	b.load(t, filepath.Join(out, filepath.FromSlash(pages[plantedPDF])))
	type pics struct{ Pictures, Highlighted, Notes, Flagged int }
	got := eval[pics](t, b, `({Pictures: document.querySelectorAll('figure.pic svg').length,
		Highlighted: document.querySelectorAll('section[data-table-type="revenue_by_function"] figure.pic svg rect.highlight').length,
		Notes: document.querySelectorAll('.picture-note').length,
		Flagged: [...document.querySelectorAll('section.table')].filter(s => s.querySelector('td.c-mis')).length})`)
	if got.Pictures == 0 || got.Pictures < got.Flagged || got.Highlighted == 0 || got.Notes != 0 {
		t.Errorf("%s: pictures %+v: want one per table with a mismatch, its cells highlighted, no note", plantedPDF, got)
	}

	// screenshots: the overview, and the planted document at its 收入总表,
	// whose planted errors are highlighted
	b.load(t, filepath.Join(out, "report.html"))
	b.screenshot(t, "report-overview.png")
	b.load(t, filepath.Join(out, filepath.FromSlash(pages[planted])))
	if !eval[bool](t, b, `(() => { const s = document.querySelector('section[data-table-type="revenue_by_function"]'); if (!s || !s.querySelector('td.c-mis')) return false; s.scrollIntoView(); return true })()`) {
		t.Errorf("%s: no highlighted mismatch in its 收入总表", planted)
	}
	b.screenshot(t, "report-document.png")
}

// TestRealWideReport checks the report of the 62 documents of
// ../shared/real-wide in the browser.
func TestRealWideReport(t *testing.T) {
	b := newBrowser(t)
	out := extract(t, "../shared/real-wide/")
	checkReport(t, b, out)
}
