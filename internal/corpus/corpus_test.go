package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A run with one whole document, one whose table was not typed and whose
// total differs, and one failed document; the report names each problem
// and counts per group.
func TestReport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	write(t, filepath.Join(out, "documents.jsonl"), strings.Join([]string{
		`{"source_file":"in/a_one.pdf","status":"ok","department_name":"甲局","fiscal_year":2024,"tables":[{"index":0,"table_type":"expenditure_by_function","title":"一般公共预算支出表","page":3,"records":2,"named_type":"expenditure_by_function"}],"records":{"expenditure_by_function":2},"checks":{"run":3,"passed":3}}`,
		`{"source_file":"in/a_two.pdf","status":"partial","department_name":"乙局","fiscal_year":2023,"tables":[{"index":0,"table_type":"expenditure_by_function","title":"支出表","page":5,"records":2,"named_type":"expenditure_by_function"}],"untyped":[{"title":"收入总表","table_type":"revenue_by_function","page":4}],"checks":{"run":2,"mismatched":1}}`,
		`{"source_file":"in/b_three.pdf","status":"failed","error":"in/b_three.pdf: no text layer"}`,
	}, "\n")+"\n")
	// partitioned records for the second document, flat for the first
	write(t, filepath.Join(out, "expenditure_by_function.jsonl"),
		`{"source_file":"in/a_one.pdf","table_title":"一般公共预算支出表","is_total":true,"total_yuan":12345600.00,"function_name":"合计"}
{"source_file":"in/a_one.pdf","table_title":"一般公共预算支出表","is_total":false,"total_yuan":12345600.00,"function_code":"201","function_name":"一般公共服务支出"}
`)
	write(t, filepath.Join(out, "expenditure_by_function", "fiscal_year=2023", "part-0.jsonl"),
		`{"source_file":"in/a_two.pdf","table_title":"支出表","is_total":true,"total_yuan":500,"function_name":"合计"}
{"source_file":"in/a_two.pdf","table_title":"支出表","is_total":false,"total_yuan":500,"function_name":"一般公共服务支出"}
`)
	exp := filepath.Join(dir, "expected.tsv")
	write(t, exp, "file\tpage\ttitle\ttable_type\trows\ttotal\tunit\tnote\n"+
		"a_one\t1\t#doc\t部门预算\t甲局\t2024\t万元\t\n"+
		"a_one\t3\t一般公共预算支出表\texpenditure_by_function\tfunction\t1,234.56\t万元\t\n"+
		"a_one\t9\t项目表\tother\t-\t-\t-\t\n"+
		"a_two\t1\t#doc\t部门预算\t乙局\t2024\t元\t\n"+
		"a_two\t4\t收入总表\trevenue_by_function\tsummary\t10\t元\t\n"+
		"a_two\t5\t支出表\texpenditure_by_function\tfunction\t600.00\t元\t\n")
	ex, err := ReadExpectations(exp)
	if err != nil {
		t.Fatal(err)
	}
	run, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	reps := run.Report(ex)
	if len(reps) != 3 {
		t.Fatalf("%d reports, want 3", len(reps))
	}
	one, two, three := reps[0], reps[1], reps[2]
	if !one.Whole() || one.Printed != 1 || one.Typed != 1 || one.TotalsOK != 1 {
		t.Errorf("a_one: whole=%v %+v", one.Whole(), one)
	}
	want := []string{
		"fiscal_year 2023, printed 2024",
		"not typed: revenue_by_function p4 收入总表",
		"total: expenditure_by_function p5 支出表, printed 600.00 元, got 500",
		"codes: expenditure_by_function p5 支出表: 0 of 1 rows have their code",
	}
	got := strings.Join(two.Problems, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("a_two: no problem %q in\n%s", w, got)
		}
	}
	if two.Whole() || two.Printed != 2 || two.Typed != 1 {
		t.Errorf("a_two: %+v", two)
	}
	if three.Whole() || !strings.HasPrefix(three.Problems[0], "failed: ") {
		t.Errorf("b_three: %+v", three)
	}
	var b strings.Builder
	if err := Write(&b, reps); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"a\t2\t1\t3\t2\t66.7%\t1/2\t1\n", "TOTAL\t3\t1\t3\t2\t66.7%\t1/2\t1\n"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("report lacks %q:\n%s", w, b.String())
		}
	}
	// without expectations, a document's own titles and untyped list say
	// what it prints
	reps = run.Report(nil)
	if reps[1].Printed != 2 || reps[1].Typed != 1 {
		t.Errorf("a_two without expectations: %+v", reps[1])
	}
}
