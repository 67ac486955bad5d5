#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback for the test suite and benchmarks.
#   scripts/postgres.sh start   installs Debian's postgresql if missing, starts, prints DATABASE_URL
#   scripts/postgres.sh stop    stops the cluster (its data directory stays for the next start)
# PGPORT (default 55432) and PGDATA_DIR (default /tmp/portal-pg-$PGPORT) override the defaults.
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGDATA_DIR=${PGDATA_DIR:-/tmp/portal-pg-$PGPORT}
URL="postgres://postgres@127.0.0.1:$PGPORT/portal"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

BIN=$(find_bin || true)
if [ -z "$BIN" ]; then
  echo "Installing PostgreSQL from Debian's packages…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi

case "${1:-start}" in
  start)
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
      mkdir -p "$PGDATA_DIR"
      [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA_DIR"
      as_owner "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w start \
        -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" >&2
    fi
    as_owner "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='portal'" | grep -q 1 \
      || as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres portal >&2
    echo "$URL"
    ;;
  stop)
    as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >&2 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
