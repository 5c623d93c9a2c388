#!/usr/bin/env bash
# The demo as a cluster on 127.0.0.1: Redis (backplane + shared Data Protection keys), PostgreSQL (the to-dos),
# LV_NODES demo servers (node1, node2, …) and nginx in front (WebSocket upgrade, sticky sessions that fail over).
#
#   scripts/cluster.sh up                 start everything that is not running (installs redis-server, postgresql,
#                                         nginx with apt when missing; builds the demo once); the last line is the URL
#   scripts/cluster.sh down [--purge]     stop everything it started (--purge also deletes the state directory)
#   scripts/cluster.sh status             what runs, with pids and ports
#   scripts/cluster.sh kill-node NAME     SIGKILL one node (a crash)
#   scripts/cluster.sh stop-node NAME     SIGTERM one node and wait (a graceful stop: views drain)
#   scripts/cluster.sh start-node NAME    start one node again and wait until it serves (rolling restarts)
#   scripts/cluster.sh url                the load balancer's URL
#
# Environment (read by `up`, remembered in the state directory for the other commands):
#   LV_CLUSTER_DIR   state directory (default ${TMPDIR:-/tmp}/lv-cluster): configs, data, logs, pid files
#   LV_CLUSTER_PORT  nginx port (default 18080); node i listens on PORT+i, Redis on PORT+50, PostgreSQL on PORT+51
#   LV_NODES         number of demo nodes (default 2)
#   LV_CLUSTER_APP   demo (default) or bench (bench/LiveViews.BenchServer nodes, no PostgreSQL; used by bench/run.sh)
#   LV_CLUSTER_BUILD 0 to reuse the last build in the state directory
#   LV_CLUSTER_APP_DIR  run the nodes from this existing build output (e.g. demo/LiveViews.Demo/bin/Release/net10.0)
#                    instead of publishing one into the state directory
#
# Sticky sessions: nginx sets the cookie lv_node=NAME to the node that answered (read from $upstream_addr). A request
# carrying the cookie goes to that node's upstream, whose other servers are `backup`: when the node is down, nginx
# fails over to a live one, whose answer re-pins the cookie, so the SignalR negotiate and WebSocket that follow land
# on the same node. Requests without the cookie are balanced round-robin. (All clients are 127.0.0.1: ip_hash cannot.)
# Nothing global is touched: each service runs from its own config with its own data, pid and log paths.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${LV_CLUSTER_DIR:-${TMPDIR:-/tmp}/lv-cluster}"
STATE="$DIR/cluster.env"

die() { echo "cluster: $*" >&2; exit 1; }
say() { echo "cluster: $*" >&2; }

load_state() { # load_state COMMAND: `up` takes the environment (else the remembered, else the default settings)
  PORT=18080 NODES=2 APP=demo APP_DIR=""
  # shellcheck disable=SC1090
  if [ -f "$STATE" ]; then . "$STATE"; fi
  if [ "$1" = up ] || [ ! -f "$STATE" ]; then
    PORT="${LV_CLUSTER_PORT:-$PORT}"
    NODES="${LV_NODES:-$NODES}"
    APP="${LV_CLUSTER_APP:-$APP}"
    APP_DIR="${LV_CLUSTER_APP_DIR:-}"
    if [ -n "$APP_DIR" ]; then APP_DIR="$(cd "$APP_DIR" 2>/dev/null && pwd)" || die "LV_CLUSTER_APP_DIR does not exist"; fi
  fi
  BIN="${APP_DIR:-$DIR/app}"
  REDIS_PORT=$((PORT + 50))
  PG_PORT=$((PORT + 51))
  case "$APP" in
    demo) PROJECT="demo/LiveViews.Demo"; DLL="LiveViews.Demo.dll"; HEALTH="/counter" ;;
    bench) PROJECT="bench/LiveViews.BenchServer"; DLL="LiveViews.BenchServer.dll"; HEALTH="/live/counter" ;;
    *) die "LV_CLUSTER_APP must be demo or bench, not '$APP'" ;;
  esac
}

