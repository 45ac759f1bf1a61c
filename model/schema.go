package model

// TableType names a table type of the data contract (docs/SCHEMA.md).
type TableType string

// The table types of the contract.
const (
	RevenueExpenditureSummary       TableType = "revenue_expenditure_summary"
	RevenueByFunction               TableType = "revenue_by_function"
	ExpenditureByFunction           TableType = "expenditure_by_function"
	FiscalRevenueExpenditureSummary TableType = "fiscal_revenue_expenditure_summary"
	GeneralBudgetExpenditure        TableType = "general_budget_expenditure"
	GeneralBudgetBasicExpenditure   TableType = "general_budget_basic_expenditure"
	GovernmentFundExpenditure       TableType = "government_fund_expenditure"
	StateCapitalExpenditure         TableType = "state_capital_expenditure"
	ThreePublicExpenses             TableType = "three_public_expenses"
	Institutions                    TableType = "institutions"
	Projects                        TableType = "projects"
	PerformanceIndicators           TableType = "performance_indicators"
	Procurement                     TableType = "procurement"
	FixedAssets                     TableType = "fixed_assets"
	OtherTables                     TableType = "other_tables"

	// Table types this project adds to the shared contract (docs/SCHEMA.md,
	// "Table types budgetx adds"): standard tables that provinces print
	// beside the nine of the national template.
	FiscalAppropriationExpenditure          TableType = "fiscal_appropriation_expenditure"
	FiscalAppropriationBasicExpenditure     TableType = "fiscal_appropriation_basic_expenditure"
	GeneralBudgetExpenditureByEconomic      TableType = "general_budget_expenditure_by_economic"
	GeneralBudgetBasicExpenditureByFunction TableType = "general_budget_basic_expenditure_by_function"
	BasicExpenditureByEconomic              TableType = "basic_expenditure_by_economic"
	ProjectExpenditure                      TableType = "project_expenditure"
	OperatingExpenses                       TableType = "operating_expenses"
)

// Kind is the type of a field's value.
type Kind uint8

// Field kinds. The Go type a Record holds for each is given in brackets.
const (
	KindString    Kind = iota // string
	KindInt                   // int64
	KindBool                  // bool
	KindMoney                 // decimal.Decimal, yuan, 2 decimals: Parquet DECIMAL(18,2)
	KindDecimal               // decimal.Decimal: Parquet DECIMAL(18,4)
	KindSpendPlan             // []SpendPoint: Parquet LIST of STRUCT
)

// Field is one column of a table type.
type Field struct {
	Name     string
	Kind     Kind
	Optional bool // the value may be null
}

// CommonFields are the fields every record carries, in output order.
var CommonFields = []Field{
	{"doc_id", KindString, false},
	{"source_file", KindString, false},
	{"department_code", KindString, true},
	{"department_name", KindString, true},
	{"fiscal_year", KindInt, false},
	{"doc_kind", KindString, false},
	{"table_type", KindString, false},
	{"table_title", KindString, false},
	{"row_no", KindInt, false},
	{"source_page", KindInt, true},
	// the region of the document's department (docs/SCHEMA.md): budgetx's
	// extension of the shared common fields
	{"province", KindString, true},
	{"city", KindString, true},
	{"county", KindString, true},
	{"admin_level", KindString, true},
}

func money(name string) Field { return Field{name, KindMoney, true} }
func str(name string) Field   { return Field{name, KindString, false} }
func ostr(name string) Field  { return Field{name, KindString, true} }
func odec(name string) Field  { return Field{name, KindDecimal, true} }

var functionClass = []Field{
	ostr("function_code"), str("function_name"), {"level", KindInt, true}, ostr("parent_code"), {"is_total", KindBool, false},
}

var economicClass = []Field{
	ostr("economic_code"), str("economic_name"), {"level", KindInt, true}, ostr("parent_code"), {"is_total", KindBool, false},
}

