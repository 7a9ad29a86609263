#!/usr/bin/env bash
# The demo: builds what it needs, then starts on http://127.0.0.1 (docs/getting-started.md):
#   the Latchkey server      http://127.0.0.1:5100   (SQLite and keys in .data/demo/)
#   the demo web app         http://127.0.0.1:5200   (React page; its /api is called same-origin, cookie)
#   the demo API             http://127.0.0.1:5300   (another origin; Bearer tokens only)
# Ctrl+C stops all three. A second start reuses the instance, its keys and its users.
#
# Environment (all optional; the browser tests use free ports and short token lifetimes):
#   LATCHKEY_DEMO_SERVER_PORT=5100  LATCHKEY_DEMO_WEB_PORT=5200  LATCHKEY_DEMO_API_PORT=5300
#   LATCHKEY_DEMO_DATA=.data/demo   the server's data folder (database, keys, KEK), kept between starts
#   LATCHKEY_DEMO_TOKEN_LIFETIME=60 session token lifetime in seconds (1-600)
#   LATCHKEY_DEMO_SKIP_BUILD=1      start the last build without building (after a first ./run-demo.sh)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

server_port=${LATCHKEY_DEMO_SERVER_PORT:-5100}
web_port=${LATCHKEY_DEMO_WEB_PORT:-5200}
api_port=${LATCHKEY_DEMO_API_PORT:-5300}
data=${LATCHKEY_DEMO_DATA:-.data/demo}
case "$data" in /*) ;; *) data="$root/$data" ;; esac
lifetime=${LATCHKEY_DEMO_TOKEN_LIFETIME:-}
for port in "$server_port" "$web_port" "$api_port"; do
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || { echo "run-demo: not a port: $port" >&2; exit 2; }
done
if [ -n "$lifetime" ] && ! { [[ "$lifetime" =~ ^[0-9]+$ ]] && [ "$lifetime" -ge 1 ] && [ "$lifetime" -le 600 ]; }; then
  echo "run-demo: LATCHKEY_DEMO_TOKEN_LIFETIME must be whole seconds from 1 to 600, not '$lifetime'" >&2; exit 2
fi

server_url="http://127.0.0.1:$server_port"
web_url="http://127.0.0.1:$web_port"
api_url="http://127.0.0.1:$api_port"
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- tools and build ---------------------------------------------------------------------
command -v dotnet >/dev/null || { echo "run-demo: the .NET 10 SDK is needed (https://dot.net)" >&2; exit 1; }
missing=()
command -v curl >/dev/null || missing+=(curl)
if [ "${LATCHKEY_DEMO_SKIP_BUILD:-0}" != 1 ]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "run-demo: missing ${missing[*]}; install them (apt-get install ${missing[*]})" >&2; exit 1; }
  echo "run-demo: apt-get install ${missing[*]}" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
if [ "${LATCHKEY_DEMO_SKIP_BUILD:-0}" != 1 ]; then
  build_started=$(now)
  echo "run-demo: building (dotnet build -c Release, the SDK and the React page)…"
  scripts/build-js.sh
  if ! log=$(dotnet build samples/Latchkey.Demo.slnx -c Release -nologo -v q -clp:ErrorsOnly 2>&1); then
    echo "$log" >&2; exit 1
  fi
  echo "run-demo: built in $(elapsed "$build_started") s"
fi
for dll in src/Latchkey.Server/bin/Release/net10.0/Latchkey.Server.dll \
           samples/Latchkey.Demo.WebApp/bin/Release/net10.0/Latchkey.Demo.WebApp.dll \
           samples/Latchkey.Demo.Api/bin/Release/net10.0/Latchkey.Demo.Api.dll; do
  [ -f "$dll" ] || { echo "run-demo: $dll is missing: run ./run-demo.sh without LATCHKEY_DEMO_SKIP_BUILD" >&2; exit 1; }
done

# ---- start -------------------------------------------------------------------------------
started=$(now)
mkdir -p "$data/logs"
chmod 700 "$data"
pids=()
names=()
stopping=0

stop_all() {
  stopping=1
  trap '' INT TERM
  local pid
  [ ${#pids[@]} -gt 0 ] || return 0
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # ASP.NET Core shuts down gracefully on SIGTERM (the server flushes last-active times);
  # whatever still runs after 10 s is killed.
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep 10 & sleeper=$!
    wait "$sleeper"
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  ) &
  local watchdog=$!
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  kill "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  pids=()
}
on_signal() {
  echo
  echo "run-demo: stopping…"
  stop_all
  echo "run-demo: stopped"
  exit 130
}
trap on_signal INT TERM
trap 'stop_all' EXIT

# start NAME DIR DLL ENV... : runs `dotnet DLL` in DIR (its content root) with the environment, logging to $data/logs.
start() {
  local name=$1 dir=$2 dll=$3; shift 3
  (cd "$dir" && exec env ASPNETCORE_URLS="$1" DOTNET_NOLOGO=1 "${@:2}" dotnet "$root/$dll" >"$data/logs/$name.log" 2>&1) &
  pids+=($!)
  names+=("$name")
}

# wait_ready NAME URL: until URL answers 200; fails when the process exits or after 60 s.
wait_ready() {
  local name=$1 url=$2 i pid
  for ((i = 0; i < 600; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    for pid in "${pids[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "run-demo: $name did not start; its log ($data/logs/$name.log):" >&2
        tail -n 30 "$data/logs/$name.log" >&2
        exit 1
      fi
    done
    sleep 0.1
  done
  echo "run-demo: $name did not answer $url within 60 s; see $data/logs/$name.log" >&2
  exit 1
}

server_env=(Latchkey__FrontendApiUrl="$server_url" Latchkey__DataFolder="$data")
if [ -n "$lifetime" ]; then
  server_env+=(Latchkey__TokenLifetime="$(printf '%02d:%02d:%02d' $((lifetime / 3600)) $((lifetime % 3600 / 60)) $((lifetime % 60)))")
fi
keys="$data/latchkey.keys.json"
sample_env=(Demo__KeyFile="$keys" Demo__WebAppUrl="$web_url" Demo__ApiUrl="$api_url")
start_apps() {
  start web samples/Latchkey.Demo.WebApp samples/Latchkey.Demo.WebApp/bin/Release/net10.0/Latchkey.Demo.WebApp.dll "$web_url" "${sample_env[@]}"
  start api samples/Latchkey.Demo.Api samples/Latchkey.Demo.Api/bin/Release/net10.0/Latchkey.Demo.Api.dll "$api_url" "${sample_env[@]}"
}
start server src/Latchkey.Server src/Latchkey.Server/bin/Release/net10.0/Latchkey.Server.dll "$server_url" "${server_env[@]}"
# The apps read the server's key file at start-up. When it is already there for this URL (every
# start but the first), all three start at once; otherwise the server writes it first.
if [ -f "$keys" ] && grep -q "\"frontend_api_url\": \"$server_url\"" "$keys"; then
  start_apps
  wait_ready server "$server_url/.well-known/jwks.json"
else
  wait_ready server "$server_url/.well-known/jwks.json"
  start_apps
fi
wait_ready web "$web_url/healthz"
wait_ready api "$api_url/healthz"

cat <<EOF

  Latchkey demo is ready in $(elapsed "$started") s. Open:

    $web_url          the web app: sign up, then call the APIs every way the docs show
    $web_url/plain    the same with the script tag and the global Latchkey object
    $server_url/dev/mailbox    the development mailbox (sign-up and sign-in codes)

  The server's keys and users are in $data (kept for the next start).
  Logs: $data/logs/{server,web,api}.log     Press Ctrl+C to stop.

EOF

# Run until Ctrl+C, or until one of the three stops by itself (then stop the others).
set +e
wait -n "${pids[@]}"
status=$?
if [ "$stopping" = 0 ]; then
  echo "run-demo: a process stopped (exit $status); stopping the others. Logs in $data/logs." >&2
  stop_all
  exit 1
fi
