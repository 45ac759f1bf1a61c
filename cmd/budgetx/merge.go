package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/internal/buildinfo"
	"github.com/budgetx/budgetx/internal/emit"
)

// runMerge merges datasets into one.
func runMerge(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("merge", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.StringP("out", "o", "", "the dataset `DIR` to merge into (created if need be)")
	format := fs.String("format", "jsonl,parquet", "comma-separated `FORMATS` of the merged dataset's own batches: jsonl, parquet")
	fs.Usage = func() {
		fmt.Fprintf(stdout, `Usage: budgetx merge --out DIR SRC...

Adds the datasets SRC (each the --out of a budgetx extract run, e.g. one per
--shard on several machines) to the dataset DIR: their documents, records
(parts copied row for row) and index lines. A document found in more than
one (the same bytes) is kept once, from the source file whose path sorts
first, as a single run over all the inputs would have kept it. The sources
are not changed. Merging shards 0/N … N-1/N of one corpus gives the dataset
one run over the whole corpus gives, record for record.

Example:
  budgetx extract --shard 0/3 --out s0 corpus/   # on three machines
  budgetx extract --shard 1/3 --out s1 corpus/
  budgetx extract --shard 2/3 --out s2 corpus/
  budgetx merge --out all s0 s1 s2

Flags:
%s`, fs.FlagUsages())
	}
	if code, ok := parseArgs(fs, args, stderr); !ok {
		return code
	}
	formats, err := parseFormats(*format)
	switch {
	case err != nil:
		return usageError(stderr, fs, err.Error())
	case *out == "":
		return usageError(stderr, fs, "no --out DIR given")
	case fs.NArg() == 0:
		return usageError(stderr, fs, "no SRC dataset given")
	}
	ds, err := emit.Open(*out, emit.DatasetOptions{Formats: formats, Version: buildinfo.Version(), ContractVersion: buildinfo.ContractVersion})
	if err != nil {
		fmt.Fprintf(stderr, "budgetx merge: %s\n", term(err.Error()))
		return exitAborted
	}
	for _, r := range ds.Recovered() {
		fmt.Fprintf(stderr, "note %s: %s\n", term(*out), term(r))
	}
	total := emit.MergeStats{}
	for _, src := range fs.Args() {
		st, err := ds.Merge(src)
		if err != nil {
			ds.Close()
			fmt.Fprintf(stderr, "budgetx merge: %s: %s\n", term(src), term(err.Error()))
			return exitAborted
		}
		fmt.Fprintf(stderr, "merged %s: %d documents, %d already held\n", term(src), st.Documents, st.Duplicates)
		total.Documents += st.Documents
		total.Duplicates += st.Duplicates
	}
	if _, err := ds.Compact(4); err != nil {
		ds.Close()
		fmt.Fprintf(stderr, "budgetx merge: compacting: %s\n", term(err.Error()))
		return exitAborted
	}
	if err := ds.Close(); err != nil {
		fmt.Fprintf(stderr, "budgetx merge: %s\n", term(err.Error()))
		return exitAborted
	}
	fmt.Fprintf(stderr, "budgetx: merged %d datasets: %d documents added, %d held twice → %s (%d documents)\n",
		fs.NArg(), total.Documents, total.Duplicates, term(*out), ds.Documents())
	return exitOK
}
