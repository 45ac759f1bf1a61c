package emit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/budgetx/budgetx/model"
	"github.com/shopspring/decimal"
)

func TestAppendString(t *testing.T) {
	for _, s := range []string{
		"", "plain", "一般公共服务支出", `"引号" \ 反斜杠`, "换行\n回车\r制表\t",
		"<b>&amp;</b>", "\x00\x01\x1f\x7f", "\u2028\u2029", "bad \xff\xfe utf-8", "😀", "\xe4\xb8",
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		got := string(appendString(nil, s))
		if got != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("appendString(%q) = %s, encoding/json gives %s", s, got, want.String())
		}
	}
}

func TestAppendUnscaled(t *testing.T) {
	for _, tc := range []struct {
		in          string
		money, dec4 string // JSON as money, as a plain decimal
	}{
		{"0", "0.00", "0"},
		{"0.00", "0.00", "0"},
		{"0.01", "0.01", "0.01"},
		{"-0.01", "-0.01", "-0.01"},
		{"1.5", "1.50", "1.5"},
		{"-1234.5", "-1234.50", "-1234.5"},
		{"244064700.00", "244064700.00", "244064700"},
		{"215412500", "215412500.00", "215412500"},
		{"1E+6", "1000000.00", "1000000"},
		{"9999999999999999.99", "9999999999999999.99", ""},
		{"-999999999999.999999", "", "-999999999999.999999"},
		{"0.000001", "", "0.000001"},
		{"100.1000", "100.10", "100.1"},
	} {
		d := decimal.RequireFromString(tc.in)
		if tc.money != "" {
			n, err := unscale(d, moneyScale)
			if err != nil {
				t.Errorf("unscale(%s, 2): %v", tc.in, err)
			} else if got := string(appendUnscaled(nil, n, moneyScale, false)); got != tc.money || got != d.StringFixed(2) {
				t.Errorf("money %s = %s, want %s (StringFixed %s)", tc.in, got, tc.money, d.StringFixed(2))
			}
		}
		if tc.dec4 != "" {
			n, err := unscale(d, decimalScale)
			if err != nil {
				t.Errorf("unscale(%s, 4): %v", tc.in, err)
			} else if got := string(appendUnscaled(nil, n, decimalScale, true)); got != tc.dec4 || got != d.String() {
				t.Errorf("decimal %s = %s, want %s (String %s)", tc.in, got, tc.dec4, d.String())
			}
		}
	}
}

func TestUnscaleRefuses(t *testing.T) {
	for _, tc := range []struct {
		in    string
		scale int32
		err   error
	}{
		{"1.234", moneyScale, ErrPrecision},
		{"0.001", moneyScale, ErrPrecision},
		{"-21541.255", moneyScale, ErrPrecision},
		{"1.0000001", decimalScale, ErrPrecision},
		{"10000000000000000", moneyScale, ErrOverflow},     // 17 integer digits
		{"-10000000000000000.00", moneyScale, ErrOverflow}, // idem, negative
		{"1000000000000", decimalScale, ErrOverflow},       // 13 integer digits
		{"1E+40", moneyScale, ErrOverflow},                 // beyond int64
	} {
		_, err := unscale(decimal.RequireFromString(tc.in), tc.scale)
		if err != tc.err {
			t.Errorf("unscale(%s, %d) = %v, want %v", tc.in, tc.scale, err, tc.err)
		}
	}
}

