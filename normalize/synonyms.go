package normalize

import (
	"regexp"

	"github.com/budgetx/budgetx/model"
)

// The one table of synonyms: printed header labels (whitespace removed) to
// the contract's field names, per table type. Labels vary by province and
// by year; add a label here, never a special case in an extractor.

var amountFields = map[model.TableType]map[string]string{
	model.RevenueByFunction: {
		"合计": "total_yuan", "总计": "total_yuan", "收入合计": "total_yuan", "收入总计": "total_yuan",
		"小计": "current_year_subtotal_yuan", "本年收入小计": "current_year_subtotal_yuan", "本年收入合计": "total_yuan", "本年收入": "current_year_subtotal_yuan",
		"财政拨款收入": "fiscal_appropriation_yuan", "一般公共预算拨款收入": "fiscal_appropriation_yuan",
		"财政拨款": "fiscal_appropriation_yuan", "财政拨款（补助）收入": "fiscal_appropriation_yuan",
		"财政拨款(补助)收入": "fiscal_appropriation_yuan", "一般公共预算财政拨款收入": "fiscal_appropriation_yuan",
		"财政专户收入": "fiscal_special_account_yuan", "财政专户管理资金收入": "fiscal_special_account_yuan",
		"财政专户核拨收入": "fiscal_special_account_yuan", "财政专户管理资金": "fiscal_special_account_yuan",
		"事业收入": "business_income_yuan",
		"经营收入": "operating_income_yuan", "事业单位经营收入": "operating_income_yuan",
		"上级补助收入":   "superior_subsidy_yuan",
		"附属单位上缴收入": "subordinate_remittance_yuan",
		"其他收入":     "other_income_yuan",
		"上年结转":     "prior_year_carryover_yuan", "上年结转结余": "prior_year_carryover_yuan",
		"上年结转和结余": "prior_year_carryover_yuan", "年初结转和结余": "prior_year_carryover_yuan",
		"用上年结转结余": "prior_year_carryover_yuan",
	},
	model.ExpenditureByFunction: {
		"合计": "total_yuan", "总计": "total_yuan", "支出合计": "total_yuan", "支出总计": "total_yuan", "本年支出合计": "total_yuan",
		"基本支出": "basic_yuan", "项目支出": "project_yuan",
		"经营支出": "operating_yuan", "事业单位经营支出": "operating_yuan",
		"上解上级支出": "remit_to_superior_yuan", "上缴上级支出": "remit_to_superior_yuan",
		"对附属单位补助支出": "subsidy_to_subordinate_yuan",
	},
	model.GeneralBudgetExpenditure:  byFunction,
	model.GovernmentFundExpenditure: byFunction,
	model.StateCapitalExpenditure:   byFunction,
	model.GeneralBudgetBasicExpenditure: {
		"合计": "total_yuan", "小计": "total_yuan", "总计": "total_yuan",
		"决算数": "total_yuan", "预算数": "total_yuan", "金额": "total_yuan",
		"人员经费": "personnel_yuan", "公用经费": "public_operation_yuan", "日常公用经费": "public_operation_yuan",
	},
	model.ThreePublicExpenses: {
		"合计": "total_yuan", "小计": "total_yuan",
		"一般公共预算财政拨款": "general_public_budget_yuan", "一般公共预算拨款": "general_public_budget_yuan",
		"政府性基金预算拨款": "government_fund_yuan", "政府性基金预算财政拨款": "government_fund_yuan",
		"国有资本经营预算财政拨款": "state_capital_yuan", "国有资本经营预算拨款": "state_capital_yuan",
	},
	model.RevenueExpenditureSummary: {
		"预算数": "amount_yuan", "金额": "amount_yuan", "决算数": "amount_yuan", "本年预算数": "amount_yuan",
	},
	model.FiscalRevenueExpenditureSummary: {
		"预算数": "amount_yuan", "金额": "amount_yuan", "决算数": "amount_yuan", "合计": "amount_yuan", "小计": "amount_yuan",
		"一般公共预算财政拨款": "general_public_budget_yuan", "一般公共预算拨款": "general_public_budget_yuan",
		"一般公共预算":      "general_public_budget_yuan",
		"政府性基金预算财政拨款": "government_fund_yuan", "政府性基金预算拨款": "government_fund_yuan", "政府性基金预算": "government_fund_yuan",
		"国有资本经营预算财政拨款": "state_capital_yuan", "国有资本经营预算拨款": "state_capital_yuan", "国有资本经营预算": "state_capital_yuan",
	},
}

