package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/internal/pagesvg"
	"github.com/budgetx/budgetx/internal/report"
	"github.com/budgetx/budgetx/model"
)

// pictures draws the PDF tables a report shows as pictures (those with a
// check mismatch or a column with no field) with pagesvg, which reads
// each PDF once, in a worker process under lim, and highlights the cells
// the issues name.
func pictures(lim model.Limits) report.PicturesFunc {
	return func(ctx context.Context, file string, reqs []report.PictureRequest) ([]report.Picture, error) {
		opt := pagesvg.Options{Limits: lim, MaxWidth: pictureWidth}
		tables := make([]int, len(reqs))
		for i, r := range reqs {
			tables[i] = r.Table
			for _, c := range r.Cells {
				opt.Highlight = append(opt.Highlight, pagesvg.Cell{Table: r.Table, Row: c.Row, Column: c.Column})
			}
		}
		pics, err := pagesvg.Tables(ctx, file, tables, opt)
		if err != nil {
			return nil, err
		}
		out := make([]report.Picture, len(pics))
		for i, p := range pics {
			out[i] = report.Picture{Page: p.Page, SVG: p.SVG, Err: p.Err}
		}
		return out, nil
	}
}

// pictureWidth is the widest a picture is drawn, in CSS pixels.
const pictureWidth = 1100

const reportUsage = `Usage: budgetx report [--no-pictures] OUT

Reads OUT, the output folder of budgetx extract (a dataset or --layout
flat, with its records in JSON Lines: the default --format), and writes
one self-contained HTML report that opens from disk, with no network:

  OUT/report.html        the run at a glance (documents, pages, records,
                         failures, checks) and the matrix of documents ×
                         standard tables, sortable and filterable by
                         province, year and status
  OUT/report/<id>.html   one page per document: its identity, each table
                         as it came out (repaired values and the cells a
                         check blamed highlighted, with the printed text
                         and the check's message on hover), the tables
                         left in other_tables and why, and its expenditure
                         by function class and by economic class

A PDF table with a check mismatch or a column with no field is also shown
as budgetx read its page (the picture of budgetx inspect --svg), with the
cells the issues name highlighted; the PDF is read again, in a worker
process, from its source_file (relative paths from the folder extract ran
in): one that cannot be read gets a note instead. --no-pictures leaves
them out.

An earlier report in OUT is replaced as a whole. budgetx extract --report
writes it at the end of a run.

Exit status: 0 written; 1 OUT could not be read or the report not
written; 2 bad usage; 3 OUT is in use by a running extract.

Example:
  budgetx extract --out out fixtures/ && budgetx report out
`

// runReport writes the HTML report of an output folder.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("report", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	noPictures := fs.Bool("no-pictures", false, "draw no picture of the PDF tables")
	fs.Usage = func() { fmt.Fprint(stdout, reportUsage) }
	if code, ok := parseArgs(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, fs, "give exactly one OUT folder")
	}
	opt := report.Options{Pictures: pictures(model.Limits{})}
	if *noPictures {
		opt.Pictures = nil
	}
	return writeReport(ctx, fs.Arg(0), opt, stderr)
}

// writeReport writes OUT's report and says so on stderr, in one line.
func writeReport(ctx context.Context, out string, opt report.Options, stderr io.Writer) int {
	sum, err := report.Write(ctx, out, opt)
	if err != nil {
		if code, ok := interrupted(ctx); ok {
			fmt.Fprintf(stderr, "budgetx report: %s; no report file was replaced\n", context.Cause(ctx))
			return code
		}
		fmt.Fprintf(stderr, "budgetx report: %s\n", term(err.Error()))
		if errors.Is(err, emit.ErrLocked) {
			return exitAborted
		}
		return exitFailed
	}
	msg := fmt.Sprintf("budgetx report: %d documents → %s", sum.Documents, filepath.Join(out, report.File))
	if sum.Pictures+sum.NoPicture > 0 {
		msg += fmt.Sprintf(" (%d pictures, %d not drawn)", sum.Pictures, sum.NoPicture)
	}
	fmt.Fprintln(stderr, msg)
	return exitOK
}
