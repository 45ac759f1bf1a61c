package report

import (
	"bufio"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/budgetx/budgetx/internal/buildinfo"
	"github.com/budgetx/budgetx/internal/emit"
)

// PictureRequest asks for the picture of one table of a PDF: its index
// (1-based, documents.jsonl's tables[].index) and the cells its issues
// blame, to highlight.
type PictureRequest struct {
	Table int
	Cells []Cell
}

// Cell names a cell as issues.jsonl does: the record's row_no (0: the
// whole column) and the field or the printed header (column).
type Cell struct {
	Row    int
	Column string
}

// Picture is the picture of one table: the page drawn and its SVG, or
// why it could not be drawn.
type Picture struct {
	Page int
	SVG  []byte
	Err  error
}

// PicturesFunc draws several tables of the PDF at sourceFile (documents.
// jsonl's source_file, as the extract run named it), reading it once:
// pictures[i] is the picture of reqs[i]. err is the document's: every
// table fails with it. It is called for several documents at once.
type PicturesFunc func(ctx context.Context, sourceFile string, reqs []PictureRequest) (pictures []Picture, err error)

// Options are the report's settings; the zero value is a report without
// pictures.
type Options struct {
	// Pictures draws, once per document, the PDF tables that have a
	// check mismatch or a column with no field, with the cells the
	// issues name; nil draws none. An error, a panic, or a picture that
	// is not a well-formed SVG is a note on the table, never a failure of
	// the report. A picture is embedded inline, re-written without
	// scripts, event handlers, style elements, foreign content or
	// external references (so it styles itself with attributes).
	Pictures PicturesFunc

	// bucketBytes is how many bytes of records are held at once (0: the
	// default); tests set it low to make the report spill to bucket files.
	bucketBytes int64
}

// defaultBucketBytes is how many bytes of JSON Lines records a report
// holds at once: a larger output is spread over bucket files first.
const defaultBucketBytes = 96 << 20

// Files and folders the report writes in an output folder.
const (
	// File is the overview: the run at a glance and the matrix of
	// documents × standard table types, linking to the documents' pages.
	File = "report.html"
	// PagesDir holds one page per document, report/<name>.html.
	PagesDir = "report"
	// tmpPrefix names the folder a report is built in before it replaces
	// the previous one.
	tmpPrefix = ".budgetx-report-"
)

// Summary says what a report holds.
type Summary struct {
	Documents int
	Pages     int // document pages written
	Pictures  int // pictures embedded
	NoPicture int // tables whose picture failed (a note says why)
	Bytes     int64
}

//go:embed assets
var assets embed.FS

var (
	css       = mustRead("assets/report.css")
	js        = mustRead("assets/overview.js")
	overviewT = template.Must(template.New("overview.html").ParseFS(assets, "assets/overview.html", "assets/groups.html"))
	docT      = template.Must(template.New("doc.html").Funcs(template.FuncMap{
		"typeLabel": typeLabel, "base": baseName,
	}).ParseFS(assets, "assets/doc.html", "assets/groups.html"))
)

func mustRead(name string) string {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Write reads the output folder out of budgetx extract (a dataset or a
// flat output, with its records in JSON Lines) and writes out/report.html
// and out/report/, replacing an earlier report as a whole: everything is
// built in a temporary folder beside them and renamed into place, so no
// reader ever finds a page half written. It holds out's lock meanwhile (a
// run writing out makes it fail at once with emit.ErrLocked).
func Write(ctx context.Context, out string, o Options) (sum *Summary, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: internal error: %v", r)
		}
	}()
	unlock, err := emit.Lock(out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	clean(out)
	ds, err := load(out)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(out, tmpPrefix)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	sum, err = build(ctx, ds, tmp, o)
	if err != nil {
		return nil, err
	}
	return sum, replace(out, tmp)
}

// clean removes what a report that died left in out.
func clean(out string) {
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			os.RemoveAll(filepath.Join(out, e.Name()))
		}
	}
}

