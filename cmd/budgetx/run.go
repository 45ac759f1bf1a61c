package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/internal/buildinfo"
	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/internal/pipeline"
	"github.com/budgetx/budgetx/internal/progress"
	"github.com/budgetx/budgetx/internal/report"
	"github.com/budgetx/budgetx/model"
)

// Exit codes.
const (
	exitOK      = 0 // every document was read
	exitFailed  = 1 // a document failed (the others were written), or --strict found a mismatch
	exitUsage   = 2 // bad command line
	exitAborted = 3 // the run could not write its output
	// A run stopped by a signal exits 128 + the signal's number, as shells
	// expect: 130 for SIGINT (Ctrl-C), 143 for SIGTERM.
	exitSIGINT  = 130
	exitSIGTERM = 143
)

const mainUsage = `budgetx turns Chinese government budget disclosures (部门预算/部门决算) into
typed datasets: JSON Lines and Parquet per table type.

Usage:
  budgetx extract [flags] PATH...   read documents and add them to a dataset (or write a flat output, or stream)
  budgetx merge --out DIR SRC...    merge datasets written by several runs (shards) into one
  budgetx inspect [--table N|--model] FILE
                                    show how budgetx sees a document's tables
  budgetx corpus [--expect FILE] OUT
                                    report, per document of an extract run, the
                                    standard tables printed against those typed
  budgetx report OUT                write OUT/report.html: the run, its documents
                                    and tables, as one HTML report that opens from disk
  budgetx version                   print the version (also --version)
  budgetx help [COMMAND]            show help

Example:
  budgetx extract --out out fixtures/

Run 'budgetx COMMAND --help' for a command's flags.
`

// errUsage marks a command-line mistake.
var errUsage = errors.New("usage")

// run is the whole program, with its I/O injected for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return exitUsage
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) int{
		"extract": runExtract, "merge": runMerge, "inspect": runInspect, "corpus": runCorpus,
		"report": runReport,
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 {
			if c, ok := cmds[args[1]]; ok {
				return c(ctx, []string{"--help"}, stdout, stderr)
			}
		}
		fmt.Fprint(stdout, mainUsage)
		return exitOK
	case "--version", "-version", "version":
		fmt.Fprintf(stdout, "budgetx %s (data contract %s)\n", buildinfo.Version(), buildinfo.ContractVersion)
		return exitOK
	}
	if c, ok := cmds[args[0]]; ok {
		return c(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "budgetx: unknown command %q\nRun 'budgetx --help' for usage.\n", args[0])
	return exitUsage
}