func join(parts ...[]Field) []Field {
	var out []Field
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var byFunctionAmounts = []Field{money("total_yuan"), money("basic_yuan"), money("project_yuan")}

// byUnit are the fields of a row printed for one 预算单位 (部门代码 |
// 单位名称) rather than for a classification code; null on other rows.
var byUnit = []Field{ostr("unit_code"), ostr("unit_name")}

// bySource are the money fields of a table whose columns are the sources
// of funds (财政拨款 / 一般公共预算 / 政府性基金 / 国有资本经营 / 财政专户 /
// 单位资金 …), in yuan.
var bySource = []Field{
	money("fiscal_appropriation_yuan"), money("general_public_budget_yuan"), money("government_fund_yuan"),
	money("state_capital_yuan"), money("fiscal_special_account_yuan"), money("unit_funds_yuan"),
	money("business_income_yuan"), money("operating_income_yuan"), money("superior_subsidy_yuan"),
	money("subordinate_remittance_yuan"), money("other_income_yuan"), money("prior_year_carryover_yuan"),
}

// carryoverBySource split 上年结转结余 by source, as some 收入总表 print it.
var carryoverBySource = []Field{
	money("carryover_general_public_budget_yuan"), money("carryover_government_fund_yuan"),
	money("carryover_state_capital_yuan"), money("carryover_fiscal_special_account_yuan"),
	money("carryover_unit_funds_yuan"),
}

// without returns fs without the fields named.
func without(fs []Field, names ...string) []Field {
	var out []Field
next:
	for _, f := range fs {
		for _, n := range names {
			if f.Name == n {
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}

// TableFields are each table type's own fields (after CommonFields), in
// output order. It is the machine form of docs/SCHEMA.md; a test checks it
// against docs/schema.json.
var TableFields = map[TableType][]Field{
	RevenueExpenditureSummary: {str("side"), str("item"), money("amount_yuan")},
	RevenueByFunction: join(functionClass, []Field{
		money("total_yuan"), money("current_year_subtotal_yuan"), money("fiscal_appropriation_yuan"),
		money("fiscal_special_account_yuan"), money("business_income_yuan"), money("operating_income_yuan"),
		money("superior_subsidy_yuan"), money("subordinate_remittance_yuan"), money("other_income_yuan"),
		money("prior_year_carryover_yuan"),
	}, byUnit, []Field{money("general_public_budget_yuan"), money("government_fund_yuan"),
		money("state_capital_yuan"), money("unit_funds_yuan")}, carryoverBySource),
	ExpenditureByFunction: join(functionClass, []Field{
		money("total_yuan"), money("basic_yuan"), money("project_yuan"), money("operating_yuan"),
		money("remit_to_superior_yuan"), money("subsidy_to_subordinate_yuan"),
	}, byUnit, without(bySource), []Field{money("personnel_yuan"), money("public_operation_yuan")}),
	FiscalRevenueExpenditureSummary: {str("side"), str("item"), money("amount_yuan"),
		money("general_public_budget_yuan"), money("government_fund_yuan"), money("state_capital_yuan")},
	GeneralBudgetExpenditure:      join(functionClass, byFunctionAmounts, []Field{money("personnel_yuan"), money("public_operation_yuan")}),
	GeneralBudgetBasicExpenditure: join(economicClass, basicAmounts),
	GovernmentFundExpenditure:     join(functionClass, byFunctionAmounts, fundFlows),
	StateCapitalExpenditure:       join(functionClass, byFunctionAmounts, fundFlows),
	ThreePublicExpenses: {str("item"), str("item_label"), money("total_yuan"), money("general_public_budget_yuan"),
		money("government_fund_yuan"), money("state_capital_yuan"), ostr("amount_basis"), ostr("unit_name")},
	Institutions: {str("unit_name"), ostr("unit_nature"), ostr("unit_rank"), ostr("funding_form")},
	Projects: {str("project_code"), str("project_name"), money("budget_yuan"), money("fiscal_funds_yuan"),
		money("other_funds_yuan"), ostr("purpose"), ostr("goals"), {"spend_plan", KindSpendPlan, false}},
	PerformanceIndicators: {str("project_code"), str("level1"), ostr("level2"), ostr("level3"), ostr("description"),
		ostr("target_raw"), ostr("target_op"), odec("target_value"), ostr("target_unit"), ostr("target_text"), ostr("basis")},
	Procurement: {str("row_kind"), ostr("org_name"), ostr("project_name"), money("project_budget_yuan"), ostr("item_name"),
		ostr("catalog_code"), ostr("measure_unit"), odec("quantity"), money("unit_price_yuan"), money("amount_yuan"),
		money("general_public_budget_yuan"), money("government_fund_yuan"), money("state_capital_yuan"),
		money("special_account_yuan"), money("unit_funds_yuan"), money("prior_year_carryover_yuan"), money("sme_reserved_yuan")},
	FixedAssets: {str("item_label"), ostr("parent_label"), odec("quantity"), ostr("quantity_unit"), money("value_yuan"), ostr("as_of")},
	OtherTables: {ostr("header_path"), ostr("row_label"), {"column_index", KindInt, false}, ostr("text"), odec("value")},

	FiscalAppropriationExpenditure: join(functionClass, byFunctionAmounts, []Field{
		money("personnel_yuan"), money("public_operation_yuan"),
		money("general_public_budget_yuan"), money("government_fund_yuan"), money("state_capital_yuan")}),
	FiscalAppropriationBasicExpenditure:     join(economicClass, basicAmounts),
	GeneralBudgetExpenditureByEconomic:      join(economicClass, byFunctionAmounts, []Field{money("personnel_yuan"), money("public_operation_yuan")}),
	GeneralBudgetBasicExpenditureByFunction: join(functionClass, basicAmounts),
	BasicExpenditureByEconomic:              join(economicClass, byUnit, []Field{money("total_yuan")}, bySource),
	ProjectExpenditure: join([]Field{str("row_kind")}, byUnit, []Field{ostr("project_code"), ostr("project_name"),
		ostr("function_code"), ostr("function_name"), money("total_yuan"), money("basic_yuan"), money("project_yuan")},
		bySource, []Field{ostr("performance_target")}),
	OperatingExpenses: join(economicClass, []Field{money("total_yuan")}),
}

// fundFlows are the columns a fund's 收入支出决算表 prints beside its
// expenditure: the balance carried in, the year's revenue, the balance
// carried out.
var fundFlows = []Field{money("prior_year_carryover_yuan"), money("current_year_revenue_yuan"), money("year_end_balance_yuan")}

var basicAmounts = []Field{money("total_yuan"), money("personnel_yuan"), money("public_operation_yuan")}

// TableTypes lists the table types in output order.
var TableTypes = []TableType{
	RevenueExpenditureSummary, RevenueByFunction, ExpenditureByFunction, FiscalRevenueExpenditureSummary,
	GeneralBudgetExpenditure, GeneralBudgetBasicExpenditure, GovernmentFundExpenditure, StateCapitalExpenditure,
	ThreePublicExpenses, Institutions, Projects, PerformanceIndicators, Procurement, FixedAssets, OtherTables,
	FiscalAppropriationExpenditure, FiscalAppropriationBasicExpenditure, GeneralBudgetExpenditureByEconomic,
	GeneralBudgetBasicExpenditureByFunction, BasicExpenditureByEconomic, ProjectExpenditure, OperatingExpenses,
}

// Fields returns every field of table type t, common fields first.
func Fields(t TableType) []Field {
	return join(CommonFields, TableFields[t])
}
