package checks

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/model"
)

// wan converts an amount printed in 万元 to yuan.
func wan(s string) decimal.Decimal {
	// as normalize does: the printed figure times the unit, so the value
	// keeps the exponent of its printed form (checks read its precision)
	return decimal.RequireFromString(s).Mul(decimal.NewFromInt(10000))
}

// row builds a record of table type tt titled title. kv are field, value
// pairs: a string value of a *_yuan field is an amount in 万元; an int is
// stored as int64; nil leaves the field null.
func row(tt model.TableType, title string, rowNo int, kv ...any) model.Record {
	rec := model.Record{Common: model.Common{DocID: "doc", SourceFile: "doc.txt", FiscalYear: 2024,
		DocKind: model.Budget, TableType: tt, TableTitle: title, RowNo: rowNo}}
	for i := 0; i+1 < len(kv); i += 2 {
		name := kv[i].(string)
		switch v := kv[i+1].(type) {
		case nil:
		case string:
			if strings.HasSuffix(name, "_yuan") {
				rec.Set(name, wan(v))
			} else {
				rec.Set(name, v)
			}
		case int:
			rec.Set(name, int64(v))
		default:
			rec.Set(name, v)
		}
	}
	return rec
}

// result builds a document result from records; every table is listed in
// the summary, printed in 万元 unless units says otherwise (title → unit).
func result(recs []model.Record, units map[string]string) *model.Result {
	res := &model.Result{Summary: model.DocSummary{DocID: "doc", SourceFile: "doc.txt", FiscalYear: 2024,
		DocKind: model.Budget, Status: model.StatusOK}}
	seen := map[string]bool{}
	for _, r := range recs {
		if !seen[r.TableTitle] {
			seen[r.TableTitle] = true
			u := units[r.TableTitle]
			if u == "" {
				u = "万元"
			}
			res.Summary.Tables = append(res.Summary.Tables, model.TableSummary{
				Index: len(res.Summary.Tables) + 1, TableType: r.TableType, Title: r.TableTitle, Unit: u})
		}
	}
	res.Records = recs
	return res
}

// failures returns the check issues of res, as "check severity table row
// column" lines, for the checks named in checks (all when empty).
func failures(res *model.Result, checks ...string) []string {
	var out []string
	for _, is := range res.Issues {
		if is.Kind == model.IssueCheck && (len(checks) == 0 || slices.Contains(checks, is.Check)) {
			out = append(out, strings.Join([]string{is.Check, string(is.Severity), string(is.TableType),
				strconv.Itoa(is.Row), is.Column}, " "))
		}
	}
	return out
}

// wantFailures runs the checks on res, keeps those named in checks (all
// when nil), and compares their failures with want (in any order) and their
// counts with counts. res.Issues gets every check issue.
func wantFailures(t *testing.T, res *model.Result, narrative []string, checks []string, counts model.CheckCounts, want ...string) {
	t.Helper()
	r := run(res, narrative)
	res.Issues = append(res.Issues, r.issues...)
	var c model.CheckCounts
	for _, o := range r.ran {
		if len(checks) > 0 && !slices.Contains(checks, o.check) {
			continue
		}
		switch o.sev {
		case "":
			c.Passed++
		case model.SevRounding:
			c.Rounding++
		case model.SevMismatch:
			c.Mismatched++
		case model.SevSkipped:
			c.Skipped++
		}
	}
	c.Run = c.Passed + c.Rounding + c.Mismatched
	got := failures(res, checks...)
	if strings.Join(sorted(got), "\n") != strings.Join(sorted(want), "\n") {
		t.Errorf("failures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		for _, is := range res.Issues {
			t.Logf("%s: %s (expected %s found %s diff %s)", is.Check, is.Message, is.Expected, is.Found, is.Difference)
		}
	}
	if c != counts {
		t.Errorf("counts %+v, want %+v", c, counts)
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// issueOf returns the first check issue of res with check name and column.
func issueOf(t *testing.T, res *model.Result, check, column string) model.Issue {
	t.Helper()
	for _, is := range res.Issues {
		if is.Check == check && (column == "" || is.Column == column) {
			return is
		}
	}
	t.Fatalf("no %s issue on %s", check, column)
	return model.Issue{}
}
