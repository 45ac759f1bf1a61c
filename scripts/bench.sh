#!/usr/bin/env bash
# Benchmarks: documents (and pages) per second, and peak memory of a run.
set -euo pipefail
cd "$(dirname "$0")/.."
go test ./pipeline -run '^$' -bench . -benchtime 20x
go build -o /tmp/budgetx-bench ./cmd/budgetx
for f in fixtures/docx/hebei-hengshui-sthjj-2024-budget.docx fixtures/seed/hebei-hengshui-sthjj-2024-budget.txt; do
  /usr/bin/time -f "$f: %e s, peak RSS %M KiB" /tmp/budgetx-bench extract -q --out /tmp/budgetx-bench-out "$f"
done
