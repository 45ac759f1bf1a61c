package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/internal/emit"
	"github.com/budgetx/budgetx/internal/report"
)

// reportPicture draws the PDF tables a report shows as pictures (those
// with a check mismatch or a column with no field); nil draws none.
var reportPicture report.PictureFunc

const reportUsage = `Usage: budgetx report OUT

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
	fs.Usage = func() { fmt.Fprint(stdout, reportUsage) }
	if code, ok := parseArgs(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, fs, "give exactly one OUT folder")
	}
	return writeReport(ctx, fs.Arg(0), stderr)
}

// writeReport writes OUT's report and says so on stderr, in one line.
func writeReport(ctx context.Context, out string, stderr io.Writer) int {
	sum, err := report.Write(ctx, out, report.Options{Picture: reportPicture})
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
