#!/usr/bin/env bash
# A local Neo4j 5.26 LTS Community server from Maven Central, for the tests and for
# users without Docker or Neo4j Desktop. Needs Java 17+ and Maven (mvn).
#
#   scripts/neo4j/neo4j-local.sh up       resolve the jars (first time), start, wait for Bolt
#   scripts/neo4j/neo4j-local.sh down     stop the server by its pid
#   scripts/neo4j/neo4j-local.sh status   say whether it runs, and where
#   scripts/neo4j/neo4j-local.sh env      print the NEO4J_* exports for papergraph
#   scripts/neo4j/neo4j-local.sh fetch    only resolve the jars into the cache
#   scripts/neo4j/neo4j-local.sh admin ARGS...   neo4j-admin on this server's home,
#                                                e.g. admin database import full ...
#
# Settings (environment):
#   PAPERGRAPH_NEO4J_CACHE   jars: lib/ (server, Neo4j Browser) and plugins/ (Graph Data
#                            Science) [${XDG_CACHE_HOME:-~/.cache}/papergraph/neo4j]
#   PAPERGRAPH_NEO4J_HOME    the server's home: conf/, data/, logs/, run/ [$CACHE/server]
#   PAPERGRAPH_NEO4J_BOLT_PORT / _HTTP_PORT    [7687 / 7474], on 127.0.0.1 only
#   NEO4J_PASSWORD           password of user neo4j, set when the home is first made
#                            [papergraph]
#   PAPERGRAPH_NEO4J_HEAP / _PAGECACHE         [1g / 512m]
#   PAPERGRAPH_NEO4J_START_TIMEOUT             seconds to wait for Bolt [180]
#   PAPERGRAPH_NEO4J_GDS     0: no Graph Data Science plugin [1]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
USER_HOME="${HOME:-$(cd ~ && pwd)}"
CACHE="${PAPERGRAPH_NEO4J_CACHE:-${XDG_CACHE_HOME:-$USER_HOME/.cache}/papergraph/neo4j}"
HOME_DIR="${PAPERGRAPH_NEO4J_HOME:-$CACHE/server}"
BOLT_PORT="${PAPERGRAPH_NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${PAPERGRAPH_NEO4J_HTTP_PORT:-7474}"
PASSWORD="${NEO4J_PASSWORD:-papergraph}"
HEAP="${PAPERGRAPH_NEO4J_HEAP:-1g}"
PAGECACHE="${PAPERGRAPH_NEO4J_PAGECACHE:-512m}"
START_TIMEOUT="${PAPERGRAPH_NEO4J_START_TIMEOUT:-180}"
GDS="${PAPERGRAPH_NEO4J_GDS:-1}"
PID_FILE="$HOME_DIR/run/neo4j.pid"

say() { echo "neo4j-local: $*" >&2; }
fail() { say "$*"; exit 1; }

need_java() {
  command -v java >/dev/null 2>&1 || fail "java is not installed: Neo4j 5.26 needs Java 17 or later"
  local version
  version="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  [ -n "$version" ] && [ "$version" -ge 17 ] ||
    fail "java is version ${version:-unknown}: Neo4j 5.26 needs Java 17 or later"
}

