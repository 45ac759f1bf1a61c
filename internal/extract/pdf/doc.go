// Package pdf reads PDF disclosures into a model.Document: paragraphs and
// tables rebuilt from the geometry of the glyphs and ruling lines that the
// pages draw.
//
// # Reading
//
// Read parses a PDF from its bytes under model.Limits; ReadFileInProcess
// and Open read a regular file first. ReadLayout reads as Read does and
// returns, with the document, the layout it was built from: the pages as
// read and each table's grid on each page (TableShape), with the grids of
// crossing rules that made no table and why — for pictures of a page
// (package pagesvg). github.com/ledongthuc/pdf resolves
// the file's objects; budgetx walks the page tree and the content streams
// itself. Errors are *model.Error, with the page (and table, row, column)
// where one is concerned, wrapping model.ErrMalformed, model.ErrEmpty,
// model.ErrEncrypted, model.ErrLimit or model.ErrNoText. No exported
// function panics: a fault becomes ErrMalformed ("internal fault"), the
// library's panics on damaged data "damaged: …".
//
// Before the library sees a file, a structure check finds the PDF in the
// bytes and reads the cross-reference sections as the library will. The
// library is handed a view of the bytes from %PDF- (junk before it, up to
// 1024 bytes, is skipped, and offsets counted from byte 0 are detected)
// to the last startxref, with a clean header and trailer: bytes after
// %%EOF (a newline, an HTML page, an appended comment) are not read, and
// PDF 2.0 headers are accepted. An empty file is ErrEmpty; a file that
// is no PDF says what it starts with ("not a PDF: starts with <!DOCTYPE
// html"); one without %%EOF is truncated.
//
// # Cycles
//
// The library recurses or loops without end on structures that refer
// back to themselves; each is refused, in milliseconds, as an ErrMalformed
// whose message says "cycle" and where:
//
//   - a /Prev chain of cross-reference sections that comes back;
//   - object streams whose reading needs themselves: stored in themselves
//     or in each other, or with a /Length, /N, /Filter … stored inside
//     them, or an /Extends to themselves ("object streams: cycle: object
//     stream 6 0 R has /Length 7 0 R, 7 0 R is stored in object stream
//     6 0 R"); object streams stored in object streams more than 32 deep;
//   - a /Pages node that is its own descendant ("page tree: cycle at
//     object 2 0 R");
//   - a stream whose /Length refers to itself, a CMap that uses itself
//     (/UseCMap), a Type0 font that is its own descendant, a form XObject
//     that draws itself, directly or through others.
//
// A fatal fault the checks do not foresee (a stack overflow in the
// library) still ends the process: budgetx reads every document in a
// worker process under time, memory and stack limits (package pipeline,
// internal/isolate), whose death fails that document alone.
//
// # Limits
//
// From model.Limits: InputBytes; Pages (the pages the tree holds, not its
// /Count); PartBytes, the decoded size of any stream budgetx reads
// (content streams, forms, CMaps) and of the cross-reference streams;
// Cols and Rows of a table's grid, from ruling lines or a 栏次 row, checked
// before the grid is allocated; Cells, the grid positions (rows ×
// columns) of all tables together; Tables; Rows of a table joined over
// pages; CellText and ParaText; Time, checked between pages and as
// operators are interpreted. Beyond them, the page layer has bounds of
// its own, far above any real page: 20 million operators a page and 200
// million a document, 500,000 glyphs and 50,000 ruling lines a page,
// forms nested 12 deep, CMaps of 65,536 ranges and 8 levels of /UseCMap,
// fonts of a million widths, cross-reference tables of at most max(file
// size, 2^20) objects. Each crossing is an ErrLimit error saying what and
// where ("page 12: table "table 1": over a limit: ruling lines make a
// table of 5000 columns, more than the limit of 1000").
//
// # Encryption
//
// A file encrypted with RC4 or AES-128 and a 128-bit key that opens with
// the empty user password (permissions only) is read. Anything else that
// is encrypted is ErrEncrypted, naming the cipher and saying whether a
// password is needed ("encrypted (AES-256): needs a password; budgetx
// does not decrypt"); AES-256 and RC4 keys shorter than 128 bits are not
// decrypted even without a password (the library does not know the one
// and derives the other's object keys wrongly).
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
// Speed: scripts/bench/pdf.sh measures the whole pipeline beside
// pdftotext -layout (CPU per page, pages per second);
// BenchmarkReadBenchPDFs and BenchmarkReadRealPDFs the reader alone, in
// process. Content streams are read by a lexer that allocates nothing per
// token (operands are ranges of reused buffers), the library keeps the
// objects and object streams it has read, and pages and the layout draw
// into buffers reused from page to page.
//
// BUG(budgetx): Clipping paths are kept as their bounding boxes; text
// clipped by a non-rectangular path is kept.
//
// BUG(budgetx): Rotated and vertical text is placed by its glyph origins
// but laid out as if horizontal. Type3 glyph widths use FontMatrix[0]
// only. Inline image data is skipped to the first EI that stands between
// white space; binary data holding such an EI ends the image early.
//
// BUG(budgetx): Read keeps what a damaged page drew (a stream that breaks
// off, an unknown filter, a missing font) and drops the page's error
// unless no page has text: model.Document has no place for warnings.
// Cycles and limits fail the whole document.
//
// BUG(budgetx): The library (internal/third_party/pdf, a copy of
// github.com/ledongthuc/pdf that keeps what it has read) parses each
// object and inflates each object stream once, within budgets of 64 MiB
// each; beyond them it reads again each time, as upstream does, so a
// document whose object streams decompress to hundreds of megabytes is
// slow well within PartBytes; the time limit bounds it. The structure
// check reads only what the library reads: a damaged file it cannot read (an ASCII85 cross-reference
// stream, say) goes to the library unchecked, and a cross-reference table
// broken beyond the library is not rebuilt as qpdf and mutool do.
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
