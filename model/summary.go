package model

// DocStatus is a document's outcome.
type DocStatus string

// Document outcomes.
const (
	StatusOK     DocStatus = "ok"
	StatusFailed DocStatus = "failed"
)

// TableSummary describes one table found in a document.
type TableSummary struct {
	Index         int       // 1-based order in the document
	TableType     TableType // the type it was recognized as
	Title         string
	Unit          string // printed unit: "万元", "元", or ""
	Page          int    // first page (PDF), 0 otherwise
	Line          int    // first line (TXT), 0 otherwise
	Records       int    // records written
	EmptyDeclared bool   // an empty table declared by a note (注：无……空表列示)
	Note          string // the note, when EmptyDeclared
}

// CheckCounts summarizes the checks run on a document.
type CheckCounts struct {
	Run        int
	Passed     int
	Rounding   int
	Mismatched int
	Skipped    int
}

// DocSummary is one line of documents.jsonl.
type DocSummary struct {
	DocID          string
	SourceFile     string
	Format         Format
	Status         DocStatus
	Error          string // when Status is failed
	DepartmentCode string
	DepartmentName string
	FiscalYear     int
	DocKind        DocKind
	Pages          int
	Tables         []TableSummary
	Records        map[TableType]int // records per table type
	Issues         int               // lines written to issues.jsonl
	Repairs        int
	Checks         CheckCounts
}

// Result is what normalizing one document yields.
type Result struct {
	Summary DocSummary
	Records []Record
	Issues  []Issue
	// Narrative holds the document's body paragraphs (whitespace-normalized,
	// in order) for the checks against figures stated in the text. It is
	// not written out.
	Narrative []string
}

// Failed returns the result of a document that could not be processed:
// a failed summary with msg as its error, and msg as its one doc_error
// issue.
func Failed(docID, path string, format Format, msg string) *Result {
	return &Result{
		Summary: DocSummary{DocID: docID, SourceFile: path, Format: format, Status: StatusFailed, Error: msg, Issues: 1},
		Issues:  []Issue{{DocID: docID, SourceFile: path, Kind: IssueDocError, Severity: SevError, Message: msg}},
	}
}
