#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests and benchmarks, started from the installed server
# binaries as the `postgres` user (initdb and pg_ctl refuse root), listening on 127.0.0.1 only.
#
#   eval "$(scripts/pg-cluster.sh start)"   # exports LATCHKEY_TEST_PG (a connection string),
#                                            # LATCHKEY_PG_DIR and LATCHKEY_PG_PORT
#   scripts/pg-cluster.sh stop "$LATCHKEY_PG_DIR"
#
# Every message goes to stderr; stdout carries only the export lines.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

cmd=${1:-}
case "$cmd" in
  start)
    if [ ! -x "$PG_BIN/initdb" ]; then
      echo "pg-cluster: $PG_BIN/initdb not found; installing postgresql-15" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15) >&2
    fi
    dir=$(mktemp -d /tmp/latchkey-pg.XXXXXX)
    chmod 0755 "$dir"
    [ "$(id -u)" = "0" ] && chown postgres: "$dir"
    port=${LATCHKEY_PG_PORT:-$(free_port)}
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Tests need durability semantics like production (fsync on) but a throwaway cluster
    # does not need big buffers.
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -c listen_addresses=127.0.0.1 -p $port -c max_connections=300 -c shared_buffers=128MB" start >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "pg-cluster: started on 127.0.0.1:$port (data in $dir)" >&2
    echo "export LATCHKEY_PG_DIR='$dir'"
    echo "export LATCHKEY_PG_PORT='$port'"
    echo "export LATCHKEY_TEST_PG='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50'"
    ;;
  stop)
    dir=${2:-${LATCHKEY_PG_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "pg-cluster: nothing to stop" >&2; exit 0; }
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop [dir]" >&2; exit 2 ;;
esac
