package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/model"
)

// Doc is one line of documents.jsonl, as the report reads it.
type Doc struct {
	DocID           string  `json:"doc_id"`
	SourceFile      string  `json:"source_file"`
	Format          string  `json:"format"`
	Status          string  `json:"status"`
	Error           string  `json:"error"`
	ErrorClass      string  `json:"error_class"`
	BudgetxVersion  string  `json:"budgetx_version"`
	ContractVersion string  `json:"contract_version"`
	DepartmentCode  string  `json:"department_code"`
	DepartmentName  string  `json:"department_name"`
	FiscalYear      int     `json:"fiscal_year"`
	DocKind         string  `json:"doc_kind"`
	Province        string  `json:"province"`
	City            string  `json:"city"`
	County          string  `json:"county"`
	AdminLevel      string  `json:"admin_level"`
	Pages           int     `json:"pages"`
	Tables          []Table `json:"tables"`
	Untyped         []struct {
		Title     string `json:"title"`
		TableType string `json:"table_type"`
		Page      int    `json:"page"`
	} `json:"untyped"`
	Records map[string]int `json:"records"`
	Issues  int            `json:"issues"`
	Repairs int            `json:"repairs"`
	Checks  struct {
		Run        int `json:"run"`
		Passed     int `json:"passed"`
		Rounding   int `json:"rounding"`
		Mismatched int `json:"mismatched"`
		Skipped    int `json:"skipped"`
	} `json:"checks"`

	key  string // doc_id, or the source file of a document that has none
	page string // its page, relative to the report's folder: report/<name>.html
}

// Page is the document's page in the report, relative to the report's
// folder (report/<name>.html).
func (d *Doc) Page() string { return d.page }

// Table is one entry of a document's tables in documents.jsonl.
type Table struct {
	Index         int    `json:"index"`
	TableType     string `json:"table_type"`
	Title         string `json:"title"`
	Unit          string `json:"unit"`
	Page          int    `json:"page"`
	Line          int    `json:"line"`
	Records       int    `json:"records"`
	EmptyDeclared bool   `json:"empty_declared"`
	Note          string `json:"note"`
	NamedType     string `json:"named_type"`
}

// Issue is one line of issues.jsonl.
type Issue struct {
	DocID      string `json:"doc_id"`
	SourceFile string `json:"source_file"`
	Kind       string `json:"kind"`
	Severity   string `json:"severity"`
	TableType  string `json:"table_type"`
	TableTitle string `json:"table_title"`
	Page       int    `json:"page"`
	Line       int    `json:"line"`
	Row        int    `json:"row"`
	Column     string `json:"column"`
	Raw        string `json:"raw"`
	Repaired   string `json:"repaired"`
	Rule       string `json:"rule"`
	Check      string `json:"check"`
	Expected   string `json:"expected"`
	Found      string `json:"found"`
	Difference string `json:"difference"`
	Message    string `json:"message"`
}

// ErrParquetOnly is matched (errors.Is) by the error of Write when the
// output folder holds a table's records in Parquet only (extract --format
// parquet): the report reads the JSON Lines files.
var ErrParquetOnly = errors.New("the records are in Parquet only")

// dataset is an output folder of budgetx extract, its index read.
type dataset struct {
	dir    string
	docs   []*Doc
	issues map[string][]*Issue // by document key
	files  []string            // the JSON Lines files of records
	bytes  int64               // their total size
}

