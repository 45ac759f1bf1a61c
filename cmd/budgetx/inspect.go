package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/internal/normalize"
	"github.com/budgetx/budgetx/internal/pagesvg"
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
	svgPage := fs.Int("svg", 0, "draw page `PAGE` of a PDF as SVG (how budgetx read it); with --table N, --svg alone draws that table's region")
	fs.Lookup("svg").NoOptDefVal = "-1" // --svg alone: the page comes as an argument, or from --table
	out := fs.StringP("output", "o", "", "write the SVG to `FILE` instead of stdout")
	marks := fs.StringArray("mark", nil, "with --svg, highlight the cells of record row `ROW[:COLUMN]` as issues.jsonl names them (row, column); repeatable")
	var lim model.Limits
	addLimitFlags(fs, &lim)
	fs.Usage = func() {
		fmt.Fprintf(stdout, `Usage: budgetx inspect [--table N | --model] FILE
       budgetx inspect --svg PAGE [-o OUT.svg] FILE.pdf
       budgetx inspect --table N --svg [-o OUT.svg] FILE.pdf

Prints, for each table of FILE (.docx, .pdf or .txt): its title, the table
type it was recognized as, its unit, meta and header rows, and the header
path of every column; with --table N, also that table's grid row by row
(each cell with its span ×n, ↑ for a vertical merge). Ends with the
structure and unmapped-label issues the normalizer raised. With --model,
prints instead the document model the reader produced: paragraphs ("P") and
tables ("T"), cell by cell (<n> a span, ^ a vertical merge, H a header row).

With --svg PAGE, writes instead a picture of that page of a PDF as SVG: every
glyph's box and text, the ruling lines, the grid built for each table (dashed:
crossing rules that made no table, with the reason), each table's number,
title and type, and its header rows coloured by the role of each column (code,
name, amount, other, unmapped), with a legend. With --table N --svg, the
region of the page that holds table N (its first page, or the first that
holds a cell of --mark). --mark ROW:COLUMN outlines in red the cell of the
record with row_no ROW and the field COLUMN (the row and column of a line of
issues.jsonl). Open the file in a browser.

Examples:
  budgetx inspect fixtures/real/jiangsu-jianchayuan-2019-budget.pdf
  budgetx inspect --table 2 fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt
  budgetx inspect --svg 16 -o page16.svg fixtures/real/shenzhen-minzhengju-2026-budget.pdf
  budgetx inspect --table 4 --svg -o table4.svg fixtures/real/shenzhen-minzhengju-2026-budget.pdf
  budgetx inspect --table 3 --svg --mark 3:basic_yuan fixtures/real/central-xinfangju-2024-final-account.pdf

Flags:
%s`, fs.FlagUsages())
	}
	if code, ok := parseArgs(fs, args, stderr); !ok {
		return code
	}
	if fs.Changed("svg") {
		return inspectSVG(ctx, fs, *svgPage, *table, *out, *marks, lim, stdout, stderr)
	}
	if *out != "" || len(*marks) > 0 {
		return usageError(stderr, fs, "-o and --mark are for --svg")
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

// inspectSVG writes the picture of a page (page > 0; -1 when --svg came
// without a value, the page then being the first argument) or of table
// table's region to out, or stdout.
func inspectSVG(ctx context.Context, fs *pflag.FlagSet, page, table int, out string, marks []string, lim model.Limits, stdout, stderr io.Writer) int {
	args := fs.Args()
	if page == -1 && len(args) == 2 {
		p, err := strconv.Atoi(args[0])
		if err != nil {
			return usageError(stderr, fs, fmt.Sprintf("--svg needs a page number, not %q", args[0]))
		}
		page, args = p, args[1:]
	}
	switch {
	case len(args) != 1:
		return usageError(stderr, fs, "give exactly one FILE")
	case table > 0 && page > 0:
		return usageError(stderr, fs, "give --svg PAGE or --table N --svg, not both: a table is drawn on its own page")
	case table == 0 && page < 1:
		return usageError(stderr, fs, "--svg needs a page number (from 1), or --table N")
	case fs.Changed("model"):
		return usageError(stderr, fs, "--model and --svg do not go together")
	}
	opt := pagesvg.Options{Limits: lim}
	for _, m := range marks {
		row, column, _ := strings.Cut(m, ":")
		n, err := strconv.Atoi(row)
		if err != nil || n < 0 {
			return usageError(stderr, fs, fmt.Sprintf("--mark %q: want ROW[:COLUMN], ROW a record's row_no", m))
		}
		opt.Highlight = append(opt.Highlight, pagesvg.Cell{Table: table, Row: n, Column: column})
	}
	var svg []byte
	var err error
	if table > 0 {
		_, svg, err = pagesvg.Table(ctx, args[0], table, opt)
	} else {
		svg, err = pagesvg.Page(ctx, args[0], page, opt)
	}
	if err != nil {
		if code, ok := interrupted(ctx); ok {
			fmt.Fprintf(stderr, "budgetx inspect: %s\n", context.Cause(ctx))
			return code
		}
		fmt.Fprintf(stderr, "budgetx inspect: %s\n", term(err.Error()))
		return exitFailed
	}
	if out == "" {
		if _, err := stdout.Write(svg); err != nil {
			fmt.Fprintf(stderr, "budgetx inspect: %v\n", err)
			return exitFailed
		}
		return exitOK
	}
	if err := os.WriteFile(out, svg, 0o644); err != nil {
		fmt.Fprintf(stderr, "budgetx inspect: %v\n", err)
		return exitFailed
	}
	return exitOK
}
