#!/usr/bin/env bash
# scripts/bench/corpus.sh [N...]   (default: 1000 5000)
#
# budgetx on a large corpus (issue 10): N documents made by
# fixtures/gen/bigcorpus (copies of the fixtures and of ../shared/real-wide
# with bytes of their own), read by `budgetx extract` with the default
# workers and limits, into the dataset layout (the default) and the flat
# one. For each run: wall time and time per document (wall, and processor
# time of budgetx and its workers: steadier on a busy machine), peak resident memory of
# the main process (getrusage) and of the whole process tree (budgetx and
# its workers together, sampled every 20 ms by tools/peakrss), and the size
# of the output. Memory must not grow with N. Then tools/duckcheck/run
# reads the largest dataset back with DuckDB (the README's queries) and
# its summary line is printed.
#
# Environment:
#   LAYOUTS   layouts to run (default "dataset flat")
#   WORK      where corpora and outputs go (default a temporary directory,
#             removed at the end; a given one is kept, and its corpora are
#             reused on the next call)
#   BUDGETX   a budgetx binary to measure (default: built from this tree)
#   WORKERS   --workers (default: budgetx's, the number of CPUs)
# Not run in CI: 5,000 documents take about ten minutes per layout.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000)
layouts=${LAYOUTS:-dataset flat}
if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
tools=$(mktemp -d)
trap 'rm -rf "$tools"; [ -n "${WORK:-}" ] || rm -rf "$work"' EXIT
bin=${BUDGETX:-$tools/budgetx}
[ -n "${BUDGETX:-}" ] || go build -o "$bin" ./cmd/budgetx
go build -o "$tools/peakrss" ./tools/peakrss
go build -o "$tools/bigcorpus" ./fixtures/gen/bigcorpus
wflag=()
[ -z "${WORKERS:-}" ] || wflag=(--workers "$WORKERS")

corpus() { # corpus N: the corpus of N documents (made once per WORK)
  local dir=$work/corpus-$1
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    "$tools/bigcorpus" -n "$1" -out "$dir" >&2
    touch "$dir/.done"
  fi
  echo "$dir"
}

echo
echo "budgetx extract on a large corpus ($(nproc) CPUs, workers ${WORKERS:-default}; peak RSS in MiB):"
printf '  %-8s %6s %8s %7s %11s %14s %14s %11s %10s\n' layout docs "wall s" ms/doc "cpu ms/doc" "peak RSS main" "peak RSS tree" "one worker" "output"
last=""
for n in "${sizes[@]}"; do
  src=$(corpus "$n")
  for layout in $layouts; do
    out=$work/out-$layout-$n
    rm -rf "$out"
    lflag=()
    [ "$layout" = dataset ] || lflag=(--layout "$layout")
    rc=0
    "$tools/peakrss" -o "$work/rss" -- "$bin" extract -q "${wflag[@]}" "${lflag[@]}" --out "$out" "$src" >/dev/null 2>"$work/stderr" || rc=$?
    if [ "$rc" -ne 0 ]; then
      echo "  $layout $n: budgetx exited $rc:" >&2
      tail -5 "$work/stderr" >&2
      exit 1
    fi
    size=$(du -sb "$out" | awk '{print $1}')
    # shellcheck disable=SC2046
    eval $(cat "$work/rss")
    awk -v l="$layout" -v n="$n" -v w="$wall_s" -v u="$cpu_s" -v m="$main_kib" -v t="$tree_kib" -v c="$child_kib" -v s="$size" 'BEGIN {
      printf "  %-8s %6d %8.1f %7.1f %11.1f %14.0f %14.0f %11.0f %6.0f MiB\n", l, n, w, 1000*w/n, 1000*u/n, m/1024, t/1024, c/1024, s/1048576 }'
    [ "$layout" != dataset ] || last=$out
  done
done

if [ -n "$last" ]; then
  echo
  echo "DuckDB reads $(basename "$last") back (tools/duckcheck/run, the README's queries):"
  rc=0
  tools/duckcheck/run -q "$last" >"$work/duck" 2>&1 || rc=$?
  grep -v '^duckcheck: installing' "$work/duck" | grep -E '^(FAIL|warn)' | head -20 | sed 's/^/  /' || true
  echo "  $(grep -E '^duckcheck: [0-9]+ passed' "$work/duck" || tail -1 "$work/duck")"
  [ "$rc" -eq 0 ] || exit "$rc"
fi
