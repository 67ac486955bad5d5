# Sourced by scripts/elasticsearch.sh (one node) and scripts/elasticsearch-cluster.sh (several):
# the Maven-fetched distribution, the Java it needs and the user it runs as.
# The distribution is Elastic's integ-test-zip: server, transport, x-pack core and security
# (turned off here), without analysis-common. It needs Java 21+; the newest JDK in /usr/lib/jvm
# is used unless JAVA_HOME names one. Elasticsearch refuses to run as root: as root, the nodes
# run as the system user "portal-es", made here when missing.
ES_VERSION=${ES_VERSION:-9.5.0}
CACHE=${PORTAL_CACHE_DIR:-$HOME/.cache/portal}

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

# unpack DIR: the distribution unzipped into DIR (fetched once with mvn into the cache)
unpack() {
  local zip="$CACHE/elasticsearch-$ES_VERSION.zip"
  if [ ! -f "$zip" ]; then
    command -v mvn >/dev/null || { echo "mvn is needed to fetch Elasticsearch." >&2; exit 3; }
    mkdir -p "$CACHE"
    echo "Fetching Elasticsearch $ES_VERSION from Maven Central…" >&2
    mvn -q dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$CACHE" >&2
  fi
  rm -rf "$1" && mkdir -p "$1"
  unzip -q "$zip" -d "$1"
}

# give_to_owner DIR: as root, DIR belongs to the user the nodes run as
give_to_owner() {
  if [ "$(id -u)" = 0 ]; then
    id portal-es >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin portal-es
    chown -R portal-es: "$1"
  fi
}

# node_settings CLUSTER NODE HTTP_PORT HOME: what every node here has in elasticsearch.yml
# (loopback, transport on HTTP_PORT + 100, no security, data and logs in HOME)
node_settings() {
  cat <<YML
cluster.name: $1
node.name: $2
network.host: 127.0.0.1
http.port: $3
transport.port: $(($3 + 100))
xpack.security.enabled: false
path.data: $4/data
path.logs: $4/logs
action.destructive_requires_name: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
}

# launch DIST CONF_DIR PID_FILE LOG: start one node in the background (heap: ES_JAVA_OPTS)
launch() {
  local java
  java=$(java_home)
  as_owner env JAVA_HOME="$java" ES_JAVA_HOME="$java" ES_PATH_CONF="$2" \
    ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
    "$1/bin/elasticsearch" -d -p "$3" >"$4" 2>&1
}
