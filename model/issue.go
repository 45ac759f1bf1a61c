package model

// IssueKind classifies a line of issues.jsonl.
type IssueKind string

// Issue kinds.
const (
	IssueRepair    IssueKind = "repair"    // a value was changed from what was printed
	IssueUnparsed  IssueKind = "unparsed"  // a cell could not be parsed and was kept as text
	IssueUnmapped  IssueKind = "unmapped"  // a header label has no field in the contract
	IssueStructure IssueKind = "structure" // a table or row did not have the expected shape
	IssueCheck     IssueKind = "check"     // an arithmetic check failed or was skipped
	IssueDocError  IssueKind = "doc_error" // the document could not be read
	IssueDuplicate IssueKind = "duplicate" // a file with the same bytes as a document read (doc_id) was not read again
)

// Severity of an issue.
type Severity string

// Severities. A repair is info; a check that differs by one unit of the last
// printed digit is rounding; larger differences are mismatch.
const (
	SevInfo     Severity = "info"
	SevWarning  Severity = "warning"
	SevRounding Severity = "rounding"
	SevMismatch Severity = "mismatch"
	SevSkipped  Severity = "skipped"
	SevError    Severity = "error"
)

// Issue is one line of issues.jsonl: an anomaly, a repair or a failed check,
// with where it is. Empty fields are omitted from the output.
type Issue struct {
	DocID      string
	SourceFile string
	Kind       IssueKind
	Severity   Severity
	TableType  TableType
	TableTitle string
	Page       int    // 1-based PDF page, 0 if none
	Line       int    // line in the flattened text form, 0 if none
	Row        int    // the record's row_no, 0 if none
	Column     string // the field name, or the printed header label
	Raw        string // the printed text (repairs, unparsed cells)
	Repaired   string // the value written instead (repairs)
	Rule       string // the repair rule's name
	Check      string // the check's name
	Expected   string // exact decimal, checks
	Found      string // exact decimal, checks
	Difference string // exact decimal, checks
	Message    string
}
