package emit

import (
	"slices"
	"strconv"

	"github.com/budgetx/budgetx/model"
)

// docLine is one line of documents.jsonl. Unknown values are null: an empty
// error, department, doc kind or format, a fiscal year or page count of 0.
type docLine struct {
	DocID           string        `json:"doc_id"`
	SourceFile      string        `json:"source_file"`
	Format          *string       `json:"format"`
	Status          string        `json:"status"`
	Error           *string       `json:"error"`
	ErrorClass      *string       `json:"error_class"`
	BudgetxVersion  *string       `json:"budgetx_version"`
	ContractVersion *string       `json:"contract_version"`
	DepartmentCode  *string       `json:"department_code"`
	DepartmentName  *string       `json:"department_name"`
	FiscalYear      *int          `json:"fiscal_year"`
	DocKind         *string       `json:"doc_kind"`
	Province        *string       `json:"province"`
	City            *string       `json:"city"`
	County          *string       `json:"county"`
	AdminLevel      *string       `json:"admin_level"`
	Pages           *int          `json:"pages"`
	Tables          []tableLine   `json:"tables"`
	Untyped         []untypedLine `json:"untyped"`
	Records         recordCounts  `json:"records"`
	Issues          int           `json:"issues"`
	Repairs         int           `json:"repairs"`
	Checks          checksLine    `json:"checks"`
}

// tableLine is one element of docLine.Tables.
type tableLine struct {
	Index         int     `json:"index"`
	TableType     string  `json:"table_type"`
	Title         string  `json:"title"`
	Unit          *string `json:"unit"`
	Page          *int    `json:"page"`
	Line          *int    `json:"line"`
	Records       int     `json:"records"`
	EmptyDeclared bool    `json:"empty_declared"`
	Note          *string `json:"note"`
	NamedType     *string `json:"named_type"`
}

// untypedLine is one element of docLine.Untyped.
type untypedLine struct {
	Title     string `json:"title"`
	TableType string `json:"table_type"`
	Page      *int   `json:"page"`
}

type checksLine struct {
	Run        int `json:"run"`
	Passed     int `json:"passed"`
	Rounding   int `json:"rounding"`
	Mismatched int `json:"mismatched"`
	Skipped    int `json:"skipped"`
}

// recordCounts is written as an object with a count for every table type of
// model.TableTypes in contract order (0 when none), so that its shape is the
// same on every line, followed by any other type in the map, sorted.
type recordCounts map[model.TableType]int

// MarshalJSON implements json.Marshaler.
func (rc recordCounts) MarshalJSON() ([]byte, error) {
	buf := []byte{'{'}
	add := func(t model.TableType) {
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, string(t))
		buf = append(buf, ':')
		buf = strconv.AppendInt(buf, int64(rc[t]), 10)
	}
	for _, t := range model.TableTypes {
		add(t)
	}
	var other []model.TableType
	for t := range rc {
		if !slices.Contains(model.TableTypes, t) {
			other = append(other, t)
		}
	}
	slices.Sort(other)
	for _, t := range other {
		add(t)
	}
	return append(buf, '}'), nil
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func newDocLine(s *model.DocSummary) *docLine {
	d := &docLine{
		DocID:          s.DocID,
		SourceFile:     s.SourceFile,
		Format:         nullString(string(s.Format)),
		Status:         string(s.Status),
		Error:          nullString(s.Error),
		ErrorClass:     nullString(s.ErrorClass),
		DepartmentCode: nullString(s.DepartmentCode),
		DepartmentName: nullString(s.DepartmentName),
		FiscalYear:     nullInt(s.FiscalYear),
		DocKind:        nullString(string(s.DocKind)),
		Province:       nullString(s.Region.Province),
		City:           nullString(s.Region.City),
		County:         nullString(s.Region.County),
		AdminLevel:     nullString(s.Region.AdminLevel),
		Pages:          nullInt(s.Pages),
		Tables:         make([]tableLine, len(s.Tables)),
		Records:        recordCounts(s.Records),
		Issues:         s.Issues,
		Repairs:        s.Repairs,
		Checks: checksLine{
			Run:        s.Checks.Run,
			Passed:     s.Checks.Passed,
			Rounding:   s.Checks.Rounding,
			Mismatched: s.Checks.Mismatched,
			Skipped:    s.Checks.Skipped,
		},
	}
	for i, t := range s.Tables {
		d.Tables[i] = tableLine{
			Index:         t.Index,
			TableType:     string(t.TableType),
			Title:         t.Title,
			Unit:          nullString(t.Unit),
			Page:          nullInt(t.Page),
			Line:          nullInt(t.Line),
			Records:       t.Records,
			EmptyDeclared: t.EmptyDeclared,
			Note:          nullString(t.Note),
			NamedType:     nullString(string(t.NamedType)),
		}
	}
	d.Untyped = make([]untypedLine, len(s.Untyped))
	for i, u := range s.Untyped {
		d.Untyped[i] = untypedLine{Title: u.Title, TableType: string(u.TableType), Page: nullInt(u.Page)}
	}
	return d
}

// issueLine is one line of issues.jsonl; empty and zero fields are omitted.
// Expected, Found and Difference are JSON strings holding exact decimals.
type issueLine struct {
	DocID      string `json:"doc_id,omitempty"`
	SourceFile string `json:"source_file,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Severity   string `json:"severity,omitempty"`
	TableType  string `json:"table_type,omitempty"`
	TableTitle string `json:"table_title,omitempty"`
	Page       int    `json:"page,omitempty"`
	Line       int    `json:"line,omitempty"`
	Row        int    `json:"row,omitempty"`
	Column     string `json:"column,omitempty"`
	Raw        string `json:"raw,omitempty"`
	Repaired   string `json:"repaired,omitempty"`
	Rule       string `json:"rule,omitempty"`
	Check      string `json:"check,omitempty"`
	Expected   string `json:"expected,omitempty"`
	Found      string `json:"found,omitempty"`
	Difference string `json:"difference,omitempty"`
	Message    string `json:"message,omitempty"`
}

func newIssueLine(is *model.Issue) *issueLine {
	return &issueLine{
		DocID:      is.DocID,
		SourceFile: is.SourceFile,
		Kind:       string(is.Kind),
		Severity:   string(is.Severity),
		TableType:  string(is.TableType),
		TableTitle: is.TableTitle,
		Page:       is.Page,
		Line:       is.Line,
		Row:        is.Row,
		Column:     is.Column,
		Raw:        is.Raw,
		Repaired:   is.Repaired,
		Rule:       is.Rule,
		Check:      is.Check,
		Expected:   is.Expected,
		Found:      is.Found,
		Difference: is.Difference,
		Message:    is.Message,
	}
}
