#!/usr/bin/env bash
# Runs every test of the repository: .NET unit and integration tests (on SQLite and on a
# throwaway PostgreSQL cluster), the interop tests against the official npm packages, the
# TypeScript SDK tests and the browser tests in Chromium. Prints one closing line
# "tests: N passed, N failed" and exits non-zero when anything failed.
#   ./test.sh             the normal suite (CI runs exactly this)
#   ./test.sh --long      also the long reliability scenarios
#   ./test.sh --screenshots  also rewrite the screenshots under docs/
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export LATCHKEY_TEST_LONG=0 LATCHKEY_SCREENSHOTS=0
for arg in "$@"; do
  case "$arg" in
    --long) export LATCHKEY_TEST_LONG=1 ;;
    --screenshots) export LATCHKEY_SCREENSHOTS=1 ;;
    *) echo "usage: ./test.sh [--long] [--screenshots]" >&2; exit 2 ;;
  esac
done

results="$root/.test-results"
rm -rf "$results"; mkdir -p "$results"
passed=0; failed=0; broken=()

scripts/setup.sh || { echo "test.sh: setup failed" >&2; exit 1; }

eval "$(scripts/pg-cluster.sh start)" || { echo "test.sh: could not start PostgreSQL" >&2; exit 1; }
trap 'scripts/pg-cluster.sh stop "$LATCHKEY_PG_DIR"' EXIT

echo "== dotnet build"
if ! dotnet build Latchkey.slnx -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "test.sh: build failed" >&2; exit 1
fi

echo "== dotnet test"
dotnet test Latchkey.slnx -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results/dotnet" 2>&1 | tee "$results/dotnet.log"
dotnet_rc=${PIPESTATUS[0]}
while read -r f p; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+).*/\2 \3/p' "$results/dotnet.log")
if [ "$dotnet_rc" != 0 ]; then broken+=("dotnet test (exit $dotnet_rc)"); fi

# npm test suites: every package.json of the repository with a "test" script, outside node_modules.
while IFS= read -r pkg; do
  dir=$(dirname "$pkg")
  grep -q '"test"' "$pkg" || continue
  echo "== npm test in $dir"
  log="$results/npm-$(echo "$dir" | tr '/' '_').log"
  (cd "$dir" && npm test --silent) 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  # vitest prints "Tests  12 passed | 1 failed (13)"; node:test prints "# pass 12" / "# fail 0".
  p=$(sed -nE 's/.*Tests +([0-9]+) passed.*/\1/p; s/^# pass ([0-9]+)$/\1/p; s/.* ([0-9]+) passed \([0-9.]+m?s\).*/\1/p' "$log" | tail -n1)
  f=$(sed -nE 's/.*Tests .*\| ([0-9]+) failed.*/\1/p; s/^# fail ([0-9]+)$/\1/p; s/.* ([0-9]+) failed$/\1/p' "$log" | tail -n1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ "$rc" != 0 ]; then broken+=("npm test in $dir (exit $rc)"); [ "${f:-0}" = 0 ] && failed=$((failed + 1)); fi
done < <(git ls-files '*package.json' | grep -v node_modules | grep -v '^bench/')

echo
if [ ${#broken[@]} -gt 0 ]; then printf 'test.sh: failed: %s\n' "${broken[@]}"; fi
echo "tests: $passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ] && [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
