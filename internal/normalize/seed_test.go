package normalize

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetx/budgetx/internal/extract/docx"
	"github.com/budgetx/budgetx/internal/extract/pdf"
	"github.com/budgetx/budgetx/internal/extract/text"
	"github.com/budgetx/budgetx/model"
)

const seedTxt = "../../fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt"
const seedDocx = "../../fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx"

func seedDoc(t *testing.T) *model.Document {
	t.Helper()
	doc, err := text.ReadFile(seedTxt)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func seedResult(t *testing.T, path string) *model.Result {
	t.Helper()
	var doc *model.Document
	var err error
	if filepath.Ext(path) == ".docx" {
		doc, err = docx.ReadFile(path)
	} else {
		doc, err = text.ReadFile(path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return Normalize(doc)
}

func recordsOf(res *model.Result, tt model.TableType) []model.Record {
	var out []model.Record
	for _, r := range res.Records {
		if r.TableType == tt {
			out = append(out, r)
		}
	}
	return out
}

func find(t *testing.T, recs []model.Record, field, val string) model.Record {
	t.Helper()
	for _, r := range recs {
		if r.String(field) == val {
			return r
		}
	}
	t.Fatalf("no record with %s=%q", field, val)
	return model.Record{}
}

func wantMoney(t *testing.T, r model.Record, field, want string) {
	t.Helper()
	d, ok := r.Money(field)
	if want == "" {
		if ok {
			t.Errorf("%s row %d: %s = %s, want null", r.TableType, r.RowNo, field, d)
		}
		return
	}
	if !ok || !d.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s row %d: %s = %s (set %v), want %s", r.TableType, r.RowNo, field, d, ok, want)
	}
}

// TestSeedStandardTables checks the figures issue 2 names, on the text form
// and on the DOCX form of the seed.
func TestSeedStandardTables(t *testing.T) {
	for _, path := range []string{seedTxt, seedDocx} {
		t.Run(filepath.Ext(path), func(t *testing.T) {
			res := seedResult(t, path)
			rbf := recordsOf(res, model.RevenueByFunction)
			if len(rbf) != 38 || !rbf[0].Values["is_total"].(bool) {
				t.Fatalf("revenue_by_function: %d records (want 合计 + 37)", len(rbf))
			}
			wantMoney(t, rbf[0], "total_yuan", "244064700.00")
			wantMoney(t, rbf[0], "prior_year_carryover_yuan", "22382200.00")
			for _, r := range rbf[1:] {
				if r.String("function_code") == "" || r.Values["level"] == nil {
					t.Errorf("row %d lacks code or level: %v", r.RowNo, r.Values)
				}
			}
			air := find(t, recordsOf(res, model.ExpenditureByFunction), "function_code", "2110301")
			if air.String("function_name") != "大气" || air.Values["parent_code"] != "21103" || air.Values["level"] != int64(3) {
				t.Errorf("2110301: %v", air.Values)
			}
			wantMoney(t, air, "total_yuan", "22691000.00")
			wantMoney(t, air, "basic_yuan", "")
			wantMoney(t, air, "project_yuan", "22691000.00")
			other := find(t, recordsOf(res, model.GeneralBudgetBasicExpenditure), "economic_code", "30239")
			if other.String("economic_name") != "其他交通费用" {
				t.Errorf("30239: %v", other.Values)
			}
			wantMoney(t, other, "public_operation_yuan", "1513300.00")
			wantMoney(t, find(t, recordsOf(res, model.ThreePublicExpenses), "item", "vehicle_operation"), "total_yuan", "629200.00")
			sum := recordsOf(res, model.RevenueExpenditureSummary)
			rev, exp := find(t, sum, "item", "收入总计"), find(t, sum, "item", "支出总计")
			if rev.String("side") != "revenue" || exp.String("side") != "expenditure" {
				t.Errorf("sides: %v %v", rev.Values, exp.Values)
			}
			wantMoney(t, rev, "amount_yuan", "244064700.00")
			wantMoney(t, exp, "amount_yuan", "244064700.00")
			if n := len(recordsOf(res, model.Institutions)); n != 14 {
				t.Errorf("institutions: %d, want 14", n)
			}
			if m := res.Summary; m.DepartmentCode != "467" || m.DepartmentName != "衡水市生态环境局" || m.FiscalYear != 2024 || m.DocKind != model.Budget {
				t.Errorf("identity: %+v", m)
			}
			empty := 0
			for _, ts := range res.Summary.Tables {
				if ts.EmptyDeclared {
					empty++
					if ts.TableType != model.GovernmentFundExpenditure && ts.TableType != model.StateCapitalExpenditure {
						t.Errorf("unexpected empty table %+v", ts)
					}
				}
			}
			if empty != 2 {
				t.Errorf("%d tables empty by declaration, want 2", empty)
			}
		})
	}
}

// TestSeedProjectTables checks the figures issue 3 names.
func TestSeedProjectTables(t *testing.T) {
	for _, path := range []string{seedTxt, seedDocx} {
		t.Run(filepath.Ext(path), func(t *testing.T) {
			res := seedResult(t, path)
			projects := recordsOf(res, model.Projects)
			if len(projects) != 99 {
				t.Fatalf("%d projects, want 99", len(projects))
			}
			total := decimal.Zero
			for _, p := range projects {
				d, ok := p.Money("budget_yuan")
				if !ok || p.String("project_code") == "" || p.String("project_name") == "" {
					t.Errorf("project %d incomplete: %v", p.RowNo, p.Values)
				}
				total = total.Add(d)
				if plan := p.Values["spend_plan"].([]model.SpendPoint); len(plan) < 4 {
					t.Errorf("project %d: spend plan %v", p.RowNo, plan)
				}
			}
			if !total.Equal(decimal.RequireFromString("172297000")) {
				t.Errorf("project budgets add up to %s, want 172297000.00", total)
			}
			p := find(t, projects, "project_code", "13110023P00000410035C")
			plan := p.Values["spend_plan"].([]model.SpendPoint)
			if last := plan[len(plan)-1]; !last.Pct.Equal(decimal.NewFromInt(100)) || last.Month != 12 {
				t.Errorf("spend plan ends %+v", last)
			}
			repairs := 0
			for _, is := range res.Issues {
				if is.Kind == model.IssueRepair && is.Raw == "10000%" && is.Message == "project 13110023P00000410035C" {
					repairs++
				}
			}
			if repairs != 1 {
				t.Errorf("%d repair lines for 10000%% in project 12, want 1", repairs)
			}
			ind := recordsOf(res, model.PerformanceIndicators)
			if len(ind) != 695 {
				t.Errorf("%d indicator rows, want 695", len(ind))
			}
			for _, r := range ind {
				if r.String("project_code") == "" || r.String("level1") == "" || r.Values["basis"] == nil {
					t.Errorf("indicator row incomplete (a cut row not rejoined?): %v", r.Values)
				}
			}
			if path == seedTxt {
				var lines []int
				for _, is := range res.Issues {
					if is.Kind == model.IssueStructure && strings.HasPrefix(is.Message, "row put back together") {
						lines = append(lines, is.Line)
					}
				}
				if fmt.Sprint(lines) != "[4458 6027 7316 11623 11631]" {
					t.Errorf("rejoined rows reported at lines %v", lines)
				}
			}
			cut := find(t, ind, "level3", "人员培训") // the row cut at seed line 4457
			if cut.String("target_raw") != "1次" || cut.String("basis") != "法律顾问合同" {
				t.Errorf("rejoined row: %v", cut.Values)
			}
			proc := recordsOf(res, model.Procurement)
			kinds := map[string]int{}
			for _, r := range proc {
				kinds[r.String("row_kind")]++
			}
			if kinds["total"] != 1 || kinds["subtotal"] != 3 || kinds["item"] != len(proc)-4 {
				t.Errorf("procurement row kinds %v", kinds)
			}
			wantMoney(t, proc[0], "amount_yuan", "37416700.00")
			fa := recordsOf(res, model.FixedAssets)
			if len(fa) != 6 {
				t.Fatalf("%d fixed_assets rows, want 6", len(fa))
			}
			wantMoney(t, find(t, fa, "item_label", "资产总额"), "value_yuan", "238300600.00")
			office := find(t, fa, "item_label", "办公用房")
			if office.String("parent_label") != "1、房屋" || office.String("quantity_unit") != "平方米" || office.String("as_of") != "2023-12-31" {
				t.Errorf("办公用房: %v", office.Values)
			}
		})
	}
}

// TestSeedDocxEqualsText checks that the DOCX form of the seed gives the
// same records as its text form (apart from the file identity).
func TestSeedDocxEqualsText(t *testing.T) {
	a, b := seedResult(t, seedTxt), seedResult(t, seedDocx)
	if len(a.Records) != len(b.Records) {
		t.Errorf("text gives %d records, docx %d", len(a.Records), len(b.Records))
	}
	for i := range min(len(a.Records), len(b.Records)) {
		ra, rb := a.Records[i], b.Records[i]
		ra.DocID, ra.SourceFile, rb.DocID, rb.SourceFile = "", "", "", ""
		if d := diffRecords(ra, rb); d != "" {
			t.Errorf("record %d (%s row %d): %s", i, ra.TableType, ra.RowNo, d)
			if i > 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

// diffRecords describes how two records differ, or returns "".
func diffRecords(a, b model.Record) string {
	if a.Common != b.Common {
		return fmt.Sprintf("common fields differ: %+v vs %+v", a.Common, b.Common)
	}
	keys := map[string]bool{}
	for k := range a.Values {
		keys[k] = true
	}
	for k := range b.Values {
		keys[k] = true
	}
	for k := range keys {
		va, vb := a.Values[k], b.Values[k]
		if da, ok := va.(decimal.Decimal); ok {
			if db, ok := vb.(decimal.Decimal); !ok || !da.Equal(db) {
				return fmt.Sprintf("%s: %v vs %v", k, va, vb)
			}
			continue
		}
		if pa, ok := va.([]model.SpendPoint); ok {
			pb, _ := vb.([]model.SpendPoint)
			if len(pa) != len(pb) {
				return fmt.Sprintf("%s: %v vs %v", k, va, vb)
			}
			for i := range pa {
				if pa[i].Checkpoint != pb[i].Checkpoint || pa[i].Month != pb[i].Month || pa[i].PctNull != pb[i].PctNull || !pa[i].Pct.Equal(pb[i].Pct) {
					return fmt.Sprintf("%s: %v vs %v", k, va, vb)
				}
			}
			continue
		}
		if va != vb {
			return fmt.Sprintf("%s: %q vs %q", k, va, vb)
		}
	}
	return ""
}

// TestSeedPDFEqualsDOCX checks that the PDF of the seed (LibreOffice's
// export of the DOCX fixture) gives the same records as the DOCX, apart
// from source_page.
func TestSeedPDFEqualsDOCX(t *testing.T) {
	doc, err := pdf.ReadFileInProcess("../../fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf")
	if err != nil {
		t.Fatal(err)
	}
	a, b := Normalize(doc), seedResult(t, seedDocx)
	if len(a.Records) != len(b.Records) {
		t.Errorf("pdf gives %d records, docx %d", len(a.Records), len(b.Records))
	}
	pages := 0
	for i := range min(len(a.Records), len(b.Records)) {
		ra, rb := a.Records[i], b.Records[i]
		if ra.SourcePage > 0 {
			pages++
		}
		ra.DocID, ra.SourceFile, ra.SourcePage = "", "", 0
		rb.DocID, rb.SourceFile = "", ""
		if d := diffRecords(ra, rb); d != "" {
			t.Errorf("record %d (%s row %d): %s", i, ra.TableType, ra.RowNo, d)
			if i > 20 {
				t.Fatal("too many differences")
			}
		}
	}
	if pages != len(a.Records) {
		t.Errorf("%d of %d PDF records have a source_page", pages, len(a.Records))
	}
}
