package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/internal/pipeline"
	"github.com/budgetx/budgetx/model"
)

// runInspect prints how budgetx sees one document's tables: for the
// question "why did this table land in other_tables?".
func runInspect(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("inspect", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	table := fs.IntP("table", "t", 0, "show table `N` (1-based) with its whole grid; 0 lists every table")
	asRead := fs.Bool("model", false, "print the document as the reader produced it (paragraphs and tables, before normalizing)")
	var lim model.Limits
	addLimitFlags(fs, &lim)
	fs.Usage = func() {
		fmt.Fprintf(stdout, `Usage: budgetx inspect [--table N | --model] FILE

Prints, for each table of FILE (.docx, .pdf or .txt): its title, the table
type it was recognized as, its unit, meta and header rows, and the header
path of every column; with --table N, also that table's grid row by row
(each cell with its span ×n, ↑ for a vertical merge). Ends with the
structure and unmapped-label issues the normalizer raised. With --model,
prints instead the document model the reader produced: paragraphs ("P") and
tables ("T"), cell by cell (<n> a span, ^ a vertical merge, H a header row).

Examples:
  budgetx inspect fixtures/real/jiangsu-jianchayuan-2019-budget.pdf
  budgetx inspect --table 2 fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt

Flags:
%s`, fs.FlagUsages())
	}
	if code, ok := parseArgs(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, fs, "give exactly one FILE")
	}
	doc, err := pipeline.ReadDocument(ctx, fs.Arg(0), lim)
	if err != nil {
		if code, ok := interrupted(ctx); ok {
			fmt.Fprintf(stderr, "budgetx inspect: %s\n", context.Cause(ctx))
			return code
		}
		var pe *model.Error
		if !errors.As(err, &pe) {
			err = fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
		fmt.Fprintf(stderr, "budgetx inspect: %s\n", term(err.Error()))
		return exitFailed
	}
	if *asRead {
		if _, err := io.WriteString(stdout, doc.Dump(0)); err != nil {
			fmt.Fprintf(stderr, "budgetx inspect: %v\n", err)
			return exitFailed
		}
		return exitOK
	}
	if err := normalize.Inspect(doc, stdout, *table); err != nil {
		fmt.Fprintf(stderr, "budgetx inspect: %v\n", err)
		return exitFailed
	}
	return exitOK
}
