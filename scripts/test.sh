#!/usr/bin/env bash
# The tests, exactly as CI runs them (.ci/run):
#  1. go test ./... — unit, golden, corpus and end-to-end tests; every fuzz
#     target also runs over its committed seed corpus here.
#  2. The HTML report in a real browser (tools/browsertest, a module of its
#     own so that the browser driver is no dependency of budgetx, and so not
#     part of go test ./...): headless Chromium loads the report of
#     fixtures/ and of ../shared/real-wide/ and checks the figures it shows.
#     It needs Chromium (apt-get install chromium; .ci/run installs it) and
#     fails without it.
#  3. Each fuzz target for a short time (FUZZTIME, default 10s) over its
#     seed corpus: new crashers fail the run and are written by Go under
#     the package's testdata/fuzz/ to be committed as regression seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}

go test ./...

(cd tools/browsertest && go test -count=1 ./...)

# every "func FuzzX(" in a _test.go file of this module (tools/ holds
# modules of their own): package directory and name
grep -rl --include='*_test.go' '^func Fuzz' --exclude-dir=tools . | sort | while read -r file; do
  dir=$(dirname "$file")
  for name in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$file"); do
    echo "fuzz $dir $name ($fuzztime)"
    # Go's fuzzer sometimes ends a run with "context deadline exceeded"
    # and no crasher when a worker is slow to stop at -fuzztime on a busy
    # machine (golang/go#48127-like): that run is tried once more. A real
    # crasher is always written under testdata/fuzz/ and fails at once.
    for attempt in 1 2; do
      before=$( (ls "$dir/testdata/fuzz/$name" 2>/dev/null || true) | wc -l)
      if go test "$dir" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" >/tmp/budgetx-fuzz.log 2>&1; then
        break
      fi
      after=$( (ls "$dir/testdata/fuzz/$name" 2>/dev/null || true) | wc -l)
      if [ "$attempt" = 1 ] && [ "$before" = "$after" ] && grep -q "context deadline exceeded" /tmp/budgetx-fuzz.log; then
        echo "fuzz $dir $name: stopped late with no crasher (context deadline exceeded); once more"
        continue
      fi
      cat /tmp/budgetx-fuzz.log
      echo "fuzz $dir $name: FAILED (the crasher is under $dir/testdata/fuzz/$name/)"
      exit 1
    done
    tail -1 /tmp/budgetx-fuzz.log
  done
done
