#!/usr/bin/env bash
# Fails unless the Wycheproof vector tests ran and passed in the last ./test.sh: the vectors
# live outside the repository (../shared/test-vectors/wycheproof), so a missing folder must
# never pass silently.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/test-vectors/wycheproof ] || { echo "wycheproof: ../shared/test-vectors/wycheproof is missing" >&2; exit 1; }
trx=$(find .test-results/dotnet -name '*.trx' 2>/dev/null)
[ -n "$trx" ] || { echo "wycheproof: no test results found" >&2; exit 1; }
# grep exits 1 when nothing matches (the good case for "bad"); under pipefail that must not end the script.
ran=$({ grep -ho 'testName="[^"]*Wycheproof[^"]*" [^>]*outcome="Passed"' $trx || true; } | wc -l)
bad=$({ grep -ho 'testName="[^"]*Wycheproof[^"]*" [^>]*outcome="\(Failed\|NotExecuted\)"' $trx || true; } | wc -l)
echo "wycheproof: $ran test cases passed, $bad failed or skipped"
[ "$ran" -ge 5 ] && [ "$bad" = 0 ]
