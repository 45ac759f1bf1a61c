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
// # The output directory
//
// A run owns DIR from Create to Close or Abort, and replaces budgetx's files
// in it as one set:
//
//   - Lock. Create takes an exclusive flock on DIR/.budgetx.lock (LockFile,
//     holding the run's pid; removed when the run ends). A second run into
//     DIR, in another process or the same one, fails at Create with an error
//     matching ErrLocked that names the holder's pid. The kernel drops the
//     lock of a run that dies, however it dies. (Where flock is missing, the
//     lock is the file's existence, and one a dead run left must be removed
//     by hand; the error says so.)
//   - The set. The files a run leaves are exactly those it wrote: its table
//     files, documents.jsonl, issues.jsonl, and DIR/.budgetx-manifest.json
//     (ManifestFile), which lists them. Close removes the files of the
//     earlier run that this one did not write (its .parquet files after a
//     run with JSON Lines only), and only budgetx's own: a file is budgetx's
//     when it has the name of an output (<table_type>.jsonl or .parquet for
//     every model.TableTypes entry, documents.jsonl, issues.jsonl, the
//     manifest) or the earlier run's manifest lists it. No other file in DIR
//     is read, moved or removed. Paths may have directories: empty ones left
//     by a removed file go too.
//   - Together. Every file is written to a temporary name at the top of DIR,
//     .<name>.budgetx-tmp-<digits>, and synced. Close then writes a journal,
//     DIR/.budgetx-journal.json, listing the new files and the earlier run's
//     files with a backup name for each (.<name>.budgetx-bak-<digits>), and
//     syncs it; sets each earlier file aside under its backup name; renames
//     each new file into place; syncs DIR; removes the journal (the commit
//     point); and removes the backups. If a step before the commit point
//     fails, Close rolls back (restores every backup, removes the new files)
//     and returns a *CommitError that says whether DIR holds exactly the
//     earlier set again; if the rollback fails too, it names the files left
//     in the wrong state, and the journal stays for the next run.
//   - Recovery. Create, under the lock, finds the journal of a run that died
//     before the commit point and rolls that commit back, so that DIR holds
//     the earlier run's set; it then removes every temporary or backup file
//     of runs that did not finish (those names at the top of DIR, and the
//     .<output name>.tmp-<digits> files of versions before the journal).
//     Writer.Recovered says what it restored and removed.
//   - Abort, or a Close that fails before replacing anything, removes the
//     run's temporary files and leaves the earlier set as it was.
//
// So a reader of DIR sees every file whole, but while a commit runs it may
// find some files missing or of either run (readers that must not can take
// the lock too). After any run, whatever happened to it, DIR holds one run's
// set once the next Create has looked at it; between a crash mid-commit and
// that Create, the files under the final names may be a mix, and the journal
// is there to say so.
package emit