func extractFlags(stdout io.Writer) (*pflag.FlagSet, *extractOptions) {
	o := &extractOptions{}
	fs := pflag.NewFlagSet("extract", pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are said once, by parseArgs
	fs.StringVarP(&o.out, "out", "o", "out", "output `DIR` (a dataset, or a flat output with --layout flat); - streams JSON Lines of every record to stdout")
	fs.StringVar(&o.layout, "layout", "dataset", "`LAYOUT` of --out: dataset (Hive-style partitions by fiscal year, that runs add to) or flat (one file per table type, replaced)")
	fs.StringVar(&o.format, "format", "jsonl,parquet", "comma-separated output `FORMATS`: jsonl, parquet")
	fs.StringVar(&o.tables, "tables", "", "write only these table types (comma-separated `TYPES`, e.g. expenditure_by_function,projects)")
	fs.BoolVar(&o.force, "force", false, "read again the documents the dataset already holds, replacing their records")
	fs.StringVar(&o.shard, "shard", "", "take shard `I/N` of the inputs (0 ≤ I < N), by a hash of each path: N machines, one dataset each, merged with budgetx merge")
	fs.IntVarP(&o.workers, "workers", "w", runtime.NumCPU(), "`N` documents read and normalized at once")
	fs.IntVar(&o.batch, "batch", 200, "commit the dataset every `N` documents (and every 30 s): what a killed run can lose")
	fs.BoolVar(&o.strict, "strict", false, "exit 1 when any document's checks find a mismatch, or a document is partial (names a standard table budgetx did not type)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "only failed and partial documents and the final line on stderr")
	fs.BoolVar(&o.report, "report", false, "after writing, write the HTML report of --out: OUT/report.html (see budgetx report --help)")
	addLimitFlags(fs, &o.limits)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(stdout, `Usage: budgetx extract [flags] PATH...

Reads every PATH (a file, or a directory walked recursively for .docx, .pdf
and .txt), recognizes the standard budget tables, and adds them to the
dataset in --out: records in Hive-style partitions by fiscal year,

  OUT/<table_type>/fiscal_year=<year>/part-<batch>.parquet (and .jsonl)

with OUT/documents.jsonl (one line per document: identity, region,
status, tables, counts, budgetx version) and OUT/issues.jsonl (every
repair, anomaly and failed check) as its index. A document the dataset
already holds (the same bytes, read by this budgetx version) is skipped;
--force reads it again. A run killed at any moment keeps what it had
committed (every 200 documents or 30 s): the same command again finishes
the rest. The same bytes under several names are read once. --layout flat
writes one file per table type instead, replacing the previous run's.

Every document is read in a worker process under limits of time, memory,
input size and structure; one that crosses a limit fails alone, with a
message that says which limit (error_class "limit" in documents.jsonl).
Only regular files are read.

Exit status: 0 every document was read; 1 a document failed (the others
are still written) or --strict saw a mismatch; 2 bad usage; 3 the output
could not be written; 130 interrupted (SIGINT), 143 terminated (SIGTERM):
what was committed stays, the rest is read by the next run.

Examples:
  budgetx extract fixtures/
  budgetx extract --out data --format parquet --workers 4 budgets/2024/
  budgetx extract --shard 1/3 --out part1 budgets/
  budgetx extract -o - --tables projects report.docx | jq .project_name
  budgetx extract --layout flat --strict --out out report.docx

Flags:
%s
Structural limits (--limit NAME=N):
%s`, fs.FlagUsages(), limitsHelp())
	}
	return fs, o
}

type extractOptions struct {
	out     string
	layout  string
	format  string
	tables  string
	force   bool
	shard   string
	workers int
	batch   int
	strict  bool
	quiet   bool
	report  bool

	limits model.Limits
}

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := extractFlags(stdout)
	if code, ok := parseArgs(fs, args, stderr); !ok {
		return code
	}
	cfg := pipeline.Config{Out: o.out, Workers: o.workers, Limits: o.limits, Force: o.force, BatchDocs: o.batch}
	var err error
	cfg.Formats, err = parseFormats(o.format)
	if err == nil {
		cfg.Tables, err = parseTables(o.tables)
	}
	if err == nil && o.shard != "" {
		cfg.Shard, err = pipeline.ParseShard(o.shard)
	}
	switch o.layout {
	case "dataset":
		cfg.Layout = pipeline.LayoutDataset
	case "flat":
		cfg.Layout = pipeline.LayoutFlat
	default:
		err = fmt.Errorf("unknown --layout %q (want dataset or flat)", o.layout)
	}
	if o.out == "-" {
		cfg.Layout, cfg.Stdout = pipeline.LayoutStream, stdout
	}
	switch {
	case err != nil:
	case fs.NArg() == 0:
		err = errors.New("no PATH given")
	case o.workers < 1:
		err = errors.New("--workers must be at least 1")
	case o.batch < 1:
		err = errors.New("--batch must be at least 1")
	case o.force && cfg.Layout != pipeline.LayoutDataset:
		err = errors.New("--force is for a dataset (--layout dataset)")
	case o.report && cfg.Layout == pipeline.LayoutStream:
		err = errors.New("--report needs an output folder, not -o -")
	case o.report && !cfg.Formats.JSONL:
		err = errors.New("--report reads the JSON Lines files: keep jsonl in --format")
	}
	if err != nil {
		return usageError(stderr, fs, err.Error())
	}
	memoryLimit(pipeline.MainMemory(cfg))
	inputs, dups := pipeline.Discover(fs.Args())
	isTerm, width := progress.Terminal(stderr)
	rep := progress.New(stderr, progress.Options{Terminal: isTerm, Width: width, Quiet: o.quiet,
		Total: len(cfg.Shard.Take(inputs))})
	for _, d := range dups {
		rep.Note(fmt.Sprintf("note %s: the same file as %s, read once", d.Path, d.SameAs))
	}
	cfg.Reporter = rep
	st, err := pipeline.RunInputs(ctx, inputs, cfg)
	where := o.out
	if cfg.Layout == pipeline.LayoutStream {
		where = "stdout"
	}
	if err != nil {
		if code, ok := interrupted(ctx); ok {
			kept := "no output file was replaced"
			if cfg.Layout == pipeline.LayoutDataset {
				kept = "the batches committed are kept; run the same command again to finish"
			}
			rep.Close(fmt.Sprintf("budgetx extract: %s after %d documents; %s", context.Cause(ctx), st.Documents, kept))
			return code
		}
		// A failed commit says itself what it left.
		var ce *emit.CommitError
		if !errors.As(err, &ce) && cfg.Layout == pipeline.LayoutFlat {
			err = fmt.Errorf("%w (no output file was replaced)", err)
		}
		rep.Close("budgetx extract: " + err.Error())
		return exitAborted
	}
	final := fmt.Sprintf("budgetx: %d documents (%d failed, %d partial", st.Documents, st.Failed, st.Partial)
	if st.Skipped > 0 {
		final += fmt.Sprintf(", %d skipped", st.Skipped)
	}
	if st.Duplicates > 0 {
		final += fmt.Sprintf(", %d duplicates", st.Duplicates)
	}
	final += fmt.Sprintf("), %d records, %d issues → %s", st.Records, st.Issues, where)
	rep.Close(final)
	if o.report {
		if code := writeReport(ctx, o.out, report.Options{Pictures: pictures(o.limits)}, stderr); code != exitOK {
			return code
		}
	}
	switch {
	case st.Failed > 0:
		return exitFailed
	case o.strict && st.Mismatched > 0:
		fmt.Fprintf(stderr, "budgetx: --strict: %d documents with check mismatches\n", st.Mismatched)
		return exitFailed
	case o.strict && st.Partial > 0:
		fmt.Fprintf(stderr, "budgetx: --strict: %d partial documents (standard tables named but not typed)\n", st.Partial)
		return exitFailed
	}
	return exitOK
}

