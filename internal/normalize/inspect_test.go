package normalize

import (
	"bytes"
	"strings"
	"testing"
)

func TestInspect(t *testing.T) {
	var doc = seedDoc(t)
	var b bytes.Buffer
	if err := Inspect(doc, &b, 2); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"department \"467\" \"衡水市生态环境局\", fiscal year 2024, budget, 210 tables",
		"table 2 \"部门预算收入总表\" → revenue_by_function, 38 records, line 231",
		"column 3: 功能分类科目 / 科目名称",
		"column 6: 本年收入 / 财政拨款收入",
		"row 5 (page 0): \"1\" | \"\" | \"合计\" | \"24406.47\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out[:min(len(out), 3000)])
		}
	}
}
