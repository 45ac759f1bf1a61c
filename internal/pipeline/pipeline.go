// Package pipeline runs budgetx's staged pipeline over many documents:
//
//	discover → process (read, normalize, check) → emit
//
// Each document is processed in a worker process (internal/isolate) under
// model.Limits: time, memory, input size and structure; a document that
// crosses a limit, crashes its worker or is not a regular file fails alone,
// as a failed line in documents.jsonl with its error_class, and never stops
// the others. A fixed number of workers run at once; the emit stage writes
// results in input order, so the output does not depend on scheduling.
// Cancelling the context kills the workers, stops every stage and leaves
// no output file half-written.
//
// Any program that links this package serves as its own worker process
// (from the init of internal/docwork, which does each document's work), so
// it needs no setup; a worker never starts workers.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/budgetx/budgetx/internal/buildinfo"
	"github.com/budgetx/budgetx/internal/docwork"
	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/internal/extract"
	"github.com/budgetx/budgetx/internal/isolate"
	"github.com/budgetx/budgetx/internal/pageview"
	"github.com/budgetx/budgetx/internal/progress"
	"github.com/budgetx/budgetx/model"
)

// Layout is the shape of a run's output.
type Layout int

// Layouts.
const (
	// LayoutFlat writes one file per table type and format into Out,
	// replacing the previous run's files as one set.
	LayoutFlat Layout = iota
	// LayoutDataset adds to the dataset in Out (emit.Dataset): Hive-style
	// partitions by fiscal year, documents already in it skipped.
	LayoutDataset
	// LayoutStream writes every record as a JSON line to Config.Stdout.
	LayoutStream
)

// Config configures a run.
type Config struct {
	Out     string       // output directory
	Layout  Layout       // LayoutFlat by default
	Stdout  io.Writer    // LayoutStream's output
	Formats emit.Formats // which formats to write (flat and dataset)
	// Tables restricts the table types written; nil writes all.
	Tables  []model.TableType
	Workers int // documents processed at once; <= 0 means runtime.NumCPU()
	// Limits bound each document: time, memory, input size, structure
	// (model.Limits; zero fields take the defaults).
	Limits model.Limits
	// Force reads again the documents a dataset already holds (same
	// content, same budgetx version), replacing their records.
	Force bool
	// Shard takes a stable share of the inputs: see Shard.
	Shard Shard
	// Version and ContractVersion are recorded with every document and
	// Parquet file; "" means this build's (internal/buildinfo).
	Version, ContractVersion string
	// BatchDocs and BatchEvery bound a dataset batch: it is committed
	// after that many documents or that much time (defaults 200, 30 s).
	BatchDocs  int
	BatchEvery time.Duration
	// CompactParts is how many parts of one partition a dataset keeps
	// before a run merges them (default 4).
	CompactParts int
	// Reporter, if set, hears of every document as it starts and ends,
	// and of notes (see internal/progress). Progress is the simple form:
	// one plain line per document, written to it.
	Reporter Reporter
	Progress io.Writer
}

// A Reporter hears of a run's progress: *progress.Reporter is one.
type Reporter interface {
	Start(path string)
	Done(l progress.Line)
	Note(text string)
}

// Stats summarizes a run.
type Stats struct {
	Documents int // read in this run (failed ones included)
	Failed    int
	// Partial counts documents that name a standard table budgetx did not
	// type (model.StatusPartial).
	Partial int
	// Skipped counts documents the dataset already held; Duplicates the
	// paths whose bytes were those of another document of the run.
	Skipped    int
	Duplicates int
	// Unchanged counts the skipped documents whose files were not even
	// read again (the same size and modification time as when read).
	Unchanged int
	Records   int
	Issues    int
	// Mismatched counts documents with at least one check mismatch.
	Mismatched int
}

// inFlight returns how many documents may be between the feed and the
// output at once (read by a worker, or read and waiting to be written):
// the main process holds the records of these only. An output that keeps
// input order (flat) needs two per worker, so that the others read on
// behind a slow document; one that takes documents as they come needs one
// per worker and one more, waiting while the output is busy (a dataset
// committing a batch).
func inFlight(ordered bool, workers int) int {
	if ordered {
		return 2 * workers
	}
	return workers + 1
}

// MainMemory returns the memory the main process of a run with cfg needs,
// bytes: a soft limit for it (runtime/debug.SetMemoryLimit), which the
// collector keeps it under by collecting more often as it comes near.
// It is what the output holds whatever the number of documents (a
// dataset: a batch's staging, up to 4 MiB of it in memory, one Parquet
// writer, the index being sorted;
// a flat output: a Parquet writer per table type and 16 MiB of their row
// groups), and the records of the documents in flight (see inFlight):
// 4 MiB each on average (the largest real disclosure we know, of 8,756
// records, takes 7 MiB). With two workers, a dataset: 52 MiB. A run whose
// documents are larger still finishes, the collector working harder.
func MainMemory(cfg Config) int64 {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	base := int64(40 << 20)
	if cfg.Layout == LayoutFlat {
		base = 64 << 20
	}
	return base + int64(inFlight(cfg.Layout == LayoutFlat, workers))*4<<20
}

