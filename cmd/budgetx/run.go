package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/internal/pipeline"
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
  budgetx extract [flags] PATH...   read documents and write the datasets
  budgetx inspect [--table N|--model] FILE
                                    show how budgetx sees a document's tables
  budgetx corpus [--expect FILE] OUT
                                    report, per document of an extract run, the
                                    standard tables printed against those typed
  budgetx help [extract|inspect|corpus]
                                    show help

Example:
  budgetx extract --out out fixtures/

Run 'budgetx extract --help' for the flags.
`

// errUsage marks a command-line mistake.
var errUsage = errors.New("usage")

// run is the whole program, with its I/O injected for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 && args[1] == "extract" {
			return runExtract(ctx, []string{"--help"}, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "inspect" {
			return runInspect(ctx, []string{"--help"}, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "corpus" {
			return runCorpus(ctx, []string{"--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, mainUsage)
		return exitOK
	case "extract":
		return runExtract(ctx, args[1:], stdout, stderr)
	case "inspect":
		return runInspect(ctx, args[1:], stdout, stderr)
	case "corpus":
		return runCorpus(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "budgetx: unknown command %q\n\n%s", args[0], mainUsage)
	return exitUsage
}

func extractFlags(stderr io.Writer) (*pflag.FlagSet, *extractOptions) {
	o := &extractOptions{}
	fs := pflag.NewFlagSet("extract", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVarP(&o.out, "out", "o", "out", "output `DIR`: <table_type>.jsonl/.parquet, documents.jsonl, issues.jsonl")
	fs.StringVar(&o.format, "format", "jsonl,parquet", "comma-separated output `FORMATS`: jsonl, parquet")
	fs.IntVarP(&o.workers, "workers", "w", runtime.NumCPU(), "`N` documents read and normalized at once")
	fs.BoolVar(&o.strict, "strict", false, "exit 1 when any document's checks find a mismatch, or a document is partial (names a standard table budgetx did not type)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no per-document summary lines on stderr")
	addLimitFlags(fs, &o.limits)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: budgetx extract [flags] PATH...

Reads every PATH (a file, or a directory walked recursively for .docx, .pdf
and .txt), recognizes the standard budget tables, and writes one JSON Lines
and one Parquet file per table type into --out, plus documents.jsonl (one
line per document: identity, status, tables, counts) and issues.jsonl
(every repair, anomaly and failed check). Files are replaced atomically.

Every document is read in a worker process under limits of time, memory,
input size and structure; one that crosses a limit fails alone, with a
message that says which limit (error_class "limit" in documents.jsonl).
Only regular files are read: a named pipe, a device or a socket fails as
its own document. The same file given twice is read once.

Exit status: 0 every document was read; 1 a document failed (the others
are still written) or --strict saw a mismatch; 2 bad usage; 3 the output
could not be written (nothing half-written); 130 interrupted (SIGINT), 143
terminated (SIGTERM): no output file was replaced.

Examples:
  budgetx extract fixtures/
  budgetx extract --out data --format parquet --workers 4 budgets/2024/
  budgetx extract --strict --out out report.docx

Flags:
%s
Structural limits (--limit NAME=N):
%s`, fs.FlagUsages(), limitsHelp())
	}
	return fs, o
}

type extractOptions struct {
	out     string
	format  string
	workers int
	strict  bool
	quiet   bool

	limits model.Limits
}

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := extractFlags(stderr)
	if code, ok := parseArgs(fs, args, stderr); !ok {
		return code
	}
	formats, err := parseFormats(o.format)
	if err == nil && fs.NArg() == 0 {
		err = fmt.Errorf("%w: no PATH given", errUsage)
	}
	if err == nil && o.workers < 1 {
		err = fmt.Errorf("%w: --workers must be at least 1", errUsage)
	}
	if err != nil {
		fmt.Fprintf(stderr, "budgetx extract: %v\n", strings.TrimPrefix(err.Error(), "usage: "))
		fs.Usage()
		return exitUsage
	}
	inputs, dups := pipeline.Discover(fs.Args())
	if !o.quiet {
		for _, d := range dups {
			fmt.Fprintf(stderr, "note %s: the same file as %s, read once\n", term(d.Path), term(d.SameAs))
		}
	}
	cfg := pipeline.Config{Out: o.out, Formats: formats, Workers: o.workers, Limits: o.limits}
	if !o.quiet {
		cfg.Progress = terminalWriter{stderr}
	}
	st, err := pipeline.RunInputs(ctx, inputs, cfg)
	if err != nil {
		if code, ok := interrupted(ctx); ok {
			fmt.Fprintf(stderr, "budgetx extract: %s after %d documents; no output file was replaced\n", context.Cause(ctx), st.Documents)
			return code
		}
		// A failed commit says itself what it left.
		var ce *emit.CommitError
		if !errors.As(err, &ce) {
			err = fmt.Errorf("%w (no output file was replaced)", err)
		}
		fmt.Fprintf(stderr, "budgetx extract: %s\n", term(err.Error()))
		return exitAborted
	}
	fmt.Fprintf(stderr, "budgetx: %d documents (%d failed, %d partial), %d records, %d issues → %s\n",
		st.Documents, st.Failed, st.Partial, st.Records, st.Issues, term(o.out))
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
// command is over: help was asked for (exitOK) or the flags were wrong
// (exitUsage, after one line and the usage on stderr).
func parseArgs(fs *pflag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, pflag.ErrHelp):
		return exitOK, false
	}
	fmt.Fprintf(stderr, "budgetx %s: %v\n", fs.Name(), err)
	fs.Usage()
	return exitUsage, false
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
			return f, fmt.Errorf("%w: unknown format %q (want jsonl, parquet)", errUsage, p)
		}
	}
	if !f.JSONL && !f.Parquet {
		return f, fmt.Errorf("%w: --format names no format", errUsage)
	}
	return f, nil
}
