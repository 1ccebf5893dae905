#!/usr/bin/env bash
# Consult in Cluster mode on one machine, without containers: one redis-server and three nodes,
# all on loopback ports. It stops exactly the processes it started (their pids are kept in the
# state folder and checked before any signal is sent).
#
#   deploy/local-cluster.sh start    build, start redis-server and nodes 1..3 (one after the other)
#   deploy/local-cluster.sh status   what runs, and each node's /readyz
#   deploy/local-cluster.sh demo     the README's curl tour, its steps spread over the three nodes
#   deploy/local-cluster.sh stop     graceful stop of the nodes (grains handed over), then Redis
#
# Settings (environment): CONSULT_CLUSTER_DIR (state: logs, AOF, materials; default
# .local-cluster in the repository), REDIS_PORT (6380), HTTP_PORT_BASE (5080: nodes on 5081..5083),
# SILO_PORT_BASE (11200), GATEWAY_PORT_BASE (30200), CONSULT_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${CONSULT_CLUSTER_DIR:-$ROOT/.local-cluster}
REDIS_PORT=${REDIS_PORT:-6380}
HTTP_PORT_BASE=${HTTP_PORT_BASE:-5080}
SILO_PORT_BASE=${SILO_PORT_BASE:-11200}
GATEWAY_PORT_BASE=${GATEWAY_PORT_BASE:-30200}
NODES=(1 2 3)
SHUTDOWN_SECONDS=60

url() { echo "http://127.0.0.1:$((HTTP_PORT_BASE + $1))"; }

# The pid in $1's file, if that process is still the one we started (its command line holds $2).
ours() {
  local file=$DIR/$1.pid pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2" && echo "$pid"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # $1 what, $2 seconds, then a command that succeeds when ready
  local what=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then echo "$what did not come up; see $DIR/logs" >&2; return 1; fi
    sleep 0.3
  done
}

redis_ping() ( exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf "PING\r\n" >&3 && read -r -t 2 line <&3 && [[ $line == +PONG* ]] )
node_ready() { curl -fsS --max-time 2 "$(url "$1")/readyz"; }

# Stops one process we started: SIGTERM, then SIGKILL after $3 seconds.
stop_one() {
  local name=$1 marker=$2 grace=$3 pid
  if pid=$(ours "$name" "$marker"); then
    echo "stopping $name (pid $pid)"
    kill -TERM "$pid"
    local deadline=$((SECONDS + grace))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then echo "$name did not stop in ${grace}s; killing it"; kill -KILL "$pid"; fi
      sleep 0.2
    done
  fi
  rm -f "$DIR/$name.pid"
}

start() {
  command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
  command -v dotnet >/dev/null || { echo "dotnet is missing" >&2; exit 1; }
  if ours redis redis-server >/dev/null || ours node1 Consult.Server.dll >/dev/null; then
    echo "already running ($DIR); '$0 stop' first" >&2; exit 1
  fi
  for port in "$REDIS_PORT" $(for i in "${NODES[@]}"; do echo $((HTTP_PORT_BASE + i)) $((SILO_PORT_BASE + i)) $((GATEWAY_PORT_BASE + i)); done); do
    port_free "$port" || { echo "port $port is in use" >&2; exit 1; }
  done
  mkdir -p "$DIR/logs" "$DIR/redis" "$DIR/materials"
  trap 'echo "start failed; stopping what was started" >&2; stop' ERR

  if [ "${CONSULT_SKIP_BUILD:-}" != 1 ]; then
    echo "building into $DIR/app"
    dotnet publish "$ROOT/src/Consult.Server" -c Release -o "$DIR/app" --nologo -v quiet >"$DIR/logs/build.log"
  fi

  echo "starting redis-server on 127.0.0.1:$REDIS_PORT (append-only, fsync always)"
  redis-server "$ROOT/deploy/redis.conf" --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" \
    --protected-mode no --daemonize no >"$DIR/logs/redis.log" 2>&1 &
  echo $! >"$DIR/redis.pid"
  wait_for redis-server 10 redis_ping

  for i in "${NODES[@]}"; do
    echo "starting node $i on $(url "$i") (silo port $((SILO_PORT_BASE + i)))"
    (
      cd "$DIR/app"
      export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=$(url "$i") \
        Consult__Mode=Cluster ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
        Consult__Materials__Path="$DIR/materials" Consult__DataPath="$DIR/node$i" \
        Consult__Silo__Port=$((SILO_PORT_BASE + i)) Consult__Silo__GatewayPort=$((GATEWAY_PORT_BASE + i)) \
        Consult__Silo__ShutdownSeconds=$SHUTDOWN_SECONDS \
        Consult__Demo__Enabled=true Consult__Demo__Password=consult-demo \
        MALLOC_ARENA_MAX=2 DOTNET_TC_CallCountingDelayMs=0 DOTNET_GCgen0size=0x400000
      exec dotnet Consult.Server.dll >"$DIR/logs/node$i.log" 2>&1
    ) &
    echo $! >"$DIR/node$i.pid"
    # One at a time: the first node seeds the demo data; each later one joins a running cluster.
    wait_for "node $i" 90 node_ready "$i"
  done
  trap - ERR
  echo "up: $(for i in "${NODES[@]}"; do printf '%s ' "$(url "$i")"; done)(demo accounts, password consult-demo)"
  echo "logs in $DIR/logs; '$0 demo' runs the tour; '$0 stop' stops everything"
}

stop() {
  for ((n = ${#NODES[@]} - 1; n >= 0; n--)); do
    stop_one "node${NODES[$n]}" Consult.Server.dll $((SHUTDOWN_SECONDS + 15))
  done
  stop_one redis redis-server 30
}

status() {
  if pid=$(ours redis redis-server); then echo "redis-server pid $pid on 127.0.0.1:$REDIS_PORT"; else echo "redis-server: not running"; fi
  for i in "${NODES[@]}"; do
    if pid=$(ours "node$i" Consult.Server.dll); then
      echo "node $i pid $pid $(url "$i"): $(node_ready "$i" 2>/dev/null || echo 'not ready')"
    else
      echo "node $i: not running"
    fi
  done
}

demo() {
  command -v jq >/dev/null || { echo "the tour needs jq (apt-get install jq)" >&2; exit 1; }
  CONSULT_URLS="$(url 1) $(url 2) $(url 3)" bash "$ROOT/docs/tour.sh"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  demo) demo ;;
  *) echo "usage: $0 start|status|demo|stop" >&2; exit 2 ;;
esac