func TestRecordLine(t *testing.T) {
	tabs, err := tables()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		rec  model.Record
		want string
	}{{
		name: "function classification",
		rec: model.Record{
			Common: model.Common{
				DocID: "ab12", SourceFile: "in/a.pdf", DepartmentCode: "467", DepartmentName: "衡水市生态环境局",
				FiscalYear: 2024, DocKind: model.Budget, TableType: model.GeneralBudgetExpenditure,
				TableTitle: "一般公共预算财政拨款支出表", RowNo: 3, SourcePage: 7,
			},
			Values: map[string]any{
				"function_code": "2010101", "function_name": "行政运行", "level": int64(3), "parent_code": "20101",
				"is_total": false, "total_yuan": dec("244064700.00"), "basic_yuan": dec("0"),
			},
		},
		want: `{"doc_id":"ab12","source_file":"in/a.pdf","department_code":"467","department_name":"衡水市生态环境局",` +
			`"fiscal_year":2024,"doc_kind":"budget","table_type":"general_budget_expenditure",` +
			`"table_title":"一般公共预算财政拨款支出表","row_no":3,"source_page":7,"province":null,"city":null,"county":null,"admin_level":null,"function_code":"2010101",` +
			`"function_name":"行政运行","level":3,"parent_code":"20101","is_total":false,` +
			`"total_yuan":244064700.00,"basic_yuan":0.00,"project_yuan":null,"personnel_yuan":null,"public_operation_yuan":null}`,
	}, {
		name: "project with spend plan, nulls from Common",
		rec: model.Record{
			Common: model.Common{
				DocID: "ab12", SourceFile: "in/a.txt", FiscalYear: 2026, DocKind: model.FinalAccount,
				TableType: model.Projects, TableTitle: "项目支出绩效目标表", RowNo: 1,
			},
			Values: map[string]any{
				"project_code": "11010125T000001234567", "project_name": "“智慧环保”平台<运维>",
				"budget_yuan": dec("-1500.5"), "purpose": "第一行\n第二行 \"引\"",
				"spend_plan": []model.SpendPoint{
					{Checkpoint: "3月底", Month: 3, Pct: dec("25")},
					{Checkpoint: "6月底", Month: 6, PctNull: true},
					{Checkpoint: "12月底", Month: 12, Pct: dec("100.00")},
				},
			},
		},
		want: `{"doc_id":"ab12","source_file":"in/a.txt","department_code":null,"department_name":null,` +
			`"fiscal_year":2026,"doc_kind":"final_account","table_type":"projects","table_title":"项目支出绩效目标表",` +
			`"row_no":1,"source_page":null,"province":null,"city":null,"county":null,"admin_level":null,"project_code":"11010125T000001234567","project_name":"“智慧环保”平台<运维>",` +
			`"budget_yuan":-1500.50,"fiscal_funds_yuan":null,"other_funds_yuan":null,"purpose":"第一行\n第二行 \"引\"",` +
			`"goals":null,"spend_plan":[{"checkpoint":"3月底","month":3,"pct":25},` +
			`{"checkpoint":"6月底","month":6,"pct":null},{"checkpoint":"12月底","month":12,"pct":100}]}`,
	}, {
		name: "other table, decimal value, no spend plan",
		rec: model.Record{
			Common: model.Common{
				DocID: "ab12", SourceFile: "a.docx", FiscalYear: 2025, DocKind: model.Budget,
				TableType: model.OtherTables, TableTitle: "其他", RowNo: 9,
			},
			Values: map[string]any{"column_index": int64(0), "value": dec("-12.3400"), "header_path": "一 / 二"},
		},
		want: `{"doc_id":"ab12","source_file":"a.docx","department_code":null,"department_name":null,` +
			`"fiscal_year":2025,"doc_kind":"budget","table_type":"other_tables","table_title":"其他",` +
			`"row_no":9,"source_page":null,"province":null,"city":null,"county":null,"admin_level":null,"header_path":"一 / 二","row_label":null,"column_index":0,` +
			`"text":null,"value":-12.34}`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			tab := tabs[tc.rec.TableType]
			cells, err := tab.cells(&tc.rec, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := string(appendRecord(nil, tab, cells))
			if got != tc.want+"\n" {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("not valid JSON: %s", got)
			}
		})
	}
}

