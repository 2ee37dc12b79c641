#!/usr/bin/env bash
# Reproducible benchmark of webfetch against an in-process .NET program, curl, wget2 and
# xargs+curl, all fetching from a local nginx on 127.0.0.1. Not a test: it measures.
#
#   ./bench/run.sh                full run (2,000 pages; takes ~15 minutes); writes BENCHMARKS.md
#   ./bench/run.sh --quick        smoke run (200 pages, ~1-2 minutes); writes bench/out/BENCHMARKS-quick.md
#   options: --output FILE        write the report there instead
#            --no-build           reuse the builds under bench/out (from an earlier run)
#            --no-jit             skip the JIT build of webfetch (its start-up and CPU rows)
#            --corpus SOURCE      auto (default), rustdoc or generated (see bench/corpus.py)
#            --reps N             repetitions of the CPU-bound scenario (default 2; --quick: 1)
#            --queue              then queue mode too (bench/queue.sh on the same binary and corpus;
#                                 needs nats-server), its section appended to the report
#
# Needs: the .NET 10 SDK, python3, nginx (+ libnginx-mod-http-echo for the latency
# scenario), curl, wget2, jq; hyperfine and perf (linux-perf: the CPU profile at 256 in
# flight) are used when present. Missing Debian packages are installed when running as root:
#   apt-get update && apt-get install -y nginx libnginx-mod-http-echo curl wget2 jq hyperfine linux-perf
# Generated files go to bench/out/ (git-ignored); nginx runs with a private config and
# prefix in a temporary directory; everything started here is stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/nginx.sh"
root=$(cd "$here/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# no MSBuild/compiler servers left running after the builds
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

quick=0 build=1 jit=1 corpus_source=auto output="" reps="" queue_bench=0
command_line="./bench/run.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --no-jit) jit=0 ;;
    --corpus) corpus_source=$2; shift ;;
    --output) output=$2; shift ;;
    --reps) reps=$2; shift ;;
    --queue) queue_bench=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

SEED=20261126
if [[ $quick == 1 ]]; then
  PAGES=200 LAT_URLS=200 STARTUP_RUNS=5 MEM_LINES=50000 REPS=${reps:-1}
  output=${output:-$here/out/BENCHMARKS-quick.md}
else
  PAGES=2000 LAT_URLS=2000 STARTUP_RUNS=20 MEM_LINES=1000000 REPS=${reps:-2}
  output=${output:-$root/BENCHMARKS.md}
fi
CPU_TIMEOUT=300 LAT_TIMEOUT=300 MEM_TIMEOUT=1800

out=$here/out
run=$out/run
mkdir -p "$out"
rm -rf "$run"
mkdir -p "$run"
results=$run/results.jsonl
tmp=$(mktemp -d "${TMPDIR:-/tmp}/webfetch-bench.XXXXXX")
nginx_pid=""

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

