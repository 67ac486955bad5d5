#!/usr/bin/env bash
# A scratch Elasticsearch cluster on loopback, of the distribution scripts/elasticsearch.sh runs
# (scripts/elasticsearch-common.sh), for the scale-out benchmark (benchmarks/es_cluster.py):
#   scripts/elasticsearch-cluster.sh start [N]   N nodes (default 3), all master-eligible data
#                                                nodes; waits for them; prints their URLs, comma-separated
#   scripts/elasticsearch-cluster.sh add         one more node, joined as deploy/README.md's
#                                                runbook says (seed hosts, no initial masters); prints its URL
#   scripts/elasticsearch-cluster.sh kill I      kill -9 node I (0-based), as a crash would
#   scripts/elasticsearch-cluster.sh stop        stop every node of the cluster
# Node I answers HTTP on ES_CLUSTER_PORT+I (default 9260+I) and transport on that + 100, away
# from the tests' single node (9250/9350). `start` wipes ES_CLUSTER_DIR (default
# /tmp/portal-es-cluster): each node's config, data and logs are in node-I/ there.
# Heap per node: ES_JAVA_OPTS (default -Xms512m -Xmx512m).
set -euo pipefail
# shellcheck source=scripts/elasticsearch-common.sh
. "$(dirname "$0")/elasticsearch-common.sh"
PORT=${ES_CLUSTER_PORT:-9260}
DIR=${ES_CLUSTER_DIR:-/tmp/portal-es-cluster}
DIST="$DIR/elasticsearch-$ES_VERSION"

nodes() { ls -d "$DIR"/node-* 2>/dev/null | wc -l; }
url() { echo "http://127.0.0.1:$((PORT + $1))"; }

# start_node I SEEDS [INITIAL_MASTERS]: node I's own config directory, then the node
start_node() {
  local node="$DIR/node-$1"
  mkdir -p "$node/data" "$node/logs"
  cp -r "$DIST/config" "$node/config"
  node_settings portal-cluster "node-$1" $((PORT + $1)) "$node" >> "$node/config/elasticsearch.yml"
  echo "discovery.seed_hosts: [$2]" >> "$node/config/elasticsearch.yml"
  if [ -n "${3:-}" ]; then echo "cluster.initial_master_nodes: [$3]" >> "$node/config/elasticsearch.yml"; fi
  give_to_owner "$node"
  launch "$DIST" "$node/config" "$node/es.pid" "$node/start.log"
}

# ask PATH: the answer of the first node that answers (any node may be the one killed)
ask() {
  for i in $(seq 0 $(($(nodes) - 1))); do
    if curl -fsS "$(url "$i")$1" 2>/dev/null; then return; fi
  done
  return 1
}

# wait_for N: until the cluster counts N nodes
wait_for() {
  for _ in $(seq 1 180); do
    if ask "/_cluster/health?wait_for_nodes=$1&timeout=1s" | grep -q '"timed_out":false'; then
      return
    fi
    sleep 1
  done
  echo "the cluster did not reach $1 nodes; see $DIR/node-*/logs" >&2
  exit 1
}

stop_all() {
  local pids=()
  for pidfile in "$DIR"/node-*/es.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null && pids+=("$pid")
    rm -f "$pidfile"
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

case "${1:-}" in
  start)
    count=${2:-3}
    stop_all
    unpack "$DIR"
    seeds=$(for i in $(seq 0 $((count - 1))); do printf '"127.0.0.1:%d",' $((PORT + 100 + i)); done)
    masters=$(for i in $(seq 0 $((count - 1))); do printf '"node-%d",' "$i"; done)
    for i in $(seq 0 $((count - 1))); do start_node "$i" "${seeds%,}" "${masters%,}"; done
    wait_for "$count"
    for i in $(seq 0 $((count - 1))); do printf '%s%s' "$( [ "$i" = 0 ] || echo ,)" "$(url "$i")"; done
    echo
    ;;
  add)
    i=$(nodes)
    seeds=$(for j in $(seq 0 $((i - 1))); do printf '"127.0.0.1:%d",' $((PORT + 100 + j)); done)
    live=$(ask "/_cat/nodes?h=name" | grep -c .)
    start_node "$i" "${seeds%,}"
    wait_for $((live + 1))
    url "$i"
    ;;
  kill)
    kill -9 "$(cat "$DIR/node-$2/es.pid")"
    rm -f "$DIR/node-$2/es.pid"
    ;;
  stop)
    stop_all
    ;;
  *)
    echo "usage: $0 start [N] | add | kill I | stop" >&2
    exit 2
    ;;
esac
