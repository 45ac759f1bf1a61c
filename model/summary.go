package model

// DocStatus is a document's outcome.
type DocStatus string

// Document outcomes.
const (
	StatusOK     DocStatus = "ok"
	StatusFailed DocStatus = "failed"
	// StatusPartial: the document was read, but its table of contents or
	// its titles name a standard table that budgetx did not type (see
	// DocSummary.Untyped).
	StatusPartial DocStatus = "partial"
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
	// NamedType is the table type the title alone names ("" when it names
	// none): a table whose TableType differs was typed by its header and
	// rows, or fell back to other_tables.
	NamedType TableType
}

// Untyped is a standard table that a document names (in its table of
// contents or a title) and that budgetx did not type.
type Untyped struct {
	Title     string    // as printed
	TableType TableType // the type the title names
	Page      int       // where the title is printed (PDF), 0 otherwise
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
	ErrorClass     string // when Status is failed: ErrorClass of the error
	DepartmentCode string
	DepartmentName string
	FiscalYear     int
	DocKind        DocKind
	Region         Region
	Pages          int
	Tables         []TableSummary
	Untyped        []Untyped         // standard tables named but not typed (Status partial)
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
	return FailedClass(docID, path, format, msg, "internal")
}

// FailedClass is Failed with the error's class (see ErrorClass).
func FailedClass(docID, path string, format Format, msg, class string) *Result {
	return &Result{
		Summary: DocSummary{DocID: docID, SourceFile: path, Format: format, Status: StatusFailed, Error: msg, ErrorClass: class, Issues: 1},
		Issues:  []Issue{{DocID: docID, SourceFile: path, Kind: IssueDocError, Severity: SevError, Message: msg}},
	}
}