cleanup() {
  local status=$?
  if [[ -n "$nginx_pid" ]]; then
    kill -TERM "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- 0. tools -------------------------------------------------------------------------
need_pkgs=()
command -v nginx >/dev/null || need_pkgs+=(nginx)
[[ -e /usr/lib/nginx/modules/ngx_http_echo_module.so ]] || need_pkgs+=(libnginx-mod-http-echo)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v wget2 >/dev/null || need_pkgs+=(wget2)
command -v jq >/dev/null || need_pkgs+=(jq)
command -v hyperfine >/dev/null || need_pkgs+=(hyperfine)
command -v perf >/dev/null || need_pkgs+=(linux-perf)
if [[ ${#need_pkgs[@]} -gt 0 ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${need_pkgs[*]}"
    apt-get update -qq >"$run/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >>"$run/apt.log" 2>&1 \
      || log "apt-get install failed (see $run/apt.log); going on with what is there"
  else
    log "missing: ${need_pkgs[*]}; install with: apt-get update && apt-get install -y ${need_pkgs[*]}"
  fi
fi
for tool in nginx curl python3 dotnet jq; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done
have_wget2=0; command -v wget2 >/dev/null && have_wget2=1
have_hyperfine=0; command -v hyperfine >/dev/null && have_hyperfine=1
have_echo=0; [[ -e /usr/lib/nginx/modules/ngx_http_echo_module.so ]] && have_echo=1

# machine facts, before anything runs
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "command=$command_line"
  echo "commit=$(git rev-parse HEAD)"
  echo "commit_subject=$(git log -1 --format=%s)"
  echo "cli_commit=$(git log -1 --format='%H %s' -- WebFetch.Cli Directory.Packages.props Directory.Build.props)"
  echo "cli_dirty=$(git status --porcelain -- WebFetch.Cli | wc -l)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel=$(uname -sr)"
  echo "dotnet=$(dotnet --version)"
  echo "nginx=$(nginx -v 2>&1 | sed 's/.*nginx\///')"
  echo "curl=$(curl --version | head -1 | cut -d' ' -f2)"
  [[ $have_wget2 == 1 ]] && echo "wget2=$(wget2 --version | head -1 | awk '{print $3}')"
  [[ $have_hyperfine == 1 ]] && echo "hyperfine=$(hyperfine --version | awk '{print $2}')"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "quick=$quick pages=$PAGES lat_urls=$LAT_URLS startup_runs=$STARTUP_RUNS mem_lines=$MEM_LINES reps=$REPS seed=$SEED"
} >"$run/machine.env"
free -h >"$run/free.txt"
ps -eo pcpu,etime,comm --sort=-pcpu | head -8 >"$run/ps-start.txt"

# ---- 1. builds ------------------------------------------------------------------------
if [[ $build == 1 ]]; then
  if [[ $jit == 1 ]]; then
    log "building webfetch (JIT)"
    WEBFETCH_JIT=1 ./build.sh >"$run/build-jit.log" 2>&1 || { cat "$run/build-jit.log" >&2; exit 1; }
    rm -rf "$out/webfetch-jit" && cp -a bin "$out/webfetch-jit"
  fi
  log "building webfetch (NativeAOT)"
  ./build.sh >"$run/build-aot.log" 2>&1 || { cat "$run/build-aot.log" >&2; exit 1; }
  rm -rf "$out/webfetch-aot" && cp -a bin "$out/webfetch-aot"
  # The symbols, for perf (found through the binary's debug link, next to it).
  cp WebFetch.Cli/bin/Release/net10.0/linux-x64/native/webfetch.dbg "$out/webfetch-aot/" 2>/dev/null || true
  log "building bench/InProcess (JIT and NativeAOT)"
  rm -rf "$out/inprocess" "$out/inprocess-aot"
  dotnet publish "$here/InProcess/InProcess.csproj" -c Release -o "$out/inprocess" --nologo -v quiet \
    >"$run/build-inprocess.log" 2>&1 || { cat "$run/build-inprocess.log" >&2; exit 1; }
  dotnet publish "$here/InProcess/InProcess.csproj" -c Release -r linux-x64 -p:PublishAot=true \
    -p:OptimizationPreference=Speed -o "$out/inprocess-aot" --nologo -v quiet >>"$run/build-inprocess.log" 2>&1 \
    || { cat "$run/build-inprocess.log" >&2; exit 1; }
fi
WF=$out/webfetch-aot/webfetch
echo "build_time=$(date -u -r "$WF" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo unknown)" >>"$run/machine.env"
WFJ=$out/webfetch-jit/webfetch
INPROC_JIT=(dotnet "$out/inprocess/InProcess.dll")
INPROC_AOT=("$out/inprocess-aot/InProcess")
[[ -x ${INPROC_AOT[0]} ]] || { echo "run.sh: bench/InProcess build missing (run without --no-build)" >&2; exit 2; }
[[ -x $WF ]] || { echo "run.sh: $WF missing (run without --no-build)" >&2; exit 2; }
[[ -x $WFJ ]] || jit=0

# ---- 2. corpus ------------------------------------------------------------------------
corpus=$out/corpus
key="$PAGES $SEED $corpus_source"
if [[ ! -f $corpus/KEY || "$(cat "$corpus/KEY")" != "$key" ]]; then
  log "preparing the corpus ($PAGES pages, source $corpus_source)"
  python3 "$here/corpus.py" "$corpus" "$PAGES" "$SEED" --source "$corpus_source" >"$tmp/corpus.txt"
  cp "$tmp/corpus.txt" "$corpus/STATS"
  echo "$key" >"$corpus/KEY"
fi
echo "corpus=$(cat "$corpus/STATS")" >>"$run/machine.env"

# ---- 3. nginx -------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_nginx() {
  local port=$1 echo_load="" slow=""
  if [[ $have_echo == 1 ]]; then
    echo_load="load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;"
    slow='location /slow/ { default_type text/html; echo_sleep 0.1; echo "<!DOCTYPE html><html lang=\"en\"><head><title>slow page</title><meta name=\"description\" content=\"answers after 100 ms\"></head><body><p><a href=\"/\">home</a></p></body></html>"; }'
  fi
  local tiny='location /tiny/ { default_type text/html; return 200 "<!DOCTYPE html><html lang=\"en\"><head><title>tiny</title></head><body><a href=\"/\">home</a></body></html>"; }'
  nginx_conf "$tmp/nginx" "$port" "$out" "$echo_load" "$tiny
    $slow"
  nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' 2>>"$tmp/nginx/logs/stderr.log" &
  nginx_pid=$!
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/tiny/0" 2>/dev/null && return 0
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.05
  done
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
  return 1
}
for attempt in 1 2 3; do
  port=$(free_port)
  start_nginx "$port" && break
  log "nginx did not start on port $port (attempt $attempt)"
  cat "$tmp/nginx/logs/stderr.log" >&2 || true
  [[ $attempt == 3 ]] && exit 1
done
base=http://127.0.0.1:$port
log "nginx $nginx_pid serving $out on $base"

# URL lists
ls "$corpus" | grep -E '^p[0-9]+\.html$' | sort | sed "s#^#$base/corpus/#" >"$run/urls-cpu.txt"
seq 0 $((LAT_URLS - 1)) | sed "s#^#$base/slow/#" >"$run/urls-latency.txt"
echo "$base/tiny/start" >"$run/urls-one.txt"
# memory: MEM_LINES lines cycling over 1,000 distinct URLs of a tiny page
python3 -c "
import sys
n = int(sys.argv[1]); base = sys.argv[2]
with open(sys.argv[3], 'w') as f:
    for i in range(n):
        f.write(f'{base}/tiny/{i % 1000}\n')
" "$MEM_LINES" "$base" "$run/urls-memory.txt"
# curl config files: one url/output pair per URL
sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$run/urls-cpu.txt" >"$run/curl-cpu.cfg"
sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$run/urls-latency.txt" >"$run/curl-latency.cfg"

log "warming the page cache (one untimed pass with curl)"
curl -s --parallel --parallel-max 4 -K "$run/curl-cpu.cfg" >/dev/null 2>&1

measure() { # LABEL TIMEOUT [measure.py options] -- CMD...
  local label=$1 timeout=$2
  shift 2
  python3 "$here/measure.py" "$results" "$label" "$timeout" "$@"
}
curl_fmt='%{http_code}\n'

# ---- 4. scenario 1: CPU-bound ---------------------------------------------------------
log "scenario 1: CPU-bound, $PAGES pages, $REPS repetition(s)"
cpu_urls=$run/urls-cpu.txt
for rep in $(seq "$REPS"); do
  for wc in 1x1 2x1 2x8 4x1 4x4; do
    w=${wc%x*} c=${wc#*x}
    measure "cpu.webfetch-aot.w${w}c${c}.r$rep" $CPU_TIMEOUT --stdout "$run/cpu.webfetch-aot.w${w}c${c}.r$rep.out" -- \
      "$WF" run "$cpu_urls" -w "$w" -c "$c" -q || true
  done
  if [[ $jit == 1 ]]; then
    measure "cpu.webfetch-jit.w2c1.r$rep" $CPU_TIMEOUT --stdout "$run/cpu.webfetch-jit.w2c1.r$rep.out" -- \
      "$WFJ" run "$cpu_urls" -w 2 -c 1 -q || true
  fi
  for c in 1 2 4 8; do
    measure "cpu.inprocess-aot.c$c.r$rep" $CPU_TIMEOUT --stdout "$run/cpu.inprocess-aot.c$c.r$rep.out" -- \
      "${INPROC_AOT[@]}" fetch "$cpu_urls" --concurrency "$c" || true
  done
  for c in 2 4; do
    measure "cpu.inprocess-jit.c$c.r$rep" $CPU_TIMEOUT --stdout "$run/cpu.inprocess-jit.c$c.r$rep.out" -- \
      "${INPROC_JIT[@]}" fetch "$cpu_urls" --concurrency "$c" || true
  done
  measure "cpu.curl-parallel.p4.r$rep" $CPU_TIMEOUT --stdout "$run/cpu.curl-parallel.p4.r$rep.out" -- \
    curl -s --parallel --parallel-max 4 -w "$curl_fmt" -K "$run/curl-cpu.cfg" || true
  if [[ $have_wget2 == 1 ]]; then
    measure "cpu.wget2.t4.r$rep" $CPU_TIMEOUT -- \
      wget2 -q --max-threads=4 --no-robots --no-config -O /dev/null -i "$cpu_urls" \
      --stats-site="csv:$run/cpu.wget2.t4.r$rep.csv" || true
  fi
  measure "cpu.xargs-curl.p4.r$rep" $CPU_TIMEOUT --stdin "$cpu_urls" --stdout "$run/cpu.xargs-curl.p4.r$rep.out" -- \
    xargs -P 4 -n 1 curl -s -o /dev/null -w "$curl_fmt" || true
  measure "cpu.parse-only-jit.r$rep" $CPU_TIMEOUT -- "${INPROC_JIT[@]}" --parse-only "$corpus" --warmup || true
  measure "cpu.parse-only-aot.r$rep" $CPU_TIMEOUT -- "${INPROC_AOT[@]}" --parse-only "$corpus" || true
done

# ---- 5. scenario 2: latency-bound -----------------------------------------------------
if [[ $have_echo == 1 ]]; then
  log "scenario 2: latency-bound, $LAT_URLS URLs answered after 100 ms"
  lat_urls=$run/urls-latency.txt
  for wc in 4x1 2x8 4x16 4x64 2x32 1x64; do
    w=${wc%x*} c=${wc#*x}
    measure "lat.webfetch-aot.w${w}c${c}" $LAT_TIMEOUT --stdout "$run/lat.webfetch-aot.w${w}c${c}.out" -- \
      "$WF" run "$lat_urls" -w "$w" -c "$c" -q || true
  done
  for c in 64 256; do
    measure "lat.inprocess-aot.c$c" $LAT_TIMEOUT --stdout "$run/lat.inprocess-aot.c$c.out" -- \
      "${INPROC_AOT[@]}" fetch "$lat_urls" --concurrency "$c" || true
  done
  for p in 64 256; do
    measure "lat.curl-parallel.p$p" $LAT_TIMEOUT --stdout "$run/lat.curl-parallel.p$p.out" -- \
      curl -s --parallel --parallel-max "$p" -w "$curl_fmt" -K "$run/curl-latency.cfg" || true
  done
  # Where the CPU goes at 256 in flight: one more run of each under perf (not timed).
  if perf record -q -e cpu-clock -o "$tmp/perf-probe.data" -- true >/dev/null 2>&1; then
    log "profile: webfetch and the in-process program at 256 in flight, under perf"
    python3 "$here/profile.py" "$run" lat.webfetch-aot.w4c64 "$LAT_URLS" -- "$WF" run "$lat_urls" -w 4 -c 64 -q || true
    python3 "$here/profile.py" "$run" lat.inprocess-aot.c256 "$LAT_URLS" -- \
      "${INPROC_AOT[@]}" fetch "$lat_urls" --concurrency 256 || true
  else
    log "profile skipped: perf cannot record here (apt-get install -y linux-perf; or kernel.perf_event_paranoid)"
  fi
else
  log "scenario 2 skipped: nginx echo module missing (apt-get install -y libnginx-mod-http-echo)"
fi

# ---- 6. scenario 3: start-up ----------------------------------------------------------
log "scenario 3: start-up, 1 URL, 3 workers, $STARTUP_RUNS runs"
startup() { # LABEL BINARY
  local label=$1 bin=$2
  if [[ $have_hyperfine == 1 ]]; then
    hyperfine -N --warmup 2 --runs "$STARTUP_RUNS" --export-json "$run/startup.$label.json" \
      "$bin run $run/urls-one.txt -w 3 -q" >"$run/startup.$label.log" 2>&1 || true
  else
    python3 - "$run/startup.$label.json" "$STARTUP_RUNS" "$bin" "$run/urls-one.txt" <<'PY'
import json, subprocess, sys, time
path, runs, argv = sys.argv[1], int(sys.argv[2]), [sys.argv[3], "run", sys.argv[4], "-w", "3", "-q"]
for _ in range(2):
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
times = []
for _ in range(runs):
    t = time.monotonic(); subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.monotonic() - t)
json.dump({"results": [{"times": times, "tool": "loop"}]}, open(path, "w"))
PY
  fi
}
startup webfetch-aot "$WF"
[[ $jit == 1 ]] && startup webfetch-jit "$WFJ"
# peak RSS of one such run
measure "startup.webfetch-aot.rss" 60 --stdout /dev/null -- "$WF" run "$run/urls-one.txt" -w 3 -q || true
[[ $jit == 1 ]] && { measure "startup.webfetch-jit.rss" 60 --stdout /dev/null -- "$WFJ" run "$run/urls-one.txt" -w 3 -q || true; }

# ---- 7. scenario 4: memory ------------------------------------------------------------
log "scenario 4: memory, $MEM_LINES input lines (1,000 distinct URLs of a tiny page)"
head -n 1000 "$run/urls-memory.txt" >"$run/urls-memory-1k.txt"
measure "mem.webfetch-aot.defaults.1k" $MEM_TIMEOUT --count-lines -- "$WF" run "$run/urls-memory-1k.txt" -q || true
measure "mem.webfetch-aot.defaults" $MEM_TIMEOUT --count-lines -- "$WF" run "$run/urls-memory.txt" -q || true
measure "mem.webfetch-aot.w4c16" $MEM_TIMEOUT --count-lines -- \
  "$WF" run "$run/urls-memory.txt" -w 4 -c 16 -q || true

echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$run/machine.env"
ps -eo pcpu,etime,comm --sort=-pcpu | head -8 >"$run/ps-end.txt"

# ---- 8. report ------------------------------------------------------------------------
python3 "$here/report.py" "$run" "$output"
log "report written to $output"

# ---- 9. queue mode (--queue) ------------------------------------------------------------
if [[ $queue_bench == 1 ]]; then
  log "queue mode: bench/queue.sh (two agents against a local run)"
  queue_opts=(--binary "$WF" --corpus "$corpus_source" --output "$run/queue.md")
  [[ $quick == 1 ]] && queue_opts+=(--quick)
  if "$here/queue.sh" "${queue_opts[@]}" >"$run/queue.log"; then
    { echo; cat "$run/queue.md"; } >>"$output"
    log "queue mode appended to $output"
  else
    log "bench/queue.sh failed; its output is in $run/queue.log"
  fi
fi
