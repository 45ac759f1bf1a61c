package report

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestGroupDigits(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "244064700.00": "244,064,700.00", "-11400000.00": "-11,400,000.00",
		"-1.5": "-1.5", "123456.7890": "123,456.7890", "": "", "abc": "abc", "1e5": "1e5", "12,3": "12,3",
	} {
		if got := groupDigits(in); got != want {
			t.Errorf("groupDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShowValue(t *testing.T) {
	var plan any
	json.Unmarshal([]byte(`[{"checkpoint":"3月底","month":3,"pct":25},{"checkpoint":"12月底","month":12,"pct":null}]`), &plan)
	cases := []struct {
		field string
		v     any
		want  string
	}{
		{"total_yuan", json.Number("215412500.00"), "215,412,500.00"},
		{"level", json.Number("1000"), "1000"},
		{"target_value", json.Number("1234.5"), "1,234.5"},
		{"is_total", true, "✓"},
		{"is_total", false, ""},
		{"function_name", "合计", "合计"},
		{"unit_name", nil, ""},
		{"spend_plan", plan, "3月底 –; 12月底 –"},
	}
	for _, c := range cases {
		if got := showValue(c.field, c.v); got != c.want {
			t.Errorf("showValue(%s, %v) = %q, want %q", c.field, c.v, got, c.want)
		}
	}
}

func TestSanitizeSVG(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<svg viewBox="0 0 1 1"><rect x="0" y="0"/></svg>`, `<svg viewBox="0 0 1 1"><rect x="0" y="0"></rect></svg>`},
		{`<svg onload="x()"><g onclick="y()"><text>a&lt;b</text></g></svg>`, `<svg><g><text>a&lt;b</text></g></svg>`},
		{`<svg><script>alert(1)</script><style>*{}</style><title>t</title></svg>`, `<svg><title>t</title></svg>`},
		{`<svg><a href="#t1"><text>ok</text></a><a xlink:href="javascript:x"><text>no</text></a></svg>`,
			`<svg><a href="#t1"><text>ok</text></a><a><text>no</text></a></svg>`},
		{`<svg><rect fill="url(http://x/y)" style="fill:red"/><rect style="background:url('http://x')"/></svg>`,
			`<svg><rect style="fill:red"></rect><rect></rect></svg>`},
		{`<svg><!-- c --><?pi x?><text>&amp;&quot;</text></svg>`, `<svg><text>&amp;&#34;</text></svg>`},
	}
	for _, c := range cases {
		got, err := sanitizeSVG([]byte(c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("sanitizeSVG(%s) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{``, `<html></html>`, `<svg>`, `<svg></svg><svg></svg>`, `<svg><a></b></svg>`, `not xml`} {
		if got, err := sanitizeSVG([]byte(bad)); err == nil {
			t.Errorf("sanitizeSVG(%s) = %s, want an error", bad, got)
		}
	}
}

// Two tables of the same type and title take their own records (row_no
// starts again), and the cells in other_tables go to the tables whose
// counts they complete.
func TestAssemble(t *testing.T) {
	d := &Doc{DocID: "d", Tables: []Table{
		{Index: 1, TableType: "projects", Title: "绩效目标表", Records: 2},
		{Index: 2, TableType: "projects", Title: "绩效目标表", Records: 3},
		{Index: 3, TableType: "other_tables", Title: "绩效目标表", Records: 2},
	}}
	var lines [][]byte
	add := func(tt string, row int) {
		lines = append(lines, []byte(`{"doc_id":"d","table_type":"`+tt+`","table_title":"绩效目标表","row_no":`+json.Number(string(rune('0'+row))).String()+`}`))
	}
	add("projects", 1)
	add("projects", 2)
	add("projects", 1)
	add("projects", 2)
	add("other_tables", 1) // the second table's third record: a cell in other_tables
	add("other_tables", 1)
	add("other_tables", 2)
	dd := assemble(d, lines, []*Issue{{TableType: "projects", TableTitle: "绩效目标表", Row: 1}, {Message: "about the document"}})
	got := [][2]int{}
	for _, tb := range dd.tables {
		got = append(got, [2]int{len(tb.typed), len(tb.other)})
	}
	if want := [][2]int{{2, 0}, {2, 1}, {0, 2}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("typed and other records per table: %v, want %v", got, want)
	}
	if len(dd.leftover) != 0 || len(dd.tables[0].issues) != 1 || len(dd.issues) != 1 {
		t.Errorf("leftover %d, issues %d / %d", len(dd.leftover), len(dd.tables[0].issues), len(dd.issues))
	}
}
