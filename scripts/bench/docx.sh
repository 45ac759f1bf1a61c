#!/usr/bin/env bash
# The seed DOCX (fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx)
# through budgetx on one core, side by side with pandoc on the same file
# (issue 12), in milliseconds per document:
#
#  in-process   BenchmarkInProcessSeedDOCX: read, normalize, check and
#               write JSONL and Parquet in the test process itself
#  pipeline     BenchmarkPipelineSeedDOCX: the same through pipeline.Run,
#               the document read in a worker process (started per run)
#  command      budgetx extract -q --workers 1 --out NEW seed.docx: one
#               run per document, the real executable (its start, the
#               worker's start and the dataset's files included)
#  batch-of-N   the same command on N copies of the seed (distinct bytes,
#               the same content) in one run: per document
#  fixtures/docx  the same command on every DOCX of fixtures/docx in one
#               run: per document (beside pandoc on each of them)
#  pandoc       pandoc -t plain seed.docx: one run per document
#
# The measure is CPU time (user and system, the workers included), best
# of RUNS runs: on a busy machine the wall time (also shown, best of
# RUNS) says little. One core: taskset -c CORE and GOMAXPROCS=1.
# Environment: RUNS (default 5), COPIES (default 10), CORE (default 0),
# BEFORE (a budgetx executable built from an older tree: its command and
# batch rows are measured too, in the same run, for a before/after table).
# Needs python3 (timing, copies) and pandoc (apt-get install pandoc).
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx
runs=${RUNS:-5}
copies=${COPIES:-10}
core=${CORE:-0}
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "$core"); fi
export GOMAXPROCS=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/budgetx" ./cmd/budgetx
go test -c -o "$tmp/pipeline.test" ./internal/pipeline

# measure LABEL DOCS CMD...: runs CMD RUNS times (a fresh output
# directory $OUT each time) and prints LABEL, then the best CPU and wall
# milliseconds per document (DOCS documents per run).
measure() {
  python3 - "$runs" "$tmp" "$@" <<'EOF'
import os, resource, shutil, subprocess, sys, time
runs, tmp, label, docs, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
cpu, wall = [], []
for i in range(runs):
    out = os.path.join(tmp, "out")
    shutil.rmtree(out, ignore_errors=True)
    args = [a.replace("$OUT", out) for a in cmd]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t1 = time.monotonic()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("%s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.decode(errors="replace")[-500:]))
    cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000 / docs)
    wall.append((t1 - t0) * 1000 / docs)
print("%s %.1f %.1f" % (label, min(cpu), min(wall)))
EOF
}

# The copies: the seed with a zip comment of its own each, so that the run
# reads them all (the same bytes would be read once).
mkdir -p "$tmp/copies"
python3 - "$seed" "$tmp/copies" "$copies" <<'EOF'
import shutil, sys, zipfile
seed, dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    p = "%s/seed-%03d.docx" % (dir, i)
    shutil.copy(seed, p)
    with zipfile.ZipFile(p, "a") as z:
        z.comment = b"copy %d" % i
EOF

# cpu-ms/doc of a Go benchmark (the test binary, run in its package).
gobench() {
  (cd internal/pipeline && ${pin[@]+"${pin[@]}"} "$tmp/pipeline.test" -test.run '^$' -test.bench "^$1\$" -test.benchtime 20x) |
    awk -v l="$2" '/cpu-ms\/doc/ { for (i = 1; i < NF; i++) if ($(i+1) == "cpu-ms/doc") print l, $i, $3 / 1e6 }'
}

{
  gobench BenchmarkInProcessSeedDOCX in-process
  gobench BenchmarkPipelineSeedDOCX pipeline
  measure command 1 ${pin[@]+"${pin[@]}"} "$tmp/budgetx" extract -q --workers 1 --out '$OUT' "$seed"
  measure "batch-of-$copies" "$copies" ${pin[@]+"${pin[@]}"} "$tmp/budgetx" extract -q --workers 1 --out '$OUT' "$tmp/copies"
  ndocx=$(ls fixtures/docx/*.docx | wc -l)
  measure "fixtures/docx" "$ndocx" ${pin[@]+"${pin[@]}"} "$tmp/budgetx" extract -q --workers 1 --out '$OUT' fixtures/docx
  if [ -n "${BEFORE:-}" ]; then
    measure command-before 1 ${pin[@]+"${pin[@]}"} "$BEFORE" extract -q --workers 1 --out '$OUT' "$seed"
    measure "batch-of-$copies-before" "$copies" ${pin[@]+"${pin[@]}"} "$BEFORE" extract -q --workers 1 --out '$OUT' "$tmp/copies"
  fi
  if command -v pandoc >/dev/null; then
    measure pandoc 1 ${pin[@]+"${pin[@]}"} pandoc -t plain -o /dev/null "$seed"
    measure pandoc-fixtures/docx "$ndocx" ${pin[@]+"${pin[@]}"} sh -c 'for f in fixtures/docx/*.docx; do pandoc -t plain -o /dev/null "$f"; done'
  fi
} >"$tmp/table"

echo "seed DOCX, ms per document on one core (commands: best of $runs runs; Go benchmarks: mean of 20):"
awk '{ printf "  %-20s %8.1f ms CPU %8.1f ms wall\n", $1, $2, $3 }' "$tmp/table"
if ! grep -q '^pandoc ' "$tmp/table"; then
  echo "  pandoc not installed (apt-get install pandoc): no ratio"
  exit 0
fi
p=$(awk '$1 == "pandoc" { print $2 }' "$tmp/table")
echo "pandoc / budgetx, CPU (target: 20x or more):"
pf=$(awk '$1 == "pandoc-fixtures/docx" { print $2 }' "$tmp/table")
awk -v p="$p" -v pf="$pf" '$1 == "fixtures/docx" { printf "  %-20s %6.1fx  (pandoc on the same files)\n", $1, pf / $2; next }
  $1 !~ /^pandoc/ { printf "  %-20s %6.1fx\n", $1, p / $2 }' "$tmp/table"
