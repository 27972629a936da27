#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the history-store tests and print its DSN.
#
#   eval "$(.ci/postgres.sh)"   # exports METHODNET_TEST_POSTGRES and METHODNET_REQUIRE_POSTGRES=1
#
# Debian's `postgresql` package is installed with apt-get when missing. The cluster lives in a
# temporary folder owned by the `postgres` user (initdb refuses to run as root), listens on
# loopback only, and trusts local connections: it exists for the tests and dies with the machine.
set -euo pipefail
PORT="${METHODNET_PG_PORT:-55432}"
ROOT="${METHODNET_PG_DIR:-/tmp/methodnet-pg-$PORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$BIN" ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
    || { echo "warning: could not install postgresql" >&2; exit 0; }
  BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if ! as_postgres "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; then
  mkdir -p "$ROOT"
  [ "$(id -u)" = 0 ] && chown postgres "$ROOT"
  if [ ! -f "$ROOT/data/PG_VERSION" ]; then
    as_postgres "$BIN/initdb" -D "$ROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_postgres "$BIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/log" -w \
    -o "-h 127.0.0.1 -p $PORT -k $ROOT -c max_connections=100 -c fsync=off" start >/dev/null
fi
as_postgres "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'methodnet_test'" | grep -q 1 \
  || as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres methodnet_test
echo "export METHODNET_TEST_POSTGRES=postgresql://postgres@127.0.0.1:$PORT/methodnet_test"
echo "export METHODNET_REQUIRE_POSTGRES=1"
