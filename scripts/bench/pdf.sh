#!/usr/bin/env bash
# PDF speed, side by side with `pdftotext -layout` (poppler-utils) on the
# same files in the same run (issue 12): the PDFs of fixtures/real,
# fixtures/pdf and ../shared/real-wide.
#
#   budgetx: `budgetx extract` of all of them in one run with the default
#            workers and formats (read, tables, records, checks, JSONL and
#            Parquet); its CPU is the whole process tree's, main process
#            and workers (user + sys, from getrusage of the children).
#   pdftotext: `pdftotext -layout FILE -` one file at a time.
#
# Printed: pages; CPU seconds per page of each and their ratio (target:
# budgetx at most 0.6 of pdftotext); pages per second of wall time of each
# and their ratio (target: budgetx at least 2x). Each side is run RUNS
# times (default 3), alternately; the best run of each is reported.
# PROFILE=1 also writes CPU profiles of one more budgetx run (main process
# and workers, BUDGETX_CPUPROFILE) and prints their top five functions.
# BIN=path measures that budgetx executable instead of building this tree;
# BEFORE=path measures one more (a build from before a change) in the same
# run, alternately with the others, for a before/after table.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
command -v pdftotext >/dev/null || { echo "pdf.sh: pdftotext not installed (apt-get install poppler-utils): no PDF comparison"; exit 0; }
command -v python3 >/dev/null || { echo "pdf.sh: needs python3"; exit 1; }

files=()
for f in fixtures/real/*.pdf fixtures/pdf/*.pdf ../shared/real-wide/*.pdf; do
  [ -f "$f" ] && files+=("$f")
done
[ ${#files[@]} -gt 0 ] || { echo "pdf.sh: no PDFs"; exit 1; }
pages=0
for f in "${files[@]}"; do
  n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}')
  pages=$((pages + ${n:-0}))
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${BIN:-$tmp/budgetx}
[ -n "${BIN:-}" ] || go build -o "$bin" ./cmd/budgetx
printf '%s\0' "${files[@]}" >"$tmp/files"

# measure KIND: one run; prints "wall cpu" (seconds; cpu is user + sys of
# every process the run started, waited for: budgetx's workers included).
measure() {
  python3 - "$1" "$bin" "$tmp" <<'PY'
import os, resource, subprocess, sys, time
kind, bin, tmp = sys.argv[1:4]
if kind == "before":
    kind, bin = "budgetx", os.environ["BEFORE"]
files = open(os.path.join(tmp, "files"), "rb").read().split(b"\0")[:-1]
out = os.path.join(tmp, "out")
subprocess.run(["rm", "-rf", out], check=True)
t0 = time.monotonic()
if kind == "budgetx":
    r = subprocess.run([bin, "extract", "-q", "--out", out] + files, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):  # 1: a document failed, the run is whole
        sys.exit("budgetx exited %d: %s" % (r.returncode, r.stderr.decode(errors="replace")))
else:
    for f in files:
        subprocess.run(["pdftotext", "-layout", f, "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.3f" % (wall, ru.ru_utime + ru.ru_stime))
PY
}

bw=""; bc=""; pw=""; pc=""; ow=""; oc=""
for i in $(seq "$runs"); do
  if [ -n "${BEFORE:-}" ]; then
    read -r w c < <(measure before)
    echo "  run $i: before    ${w}s wall, ${c}s CPU"
    ow=$(awk -v a="$ow" -v b="$w" 'BEGIN{print (a=="" || b<a) ? b : a}')
    oc=$(awk -v a="$oc" -v b="$c" 'BEGIN{print (a=="" || b<a) ? b : a}')
  fi
  read -r w c < <(measure budgetx)
  echo "  run $i: budgetx   ${w}s wall, ${c}s CPU"
  bw=$(awk -v a="$bw" -v b="$w" 'BEGIN{print (a=="" || b<a) ? b : a}')
  bc=$(awk -v a="$bc" -v b="$c" 'BEGIN{print (a=="" || b<a) ? b : a}')
  read -r w c < <(measure pdftotext)
  echo "  run $i: pdftotext ${w}s wall, ${c}s CPU"
  pw=$(awk -v a="$pw" -v b="$w" 'BEGIN{print (a=="" || b<a) ? b : a}')
  pc=$(awk -v a="$pc" -v b="$c" 'BEGIN{print (a=="" || b<a) ? b : a}')
done

workers=$(nproc 2>/dev/null || echo 1)
echo
echo "PDF: ${#files[@]} files, $pages pages (fixtures/real, fixtures/pdf, ../shared/real-wide); best of $runs runs each"
awk -v p="$pages" -v bw="$bw" -v bc="$bc" -v pw="$pw" -v pc="$pc" -v wk="$workers" -v ow="$ow" -v oc="$oc" 'BEGIN {
  printf "  %-58s %12s %12s\n", "", "CPU s/page", "pages/s"
  printf "  %-58s %12.5f %12.1f\n", "budgetx extract (" wk " workers, checks, JSONL + Parquet)", bc/p, p/bw
  if (oc != "") printf "  %-58s %12.5f %12.1f\n", "the same, BEFORE", oc/p, p/ow
  printf "  %-58s %12.5f %12.1f\n", "pdftotext -layout (text only, one file at a time)", pc/p, p/pw
  printf "  CPU per page, budgetx / pdftotext:   %.2f  (target <= 0.6)\n", bc/pc
  printf "  pages per second, budgetx / pdftotext: %.2f  (target >= 2)\n", (p/bw)/(p/pw)
  if (oc != "") printf "  BEFORE: CPU per page %.2f of pdftotext, pages per second %.2fx\n", oc/pc, (p/ow)/(p/pw)
}'

if [ -n "${PROFILE:-}" ]; then
  prof=$tmp/prof
  BUDGETX_CPUPROFILE=$prof "$bin" extract -q --out "$tmp/out-prof" "${files[@]}" >/dev/null 2>&1 || true
  echo
  echo "profile of one budgetx run (main process and workers together), top five by own CPU:"
  go tool pprof -top -nodecount=5 "$bin" "$prof".main "$prof".worker.* 2>/dev/null | sed -n '/flat%/,$p'
  echo "top five budgetx stages by CPU with callees (wrappers left out):"
  go tool pprof -top -cum -nodecount=400 "$bin" "$prof".main "$prof".worker.* 2>/dev/null |
    grep 'budgetx/budgetx/internal/' |
    grep -v -e 'isolate\.' -e 'docwork\.\(init\|serveRequest\|process\)' -e 'pipeline\.\(RunInputs\|init\)' \
      -e 'extract\.ReadBytes' -e '(inline)' -e 'datasetSink' | head -5
fi