// job is one document moving through the stages.
type job struct {
	idx   int
	in    Input
	id    identity
	res   *model.Result
	docID string // sha256 of the bytes read, when they were all read
	err   error
}

// Run runs the pipeline over files (each taken as given; see Discover for
// directories) and writes cfg.Out. See RunInputs.
func Run(ctx context.Context, files []string, cfg Config) (Stats, error) {
	in := make([]Input, len(files))
	for i, f := range files {
		in[i] = Input{Path: f}
	}
	return RunInputs(ctx, in, cfg)
}

// RunInputs runs the pipeline over inputs and writes the output cfg says.
//
// First every input is identified: its size, modification time and
// content hash (doc_id). A file whose bytes are another input's is read
// once, for the path that sorts first, and the others are reported as
// duplicates; a document a dataset already holds (read by this budgetx
// version) is skipped, without even reading an unchanged file again. Then
// each remaining document is read, normalized and checked in a worker
// process under cfg.Limits (internal/isolate), so that no document can
// take the run down with it, and written: in input order to a flat
// output, as documents finish to a dataset or a stream.
//
// It returns an error only when the output cannot be written or ctx was
// cancelled; failed documents are counted in Stats.
func RunInputs(ctx context.Context, inputs []Input, cfg Config) (Stats, error) {
	var st Stats
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	if cfg.Version == "" {
		cfg.Version = buildinfo.Version()
	}
	if cfg.ContractVersion == "" {
		cfg.ContractVersion = buildinfo.ContractVersion
	}
	lim := cfg.Limits.WithDefaults()
	inputs = cfg.Shard.Take(inputs)
	rep := cfg.Reporter
	if rep == nil && cfg.Progress != nil {
		pr := progress.New(cfg.Progress, progress.Options{Every: -1, Verbose: true, Total: len(inputs)})
		defer pr.Close("")
		rep = pr
	}
	if rep == nil {
		rep = nopReporter{}
	}
	out, err := openSink(cfg)
	if err != nil {
		return st, err
	}
	for _, r := range out.recovered() {
		rep.Note(fmt.Sprintf("note %s: %s", cfg.Out, r))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	ids, err := identify(ctx, inputs, workers, lim.InputBytes, out.known(cfg))
	if err != nil {
		out.abort()
		return st, err
	}
	var todo []job
	for i, id := range ids {
		switch {
		case id.skip != "":
			st.Skipped++
			if id.docID == "" {
				st.Unchanged++
			}
			rep.Done(progress.Line{Path: inputs[i].Path, Status: progress.Skipped,
				Text: fmt.Sprintf("skip %s: %s", inputs[i].Path, id.skip)})
		case id.dupOf != "":
			st.Duplicates++
			if err := out.note(duplicateIssue(inputs[i].Path, id)); err != nil {
				out.abort()
				return st, err
			}
			rep.Done(progress.Line{Path: inputs[i].Path, Status: progress.Duplicate,
				Text: fmt.Sprintf("dup  %s: the same bytes as %s, read once", inputs[i].Path, id.dupOf)})
		default:
			todo = append(todo, job{idx: len(todo), in: inputs[i], id: id})
		}
	}

	pool := isolate.NewPool(isolate.Options{Size: workers, Timeout: lim.Time, Memory: lim.Memory})
	defer pool.Close()
	run := runner(pool)
	jobs := make(chan job)
	done := make(chan job, workers)
	// A slot per document between the feed and the output (see
	// inFlight): the main process holds the records of these only,
	// however many documents a run has.
	slots := make(chan struct{}, inFlight(out.ordered(), workers))
	go func() { // feed
		defer close(jobs)
		for _, j := range todo {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				switch {
				case j.in.Err != nil:
					j.err = j.in.Err
				case j.id.err != nil:
					j.err, j.docID = j.id.err, j.id.docID
				default:
					rep.Start(j.in.Path)
					safely(&j, func(j *job) { j.res, j.docID, j.err = run.ProcessFile(ctx, j.in.Path, lim) })
				}
				select {
				case done <- j:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	pending := map[int]job{}
	next := 0
	var werr error
	write := func(j job) {
		res := j.res
		if j.err != nil {
			res = failed(j.in.Path, j.docID, j.err)
		}
		if werr == nil {
			src := emit.Source{Size: j.id.size, ModTime: j.id.mtime}
			werr = out.write(res, src)
			var fe *emit.FieldError
			if errors.As(werr, &fe) {
				// A value the writers cannot hold exactly fails this
				// document, not the run; nothing of it was written.
				res = failed(j.in.Path, res.Summary.DocID, werr)
				werr = out.write(res, src)
			}
			if werr != nil {
				cancel()
			}
		}
		st.Documents++
		switch res.Summary.Status {
		case model.StatusFailed:
			st.Failed++
		case model.StatusPartial:
			st.Partial++
		}
		if res.Summary.Checks.Mismatched > 0 {
			st.Mismatched++
		}
		st.Records += len(res.Records)
		st.Issues += len(res.Issues)
		rep.Done(progress.Line{Path: j.in.Path, Status: statusOf(res), Text: summaryLine(res),
			Pages: res.Summary.Pages, Records: len(res.Records)})
		<-slots
	}
	for j := range done {
		if ctx.Err() != nil {
			continue // cancelled: drain, write nothing more
		}
		if !out.ordered() {
			write(j)
			next++
			continue
		}
		pending[j.idx] = j
		for {
			j, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			write(j)
		}
	}
	switch {
	case werr != nil:
		out.abort()
		return st, werr
	case ctx.Err() != nil || next < len(todo):
		out.interrupted()
		if err := ctx.Err(); err != nil {
			return st, err
		}
		return st, errors.New("pipeline stopped before every document was written")
	}
	return st, out.close()
}

type nopReporter struct{}

func (nopReporter) Start(string)       {}
func (nopReporter) Done(progress.Line) {}
func (nopReporter) Note(string)        {}

// statusOf is a document's status as the reporter counts it.
func statusOf(res *model.Result) progress.Status {
	switch res.Summary.Status {
	case model.StatusFailed:
		return progress.Failed
	case model.StatusPartial:
		return progress.Partial
	}
	return progress.OK
}

// ReadDocument reads the document at path into the document model, in a
// worker process under lim, as a run reads it (for budgetx inspect).
func ReadDocument(ctx context.Context, path string, lim model.Limits) (*model.Document, error) {
	lim = lim.WithDefaults()
	pool := isolate.NewPool(isolate.Options{Size: 1, Timeout: lim.Time, Memory: lim.Memory})
	defer pool.Close()
	return runner(pool).ReadFile(ctx, path, lim)
}

// ReadPages reads what pictures of pages of the PDF at path need (see
// pageview.Doc.View; each request says which page), in one worker process
// under lim: a PDF that crashes the PDF library fails the call, not the
// caller. err is the document's error (it could not be read); errs[i] is
// the error of request i (a page or table it does not have), views[i] its
// view. Errors are *model.Error naming the file (and the page or table,
// when one is concerned).
func ReadPages(ctx context.Context, path string, reqs []pageview.Request, lim model.Limits) (views []*pageview.View, errs []error, err error) {
	lim = lim.WithDefaults()
	pool := isolate.NewPool(isolate.Options{Size: 1, Timeout: lim.Time, Memory: lim.Memory})
	defer pool.Close()
	return runner(pool).ReadPages(ctx, path, reqs, lim)
}

// ReadPage is ReadPages of one request.
func ReadPage(ctx context.Context, path string, req pageview.Request, lim model.Limits) (*pageview.View, error) {
	views, errs, err := ReadPages(ctx, path, []pageview.Request{req}, lim)
	if err != nil {
		return nil, err
	}
	if errs[0] != nil {
		return nil, errs[0]
	}
	return views[0], nil
}

// runner does a run's documents' work in pool's workers; its errors name
// the command's flags.
func runner(pool *isolate.Pool) *docwork.Runner {
	return &docwork.Runner{Pool: pool, TimeHint: "--doc-timeout", MemoryHint: "--doc-memory"}
}

// safely runs f on j, turning a panic into j's error.
func safely(j *job, f func(*job)) {
	defer func() {
		if r := recover(); r != nil {
			if os.Getenv("BUDGETX_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
			}
			j.err = &model.Error{File: j.in.Path, Err: fmt.Errorf("internal error (panic): %v", r)}
		}
	}()
	f(j)
}

// failed returns the result of a document that could not be processed.
func failed(path, docID string, err error) *model.Result {
	var pe *model.Error
	if !errors.As(err, &pe) {
		err = &model.Error{File: path, Err: err}
	}
	return model.FailedClass(docID, path, extract.FormatOf(path), err.Error(), model.ErrorClass(err))
}

// summaryLine is the one line per document written to stderr.
func summaryLine(res *model.Result) string {
	s := res.Summary
	if s.Status == model.StatusFailed {
		if strings.HasPrefix(s.Error, s.SourceFile+":") {
			return "FAIL " + s.Error // the error names the file
		}
		return fmt.Sprintf("FAIL %s: %s", s.SourceFile, s.Error)
	}
	c := s.Checks
	status := "ok  "
	if s.Status == model.StatusPartial {
		status = "part"
	}
	return fmt.Sprintf("%s %s: %d tables, %d records, %d repairs, checks %d run / %d passed / %d rounding / %d mismatch / %d skipped",
		status, s.SourceFile, len(s.Tables), len(res.Records), s.Repairs, c.Run, c.Passed, c.Rounding, c.Mismatched, c.Skipped)
}