// parseArgs parses a subcommand's arguments. When it returns ok false the
// command is over: help was asked for (exitOK: the usage went to stdout)
// or the flags were wrong (exitUsage, after one line on stderr).
func parseArgs(fs *pflag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, pflag.ErrHelp):
		return exitOK, false
	}
	return usageError(stderr, fs, err.Error()), false
}

// usageError says what is wrong with a command line, in one line, and
// where the help is.
func usageError(stderr io.Writer, fs *pflag.FlagSet, msg string) int {
	fmt.Fprintf(stderr, "budgetx %s: %s\nRun 'budgetx %s --help' for usage.\n", fs.Name(), term(msg), fs.Name())
	return exitUsage
}

// parseTables reads --tables.
func parseTables(s string) ([]model.TableType, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	known := map[string]bool{}
	for _, t := range model.TableTypes {
		known[string(t)] = true
	}
	var out []model.TableType
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !known[p] {
			return nil, fmt.Errorf("unknown table type %q (see docs/SCHEMA.md)", p)
		}
		out = append(out, model.TableType(p))
	}
	return out, nil
}

func parseFormats(s string) (emit.Formats, error) {
	var f emit.Formats
	for _, p := range strings.Split(s, ",") {
		switch strings.TrimSpace(strings.ToLower(p)) {
		case "jsonl":
			f.JSONL = true
		case "parquet":
			f.Parquet = true
		case "":
		default:
			return f, fmt.Errorf("unknown format %q (want jsonl, parquet)", p)
		}
	}
	if !f.JSONL && !f.Parquet {
		return f, errors.New("--format names no format")
	}
	return f, nil
}