// replace moves the report built in tmp into out: the old pages folder is
// set aside, the new one renamed in, then report.html replaced (one
// rename), then the old folder removed.
func replace(out, tmp string) error {
	pages, old := filepath.Join(out, PagesDir), filepath.Join(tmp, "old")
	if _, err := os.Lstat(pages); err == nil {
		if err := os.Rename(pages, old); err != nil {
			return err
		}
	}
	if err := os.Rename(filepath.Join(tmp, PagesDir), pages); err != nil {
		os.Rename(old, pages)
		return err
	}
	if err := os.Rename(filepath.Join(tmp, File), filepath.Join(out, File)); err != nil {
		return err
	}
	syncDir(out)
	return nil
}

func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// build writes the report into tmp.
func build(ctx context.Context, ds *dataset, tmp string, o Options) (*Summary, error) {
	if err := os.Mkdir(filepath.Join(tmp, PagesDir), 0o755); err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, d := range ds.docs {
		name := d.DocID
		if name == "" {
			h := sha256.Sum256([]byte(d.SourceFile))
			name = "f-" + hex.EncodeToString(h[:])
		}
		if len(name) > 16 {
			name = name[:16]
		}
		for i, base := 2, name; names[name]; i++ {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		names[name] = true
		d.page = PagesDir + "/" + name + ".html"
	}
	sum := &Summary{Documents: len(ds.docs)}
	ov, err := buildOverview(ds)
	if err != nil {
		return nil, err
	}
	ov.CSS, ov.JS, ov.Generator = template.CSS(css), template.JS(js), generator()
	ov.CSP = pageCSP + "; script-src " + scriptHash(string(ov.Data)) + " " + scriptHash(js)
	n, err := writeFile(filepath.Join(tmp, File), true, func(w io.Writer) error { return overviewT.Execute(w, ov) })
	if err != nil {
		return nil, err
	}
	sum.Bytes += n
	index := map[*Doc]int{}
	for i, d := range ds.docs {
		index[d] = i
	}
	bucket := o.bucketBytes
	if bucket <= 0 {
		bucket = defaultBucketBytes
	}
	var mu sync.Mutex // sum
	err = ds.eachDocument(tmp, bucket, runtime.GOMAXPROCS(0), func(d *Doc, lines [][]byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		dd := assemble(d, lines, ds.issues[d.key])
		p := buildDocPage(ctx, dd, o.Pictures)
		p.CSS, p.Overview, p.Generator, p.CSP = template.CSS(css), "../"+File, generator(), pageCSP
		if i := index[d]; i > 0 {
			p.Prev = ds.docs[i-1]
		}
		if i := index[d]; i+1 < len(ds.docs) {
			p.Next = ds.docs[i+1]
		}
		n, err := writeFile(filepath.Join(tmp, filepath.FromSlash(d.page)), false, func(w io.Writer) error { return docT.Execute(w, p) })
		mu.Lock()
		defer mu.Unlock()
		for _, t := range p.Tables {
			if t.Picture != "" {
				sum.Pictures++
			}
			if t.PictureNote != "" {
				sum.NoPicture++
			}
		}
		sum.Bytes += n
		sum.Pages++
		return err
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// writeFile writes a file through fn and returns its size. The overview
// is synced before it is renamed into place; the documents' pages, which
// are thousands and are made again by the next report, are not.
func writeFile(path string, sync bool, fn func(io.Writer) error) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	cw := &countWriter{w: bufio.NewWriterSize(f, 256<<10)}
	err = fn(cw)
	if err == nil {
		err = cw.w.(*bufio.Writer).Flush()
	}
	if err == nil && sync {
		err = f.Sync()
	}
	err = errors.Join(err, f.Close())
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, err)
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// pageCSP is the content security policy of every page: nothing is loaded
// from anywhere (pictures only as data: addresses), styles are the page's
// own; a document's page runs no script at all, and the overview only its
// two scripts, named by their hashes. So even a text that escaping missed
// could neither run nor reach the network.
const pageCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

// scriptHash is a script's source for a content security policy.
func scriptHash(script string) string {
	h := sha256.Sum256([]byte(script))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

// generator names what wrote the report.
func generator() string {
	return "budgetx " + buildinfo.Version() + " (data contract " + buildinfo.ContractVersion + ")"
}
