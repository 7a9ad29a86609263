#!/usr/bin/env bash
# Paired cost measurement of Latchkey.AspNetCore (issue 5), a diagnostic beside
# bench/run-auth-bench.sh: two apps of bench/Latchkey.Bench.AuthApp under load AT THE SAME TIME,
# both pinned to core 0, each driven by its own wrk (-t1 -c32) pinned to core 1. Both then live
# through the same moments of the shared machine (other tenants, steal time, cache pressure), so
# the ratio of their CPU time per request is far steadier than two throughputs measured one after
# the other: measured in session 8 on a noisy day, one 4-s window's ratio moved by about 1.5%
# where sequential windows moved by 10-20%.
#
# What it reports: for each pair A:B, per window and as the median of the windows, A's CPU time
# per request divided by B's (user + system from /proc/<pid>/stat over the window, requests from
# wrk): B's speed relative to A's for the same core. Throughput figures are not reported: the
# two apps share one core, so each gets what the scheduler gives it. The script always exits 0
# unless something fails; the goal is decided by bench/run-auth-bench.sh.
#
#   bench/run-auth-pair.sh [--windows N] [--duration S] [--warmup S] [PAIR...]
# PAIR is A:B (modes as in run-auth-bench.sh). Defaults: 8 windows of 4 s after a 45 s warm-up of
# both at once, pairs dictionary:dictionary-cookie dictionary:latchkey-bearer
# dictionary:latchkey-cookie dictionary-cookie:latchkey-cookie (about 8 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

windows=8 duration=4 warmup=45 pairs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --windows) windows=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    -*) echo "usage: $0 [--windows N] [--duration S] [--warmup S] [A:B ...]" >&2; exit 2 ;;
    *) pairs+=("$1"); shift ;;
  esac
done
[ ${#pairs[@]} -gt 0 ] || pairs=(dictionary:dictionary-cookie dictionary:latchkey-bearer dictionary:latchkey-cookie dictionary-cookie:latchkey-cookie)

command -v wrk >/dev/null 2>&1 || scripts/setup.sh --bench
for tool in wrk taskset awk; do
  command -v "$tool" >/dev/null 2>&1 || { echo "auth-pair: $tool is required" >&2; exit 1; }
done
[ "$(nproc)" -ge 2 ] || { echo "auth-pair: needs 2 cores (apps on core 0, wrk on core 1)" >&2; exit 1; }

dotnet build bench/Latchkey.Bench.AuthApp -c Release -nologo -v q -clp:ErrorsOnly
app=bench/Latchkey.Bench.AuthApp/bin/Release/net10.0/Latchkey.Bench.AuthApp.dll

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet "$app" prepare --dir "$work/material" --lifetime-minutes 120 >/dev/null
token=$(cat "$work/material/token")
cookie=$(cat "$work/material/cookie")
credential_header() { case "$1" in *cookie) echo "Cookie: $cookie" ;; *) echo "Authorization: Bearer $token" ;; esac; }

start_app() { # name mode -> sets started_pid, started_url
  local file="$work/url.$1"
  rm -f "$file"
  taskset -c 0 dotnet "$app" serve --mode "$2" --dir "$work/material" --url-file "$file" >"$work/app.$1.out" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  for _ in $(seq 1 300); do
    [ -s "$file" ] && { started_url=$(cat "$file"); started_url=${started_url%/}; return 0; }
    kill -0 "$started_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "auth-pair: the app did not start in mode $2:" >&2; cat "$work/app.$1.out" >&2; exit 1
}

clock_hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# Both apps under load for $1 seconds at once; prints "ticksA requestsA ticksB requestsB".
load_both() {
  local a0 b0 a1 b1 wa wb
  a0=$(cpu_ticks "$pid_a"); b0=$(cpu_ticks "$pid_b")
  taskset -c 1 wrk -t1 -c32 -d"$1s" -H "$(credential_header "$mode_a")" "$url_a/" >"$work/wrk.a" & wa=$!
  taskset -c 1 wrk -t1 -c32 -d"$1s" -H "$(credential_header "$mode_b")" "$url_b/" >"$work/wrk.b" & wb=$!
  wait "$wa" || { echo "auth-pair: wrk failed ($mode_a)" >&2; exit 1; }
  wait "$wb" || { echo "auth-pair: wrk failed ($mode_b)" >&2; exit 1; }
  a1=$(cpu_ticks "$pid_a"); b1=$(cpu_ticks "$pid_b")
  for f in "$work/wrk.a" "$work/wrk.b"; do
    if grep -q 'Non-2xx or 3xx responses' "$f"; then echo "auth-pair: non-2xx responses under load:" >&2; cat "$f" >&2; exit 1; fi
  done
  echo "$((a1 - a0)) $(awk '/requests in/{print $1; exit}' "$work/wrk.a") $((b1 - b0)) $(awk '/requests in/{print $1; exit}' "$work/wrk.b")"
}

echo "auth-pair: ${#pairs[@]} pairs x ${windows} windows of ${duration}s (warm-up ${warmup}s), both apps of a pair on core 0 under load at once, wrk on core 1; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
summary="| pair A:B | A us/request (median) | B us/request (median) | A cost / B cost, per window | median |"$'\n'"| --- | ---: | ---: | --- | ---: |"
for pair in "${pairs[@]}"; do
  mode_a=${pair%%:*} mode_b=${pair#*:}
  start_app a "$mode_a"; pid_a=$started_pid url_a=$started_url
  start_app b "$mode_b"; pid_b=$started_pid url_b=$started_url
  load_both "$warmup" >/dev/null
  : >"$work/windows"
  for w in $(seq 1 "$windows"); do
    read -r ta na tb nb <<<"$(load_both "$duration")"
    awk -v ta="$ta" -v na="$na" -v tb="$tb" -v nb="$nb" -v hz="$clock_hz" \
      'BEGIN { ca = ta * 1e6 / hz / na; cb = tb * 1e6 / hz / nb; printf "%.2f\t%.2f\t%.3f\n", ca, cb, ca / cb }' >>"$work/windows"
    echo "auth-pair: $pair window $w: $(tail -n 1 "$work/windows" | awk -F'\t' '{ printf "A %s us/req, B %s us/req, A/B %s", $1, $2, $3 }')" >&2
  done
  med() { cut -f"$1" "$work/windows" | sort -g | awk '{a[NR]=$1} END { if (NR % 2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2 }'; }
  summary+=$'\n'"| $pair | $(med 1) | $(med 2) | $(cut -f3 "$work/windows" | paste -sd' ') | $(med 3) |"
  kill "$pid_a" "$pid_b"; wait "$pid_a" "$pid_b" 2>/dev/null || true
done

echo
echo "$summary"
echo
echo "Load average (1, 5, 15 min) after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
