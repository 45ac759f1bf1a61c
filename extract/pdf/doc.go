// Package pdf reads PDF disclosures into a model.Document: paragraphs and
// tables rebuilt from the geometry of the glyphs and ruling lines that the
// pages draw.
//
// # Isolation
//
// A corrupted PDF can drive github.com/ledongthuc/pdf into unbounded
// recursion, a fatal stack overflow that no recover catches. ReadFile
// therefore parses each file in a child process — the running executable,
// re-run with EnvChild set — under a time limit, a memory limit and a
// small maximum stack (Options). The main program calls ChildMain first
// thing. A child that dies, hangs or runs out of memory becomes a
// *model.Error wrapping model.ErrChildDied, quoting the child's stderr.
// ReadFileInProcess does the same parse in the calling process, for the
// child itself and for trusted files in tests and benchmarks.
//
// # Pages
//
// Reader.Page walks a page's content streams (and the form XObjects they
// draw) with its own graphics and text state, and returns its Glyphs and
// ruling Lines. Coordinates are in points (1/72 inch) from the bottom-left
// corner of the page as displayed (after /Rotate), X increasing left to
// right and Y bottom to top. Widths come from /Widths (simple fonts) and
// the descendant's /W and /DW (Type0); text from ToUnicode, else from the
// encoding: simple-font encodings, UCS-2 CMaps, and GBK-style CMaps
// (GBK-EUC-H, GB-EUC-H, GBKp-EUC-H …) decoded with golang.org/x/text.
// Ruling lines are stroked path segments and thin filled rectangles (under
// 2 points thick), with the transformation matrix applied; white rules are
// dropped.
//
// # Layout
//
// The layout builds tables from ruling lines: the grid's column and row
// boundaries are the rules' positions, and a cell spans the boundaries
// where an inner rule stops (Cell.Span across columns, VMergeRestart and
// VMergeContinue down rows). Text wrapped inside a cell is joined with
// "\n", a number broken over two lines without a separator. Text outside
// tables becomes paragraphs in reading order; page numbers and running
// headers and footers are dropped. A table that ends a page and one that
// starts the next on the same column boundaries are one table; leading
// rows repeated on the new page are dropped and marked Header where they
// first appear; empty cells of the first carried-over row under a
// vertically merged cell continue it, and a first row that holds only the
// rest of the text of a row the break cut is joined to that row. Pages without ruling lines fall back
// on text alignment under a 栏次 row (GridKnown false, one cell per
// column).
//
// Speed: about 600 pages a second in process on the real disclosures,
// close to pdftotext -layout (BenchmarkReadRealPDFs).
//
// BUG(budgetx): Clipping paths are kept as their bounding boxes; text
// clipped by a non-rectangular path is kept.
//
// BUG(budgetx): Rotated and vertical text is placed by its glyph origins
// but laid out as if horizontal. Type3 glyph widths use FontMatrix[0]
// only. Inline images (BI … ID … EI) are handed to the library's lexer,
// which may misread their binary data as operators.
//
// BUG(budgetx): ReadFileInProcess keeps what a broken page drew and drops
// the page's error unless no page has text: model.Document has no place
// for warnings.
//
// BUG(budgetx): Type0 fonts on a predefined CMap other than Identity,
// UCS-2/UTF-16 and the GB EUC/GBK family, and without ToUnicode, give
// U+FFFD; double-byte GBK codes take the font's /DW width.
//
// BUG(budgetx): A row cut by a page break stays two rows unless the rest
// is text only, under text, beside empty amount cells; the text of a
// merged cell that WPS repeats (clipped) on each page it spans lands in the
// cell where it shows. A table without rules continues on the next page
// only if that page repeats its 栏次 row; its header labels are joined per
// column (a label spanning several columns lands in one) and a column with
// no number in the 栏次 row (行次) shares the nearest numbered column.
package pdf
