// Command libuser is someone else's program that imports budgetx, as a
// library user's would: budgetx must work in it with no setup
// (TestExternalProgram builds it in a module of its own).
//
// It extracts each path it is given and prints one line per document,
// then "survived". Its init and main record their process ids in the
// file $LIBUSER_LOG, so that the test sees that a worker process never
// runs them.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/budgetx/budgetx"
	"github.com/budgetx/budgetx/model"
)

func init() { logPid("init") }

func main() {
	logPid("main")
	isolation := flag.String("isolation", "Isolated", "Isolated, IsolatedIfPossible or InProcess")
	memory := flag.Int64("memory", 0, "the memory limit of a worker, MiB (0: the default)")
	flag.Parse()
	opts := []budgetx.Option{budgetx.WithLimits(model.Limits{Memory: *memory << 20})}
	for _, i := range []budgetx.Isolation{budgetx.Isolated, budgetx.IsolatedIfPossible, budgetx.InProcess} {
		if i.String() == *isolation {
			opts = append(opts, budgetx.WithIsolation(i))
		}
	}
	for _, p := range flag.Args() {
		res, err := budgetx.Extract(context.Background(), p, opts...)
		if err != nil {
			fmt.Printf("%s: error (%s): %v\n", p, model.ErrorClass(err), err)
			continue
		}
		s := res.Summary
		fmt.Printf("%s: %s: %s %d %s, %d records, %d issues\n", p, s.Status, s.DepartmentName, s.FiscalYear, s.DocKind, len(res.Records), len(res.Issues))
	}
	fmt.Println("survived")
}

func logPid(what string) {
	f, err := os.OpenFile(os.Getenv("LIBUSER_LOG"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	fmt.Fprintf(f, "%s %d %s\n", what, os.Getpid(), strings.Join(os.Args[1:], " "))
}
