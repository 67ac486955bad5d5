#!/usr/bin/env bash
# A real Elasticsearch node on loopback for the tests and benchmarks, fetched from Maven Central.
#   scripts/elasticsearch.sh start   fetch (once) with mvn, start, wait for green; prints its URL
#   scripts/elasticsearch.sh stop
# The distribution is Elastic's integ-test-zip: server, transport, x-pack core and security
# (turned off here), without analysis-common. It needs Java 21+; the newest JDK in /usr/lib/jvm
# is used unless JAVA_HOME names one. Elasticsearch refuses to run as root: as root, the node
# runs as the system user "portal-es", made here when missing.
# ES_VERSION (default 9.5.0), ES_PORT (default 9250), ES_HOME_DIR (default /tmp/portal-es-$ES_PORT).
set -euo pipefail
ES_VERSION=${ES_VERSION:-9.5.0}
ES_PORT=${ES_PORT:-9250}
ES_HOME_DIR=${ES_HOME_DIR:-/tmp/portal-es-$ES_PORT}
CACHE=${PORTAL_CACHE_DIR:-$HOME/.cache/portal}
URL="http://127.0.0.1:$ES_PORT"
DIST="$ES_HOME_DIR/elasticsearch-$ES_VERSION"

java_home() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    echo "$JAVA_HOME"; return
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    if "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
      echo "${candidate%/}"; return
    fi
  done
  echo "Elasticsearch $ES_VERSION needs Java 21 or newer; none found in /usr/lib/jvm." >&2
  exit 3
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u portal-es -- "$@"; else "$@"; fi
}

fetch() {
  local zip="$CACHE/elasticsearch-$ES_VERSION.zip"
  if [ ! -f "$zip" ]; then
    command -v mvn >/dev/null || { echo "mvn is needed to fetch Elasticsearch." >&2; exit 3; }
    mkdir -p "$CACHE"
    echo "Fetching Elasticsearch $ES_VERSION from Maven Central…" >&2
    mvn -q dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$CACHE" >&2
  fi
  if [ ! -x "$DIST/bin/elasticsearch" ]; then
    rm -rf "$ES_HOME_DIR" && mkdir -p "$ES_HOME_DIR"
    unzip -q "$zip" -d "$ES_HOME_DIR"
    cat >> "$DIST/config/elasticsearch.yml" <<YML
cluster.name: portal-test
node.name: portal-test-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
xpack.security.enabled: false
path.data: $ES_HOME_DIR/data
path.logs: $ES_HOME_DIR/logs
action.destructive_requires_name: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
  fi
  if [ "$(id -u)" = 0 ]; then
    id portal-es >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin portal-es
    mkdir -p "$ES_HOME_DIR/data" "$ES_HOME_DIR/logs"
    chown -R portal-es: "$ES_HOME_DIR"
  fi
}

case "${1:-start}" in
  start)
    if curl -fsS "$URL/_cluster/health" >/dev/null 2>&1; then echo "$URL"; exit 0; fi
    fetch
    export JAVA_HOME ES_JAVA_HOME
    JAVA_HOME=$(java_home); ES_JAVA_HOME=$JAVA_HOME
    export ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}"
    as_owner env JAVA_HOME="$JAVA_HOME" ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="$ES_JAVA_OPTS" \
      "$DIST/bin/elasticsearch" -d -p "$ES_HOME_DIR/es.pid" >"$ES_HOME_DIR/start.log" 2>&1
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