var byFunction = map[string]string{
	"合计": "total_yuan", "总计": "total_yuan", "小计": "total_yuan",
	"金额": "total_yuan", "预算数": "total_yuan", "决算数": "total_yuan",
	"本年支出合计": "total_yuan", "支出合计": "total_yuan", "支出总计": "total_yuan",
	"基本支出": "basic_yuan", "项目支出": "project_yuan", "项目支出总数": "project_yuan",
}

// Column roles shared by the classification tables.
const (
	roleNone = iota
	roleRowNo
	roleCode
	roleCodeLei  // 类
	roleCodeKuan // 款
	roleCodeXiang
	roleName
	roleItem // the 项目 column of two-sided and item tables
	roleUnit // 预算单位: the unit a row belongs to (Shenzhen prints its total row under it)
)

var roleLabels = map[string]int{
	"序号": roleRowNo, "行次": roleRowNo,
	"科目编码": roleCode, "功能分类科目编码": roleCode, "经济分类科目编码": roleCode, "科目代码": roleCode, "编码": roleCode,
	"类": roleCodeLei, "款": roleCodeKuan, "项": roleCodeXiang,
	"科目名称": roleName, "功能分类科目名称": roleName, "经济分类科目名称": roleName,
	"功能科目名称": roleName, "经济科目名称": roleName,
	// one cell holding code and name ("30101-基本工资")
	"部门支出经济分类科目": roleName, "支出经济分类科目": roleName, "经济分类科目": roleName,
	"支出功能分类科目": roleName, "功能分类科目": roleName,
	"项目": roleItem, "项目名称": roleItem,
	"预算单位": roleUnit, "单位名称": roleUnit,
}

var (
	unitSuffix = regexp.MustCompile(`[（(](万元|元|千元|%|％)[）)]$`)
	yearPrefix = regexp.MustCompile(`^(20\d{2}|本)年(度)?`)
)

// secondChoice is the field of a label whose first choice another column
// of the same table already took: 本年收入合计 is the table's total in a
// 决算 收入决算表 (which prints no 合计), its current-year subtotal where a
// 合计 column comes first.
var secondChoice = map[string]string{
	"本年收入合计": "current_year_subtotal_yuan",
}

// fieldFor maps a column's header path to a field of table type t, or "".
// A year printed before the label (2026年预算数) and a unit after it
// (金额（万元）) do not change the field.
func fieldFor(t model.TableType, path []string) string {
	l := unitSuffix.ReplaceAllString(leaf(path), "")
	if (l == "小计" || l == "合计") && len(path) > 1 {
		// 基本支出 / 小计 is the 基本支出 column
		if f := fieldFor(t, path[:len(path)-1]); f != "" {
			return f
		}
	}
	if f, ok := amountFields[t][l]; ok {
		return f
	}
	return amountFields[t][yearPrefix.ReplaceAllString(l, "")]
}

// roleOf returns the classification role of a column's header path.
func roleOf(path []string) int {
	l := leaf(path)
	if r, ok := roleLabels[l]; ok {
		return r
	}
	return roleNone
}

// threePublicItems maps the row labels of the 三公 table to item codes.
var threePublicItems = []struct {
	label, item string
}{
	{"“三公”经费小计", "subtotal"}, {"三公经费小计", "subtotal"}, {"\"三公\"经费小计", "subtotal"}, {"小计", "subtotal"},
	{"合计", "total"}, {"总计", "total"}, {"“三公”经费合计", "total"}, {"“三公”经费支出", "total"},
	{"因公出国（境）费", "overseas_travel"}, {"因公出国(境)费", "overseas_travel"},
	{"因公出国（境）费用", "overseas_travel"}, {"因公出国(境)费用", "overseas_travel"},
	{"公务用车购置及运维费", "vehicle_total"}, {"公务用车购置及运行维护费", "vehicle_total"}, {"公务用车购置及运行费", "vehicle_total"},
	{"公务用车购置费", "vehicle_purchase"},
	{"公务用车运行维护费", "vehicle_operation"}, {"公务用车运维费", "vehicle_operation"}, {"公务用车运行费", "vehicle_operation"},
	{"公务接待费", "official_reception"},
}
