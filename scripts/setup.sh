#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh machine: Debian packages (only those
# missing), npm packages from the lockfiles. Safe to run again; does nothing when all is there.
#   scripts/setup.sh            # what the tests need
#   scripts/setup.sh --bench    # also wrk, for HTTP benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."

want_apt=()
need() { command -v "$1" >/dev/null 2>&1 || want_apt+=("$2"); }
need node nodejs
need npm npm
need chromium chromium
if [ "${1:-}" = "--bench" ]; then need wrk wrk; fi
[ -x /usr/lib/postgresql/15/bin/initdb ] || want_apt+=(postgresql-15)

if [ ${#want_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "setup: missing ${want_apt[*]}; run as root or install them" >&2; exit 1
  fi
  echo "setup: apt-get install ${want_apt[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want_apt[@]}" >&2
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Every npm project of the repository with a lockfile gets a clean, reproducible install.
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  if [ ! -d "$dir/node_modules" ] || [ "$lock" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
done < <(git ls-files '*package-lock.json' | grep -v node_modules)
