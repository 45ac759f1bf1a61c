// Package emit writes budgetx's output directory: the datasets described by
// the data contract (docs/SCHEMA.md).
//
// A run writes, in one directory,
//
//	DIR/<table_type>.jsonl     one JSON object per record, keys in contract order
//	DIR/<table_type>.parquet   the same records as typed Parquet columns (zstd)
//	DIR/documents.jsonl        one line per document (model.DocSummary)
//	DIR/issues.jsonl           one line per model.Issue
//
// with a .jsonl and a .parquet file for every table type in model.TableTypes,
// holding zero records when no document had that table, so that the layout of
// a run never depends on its inputs. Formats selects which of the two table
// files are written; documents.jsonl and issues.jsonl are always written.
//
// # Values
//
// Money fields (Kind model.KindMoney, names ending in _yuan) are in yuan. In
// JSON they are numbers written exactly with two decimals (215412500.00); in
// Parquet they are DECIMAL(18,2) stored in an INT64 (the value in fen). Plain
// decimals (model.KindDecimal) are JSON numbers written exactly, without
// exponent, and DECIMAL(18,6) in Parquet. A value that needs more decimals
// than its column holds, or does not fit in 18 digits, is an error: emit never
// rounds. Integers are JSON integers and Parquet INT64. A null (a nil or
// missing value in model.Record.Values, or the "" / 0 that model.Common uses
// for its optional fields) is JSON null and a Parquet null; a printed zero is
// 0.00, not null. A spend plan is a JSON array of
// {"checkpoint":"3月底","month":3,"pct":25} (pct null when the cell was blank),
// and a Parquet LIST of STRUCT<checkpoint STRING, month INT32, pct DECIMAL(18,6)>.
//
// # Atomicity
//
// Every file is written under a temporary name in DIR (.<name>.tmp-<random>)
// and renamed into place by Close, only after every file was completed and
// synced. Abort, or a failing Close, removes the temporary files, so an
// interrupted or failed run never leaves a half-written file under a final
// name; the complete files of an earlier run stay until a later run replaces
// them.
package emit