node_names() { local i; for i in $(seq 1 "$NODES"); do echo "node$i"; done; }
node_port() { echo $((PORT + ${1#node})); }
valid_node() { [[ "$1" =~ ^node[0-9]+$ ]] && [ "${1#node}" -ge 1 ] && [ "${1#node}" -le "$NODES" ] || die "no node '$1' (nodes: $(node_names | tr '\n' ' '))"; }

# A pid from a pid file, only if that process is alive and is what we started (pids get reused).
live_pid() { # live_pid FILE EXPECTED_COMMAND_FRAGMENT
  local pid
  [ -f "$1" ] || return 1
  pid="$(head -1 "$1" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2" || return 1
  echo "$pid"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit="$1" what="$2"; shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

install_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v curl >/dev/null || missing+=(curl)
  if [ "$APP" = demo ] && [ -z "$(pg_bin)" ]; then missing+=(postgresql); fi
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  say "installing ${missing[*]} (apt)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  if [ -n "$APP_DIR" ]; then
    [ -f "$APP_DIR/$DLL" ] || die "no $DLL in LV_CLUSTER_APP_DIR=$APP_DIR"
    return 0
  fi
  if [ "${LV_CLUSTER_BUILD:-1}" = 0 ] && [ -f "$DIR/app/$DLL" ]; then return 0; fi
  say "building $PROJECT (Release) into $DIR/app"
  dotnet publish "$ROOT/$PROJECT" -c Release -o "$DIR/app" -nologo -v q > "$DIR/build.log" 2>&1 \
    || { tail -30 "$DIR/build.log" >&2; die "build failed (log: $DIR/build.log)"; }
}

start_redis() {
  if live_pid "$DIR/redis/redis.pid" redis-server >/dev/null; then return 0; fi
  port_busy "$REDIS_PORT" && die "port $REDIS_PORT (Redis) is in use; set LV_CLUSTER_PORT"
  mkdir -p "$DIR/redis"
  cat > "$DIR/redis/redis.conf" <<EOF
bind 127.0.0.1
port $REDIS_PORT
daemonize yes
pidfile $DIR/redis/redis.pid
logfile $DIR/redis/redis.log
dir $DIR/redis
save ""
appendonly no
EOF
  redis-server "$DIR/redis/redis.conf" < /dev/null >> "$DIR/redis/redis.log" 2>&1
  wait_for 10 redis redis_ping || die "Redis did not start (log: $DIR/redis/redis.log)"
}
redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

start_postgres() {
  [ "$APP" = demo ] || return 0
  local bin; bin="$(pg_bin)"; [ -n "$bin" ] || die "PostgreSQL is not installed"
  local pg="$DIR/postgres"
  if [ -f "$pg/data/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$pg/data" status >/dev/null 2>&1; then return 0; fi
  port_busy "$PG_PORT" && die "port $PG_PORT (PostgreSQL) is in use; set LV_CLUSTER_PORT"
  mkdir -p "$pg/run"
  # PostgreSQL refuses to run as root: as root, its files belong to Debian's postgres user (created by the package).
  [ "$(id -u)" = 0 ] && chown postgres: "$pg" "$pg/run" && chmod 755 "$DIR"
  if [ ! -f "$pg/data/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$pg/data" -U demo --auth=trust -E UTF8 --locale=C.UTF-8 > "$pg/initdb.log" 2>&1 \
      || { cat "$pg/initdb.log" >&2; die "initdb failed"; }
  fi
  # fsync off: a throwaway local cluster (its data survives node and server restarts, not a power cut).
  as_postgres "$bin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 30 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $pg/run -c fsync=off -c max_connections=200" start < /dev/null > /dev/null 2>&1 \
    || { tail -20 "$pg/postgres.log" >&2; die "PostgreSQL did not start"; }
  if ! "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U demo -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'demo'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U demo demo
  fi
}

node_env() { # the configuration of node $1, as environment variables
  local name="$1"
  echo "ASPNETCORE_ENVIRONMENT=Production"
  echo "ASPNETCORE_URLS=http://127.0.0.1:$(node_port "$name")"
  echo "DOTNET_gcServer=0"
  if [ "$APP" = demo ]; then
    echo "Demo__NodeName=$name"
    echo "Demo__Redis=127.0.0.1:$REDIS_PORT"
    echo "Demo__Store=postgres"
    echo "Demo__Postgres=Host=127.0.0.1;Port=$PG_PORT;Database=demo;Username=demo;Maximum Pool Size=20"
  else
    echo "LV_NODE_NAME=$name"
    echo "LV_REDIS=127.0.0.1:$REDIS_PORT"
  fi
}

start_node() {
  local name="$1" port; port="$(node_port "$name")"
  if live_pid "$DIR/$name.pid" "$DLL" >/dev/null; then return 0; fi
  port_busy "$port" && die "port $port ($name) is in use; set LV_CLUSTER_PORT"
  [ -f "$BIN/$DLL" ] || die "no build in $BIN: run '$0 up' first"
  local -a env; mapfile -t env < <(node_env "$name")
  # setsid: the node outlives this script; its own shell writes the pid it then execs into.
  setsid env "${env[@]}" bash -c 'echo $$ > "$1"; exec dotnet "$2" --urls "$3"' _ \
    "$DIR/$name.pid" "$BIN/$DLL" "http://127.0.0.1:$port" >> "$DIR/$name.log" 2>&1 < /dev/null &
  if ! wait_for 60 "$name" node_serves "$name" "$port"; then
    tail -20 "$DIR/$name.log" >&2
    die "$name did not start (log: $DIR/$name.log)"
  fi
}
node_serves() {
  live_pid "$DIR/$1.pid" "$DLL" >/dev/null || return 1
  curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$2$HEALTH"
}

write_nginx_conf() {
  local n="$DIR/nginx" name port other
  mkdir -p "$n/tmp"
  # As root, nginx's workers run as nobody and write their temp files here.
  [ "$(id -u)" = 0 ] && chmod 777 "$n/tmp"
  {
    echo "worker_processes auto;"
    echo "pid $n/nginx.pid;"
    echo "error_log $n/error.log warn;"
    echo "events { worker_connections 8192; }"
    echo "http {"
    echo "  access_log off;"
    for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $n/tmp/$t;"; done
    echo "  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }"
    echo "  map \$cookie_lv_node \$lv_upstream {"
    echo "    default cluster;"
    for name in $(node_names); do echo "    $name $name;"; done
    echo "  }"
    # The node that answered, from the last address nginx tried (\$upstream_addr lists every try), re-pins the cookie.
    echo "  map \$upstream_addr \$lv_node_cookie {"
    echo "    default '';"
    for name in $(node_names); do echo "    ~127\\.0\\.0\\.1:$(node_port "$name")\$ 'lv_node=$name; Path=/; HttpOnly; SameSite=Lax';"; done
    echo "  }"
    echo "  upstream cluster {"
    for name in $(node_names); do echo "    server 127.0.0.1:$(node_port "$name") max_fails=1 fail_timeout=3s;"; done
    echo "    keepalive 64;"
    echo "  }"
    for name in $(node_names); do
      echo "  upstream $name {"
      echo "    server 127.0.0.1:$(node_port "$name") max_fails=1 fail_timeout=3s;"
      for other in $(node_names); do [ "$other" = "$name" ] || echo "    server 127.0.0.1:$(node_port "$other") backup;"; done
      echo "    keepalive 64;"
      echo "  }"
    done
    cat <<EOF
  server {
    listen 127.0.0.1:$PORT;
    proxy_http_version 1.1;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_set_header Upgrade \$http_upgrade;
    proxy_set_header Connection \$connection_upgrade;
    proxy_connect_timeout 2s;
    proxy_read_timeout 1h;
    proxy_send_timeout 1h;
    proxy_buffering off;
    add_header Set-Cookie \$lv_node_cookie always;
    location / {
      proxy_pass http://\$lv_upstream;
    }
    # SignalR's negotiate is a POST that is safe to send to the next node when the first is down.
    location = /_lv/hub/negotiate {
      proxy_next_upstream error timeout non_idempotent;
      proxy_pass http://\$lv_upstream;
    }
  }
}
EOF
  } > "$n/nginx.conf"
}
nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

start_nginx() {
  write_nginx_conf
  local n="$DIR/nginx"
  "$(nginx_bin)" -t -q -p "$n" -c "$n/nginx.conf" -e "$n/error.log" || die "invalid nginx configuration ($n/nginx.conf)"
  if live_pid "$n/nginx.pid" nginx >/dev/null; then
    "$(nginx_bin)" -p "$n" -c "$n/nginx.conf" -e "$n/error.log" -s reload
    return 0
  fi
  port_busy "$PORT" && die "port $PORT (nginx) is in use; set LV_CLUSTER_PORT"
  "$(nginx_bin)" -p "$n" -c "$n/nginx.conf" -e "$n/error.log" < /dev/null >> "$n/error.log" 2>&1 || { tail -5 "$n/error.log" >&2; die "nginx did not start"; }
  wait_for 10 nginx curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$PORT$HEALTH" || die "nginx does not answer (log: $n/error.log)"
}

stop_pid() { # stop_pid PID [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 15)
  local pid="$1" limit="${2:-15}"
  kill -TERM "$pid" 2>/dev/null || return 0
  wait_for "$limit" "exit" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
}

status() {
  local pid name
  echo "state directory: $DIR (app: $APP, nodes: $NODES)"
  if pid="$(live_pid "$DIR/redis/redis.pid" redis-server)"; then echo "redis       running  pid $pid  127.0.0.1:$REDIS_PORT"; else echo "redis       stopped"; fi
  if [ "$APP" = demo ]; then
    if pid="$(head -1 "$DIR/postgres/data/postmaster.pid" 2>/dev/null)" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      echo "postgresql  running  pid $pid  127.0.0.1:$PG_PORT (database demo, user demo)"
    else echo "postgresql  stopped"; fi
  fi
  for name in $(node_names); do
    if pid="$(live_pid "$DIR/$name.pid" "$DLL")"; then echo "$(printf '%-11s' "$name") running  pid $pid  http://127.0.0.1:$(node_port "$name")"; else echo "$(printf '%-11s' "$name") stopped"; fi
  done
  if pid="$(live_pid "$DIR/nginx/nginx.pid" nginx)"; then echo "nginx       running  pid $pid  http://127.0.0.1:$PORT/"; else echo "nginx       stopped"; fi
}

up() {
  mkdir -p "$DIR"
  if [ -f "$STATE" ] && live_pid "$DIR/nginx/nginx.pid" nginx >/dev/null && ! grep -qx "NODES=$NODES" "$STATE"; then
    die "the running cluster has a different number of nodes: run '$0 down' first"
  fi
  [ "$NODES" -ge 1 ] 2>/dev/null || die "LV_NODES must be a positive number"
  printf 'PORT=%q\nNODES=%q\nAPP=%q\nAPP_DIR=%q\n' "$PORT" "$NODES" "$APP" "$APP_DIR" > "$STATE"
  install_packages
  build
  start_redis
  start_postgres
  # One at a time: the first node creates the Data Protection key ring in Redis, the others read it.
  for name in $(node_names); do start_node "$name"; done
  start_nginx
  status >&2
  echo "http://127.0.0.1:$PORT/"
}

down() {
  local pid name
  if pid="$(live_pid "$DIR/nginx/nginx.pid" nginx)"; then stop_pid "$pid" 10; fi
  for name in $(node_names); do
    if pid="$(live_pid "$DIR/$name.pid" "$DLL")"; then stop_pid "$pid" 15; fi
  done
  if [ "$APP" = demo ] && [ -f "$DIR/postgres/data/postmaster.pid" ]; then
    as_postgres "$(pg_bin)/pg_ctl" -D "$DIR/postgres/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if pid="$(live_pid "$DIR/redis/redis.pid" redis-server)"; then stop_pid "$pid" 10; fi
  say "stopped"
}

command="${1:-}"
[ -n "$command" ] || { sed -n '2,25p' "$0"; exit 2; }
load_state "$command"
case "$command" in
  up) up ;;
  down)
    down
    if [ "${2:-}" = --purge ]; then rm -rf "$DIR"; fi ;;
  status) status ;;
  url) echo "http://127.0.0.1:$PORT/" ;;
  kill-node)
    valid_node "${2:-}"
    pid="$(live_pid "$DIR/$2.pid" "$DLL")" || die "$2 is not running"
    kill -KILL "$pid"
    wait_for 10 "exit" bash -c "! kill -0 $pid 2>/dev/null" || die "$2 (pid $pid) survived SIGKILL"
    say "$2 killed (pid $pid)" ;;
  stop-node)
    valid_node "${2:-}"
    pid="$(live_pid "$DIR/$2.pid" "$DLL")" || die "$2 is not running"
    stop_pid "$pid" 20
    say "$2 stopped (pid $pid)" ;;
  start-node)
    valid_node "${2:-}"
    start_node "$2"
    say "$2 running (pid $(live_pid "$DIR/$2.pid" "$DLL"))" ;;
  -h|--help|help) sed -n '2,25p' "$0" ;;
  *) die "unknown command '$command' (up, down, status, url, kill-node, stop-node, start-node)" ;;
esac
