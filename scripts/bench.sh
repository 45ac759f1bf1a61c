#!/usr/bin/env bash
# Benchmarks (speed is measured here, never asserted in tests):
#  1. Go benchmarks of the whole pipeline on the seed (DOCX and text): docs/s;
#     and of one library call (budgetx.Extract) on the seed text: in a
#     reused worker, in process, in a worker started for the call.
#  2. Peak memory (max RSS) of a real `budgetx extract` run per input.
#  3. PDF speed beside `pdftotext -layout` (poppler-utils) on the same
#     files, in one run (scripts/bench/pdf.sh): CPU seconds per page of the
#     whole process tree, and pages per second with the default workers.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}

go test ./internal/pipeline -run '^$' -bench . -benchtime 20x
go test . -run '^$' -bench . -benchtime 20x
bin=$(mktemp -d)/budgetx
go build -o "$bin" ./cmd/budgetx
out=$(mktemp -d)

# peak RUN: the wall time of a run of budgetx ("$@") and the peak, over the
# run, of the resident memory of budgetx and its workers together (sampled
# every 50 ms from /proc), and of the largest single process (wait4).
peak() {
  local label=$1; shift
  local start end pid sum top=0
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$out/rss" "$bin" "$@" >/dev/null 2>&1 &
  pid=$!
  local bx
  while kill -0 "$pid" 2>/dev/null; do
    bx=$(pgrep -P "$pid" 2>/dev/null | head -1 || true)
    if [ -n "$bx" ]; then
      sum=$( (ps -o rss= --ppid "$bx" -p "$bx" 2>/dev/null || true) | awk '{s+=$1} END {print s+0}')
      if [ "$sum" -gt "$top" ]; then top=$sum; fi
    fi
    sleep 0.05
  done
  wait "$pid" || true
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" -v t="$top" -v m="$(tail -1 "$out/rss")" 'BEGIN {
    printf "  %-52s %6.2f s  run %5.0f MiB  largest process %5.0f MiB\n", l, e-s, t/1024, m/1024 }'
}

echo
echo "peak memory (one document per run, default limits, one worker):"
for f in fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf; do
  [ -f "$f" ] || continue
  peak "$f" extract -q --workers 1 --out "$out/o" "$f"
done

# The largest inputs the default limits let through, and some they stop,
# from the adversarial corpus (fixtures/hostile): the memory of a run
# stays bounded whatever the input.
go run ./fixtures/hostile/cmd/hostile gen "$out/hostile" >/dev/null
echo
echo "peak memory on the largest inputs (fixtures/hostile; one worker, --doc-memory 512MiB):"
for c in docx-cells-290k.docx txt-90k-rows.txt txt-40k-tables.txt txt-seed-x9.txt docx-vmerge-50k.docx \
         pdf-rulings-100k.pdf pdf-content-50mb-cm.pdf docx-cells-1m.docx txt-200k-tables.txt docx-zipbomb-300m.docx pdf-flate-bomb-300m.pdf; do
  [ -e "$out/hostile/$c" ] || { echo "  $c: not in the corpus"; continue; }
  peak "$c" extract -q --workers 1 --out "$out/o" "$out/hostile/$c"
done

echo; scripts/bench/docx.sh # the seed DOCX on one core, budgetx beside pandoc (issue 12)
scripts/bench/corpus.sh # 1,000 and 5,000 documents: peak memory (main, workers), ms/doc, DuckDB reads the dataset back
echo
scripts/bench/pdf.sh # PDF: CPU per page and pages per second beside pdftotext -layout (issue 12)
