package normalize

import (
	"testing"

	"github.com/budgetx/budgetx/model"
)

// table builds a known-grid table from rows of cells; a cell "text|n"
// spans n columns.
func table(rows ...[]string) *model.Table {
	t := &model.Table{GridKnown: true}
	for _, r := range rows {
		var row model.Row
		col := 0
		for _, c := range r {
			span := 1
			if n := len(c); n > 2 && c[n-2] == '|' {
				span = int(c[n-1] - '0')
				c = c[:n-2]
			}
			row.Cells = append(row.Cells, model.Cell{Text: c, Col: col, Span: span})
			col += span
		}
		t.Rows = append(t.Rows, row)
		t.Cols = max(t.Cols, col)
	}
	return t
}

func normalizeTables(title string, tables ...*model.Table) *model.Result {
	doc := &model.Document{Path: "t.pdf", DocID: "x", Format: model.FormatPDF}
	doc.Blocks = append(doc.Blocks, model.Block{Para: &model.Paragraph{Text: "上海市某某局2026年度部门预算"}})
	doc.Blocks = append(doc.Blocks, model.Block{Para: &model.Paragraph{Text: title}})
	doc.Blocks = append(doc.Blocks, model.Block{Para: &model.Paragraph{Text: "编制部门：上海市某某局 单位：元"}})
	for _, t := range tables {
		doc.Blocks = append(doc.Blocks, model.Block{Table: t})
	}
	return Normalize(doc)
}

// TestLeiKuanXiang: 类 | 款 | 项 in three columns give whole codes (201 13
// 01 → 2011301; 201 13 → 20113), amounts in 元 with separators.
func TestLeiKuanXiang(t *testing.T) {
	res := normalizeTables("2026年部门支出预算总表", table(
		[]string{"项目|4", "支出预算|3"},
		[]string{"功能分类科目编码|3", "功能分类科目名称", "合计", "基本支出", "项目支出"},
		[]string{"类", "款", "项", "功能分类科目名称", "合计", "基本支出", "项目支出"},
		[]string{"201", "", "", "一般公共服务支出", "1,234,567.89", "1,000,000.00", "234,567.89"},
		[]string{"201", "13", "", "商贸事务", "1,234,567.89", "1,000,000.00", "234,567.89"},
		[]string{"201", "13", "01", "行政运行", "1,234,567.89", "1,000,000.00", "234,567.89"},
		[]string{"合计|4", "1,234,567.89", "1,000,000.00", "234,567.89"},
	))
	recs := recordsOf(res, model.ExpenditureByFunction)
	want := []struct{ code, parent string }{{"201", ""}, {"20113", "201"}, {"2011301", "20113"}, {"", ""}}
	if len(recs) != len(want) {
		t.Fatalf("%d records: %+v", len(recs), recs)
	}
	for i, w := range want {
		if recs[i].String("function_code") != w.code || recs[i].String("parent_code") != w.parent {
			t.Errorf("row %d: %v", i+1, recs[i].Values)
		}
	}
	wantMoney(t, recs[2], "total_yuan", "1234567.89")
	wantMoney(t, recs[2], "project_yuan", "234567.89")
	if !recs[3].Values["is_total"].(bool) || recs[3].DepartmentName != "上海市某某局" || recs[3].FiscalYear != 2026 {
		t.Errorf("合计: %+v", recs[3])
	}
}

// TestBasicTwoSided: the 基本支出 table printed as two column groups (人员经费
// | 公用经费) is read group by group; group totals carry their part.
func TestBasicTwoSided(t *testing.T) {
	res := normalizeTables("一般公共预算财政拨款基本支出决算表", table(
		[]string{"人员经费|3", "公用经费|3"},
		[]string{"科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数"},
		[]string{"301", "工资福利支出", "6.00", "302", "商品和服务支出", "2.00"},
		[]string{"30101", "基本工资", "6.00", "30201", "办公费", "2.00"},
		[]string{"人员经费合计|2", "6.00", "公用经费合计|2", "2.00"},
	))
	recs := recordsOf(res, model.GeneralBudgetBasicExpenditure)
	var got []string
	for _, r := range recs {
		got = append(got, r.String("economic_code")+"/"+r.String("economic_name"))
	}
	want := []string{"301/工资福利支出", "30101/基本工资", "/人员经费合计", "302/商品和服务支出", "30201/办公费", "/公用经费合计"}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d: %s, want %s", i+1, got[i], want[i])
		}
	}
	wantMoney(t, recs[2], "personnel_yuan", "6.00")
	wantMoney(t, recs[5], "public_operation_yuan", "2.00")
	if recs[2].Values["is_total"].(bool) {
		t.Error("a group's total is not the table's 合计")
	}
}

// TestThreePublicByColumn: the 三公 table with its items as columns.
func TestThreePublicByColumn(t *testing.T) {
	res := normalizeTables("2026年部门“三公”经费和机关运行经费预算表", table(
		[]string{"“三公”经费预算数|6", "机关运行经费预算数"},
		[]string{"合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费|3", "机关运行经费预算数"},
		[]string{"合计", "因公出国(境)费", "公务接待费", "小计", "购置费", "运行费", "机关运行经费预算数"},
		[]string{"10.81", "0", "0.83", "9.98", "0", "9.98", "217.83"},
	))
	recs := recordsOf(res, model.ThreePublicExpenses)
	want := map[string]string{"total": "10.81", "overseas_travel": "0", "official_reception": "0.83",
		"vehicle_total": "9.98", "vehicle_purchase": "0", "vehicle_operation": "9.98", "operating_expenses": "217.83"}
	if len(recs) != len(want) {
		t.Fatalf("%d records", len(recs))
	}
	for _, r := range recs {
		w, ok := want[r.String("item")]
		if !ok {
			t.Errorf("unexpected item %v", r.Values)
			continue
		}
		wantMoney(t, r, "total_yuan", w)
	}
	if n := len(recordsOf(res, model.OtherTables)); n != 0 {
		t.Errorf("机关运行经费 is an item of its own now; got %d other_tables cells", n)
	}
}

// TestContinuationWidensGrid: a project's 绩效目标表 continued by a wider
// table (Xi'an 2020: 5 columns, then 7) is one table whose cells all land
// somewhere; it crashed with an index out of range when the table went
// to other_tables.
func TestContinuationWidensGrid(t *testing.T) {
	res := normalizeTables("1、某某项目绩效目标表",
		table(
			[]string{"项目名称", "某某项目|4"},
			[]string{"主管部门", "某某局|4"},
			[]string{"资金", "预算数", "100.00", "财政资金", "100.00"},
		),
		table(
			[]string{"年度目标", "完成某事|6"},
			[]string{"指标", "一", "二", "三", "四", "五", "某某备注"},
		))
	if res.Summary.Status != model.StatusOK {
		t.Fatalf("status %s: %s", res.Summary.Status, res.Summary.Error)
	}
	found := false
	for _, r := range res.Records {
		if r.TableType == model.OtherTables && r.String("text") == "某某备注" {
			found = true
		}
	}
	if !found {
		t.Errorf("want the 7th column in other_tables: %+v", res.Records)
	}
}
