package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/budgetx/budgetx/model"
)

// byteSize is a flag value of bytes: a number with a unit (B, KB, MB, GB,
// KiB, MiB, GiB, TiB); a plain number is MiB.
type byteSize struct{ n *int64 }

const maxByteSize = 1 << 40 // 1 TiB: anything more is a typo

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30},
	{"b", 1},
}

func (b byteSize) String() string {
	if b.n == nil {
		return ""
	}
	n := *b.n
	for _, u := range []struct {
		s string
		m int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.m && n%u.m == 0 {
			return strconv.FormatInt(n/u.m, 10) + u.s
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

func (b byteSize) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*b.n = n
	return nil
}

func (byteSize) Type() string { return "size" }

func parseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1 << 20)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a size (e.g. 512MiB, 2GB; a plain number is MiB)", s)
	}
	if v <= 0 {
		return 0, fmt.Errorf("%q: a size must be more than 0", s)
	}
	if v*float64(mult) > maxByteSize {
		return 0, fmt.Errorf("%q: more than 1 TiB", s)
	}
	return int64(v * float64(mult)), nil
}

// positiveDuration is a duration flag that refuses 0 and negatives.
type positiveDuration struct{ d *time.Duration }

func (p positiveDuration) String() string {
	if p.d == nil {
		return ""
	}
	return p.d.String()
}

func (p positiveDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration (e.g. 90s, 5m)", s)
	}
	if d <= 0 {
		return fmt.Errorf("%q: a time limit must be more than 0", s)
	}
	*p.d = d
	return nil
}

func (positiveDuration) Type() string { return "duration" }

// limitFlag is --limit NAME=N, repeatable: a structural limit of
// model.Limits by name.
type limitFlag struct{ l *model.Limits }

// structural are the limits --limit sets, by name.
var structural = []struct {
	name, what string
	field      func(*model.Limits) *int
	def        int
}{
	{"pages", "pages in a PDF", func(l *model.Limits) *int { return &l.Pages }, model.DefaultPages},
	{"tables", "tables in a document", func(l *model.Limits) *int { return &l.Tables }, model.DefaultTables},
	{"rows", "rows in a table", func(l *model.Limits) *int { return &l.Rows }, model.DefaultRows},
	{"cols", "grid columns in a table", func(l *model.Limits) *int { return &l.Cols }, model.DefaultCols},
	{"cells", "grid positions (rows × columns) in a document", func(l *model.Limits) *int { return &l.Cells }, model.DefaultCells},
	{"cell-text", "bytes of text in a cell", func(l *model.Limits) *int { return &l.CellText }, model.DefaultCellText},
	{"para-text", "bytes of text in a paragraph", func(l *model.Limits) *int { return &l.ParaText }, model.DefaultParaText},
	{"nesting", "depth of tables nested in cells", func(l *model.Limits) *int { return &l.Nesting }, model.DefaultNesting},
}

func (f limitFlag) String() string { return "" }

func (f limitFlag) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("%q: want NAME=N (NAME one of %s)", s, limitNames())
	}
	name = strings.TrimSpace(name)
	if name == "part-size" {
		n, err := parseSize(val)
		if err != nil {
			return err
		}
		f.l.PartBytes = n
		return nil
	}
	for _, st := range structural {
		if st.name == name {
			n, err := strconv.Atoi(strings.TrimSpace(val))
			if err != nil || n <= 0 {
				return fmt.Errorf("%q: %s must be a whole number more than 0", s, name)
			}
			*st.field(f.l) = n
			return nil
		}
	}
	return fmt.Errorf("unknown limit %q (want one of %s)", name, limitNames())
}

func (limitFlag) Type() string { return "NAME=N" }

func limitNames() string {
	var n []string
	for _, st := range structural {
		n = append(n, st.name)
	}
	return strings.Join(append(n, "part-size"), ", ")
}

// limitsHelp describes --limit's names and defaults.
func limitsHelp() string {
	var b strings.Builder
	for _, st := range structural {
		fmt.Fprintf(&b, "  %-10s %s (default %d)\n", st.name, st.what, st.def)
	}
	fmt.Fprintf(&b, "  %-10s decompressed size of one DOCX part or PDF stream (default %s)\n", "part-size", byteSize{ptr(int64(model.DefaultPartBytes))})
	return b.String()
}

func ptr[T any](v T) *T { return &v }

// addLimitFlags adds the flags that set l.
func addLimitFlags(fs *pflag.FlagSet, l *model.Limits) {
	l.Time, l.Memory, l.InputBytes = model.DefaultTime, model.DefaultMemory, model.DefaultInputBytes
	fs.Var(positiveDuration{&l.Time}, "doc-timeout", "time one document may take, read to records (its worker process is killed after it)")
	fs.Var(byteSize{&l.Memory}, "doc-memory", "memory limit of the process reading one document (512MiB, 1GiB; a plain number is MiB)")
	fs.Var(byteSize{&l.InputBytes}, "max-input-size", "largest input file read; larger ones fail alone")
	fs.Var(limitFlag{l}, "limit", "a structural limit per document, `NAME=N`, repeatable (see below)")
	// the names of earlier versions
	fs.Var(positiveDuration{&l.Time}, "pdf-timeout", "")
	fs.Var(byteSize{&l.Memory}, "pdf-memory", "")
	fs.MarkDeprecated("pdf-timeout", "use --doc-timeout")
	fs.MarkDeprecated("pdf-memory", "use --doc-memory")
}
