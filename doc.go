// Package budgetx reads Chinese government budget disclosures — a
// department's 部门预算 (budget) or 部门决算 (final accounts), as .docx, .pdf
// or the flattened text form — into typed records, and checks the
// document's own arithmetic. It is the library under the budgetx command:
// Extract does for one document what `budgetx extract` does for each of
// its inputs, and its Result holds what the command writes for it.
//
// # What a Result holds
//
// Result.Summary is the document's line of documents.jsonl: its id (the
// SHA-256 of its bytes), department, fiscal year, kind (budget or final
// account), region, status, the tables found with their printed units,
// and counts of records, repairs and checks. Result.Records are its typed
// records (model.Record: the fields every record carries, and the table
// type's own fields by name in Values; amounts are exact decimals in
// yuan, never floats), and Result.Issues every repair, anomaly and failed
// or skipped check, each with its table, row, column and raw text — as
// <table_type>.jsonl and issues.jsonl hold them. docs/SCHEMA.md, in the
// repository, is the data contract that names the fields.
//
// A document that cannot be read comes back as an error, never as a
// partial Result: an *Error naming the input (and where known its page,
// line, table, row and column) that wraps one of the sentinel errors
// below, which say its class (the error_class of documents.jsonl).
//
// # Isolation: worker processes, with no setup
//
// A corrupt PDF can crash a PDF parser in ways no recover catches (a
// stack overflow is fatal to a Go program), and a hostile document can
// ask for any amount of memory. So by default every document is read in a
// worker process, under a time and a memory limit (Limits.Time,
// Limits.Memory); a worker that crashes or crosses a limit fails its
// document alone, and the calling program goes on.
//
// The worker process is the calling program itself, executed again. This
// package makes any program that imports it serve as a worker: from its
// package initialization, before main runs, a process started as a worker
// (with an environment variable that only this package sets) answers
// requests and exits, and never reaches main. So a program needs no setup
// and no separate executable; it must only be a Go program that can run
// its own executable. In a worker, the initializers of the packages that
// budgetx does not depend on and that sort before it may run (Go runs
// them in dependency order, then by import path); keep them free of side
// effects, as initializers should be.
//
// Workers start when a call needs one and are reused by later calls: at
// most GOMAXPROCS of them, per pair of time and memory limits, work at
// once (more calls wait their turn); a worker idle for 10 seconds stops,
// and on Linux none outlives the program, however it ends.
//
// Where the program cannot run its own executable — budgetx built into a
// C shared library (-buildmode=c-shared) loaded by another program, an
// executable replaced on disk since the program started, a sandbox that
// forbids starting processes — Extract fails with ErrNoWorker, unless the
// call asked for another Isolation:
//
//   - IsolatedIfPossible reads the document in this process when no
//     worker can be started;
//   - InProcess always reads it in this process.
//
// In this process a panic still becomes the document's error, and the
// structural limits (pages, tables, rows, cells, sizes) still hold, but
// nothing bounds its memory, and a fatal runtime error — a stack overflow
// in the PDF library, running out of memory — ends the whole program. A
// call returns at the time limit, or when its context is done, but the
// reading it leaves goes on in the background until it ends (a goroutine
// cannot be stopped). Use them for trusted inputs only.
//
// Cancelling the context of a call kills its worker and returns the
// context's error at once.
package budgetx
