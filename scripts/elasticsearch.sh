#!/usr/bin/env bash
# A real Elasticsearch node on loopback for the tests and benchmarks, fetched from Maven Central.
#   scripts/elasticsearch.sh start   fetch (once) with mvn, start, wait for green; prints its URL
#   scripts/elasticsearch.sh stop
# Fetching, Java and the user it runs as: scripts/elasticsearch-common.sh.
# ES_VERSION (default 9.5.0), ES_PORT (default 9250), ES_HOME_DIR (default /tmp/portal-es-$ES_PORT).
set -euo pipefail
# shellcheck source=scripts/elasticsearch-common.sh
. "$(dirname "$0")/elasticsearch-common.sh"
ES_PORT=${ES_PORT:-9250}
ES_HOME_DIR=${ES_HOME_DIR:-/tmp/portal-es-$ES_PORT}
URL="http://127.0.0.1:$ES_PORT"
DIST="$ES_HOME_DIR/elasticsearch-$ES_VERSION"

fetch() {
  if [ ! -x "$DIST/bin/elasticsearch" ]; then
    unpack "$ES_HOME_DIR"
    node_settings portal-test portal-test-node "$ES_PORT" "$ES_HOME_DIR" >> "$DIST/config/elasticsearch.yml"
    echo "discovery.type: single-node" >> "$DIST/config/elasticsearch.yml"
  fi
  mkdir -p "$ES_HOME_DIR/data" "$ES_HOME_DIR/logs"
  give_to_owner "$ES_HOME_DIR"
}

case "${1:-start}" in
  start)
    if curl -fsS "$URL/_cluster/health" >/dev/null 2>&1; then echo "$URL"; exit 0; fi
    fetch
    launch "$DIST" "$DIST/config" "$ES_HOME_DIR/es.pid" "$ES_HOME_DIR/start.log"
    for _ in $(seq 1 120); do
      if curl -fsS "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
        echo "$URL"; exit 0
      fi
      sleep 1
    done
    echo "Elasticsearch did not start; see $ES_HOME_DIR/logs" >&2
    exit 1
    ;;
  stop)
    if [ -f "$ES_HOME_DIR/es.pid" ]; then
      pid=$(cat "$ES_HOME_DIR/es.pid")
      kill "$pid" 2>/dev/null || true
      # Wait for it to go: a `start` right after must not find the old node still answering.
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      rm -f "$ES_HOME_DIR/es.pid"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
