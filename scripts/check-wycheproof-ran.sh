#!/usr/bin/env bash
# Fails unless the Wycheproof vector tests ran and passed in the last ./test.sh: the vectors
# live outside the repository (../shared/test-vectors/wycheproof), so a missing folder must
# never pass silently. Each of the five vector files has its own test, named after it.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/test-vectors/wycheproof ] || { echo "wycheproof: ../shared/test-vectors/wycheproof is missing" >&2; exit 1; }
mapfile -t trx < <(find .test-results/dotnet -name '*.trx' 2>/dev/null)
[ ${#trx[@]} -gt 0 ] || { echo "wycheproof: no test results found (run ./test.sh first)" >&2; exit 1; }
status=0
for family in RsaPkcs1Sha256 EcdsaP256P1363 Ed25519 JsonWebSignature JsonWebKey; do
  ok=$(grep -ho "testName=\"[^\"]*Wycheproof${family}[^\"]*\" [^>]*outcome=\"Passed\"" "${trx[@]}" | wc -l)
  bad=$(grep -ho "testName=\"[^\"]*Wycheproof${family}[^\"]*\" [^>]*outcome=\"[^P][^\"]*\"" "${trx[@]}" | wc -l)
  echo "wycheproof: $family: $ok passed, $bad not passed"
  if [ "$ok" -lt 1 ] || [ "$bad" -gt 0 ]; then status=1; fi
done
[ "$status" = 0 ] && echo "wycheproof: all vector families ran and passed" || echo "wycheproof: FAILED: a vector family did not run or did not pass" >&2
exit "$status"