// load reads dir's documents.jsonl and issues.jsonl and lists its record
// files, flat (<type>.jsonl) or partitioned (<type>/**/*.jsonl).
func load(dir string) (*dataset, error) {
	ds := &dataset{dir: dir, issues: map[string][]*Issue{}}
	if err := eachLine(filepath.Join(dir, "documents.jsonl"), func(b []byte) error {
		d := new(Doc)
		if err := json.Unmarshal(b, d); err != nil {
			return err
		}
		d.key = d.DocID
		if d.key == "" {
			d.key = "file:" + d.SourceFile
		}
		ds.docs = append(ds.docs, d)
		return nil
	}); err != nil {
		return nil, err
	}
	err := eachLine(filepath.Join(dir, "issues.jsonl"), func(b []byte) error {
		is := new(Issue)
		if err := json.Unmarshal(b, is); err != nil {
			return err
		}
		k := is.DocID
		if k == "" {
			k = "file:" + is.SourceFile
		}
		ds.issues[k] = append(ds.issues[k], is)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var parquetOnly []string
	for _, tt := range model.TableTypes {
		files, parquet, err := recordFiles(dir, string(tt))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 && parquet {
			parquetOnly = append(parquetOnly, string(tt))
		}
		for _, f := range files {
			st, err := os.Stat(f)
			if err != nil {
				return nil, err
			}
			ds.bytes += st.Size()
		}
		ds.files = append(ds.files, files...)
	}
	if len(parquetOnly) > 0 {
		return nil, fmt.Errorf("%s: %w (%s): the report reads the JSON Lines files that extract writes beside them by default; "+
			"run extract again with --format jsonl,parquet", dir, ErrParquetOnly, strings.Join(parquetOnly, ", "))
	}
	return ds, nil
}

// recordFiles lists the JSON Lines files of table type tt in dir and
// reports whether it has Parquet files of tt.
func recordFiles(dir, tt string) (files []string, parquet bool, err error) {
	flat := filepath.Join(dir, tt+".jsonl")
	if st, err := os.Stat(flat); err == nil && st.Mode().IsRegular() {
		files = append(files, flat)
	}
	if _, err := os.Stat(filepath.Join(dir, tt+".parquet")); err == nil {
		parquet = true
	}
	sub := filepath.Join(dir, tt)
	if st, err := os.Stat(sub); err != nil || !st.IsDir() {
		return files, parquet, nil
	}
	err = filepath.WalkDir(sub, func(p string, e fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case strings.HasPrefix(e.Name(), ".") && p != sub:
			if e.IsDir() {
				return filepath.SkipDir
			}
		case e.IsDir():
		case strings.HasSuffix(p, ".jsonl"):
			files = append(files, p)
		case strings.HasSuffix(p, ".parquet"):
			parquet = true
		}
		return nil
	})
	sort.Strings(files)
	return files, parquet, err
}

// eachLine calls fn with every non-blank line of the file at path; an error
// names the file and line.
func eachLine(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	for n := 1; ; n++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			if ferr := fn(b); ferr != nil {
				return fmt.Errorf("%s:%d: %w", path, n, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
	}
}

// bucketOf spreads documents over n buckets.
func bucketOf(key string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// eachDocument calls fn for every document, workers at a time, in buckets
// of documents whose records are about bucketBytes together: with more
// records than that, the record lines are first spread over bucket files
// in tmp (one pass over the records) so that only one bucket's lines are
// held at a time. It returns fn's first error.
func (ds *dataset) eachDocument(tmp string, bucketBytes int64, workers int, fn func(d *Doc, lines [][]byte) error) error {
	n := int((ds.bytes + bucketBytes - 1) / bucketBytes)
	if n > 1024 {
		n = 1024
	}
	if n <= 1 {
		lines := map[string][][]byte{}
		for _, f := range ds.files {
			if err := eachLine(f, func(b []byte) error {
				k := emit.DocIDOfLine(b)
				lines[k] = append(lines[k], b)
				return nil
			}); err != nil {
				return err
			}
		}
		return each(ds.docs, lines, workers, fn)
	}
	buckets := make([]*os.File, n)
	writers := make([]*bufio.Writer, n)
	defer func() {
		for _, f := range buckets {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}()
	for i := range buckets {
		f, err := os.CreateTemp(tmp, fmt.Sprintf("bucket-%d-*", i))
		if err != nil {
			return err
		}
		buckets[i], writers[i] = f, bufio.NewWriterSize(f, 64<<10)
	}
	for _, f := range ds.files {
		if err := eachLine(f, func(b []byte) error {
			if b[len(b)-1] != '\n' {
				b = append(b, '\n')
			}
			_, err := writers[bucketOf(emit.DocIDOfLine(b), n)].Write(b)
			return err
		}); err != nil {
			return err
		}
	}
	for _, w := range writers {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	byBucket := make([][]*Doc, n)
	for _, d := range ds.docs {
		b := bucketOf(d.key, n)
		byBucket[b] = append(byBucket[b], d)
	}
	for i, f := range buckets {
		lines := map[string][][]byte{}
		if err := eachLine(f.Name(), func(b []byte) error {
			k := emit.DocIDOfLine(b)
			lines[k] = append(lines[k], b)
			return nil
		}); err != nil {
			return err
		}
		if err := each(byBucket[i], lines, workers, fn); err != nil {
			return err
		}
	}
	return nil
}

// each calls fn for docs, workers at a time, and returns the first error;
// after one, the documents not yet started are not.
func each(docs []*Doc, lines map[string][][]byte, workers int, fn func(d *Doc, lines [][]byte) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	sem := make(chan struct{}, max(1, workers))
	for _, d := range docs {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			err := safeCall(func() error { return fn(d, lines[d.key]) })
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// safeCall runs f, turning a panic into an error: a goroutine's panic
// would end the program.
func safeCall(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: internal error: %v", r)
		}
	}()
	return f()
}