# The jars, resolved once per version of the two pom files (a marker holds their hash).
fetch() {
  local stamp marker attempt
  stamp="$(cat "$HERE/pom.xml" "$HERE/plugins-pom.xml" | sha256sum | cut -c1-16)"
  marker="$CACHE/resolved-$stamp"
  [ -f "$marker" ] && return 0
  command -v mvn >/dev/null 2>&1 || fail "mvn is not installed: it resolves Neo4j from Maven Central"
  mkdir -p "$CACHE"
  rm -rf "$CACHE/lib.partial" "$CACHE/plugins.partial"
  say "resolving Neo4j and Graph Data Science from Maven Central into $CACHE (first time: a few minutes)"
  for attempt in 1 2 3 4; do
    # group id + artifact id names (no versions), so the plugins can leave out the
    # jars the server already has, whatever their version
    if mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
         -Dmdep.stripVersion=true -Dmdep.prependGroupId=true \
         -DoutputDirectory="$CACHE/lib.partial" >"$CACHE/maven.log" 2>&1 &&
       mvn -B -q -f "$HERE/plugins-pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
         -Dmdep.stripVersion=true -Dmdep.prependGroupId=true \
         -DoutputDirectory="$CACHE/plugins.partial" >>"$CACHE/maven.log" 2>&1; then
      break
    fi
    [ "$attempt" -lt 4 ] || {
      tail -n 15 "$CACHE/maven.log" >&2
      fail "Maven could not resolve the Neo4j jars after 4 attempts (log: $CACHE/maven.log)"
    }
    say "Maven failed (attempt $attempt of 4), trying again in $((attempt * 15)) s"
    sleep $((attempt * 15))
  done
  local jar
  for jar in "$CACHE/plugins.partial"/*.jar; do
    [ -e "$CACHE/lib.partial/$(basename "$jar")" ] && rm -f "$jar"
  done
  rm -rf "$CACHE/lib" "$CACHE/plugins" "$CACHE"/resolved-*
  mv "$CACHE/lib.partial" "$CACHE/lib"
  mv "$CACHE/plugins.partial" "$CACHE/plugins"
  touch "$marker"
  say "resolved $(ls "$CACHE/lib" | wc -l) server jars and $(ls "$CACHE/plugins" | wc -l) plugin jars"
}

write_conf() {
  mkdir -p "$HOME_DIR/conf" "$HOME_DIR/run" "$HOME_DIR/logs" "$HOME_DIR/import"
  local plugins="$HOME_DIR/no-plugins"
  if [ "$GDS" = 1 ]; then plugins="$CACHE/plugins"; else mkdir -p "$plugins"; fi
  cat >"$HOME_DIR/conf/neo4j.conf.partial" <<EOF
# Written by scripts/neo4j/neo4j-local.sh (rewritten at every start)
server.directories.lib=$CACHE/lib
server.directories.plugins=$plugins
server.directories.import=$HOME_DIR/import
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$BOLT_PORT
server.http.listen_address=127.0.0.1:$HTTP_PORT
server.http.advertised_address=127.0.0.1:$HTTP_PORT
server.https.enabled=false
server.memory.heap.initial_size=$HEAP
server.memory.heap.max_size=$HEAP
server.memory.pagecache.size=$PAGECACHE
dbms.security.procedures.unrestricted=gds.*
dbms.usage_report.enabled=false
EOF
  mv "$HOME_DIR/conf/neo4j.conf.partial" "$HOME_DIR/conf/neo4j.conf"
}

java_tool() { # CLASS ARGS...: a Neo4j command-line tool on this home
  local class="$1"
  shift
  NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$HOME_DIR/conf" java -cp "$CACHE/lib/*" "$class" "$@"
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  # alive, and not a zombie (a server killed a moment ago may not be reaped yet)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
    [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ] && echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

last_log_lines() {
  say "the server's last log lines ($HOME_DIR/logs):"
  tail -n 20 "$HOME_DIR/logs/neo4j.log" >&2 2>/dev/null || true
  grep -E "ERROR|Exception" "$HOME_DIR/logs/debug.log" 2>/dev/null | tail -n 10 >&2 || true
}

up() {
  need_java
  local pid
  if pid="$(running_pid)"; then
    say "already running (pid $pid) at bolt://127.0.0.1:$BOLT_PORT"
    return 0
  fi
  for port in "$BOLT_PORT" "$HTTP_PORT"; do
    port_open "$port" && fail "port $port on 127.0.0.1 is taken by another program: stop it, or set PAPERGRAPH_NEO4J_BOLT_PORT / PAPERGRAPH_NEO4J_HTTP_PORT"
  done
  fetch
  write_conf
  if [ ! -d "$HOME_DIR/data/dbms" ]; then
    [ "${#PASSWORD}" -ge 8 ] || fail "NEO4J_PASSWORD must have at least 8 characters (Neo4j's rule)"
    java_tool org.neo4j.cli.AdminTool dbms set-initial-password "$PASSWORD" >"$HOME_DIR/logs/set-password.log" 2>&1 ||
      { cat "$HOME_DIR/logs/set-password.log" >&2; fail "neo4j-admin could not set the initial password"; }
  fi
  say "starting Neo4j in $HOME_DIR (bolt 127.0.0.1:$BOLT_PORT, http 127.0.0.1:$HTTP_PORT)"
  local started=$SECONDS log="$HOME_DIR/logs/neo4j.log"
  : >"$log"
  java_tool org.neo4j.server.startup.Neo4jCommand start >"$HOME_DIR/logs/start.log" 2>&1 ||
    { cat "$HOME_DIR/logs/start.log" >&2; last_log_lines; fail "Neo4j did not start"; }
  while :; do
    if ! pid="$(running_pid)"; then
      last_log_lines
      fail "Neo4j stopped while starting (see the log lines above)"
    fi
    if grep -q "Started\.$" "$log" 2>/dev/null && port_open "$BOLT_PORT"; then
      say "Neo4j is up after $((SECONDS - started)) s (pid $pid): bolt://127.0.0.1:$BOLT_PORT, http://127.0.0.1:$HTTP_PORT/browser/"
      return 0
    fi
    if [ $((SECONDS - started)) -ge "$START_TIMEOUT" ]; then
      last_log_lines
      down
      fail "Neo4j did not answer on port $BOLT_PORT within $START_TIMEOUT s (PAPERGRAPH_NEO4J_START_TIMEOUT)"
    fi
    sleep 1
  done
}

down() {
  local pid waited=0
  if ! pid="$(running_pid)"; then
    say "not running (home $HOME_DIR)"
    rm -f "$PID_FILE"
    return 0
  fi
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 90 ]; then
      say "Neo4j (pid $pid) did not stop within 90 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  say "stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running (pid $pid): bolt://127.0.0.1:$BOLT_PORT, http://127.0.0.1:$HTTP_PORT/browser/, home $HOME_DIR"
  else
    echo "not running (home $HOME_DIR)"
    return 3
  fi
}

case "${1:-}" in
  fetch) need_java; fetch ;;
  up | start) up ;;
  down | stop) down ;;
  status) status ;;
  env)
    echo "export NEO4J_URI=bolt://127.0.0.1:$BOLT_PORT"
    echo "export NEO4J_USERNAME=neo4j"
    echo "export NEO4J_PASSWORD=$PASSWORD"
    ;;
  admin)
    shift
    need_java
    fetch
    write_conf
    java_tool org.neo4j.cli.AdminTool "$@"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
