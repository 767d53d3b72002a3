#!/usr/bin/env bash
# Runs every test (unit, integration against real servers, end to end) and prints the totals as
# its last line: "N passed, N failed". Extra arguments go to dotnet test (e.g. --filter Broker).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/setup.sh" || exit 1

results="$root/artifacts/test-results"
rm -rf "$results"
dotnet test "$root/ServiceQueue.sln" \
  --logger "trx;LogFileName=tests.trx" \
  --logger "console;verbosity=normal" \
  --results-directory "$results" \
  --blame-hang-timeout 10m \
  "$@"
status=$?

trx=$(find "$results" -name '*.trx' 2>/dev/null | head -n 1)
if [[ -n "$trx" ]]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  skipped=$(grep -c '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx")
  # The tail of a CI log is often all anyone sees: name each failed test, with the start of its message
  # and the project's own frames of its stack trace (where it failed, without the framework's frames).
  awk '
    /<UnitTestResult / {
      failed = /outcome="Failed"/; in_message = 0; in_stack = 0; shown = 0; frames = 0
      if (failed && match($0, /testName="[^"]*"/)) print "failed: " substr($0, RSTART + 10, RLENGTH - 11)
    }
    failed && /<Message>/ { in_message = 1; sub(/.*<Message>/, "") }
    in_message {
      line = $0; ended = sub(/<\/Message>.*/, "", line)
      if (shown++ < 8) print "    " line
      if (ended) { in_message = 0 }
    }
    failed && /<StackTrace>/ { in_stack = 1; sub(/.*<StackTrace>/, "") }
    in_stack {
      line = $0; ended = sub(/<\/StackTrace>.*/, "", line)
      if (line ~ /ServiceQueue\./ && frames++ < 8) print "    " line
      if (ended) { in_stack = 0; failed = 0 }
    }' "$trx" | sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&amp;/\&/g'
else
  passed=0
  failed=0
  skipped=0
  [[ $status -ne 0 ]] && echo "test: no results were written (the build or the test host failed; see above)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
