package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/internal/corpus"
)

// runCorpus reports how an extract run read its corpus.
func runCorpus(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("corpus", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	expect := fs.String("expect", "", "expectation `FILE` (tab-separated: the tables each document prints, read by a person); "+
		"without it, each document's own titles say what it prints")
	fs.Usage = func() {
		fmt.Fprintf(stdout, `Usage: budgetx corpus [--expect FILE] OUT

Reads OUT, the output folder of a budgetx extract run, and prints one line
per document: its status, whether it came out whole, its department and
fiscal year, the standard tables it prints and how many of them were typed,
how many typed tables carry the total printed, its records and its checks.
Below each line, what is not whole (a table not typed, a total that differs,
no department). Then one line per group of documents (the file name before
its first "_") and the total. Exit status 0 when every document is whole,
1 otherwise.

Examples:
  budgetx extract --out out ../shared/real-wide/
  budgetx corpus --expect fixtures/real-wide/expected.tsv out

Flags:
%s`, fs.FlagUsages())
	}
	if code, ok := parseArgs(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, fs, "give exactly one OUT folder")
	}
	var ex *corpus.Expectations
	if *expect != "" {
		var err error
		if ex, err = corpus.ReadExpectations(*expect); err != nil {
			fmt.Fprintf(stderr, "budgetx corpus: %v\n", err)
			return exitUsage
		}
	}
	run, err := corpus.Load(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "budgetx corpus: %v\n", err)
		return exitFailed
	}
	reps := run.Report(ex)
	if err := corpus.Write(stdout, reps); err != nil {
		fmt.Fprintf(stderr, "budgetx corpus: %v\n", err)
		return exitFailed
	}
	for _, r := range reps {
		if !r.Whole() {
			return exitFailed
		}
	}
	return exitOK
}
