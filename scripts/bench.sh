#!/usr/bin/env bash
# Benchmarks (speed is measured here, never asserted in tests):
#  1. Go benchmarks of the whole pipeline on the seed (DOCX and text): docs/s.
#  2. Peak memory (max RSS) of a real `budgetx extract` run per input.
#  3. Pages per second of the whole pipeline on the PDFs (seed PDF and the
#     real documents), side by side with `pdftotext -layout` (poppler-utils)
#     on the same files, and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}

go test ./pipeline -run '^$' -bench . -benchtime 20x
bin=$(mktemp -d)/budgetx
go build -o "$bin" ./cmd/budgetx
out=$(mktemp -d)

echo
echo "peak memory (one document per run):"
for f in fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf; do
  [ -f "$f" ] || continue
  /usr/bin/time -f "  $f: %e s wall, peak RSS %M KiB" "$bin" extract -q --out "$out/o" "$f" 2>&1 | grep -v '^budgetx:'
done

command -v pdftotext >/dev/null || { echo "pdftotext not installed (apt-get install poppler-utils)"; exit 0; }

best() { # best wall time in seconds of $runs runs of "$@"
  local b=""
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    b=$(echo "$e - $s" | bc -l | awk -v b="$b" '{ if (b=="" || $1<b) print $1; else print b }')
  done
  echo "$b"
}

# compare LABEL FILE...: pages/s of budgetx and of pdftotext -layout on FILEs.
compare() {
  local label=$1; shift
  local pages=0 n
  for f in "$@"; do
    n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}')
    pages=$((pages + ${n:-0}))
  done
  local tb tp
  tb=$(best "$bin" extract -q --workers 1 --out "$out/p" "$@")
  tp=$(best sh -c 'for f in "$@"; do pdftotext -layout "$f" - ; done' sh "$@")
  echo
  echo "$label: $# files, $pages pages, best of $runs runs, one worker"
  awk -v p="$pages" -v tb="$tb" -v tp="$tp" 'BEGIN {
    printf "  budgetx extract (read + tables + records + checks + JSONL/Parquet): %.2f s, %.0f pages/s\n", tb, p/tb
    printf "  pdftotext -layout (text only):                                      %.2f s, %.0f pages/s\n", tp, p/tp
    printf "  ratio budgetx / pdftotext (pages/s): %.2f\n", (p/tb)/(p/tp)
  }'
}

[ -f fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf ] && compare "seed PDF" fixtures/pdf/hebei-hengshui-sthjj-2024-budget.pdf
real=()
for f in fixtures/real/*.pdf; do
  case "$f" in *scanned*) ;; *) real+=("$f") ;; esac # the scan has no text to read
done
[ ${#real[@]} -gt 0 ] && compare "real documents" "${real[@]}"
