package normalize

import (
	"regexp"
	"strings"

	"github.com/budgetx/budgetx/model"
)

// The one table of synonyms: printed header labels (whitespace removed) to
// the contract's field names, per table type. Labels vary by province and
// by year; add a label here, never a special case in an extractor.

var amountFields = map[model.TableType]map[string]string{
	model.RevenueByFunction: {
		"合计": "total_yuan", "总计": "total_yuan", "收入合计": "total_yuan", "收入总计": "total_yuan",
		"小计": "current_year_subtotal_yuan", "本年收入小计": "current_year_subtotal_yuan", "本年收入合计": "total_yuan", "本年收入": "current_year_subtotal_yuan",
		"财政拨款收入": "fiscal_appropriation_yuan", "一般公共预算拨款收入": "general_public_budget_yuan",
		"财政拨款": "fiscal_appropriation_yuan", "财政拨款（补助）收入": "fiscal_appropriation_yuan",
		"财政拨款(补助)收入": "fiscal_appropriation_yuan", "一般公共预算财政拨款收入": "general_public_budget_yuan",
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
	model.GovernmentFundExpenditure: fundFlowLabels,
	model.StateCapitalExpenditure:   fundFlowLabels,
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

// fundFlowLabels are byFunction and the flows a fund's 收入支出决算表
// prints beside its expenditure.
var fundFlowLabels = func() map[string]string {
	m := map[string]string{"本年收入": "current_year_revenue_yuan", "本年收入合计": "current_year_revenue_yuan",
		"年末结转和结余": "year_end_balance_yuan", "年末结转结余": "year_end_balance_yuan", "年末结余": "year_end_balance_yuan"}
	for k, v := range byFunction {
		m[k] = v
	}
	return m
}()

// Column roles shared by the classification tables.
const (
	roleNone = iota
	roleRowNo
	roleCode
	roleCodeLei  // 类
	roleCodeKuan // 款
	roleCodeXiang
	roleName
	roleItem     // the 项目 column of two-sided and item tables
	roleUnit     // 预算单位: the unit a row belongs to (Shenzhen prints its total row under it)
	roleUnitCode // 部门代码, 单位代码: the code of the unit a row belongs to
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
	"项目": roleItem, "项目名称": roleItem, "收入项目": roleItem, "支出项目": roleItem,
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

// sourceFields are the header labels of the columns that split an amount
// by source of funds, for every table type that has the field (revenue,
// expenditure by unit, basic expenditure by source, project lists).
var sourceFields = map[string]string{
	"合计": "total_yuan", "总计": "total_yuan", "小计": "total_yuan", "金额": "total_yuan", "预算数": "total_yuan", "决算数": "total_yuan",
	"预算": "total_yuan", "本年预算": "total_yuan", "本年预算数": "total_yuan", "预算金额": "total_yuan",
	"支出合计": "total_yuan", "本年支出合计": "total_yuan", "支出总计": "total_yuan",
	"基本支出": "basic_yuan", "项目支出": "project_yuan",
	"人员经费": "personnel_yuan", "人员经费支出": "personnel_yuan", "人员支出": "personnel_yuan", "人员类": "personnel_yuan",
	"公用类":  "public_operation_yuan",
	"公用经费": "public_operation_yuan", "日常公用经费": "public_operation_yuan", "公用经费支出": "public_operation_yuan",
	"日常公用支出": "public_operation_yuan", "公用支出": "public_operation_yuan",
	"财政拨款": "fiscal_appropriation_yuan", "财政拨款收入": "fiscal_appropriation_yuan", "财政拨款小计": "fiscal_appropriation_yuan",
	"财政拨款合计": "fiscal_appropriation_yuan", "财政拨款（补助）收入": "fiscal_appropriation_yuan",
	"财政拨款(补助)收入": "fiscal_appropriation_yuan", "财政拨款资金": "fiscal_appropriation_yuan",
	"一般公共预算": "general_public_budget_yuan", "一般公共预算拨款": "general_public_budget_yuan",
	"一般公共预算财政拨款": "general_public_budget_yuan", "一般公共预算资金": "general_public_budget_yuan",
	"一般公共预算拨款收入": "general_public_budget_yuan", "公共预算拨款": "general_public_budget_yuan",
	"一般公共预算收入": "general_public_budget_yuan", "一般公共预算支出": "general_public_budget_yuan",
	"政府性基金预算": "government_fund_yuan", "政府性基金": "government_fund_yuan", "政府性基金预算拨款": "government_fund_yuan",
	"政府性基金拨款": "government_fund_yuan", "政府性基金预算财政拨款": "government_fund_yuan", "政府性基金收入": "government_fund_yuan",
	"政府性基金预算收入": "government_fund_yuan", "政府性基金预算支出": "government_fund_yuan", "基金预算拨款": "government_fund_yuan",
	"政府性基金预算拨款收入": "government_fund_yuan", "政府性基金拨款收入": "government_fund_yuan",
	"国有资本经营预算拨款收入": "state_capital_yuan", "国有资本经营收入": "state_capital_yuan",
	"国有资本经营预算": "state_capital_yuan", "国有资本经营预算拨款": "state_capital_yuan", "国有资本经营": "state_capital_yuan",
	"国有资本经营预算财政拨款": "state_capital_yuan", "国有资本经营预算收入": "state_capital_yuan",
	"国有资本经营预算支出": "state_capital_yuan",
	"财政专户管理资金":   "fiscal_special_account_yuan", "财政专户拨款": "fiscal_special_account_yuan",
	"财政专户管理资金收入": "fiscal_special_account_yuan", "财政专户核拨收入": "fiscal_special_account_yuan",
	"财政专户收入": "fiscal_special_account_yuan", "财政专户拨款收入": "fiscal_special_account_yuan",
	"财政专户核拨": "fiscal_special_account_yuan", "纳入专户管理的非税收入拨款": "fiscal_special_account_yuan",
	"单位资金": "unit_funds_yuan", "其他资金": "unit_funds_yuan", "单位资金收入": "unit_funds_yuan",
	"事业收入": "business_income_yuan", "事业单位经营收入": "operating_income_yuan", "经营收入": "operating_income_yuan",
	"上级补助收入": "superior_subsidy_yuan", "附属单位上缴收入": "subordinate_remittance_yuan",
	"对附属单位上缴收入": "subordinate_remittance_yuan",
	"其他收入":      "other_income_yuan",
	"上年结转":      "prior_year_carryover_yuan", "上年结转结余": "prior_year_carryover_yuan", "上年结余、结转": "prior_year_carryover_yuan",
	"上年结余结转": "prior_year_carryover_yuan", "上年结转和结余": "prior_year_carryover_yuan", "用上年结转结余": "prior_year_carryover_yuan",
	"年初结转和结余": "prior_year_carryover_yuan", "上年结转资金": "prior_year_carryover_yuan",
	"上年结转和结余资金": "prior_year_carryover_yuan", "上年结转结余资金": "prior_year_carryover_yuan",
	"收入总计": "total_yuan", "收入合计": "total_yuan",
	"经营支出": "operating_yuan", "事业单位经营支出": "operating_yuan",
	"上缴上级支出": "remit_to_superior_yuan", "上解上级支出": "remit_to_superior_yuan",
	"对附属单位补助支出": "subsidy_to_subordinate_yuan",
	"机关运行经费":    "total_yuan", "机关运行经费支出": "total_yuan", "机关运行经费预算": "total_yuan",
	"本年收入": "current_year_subtotal_yuan", "本年收入小计": "current_year_subtotal_yuan",
	"项目金额": "total_yuan", "资金总额": "total_yuan", "项目预算": "total_yuan", "预算金额合计": "total_yuan",
	"专项业务经费支出": "project_yuan", "专项业务经费": "project_yuan", "项目经费": "project_yuan",
}

// carryoverGroup matches the group label of the columns that split the
// carry-over from last year by source (上年结转结余 / 一般公共预算 …).
var carryoverGroup = regexp.MustCompile(`^(上年|年初)结(转|余)`)

// labelQualifier is a parenthetical after a label that does not change
// its role: （按大类）, （按功能分类）.
var labelQualifier = regexp.MustCompile(`[（(][^（）()]*[)）]$`)

// labelPrefix is what a header label may print before its name: 其中：,
// a year (2026年预算数), an ordinal.
var labelPrefix = regexp.MustCompile(`^(?:其中[:：]?|20\d{2}年(?:度)?|本年度?)`)

// fieldFor maps a column's header path to a field of table type t, or "".
// The table type's own synonyms come first, then the labels shared by
// every table that has the field. A year printed before the label
// (2026年预算数), 其中：, and a unit after it (金额（万元）) do not change
// the field. A 小计 or 合计 under a group label is the group's column
// (基本支出 / 小计 is basic_yuan), and a source of funds under 上年结转结余
// is that source's carry-over.
func fieldFor(t model.TableType, path []string) string {
	l := labelPrefix.ReplaceAllString(unitSuffix.ReplaceAllString(leaf(path), ""), "")
	if (l == "小计" || l == "合计") && len(path) > 1 {
		// 基本支出 / 小计 is the 基本支出 column
		if f := fieldFor(t, path[:len(path)-1]); f != "" {
			return f
		}
	}
	f, ok := amountFields[t][l]
	if !ok {
		f, ok = amountFields[t][yearPrefix.ReplaceAllString(l, "")]
	}
	if !ok {
		f = sourceFields[l]
	}
	if f == "" {
		return ""
	}
	if f == "total_yuan" && !hasField(t, f) && hasField(t, "amount_yuan") {
		f = "amount_yuan" // the two-sided summaries print one amount per side
	}
	if len(path) > 1 && carryoverGroup.MatchString(path[0]) && !strings.HasPrefix(f, "prior_year") {
		cf := "carryover_" + strings.TrimPrefix(f, "fiscal_appropriation_")
		if f == "total_yuan" || f == "current_year_subtotal_yuan" {
			cf = "prior_year_carryover_yuan"
		}
		if hasField(t, cf) {
			return cf
		}
		return ""
	}
	if !hasField(t, f) {
		return ""
	}
	return f
}

// hasField reports whether table type t has field name.
func hasField(t model.TableType, name string) bool {
	for _, f := range model.TableFields[t] {
		if f.Name == name {
			return true
		}
	}
	return false
}

// roleOf returns the classification role of a column's header path: the
// exact labels of roleLabels first, then the kinds of label provinces
// print (功能科目代码, 部门代码, 部门预算支出经济科目, 支出项目类别 …).
func roleOf(path []string) int {
	l := labelPrefix.ReplaceAllString(leaf(path), "")
	l = labelQualifier.ReplaceAllString(l, "") // 支出功能分类科目（按大类）
	if r, ok := roleLabels[l]; ok {
		return r
	}
	switch {
	case l == "":
		return roleNone
	case strings.HasPrefix(l, "部门代码") || strings.HasPrefix(l, "单位代码") || strings.HasPrefix(l, "部门编码") ||
		strings.HasPrefix(l, "单位编码") || l == "预算单位代码" || l == "单位编号":
		return roleUnitCode
	case strings.HasPrefix(l, "项目编码") || strings.HasPrefix(l, "项目代码"):
		return roleNone
	case strings.Contains(l, "科目") && (strings.HasSuffix(l, "代码") || strings.HasSuffix(l, "编码") || strings.HasSuffix(l, "编号")):
		return roleCode
	case strings.Contains(l, "科目名称") || strings.HasSuffix(l, "科目") || strings.HasPrefix(l, "支出项目类别") ||
		l == "项目类别" || strings.HasSuffix(l, "支出功能分类") || strings.HasSuffix(l, "支出经济分类"):
		return roleName
	case l == "部门名称" || l == "单位" || strings.HasPrefix(l, "预算单位") || l == "部门（单位）名称" || l == "部门(单位)名称":
		return roleUnit
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
