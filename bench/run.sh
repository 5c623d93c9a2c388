#!/usr/bin/env bash
# LiveView performance suite (see bench/README.md).
#   bench/run.sh           full run (~5-10 min on 2 cores): writes bench/results.md and raw JSON in bench/results/
#   bench/run.sh --smoke   tiny sizes, one iteration each (< 60 s after the build); exits non-zero if any part of the harness is broken
#   bench/run.sh --cluster only part 6 (1 node against 2 nodes behind nginx, scripts/cluster.sh); replaces that section of results.md
# Everything runs on 127.0.0.1. Needs: .NET 10 SDK, node + npm, Debian's chromium (/usr/bin/chromium, or CHROMIUM=...);
# part 6 also redis-server and nginx (scripts/cluster.sh installs them with apt when missing).
set -uo pipefail
SMOKE=0
CLUSTER_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --smoke) SMOKE=1 ;;
    --cluster) CLUSTER_ONLY=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/results"
[ "$SMOKE" = 1 ] && OUT="$BENCH/results/smoke"
mkdir -p "$OUT"
if [ "$CLUSTER_ONLY" = 1 ]; then rm -f "$OUT"/cluster.jsonl "$OUT"/cluster-*.log "$OUT"/cluster-machine.txt
else rm -f "$OUT"/*.json "$OUT"/*.jsonl "$OUT"/*.log "$OUT"/*.md; fi
FAILED=()
step() { echo; echo "== $*"; }
fail() { echo "!! FAILED: $*" >&2; FAILED+=("$*"); }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---- dependencies and build ------------------------------------------------------------------------------------------
step "npm ci (bench/)"
if [ ! -d "$BENCH/node_modules/playwright-core" ] || [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules/.package-lock.json" ]; then
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed" >&2; exit 1; }
fi

step "dotnet build -c Release"
for project in LiveViews.BenchServer LiveViews.LoadGen LiveViews.BlazorTwin; do
  dotnet build "$BENCH/$project/$project.csproj" -c Release -v:quiet -nologo > "$OUT/build-$project.log" 2>&1 \
    || { tail -30 "$OUT/build-$project.log" >&2; echo "build of $project failed" >&2; exit 1; }
done
SERVER_DLL="$BENCH/LiveViews.BenchServer/bin/Release/net10.0/LiveViews.BenchServer.dll"
BLAZOR_DLL="$BENCH/LiveViews.BlazorTwin/bin/Release/net10.0/LiveViews.BlazorTwin.dll"
LOADGEN=(dotnet "$BENCH/LiveViews.LoadGen/bin/Release/net10.0/LiveViews.LoadGen.dll")

run() { # run NAME TIMEOUT_S CMD... : bounded, logged, failure recorded
  local name="$1" limit="$2"; shift 2
  step "$name"
  local started=$SECONDS
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee "$OUT/$name.log"
  local rc=${PIPESTATUS[0]}
  echo "   ($name: $((SECONDS - started)) s)"
  [ "$rc" = 0 ] || fail "$name (exit $rc)"
}

# ---- 6. across servers: the same offered load on 1 node and on 2 nodes, through nginx (scripts/cluster.sh) --------------
free_port_block() { # a base port P with P..P+3, P+50, P+51 free on 127.0.0.1
  local port offset busy
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 20000)); busy=0
    for offset in 0 1 2 3 50 51; do (exec 3<>"/dev/tcp/127.0.0.1/$((port + offset))") 2>/dev/null && busy=1; done
    [ "$busy" = 0 ] && { echo "$port"; return 0; }
  done
  return 1
}
cluster_part() {
  # One cluster of two nodes; "1 node" pins every WebSocket to node1 with nginx's affinity cookie (node2 idles),
  # "2 nodes" lets nginx spread them; "direct" bypasses nginx. The setups alternate, round after round, so drift on a
  # shared machine hits them alike.
  local dir="$OUT/cluster-state" port url stats pids rate conns seconds loads rounds round load cluster
  port="$(free_port_block)" || { fail "cluster (no free ports)"; return; }
  cluster=(env LV_CLUSTER_DIR="$dir" LV_CLUSTER_PORT="$port" LV_NODES=2 LV_CLUSTER_APP=bench LV_CLUSTER_APP_DIR="$BENCH/LiveViews.BenchServer/bin/Release/net10.0" "$ROOT/scripts/cluster.sh")
  if [ "$SMOKE" = 1 ]; then loads="10:2"; seconds=2; rounds=1; else loads="100:20 100:40"; seconds=8; rounds=2; fi
  step "cluster: 2 bench-server nodes, Redis, nginx"
  echo "start $(date -u +%Y-%m-%dT%H:%MZ) $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/cluster-machine.txt"
  url="$("${cluster[@]}" up 2> "$OUT/cluster-up.log" | tail -1)" \
    || { tail -20 "$OUT/cluster-up.log" >&2; fail "cluster up"; "${cluster[@]}" down --purge >/dev/null 2>&1; return; }
  url="${url%/}"
  stats="http://127.0.0.1:$((port + 1)),http://127.0.0.1:$((port + 2))"
  # nginx's master and workers, and Redis: the cluster's own overhead.
  pids="$(echo $(cat "$dir/nginx/nginx.pid" "$dir/redis/redis.pid"; pgrep -P "$(cat "$dir/nginx/nginx.pid")") | tr ' ' ',')"
  local common=(--seconds "$seconds" --stats "$stats" --pids "$pids" --clk-tck "$(getconf CLK_TCK)" --out "$OUT/cluster.jsonl")
  for round in $(seq 1 "$rounds"); do
    for load in $loads; do
      conns="${load%%:*}"; rate="${load##*:}"
      run "cluster-r$round-1node-$((conns * rate))" 120 "${LOADGEN[@]}" load --base "$url" --conns "$conns" --rate "$rate" "${common[@]}" \
        --cookie lv_node=node1 --label "1 node behind nginx"
      run "cluster-r$round-2nodes-$((conns * rate))" 120 "${LOADGEN[@]}" load --base "$url" --conns "$conns" --rate "$rate" "${common[@]}" \
        --label "2 nodes behind nginx"
      [ "$SMOKE" = 1 ] || run "cluster-r$round-direct-$((conns * rate))" 120 "${LOADGEN[@]}" load --base "http://127.0.0.1:$((port + 1))" \
        --conns "$conns" --rate "$rate" "${common[@]}" --label "1 node, direct (no nginx)"
    done
  done
  echo "end $(date -u +%Y-%m-%dT%H:%MZ) $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/cluster-machine.txt"
  "${cluster[@]}" down --purge > /dev/null 2>&1 || fail "cluster down"
}

if [ "$CLUSTER_ONLY" = 1 ]; then
  cluster_part
  step "report (part 6 into results.md)"
  node "$BENCH/report.mjs" --dir "$OUT" --out "$([ "$SMOKE" = 1 ] && echo "$OUT/results.md" || echo "$BENCH/results.md")" --only cluster --failed="${FAILED[*]:-}" || fail "report"
  [ "${#FAILED[@]}" -eq 0 ] || { echo "bench: failed: ${FAILED[*]}" >&2; exit 1; }
  echo; echo "bench: cluster part ran"
  exit 0
fi

# ---- bench server and Blazor twin (two processes, each on a free port of 127.0.0.1) ---------------------------------------
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done; for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done; PIDS=(); }
trap cleanup EXIT
start_host() { # start_host NAME DLL URL LOG : starts it and waits for its /bench/stats
  local name="$1" dll="$2" url="$3" log="$4"
  step "starting the $name on $url"
  dotnet "$dll" --urls "$url" > "$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 100); do
    curl -sf "$url/bench/stats" > /dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "$name died" >&2; exit 1; }
    sleep 0.2
  done
  curl -sf "$url/bench/stats" > /dev/null || { echo "$name did not start" >&2; exit 1; }
}
# memory_part NAME VIEW COUNT: one LoadGen memory run against a bench server of its own, started fresh, as the README's
# figures are measured: what an earlier part left in the process (pools and tables grown to its size, rows it shared)
# must not count, for or against, in the next part's views.
memory_part() {
  local url="http://127.0.0.1:$(free_port)" log="$OUT/$1-server.log"
  dotnet "$SERVER_DLL" --urls "$url" > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "$url/bench/stats" > /dev/null 2>&1 && break; sleep 0.2; done
  run "$1" 120 "${LOADGEN[@]}" memory --base "$url" --view "$2" --count "$3" "${@:4}" --out "$OUT/loadgen.jsonl"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}
BASE="http://127.0.0.1:${BENCH_PORT:-$(free_port)}"
BLAZOR_BASE="http://127.0.0.1:${BENCH_BLAZOR_PORT:-$(free_port)}"
start_host "bench server" "$SERVER_DLL" "$BASE" "$OUT/server.log"
start_host "Blazor twin" "$BLAZOR_DLL" "$BLAZOR_BASE" "$OUT/blazor.log"
BASES=(--base "$BASE" --blazor-base "$BLAZOR_BASE")

if [ "$SMOKE" = 1 ]; then
  run latency 120 node "$BENCH/browser/latency.mjs" "${BASES[@]}" --iterations 1 --warmup 1 --rows 10 --out "$OUT/latency.json"
  run client 90 node "$BENCH/browser/client.mjs" "${BASES[@]}" --rows 50 --iterations 1 --warmup 0 --out "$OUT/client.json"
  run memory-browser 60 node "$BENCH/browser/memory.mjs" "${BASES[@]}" --views counter:2 --out "$OUT/memory-browser.json"
  run throughput 60 node "$BENCH/browser/throughput.mjs" "${BASES[@]}" --pages 2 --seconds 1 --warmup 0 --reps 1 --out "$OUT/throughput.json"
  run memory 60 "${LOADGEN[@]}" memory --base "$BASE" --view counter --count 10 --out "$OUT/loadgen.jsonl"
  run serial 60 "${LOADGEN[@]}" serial --base "$BASE" --rows 10 --events 3 --out "$OUT/loadgen.jsonl"
  run load 60 "${LOADGEN[@]}" load --base "$BASE" --conns 10 --rate 2 --seconds 2 --out "$OUT/loadgen.jsonl"
else
  # 3. memory per connected idle view, each view kind against a fresh server
  memory_part memory-counter counter 2000
  memory_part memory-todos "todos?rows=100" 500
  # rows every view renders alike are shared by content; salt={i} gives every view rows of its own
  memory_part memory-todos-own100 "todos?rows=100&salt={i}" 100
  memory_part memory-todos-own "todos?rows=1000&salt={i}" 50
  memory_part memory-todos-shared "todos?rows=1000" 100
  # catalog=1: every view shows one read-only list from the app's cache (the case sharing by content is for)
  memory_part memory-todos-catalog "todos?rows=1000&catalog=1" 100 --marginal true
  # 3b. memory per idle page through real Chromium pages, this framework and Blazor Server measured the same way
  run memory-browser 300 node "$BENCH/browser/memory.mjs" "${BASES[@]}" --views "counter:50,todos?rows=1000:20" --out "$OUT/memory-browser.json"
  # 2. browser latency and wire bytes, alternating between the architectures (Blazor included)
  run latency 400 node "$BENCH/browser/latency.mjs" "${BASES[@]}" --iterations 60 --warmup 5 --rows 10,1000 --out "$OUT/latency.json"
  # 5. client bundle sizes and the 1,000-row update
  run client 300 node "$BENCH/browser/client.mjs" "${BASES[@]}" --rows 1000 --iterations 10 --warmup 2 --out "$OUT/client.json"
  # 4b. events/s at the same concurrency, this framework and Blazor Server driven by the same Chromium pages
  run throughput 300 node "$BENCH/browser/throughput.mjs" "${BASES[@]}" --pages 20 --seconds 10 --warmup 3 --reps 2 --out "$OUT/throughput.json"
  # 1. per-event server cost through the real hub (render + diff + serialize + SignalR), 10 to 10,000 rows
  run serial 300 "${LOADGEN[@]}" serial --base "$BASE" --rows 10,100,1000,10000 --events 60 --out "$OUT/loadgen.jsonl"
  # 4. concurrency: the same 1,000 events/s spread over more and more connections, then a saturation run
  run load-100 90 "${LOADGEN[@]}" load --base "$BASE" --conns 100 --rate 10 --seconds 10 --out "$OUT/loadgen.jsonl"
  run load-1000 90 "${LOADGEN[@]}" load --base "$BASE" --conns 1000 --rate 1 --seconds 10 --out "$OUT/loadgen.jsonl"
  run load-5000 150 "${LOADGEN[@]}" load --base "$BASE" --conns "${BENCH_MAX_CONNS:-5000}" --rate 0.2 --seconds 15 --out "$OUT/loadgen.jsonl"
  run load-saturate 90 "${LOADGEN[@]}" load --base "$BASE" --conns 100 --rate 40 --seconds 10 --out "$OUT/loadgen.jsonl"
fi
cleanup
trap - EXIT

# 6. upload throughput: the framework's chunked upload against a plain multipart POST, one server, one Chromium (bench/LiveViews.UploadBench)
step "upload bench server"
dotnet build "$BENCH/LiveViews.UploadBench/LiveViews.UploadBench.csproj" -c Release -v:quiet -nologo > "$OUT/build-LiveViews.UploadBench.log" 2>&1 \
  || { tail -30 "$OUT/build-LiveViews.UploadBench.log" >&2; fail "build of LiveViews.UploadBench"; }
UPLOAD_PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
dotnet "$BENCH/LiveViews.UploadBench/bin/Release/net10.0/LiveViews.UploadBench.dll" --urls "http://127.0.0.1:$UPLOAD_PORT" > "$OUT/upload-server.log" 2>&1 &
UPLOAD_PID=$!
trap 'kill "$UPLOAD_PID" 2>/dev/null; wait "$UPLOAD_PID" 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$UPLOAD_PORT/upload" > /dev/null 2>&1 && break; sleep 0.2; done
if [ "$SMOKE" = 1 ]; then
  run upload 120 node "$BENCH/browser/upload.mjs" --base "http://127.0.0.1:$UPLOAD_PORT" --mb 2 --iterations 1 --warmup 0 --out "$OUT/upload.json"
else
  run upload 300 node "$BENCH/browser/upload.mjs" --base "http://127.0.0.1:$UPLOAD_PORT" --mb 50 --iterations 7 --warmup 1 --out "$OUT/upload.json"
fi
kill "$UPLOAD_PID" 2>/dev/null; wait "$UPLOAD_PID" 2>/dev/null
trap - EXIT
# 7. across servers (the single bench server is stopped: the nodes get the cores)
cluster_part

# 1. BenchmarkDotNet (bench/LiveViews.Benchmarks): the diff alone and the whole pipeline plain vs memoized, short job
if [ "$SMOKE" = 0 ]; then
  if [ -f "$BENCH/LiveViews.Benchmarks/LiveViews.Benchmarks.csproj" ]; then
    step "BenchmarkDotNet (bench/LiveViews.Benchmarks, short job)"
    rm -rf "$OUT/bdn"
    (cd "$OUT" && timeout --kill-after=10 1500 dotnet run -c Release --project "$BENCH/LiveViews.Benchmarks/LiveViews.Benchmarks.csproj" -- \
        --filter '*' --job short --artifacts "$OUT/bdn" --exporters github) > "$OUT/bdn.log" 2>&1 || fail "BenchmarkDotNet (see bench/results/bdn.log)"
    tail -5 "$OUT/bdn.log"
  else
    echo "note: bench/LiveViews.Benchmarks not present; diff-only benchmarks skipped"
  fi
fi

step "report"
node "$BENCH/report.mjs" --dir "$OUT" --out "$([ "$SMOKE" = 1 ] && echo "$OUT/results.md" || echo "$BENCH/results.md")" --smoke="$SMOKE" --failed="${FAILED[*]:-}" \
  || fail "report"

if [ "${#FAILED[@]}" -gt 0 ]; then
  echo; echo "bench: ${#FAILED[@]} part(s) failed: ${FAILED[*]}" >&2
  exit 1
fi
echo; echo "bench: all parts ran"
