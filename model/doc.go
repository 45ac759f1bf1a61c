// Package model holds budgetx's document model and record model. It sits at
// the bottom of the import graph: every reader in extract produces a
// *Document, normalize turns it into Records and Issues, and emit writes them.
//
// The document model is deliberately close to what a word processor keeps:
// paragraphs and tables in document order, tables as rows of cells placed on
// a column grid. Readers fill in as much of the grid as their format knows:
// DOCX knows spans and vertical merges, PDF rebuilds them from geometry, and
// the flattened text form loses spans (Table.GridKnown is false there).
package model

// Format names an input format.
type Format string

// Input formats.
const (
	FormatDOCX Format = "docx"
	FormatPDF  Format = "pdf"
	FormatText Format = "txt"
)

// Pos is where something was read. The zero value means "unknown".
type Pos struct {
	Page int // 1-based PDF page; 0 for DOCX and TXT
	Line int // 1-based line of the flattened text form; 0 for DOCX and PDF
}

// Document is one input file as read by a reader in extract.
type Document struct {
	Path   string  // the path as given on the command line
	DocID  string  // sha256 of the file's bytes, lowercase hex
	Format Format  // the reader that produced it
	Pages  int     // number of pages (PDF); 0 otherwise
	Blocks []Block // paragraphs and tables in document order
}

// Block is a paragraph or a table; exactly one of the two is non-nil.
type Block struct {
	Para  *Paragraph
	Table *Table
}

// Paragraph is a body paragraph outside any table: a title, a heading, a
// line of narrative. Text is as printed (not normalized); bookmarks and field
// codes have been removed by the reader.
type Paragraph struct {
	Text  string
	Style string // the reader's style name or id ("Heading1"), or ""
	Pos   Pos
}

// Table is a grid of cells. Rows are in reading order. Nested tables (a table
// inside a cell) are not kept inside the cell: readers emit them as their own
// Table blocks right after the table that holds them, with Nested set.
type Table struct {
	Rows []Row
	// Cols is the number of grid columns when the reader knows the grid
	// (DOCX w:tblGrid, PDF ruling lines); 0 when it does not.
	Cols int
	// GridKnown reports that every Cell.Col and Cell.Span is exact. It is
	// false for the flattened text form, where a cell spanning several grid
	// columns is printed once and the spans are lost.
	GridKnown bool
	Nested    bool // the table was nested in a cell of the previous table
	Pos       Pos  // where the table starts
}

// Row is one table row.
type Row struct {
	Cells []Cell
	// Header marks a row the producer flagged as a header repeated on each
	// page (DOCX w:tblHeader). Readers that cannot know leave it false.
	Header bool
	Pos    Pos
}

// VMerge says how a cell takes part in a vertical merge.
type VMerge uint8

// Vertical merge states. A Continue cell is the covered part of the cell
// above it; its Text is empty in DOCX.
const (
	VMergeNone VMerge = iota
	VMergeRestart
	VMergeContinue
)

// Cell is one table cell. Text holds the cell's paragraphs joined by "\n",
// as printed (not normalized).
type Cell struct {
	Text   string
	Col    int // 0-based grid column where the cell starts (TXT: index in row)
	Span   int // number of grid columns covered, >= 1
	VMerge VMerge
	Pos    Pos
	// Indent is how far the cell's first line of text starts from the
	// cell's left border, in points (PDF); 0 when unknown. Tables that
	// print names without codes show a row's level by it.
	Indent float64
}
