#!/usr/bin/env bash
# Builds the JavaScript that the demo and the browser tests need, skipping what is up to date:
#   1. sdk/js (@latchkey/js, @latchkey/react, the script-tag bundle): npm ci when the lockfile
#      changed, npm run build when a source is newer than the bundle (that build also copies the
#      bundle to src/Latchkey.Server/wwwroot/npm/latchkey.js, served as /npm/latchkey.js);
#   2. copies the bundle there itself when the served file is missing or differs although the
#      bundle is up to date (a cleaned web root); dotnet build never calls npm, the copy is not
#      committed;
#   3. the demo web app's React page (samples/Latchkey.Demo.WebApp/ClientApp): npm ci, vite build.
#   scripts/build-js.sh            # what is out of date
#   scripts/build-js.sh --force    # everything
set -euo pipefail
cd "$(dirname "$0")/.."
force=0
[ "${1:-}" = "--force" ] && force=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# npm ci in $1 unless node_modules already matches the lockfile.
install() {
  local dir=$1
  if [ "$force" = 1 ] || [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "build-js: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

# True when $1 (a build output) is missing or older than any file under the other arguments.
stale() {
  local output=$1; shift
  [ "$force" = 1 ] && return 0
  [ -f "$output" ] || return 0
  [ -n "$(find "$@" -newer "$output" -type f -not -path '*/node_modules/*' -print -quit 2>/dev/null)" ]
}

sdk=sdk/js
bundle=$sdk/packages/latchkey-js/dist/latchkey.iife.js
install "$sdk"
js=$sdk/packages/latchkey-js react=$sdk/packages/latchkey-react
if stale "$bundle" "$js/src" "$js/scripts" "$js/package.json" "$js/tsconfig.json" "$react/src" "$react/package.json" "$react/tsconfig.json" \
    "$sdk/package.json" "$sdk/tsconfig.base.json"; then
  echo "build-js: building $sdk" >&2
  (cd "$sdk" && npm run build --silent >&2)
fi

served=src/Latchkey.Server/wwwroot/npm/latchkey.js
if ! cmp -s "$bundle" "$served"; then
  mkdir -p "$(dirname "$served")"
  cp "$bundle" "$served"
  echo "build-js: copied the script-tag bundle to $served" >&2
fi

app=samples/Latchkey.Demo.WebApp/ClientApp
install "$app"
if stale "$app/dist/index.html" "$app/src" "$app/index.html" "$app/vite.config.ts" "$app/package.json" "$app/tsconfig.json" \
    "$js/dist" "$react/dist"; then
  echo "build-js: building $app" >&2
  (cd "$app" && npm run build --silent >&2)
fi