func TestSummaryLines(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, Formats{JSONL: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	res := &model.Result{
		Summary: model.DocSummary{
			DocID: "ab12", SourceFile: "in/a.pdf", Format: model.FormatPDF, Status: model.StatusOK,
			DepartmentName: "衡水市生态环境局", FiscalYear: 2024, DocKind: model.Budget, Pages: 12,
			Tables: []model.TableSummary{
				{Index: 1, TableType: model.RevenueExpenditureSummary, Title: "部门预算收支总表", Unit: "万元", Page: 2, Records: 1},
				{Index: 2, TableType: model.StateCapitalExpenditure, Title: "国有资本经营预算财政拨款支出表", Page: 5,
					EmptyDeclared: true, Note: "注：无国有资本经营预算财政拨款支出，故本表为空表列示。"},
			},
			Records: map[model.TableType]int{model.RevenueExpenditureSummary: 1, "unknown_type": 2},
			Issues:  2, Repairs: 1,
			Checks: model.CheckCounts{Run: 5, Passed: 3, Rounding: 1, Mismatched: 1},
		},
		Records: []model.Record{{
			Common: model.Common{DocID: "ab12", SourceFile: "in/a.pdf", FiscalYear: 2024, DocKind: model.Budget,
				TableType: model.RevenueExpenditureSummary, TableTitle: "部门预算收支总表", RowNo: 1, SourcePage: 2},
			Values: map[string]any{"side": "revenue", "item": "财政拨款收入", "amount_yuan": dec("215412500")},
		}},
		Issues: []model.Issue{
			{Kind: model.IssueCheck, Severity: model.SevRounding, TableType: model.RevenueExpenditureSummary,
				TableTitle: "部门预算收支总表", Page: 2, Row: 1, Check: "revenue_equals_expenditure",
				Expected: "215412500.00", Found: "215412400.00", Difference: "-100.00", Message: "差 <1> 个单位"},
			{DocID: "other", SourceFile: "b.pdf", Kind: model.IssueDocError, Severity: model.SevError, Message: "x"},
		},
	}
	if err := w.WriteResult(res); err != nil {
		t.Fatal(err)
	}
	failed := &model.Result{Summary: model.DocSummary{
		DocID: "cd34", SourceFile: "in/scan.pdf", Format: model.FormatPDF, Status: model.StatusFailed,
		Error: "in/scan.pdf: no text layer (scanned document?)", ErrorClass: "no_text",
	}}
	if err := w.WriteResult(failed); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	zeros := ""
	for _, tt := range model.TableTypes {
		n := "0"
		if tt == model.RevenueExpenditureSummary {
			n = "1"
		}
		zeros += `"` + string(tt) + `":` + n + ","
	}
	wantDocs := `{"doc_id":"ab12","source_file":"in/a.pdf","format":"pdf","status":"ok","error":null,"error_class":null,"budgetx_version":null,"contract_version":null,` +
		`"department_code":null,"department_name":"衡水市生态环境局","fiscal_year":2024,"doc_kind":"budget","province":null,"city":null,"county":null,"admin_level":null,"pages":12,` +
		`"tables":[{"index":1,"table_type":"revenue_expenditure_summary","title":"部门预算收支总表","unit":"万元",` +
		`"page":2,"line":null,"records":1,"empty_declared":false,"note":null,"named_type":null},` +
		`{"index":2,"table_type":"state_capital_expenditure","title":"国有资本经营预算财政拨款支出表","unit":null,` +
		`"page":5,"line":null,"records":0,"empty_declared":true,"note":"注：无国有资本经营预算财政拨款支出，故本表为空表列示。","named_type":null}],` +
		`"untyped":[],` +
		`"records":{` + zeros + `"unknown_type":2},"issues":2,"repairs":1,` +
		`"checks":{"run":5,"passed":3,"rounding":1,"mismatched":1,"skipped":0}}` + "\n" +
		`{"doc_id":"cd34","source_file":"in/scan.pdf","format":"pdf","status":"failed",` +
		`"error":"in/scan.pdf: no text layer (scanned document?)","error_class":"no_text","budgetx_version":null,"contract_version":null,"department_code":null,"department_name":null,` +
		`"fiscal_year":null,"doc_kind":null,"province":null,"city":null,"county":null,"admin_level":null,"pages":null,"tables":[],"untyped":[],"records":{` +
		strings.ReplaceAll(strings.TrimSuffix(zeros, ","), `:1`, `:0`) + `},"issues":0,"repairs":0,` +
		`"checks":{"run":0,"passed":0,"rounding":0,"mismatched":0,"skipped":0}}` + "\n"
	if got := readFile(t, dir, DocumentsFile); got != wantDocs {
		t.Errorf("documents.jsonl:\n%s\nwant\n%s", got, wantDocs)
	}
	wantIssues := `{"doc_id":"ab12","source_file":"in/a.pdf","kind":"check","severity":"rounding",` +
		`"table_type":"revenue_expenditure_summary","table_title":"部门预算收支总表","page":2,"row":1,` +
		`"check":"revenue_equals_expenditure","expected":"215412500.00","found":"215412400.00",` +
		`"difference":"-100.00","message":"差 <1> 个单位"}` + "\n" +
		`{"doc_id":"other","source_file":"b.pdf","kind":"doc_error","severity":"error","message":"x"}` + "\n"
	if got := readFile(t, dir, IssuesFile); got != wantIssues {
		t.Errorf("issues.jsonl:\n%s\nwant\n%s", got, wantIssues)
	}
}
