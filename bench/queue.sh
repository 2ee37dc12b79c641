#!/usr/bin/env bash
# Queue mode (webfetch serve / run --queue over NATS JetStream) against a local run, then the same
# queue runs over a three-node cluster, all on this machine, in one invocation: ratios between runs
# of the same invocation are the point. Not a test: it measures.
#
#   ./bench/queue.sh              2,000 corpus pages x 3, then 1,000,000 tiny pages, each over one
#                                 server and over the cluster (~1-2 hours on 2 cores)
#   ./bench/queue.sh --quick      200 pages x 1, then 20,000 tiny pages, the same two ways (a few minutes)
#   options: --binary PATH    the webfetch to measure (default ./bin/webfetch, from ./build.sh)
#            --reps N         repetitions of the corpus comparison (default 3; --quick: 1)
#            --tiny-lines N   lines of the tiny-page runs (default 1,000,000; --quick: 20,000; 0: none)
#            --concurrency C  fetches in flight per worker, agents and local run alike (default 8)
#            --corpus SOURCE  auto (default), rustdoc or generated (see bench/corpus.py)
#            --output FILE    where the Markdown section goes too (default bench/out/queue/QUEUE.md)
#            --no-cluster     one server only: no cluster part
#            --no-machines    no runs with a CPU share for each machine (see "machines" below)
#            --no-corpus      the tiny-page runs only (one server, then the cluster unless --no-cluster):
#                             no corpus, no machines; e.g. ./bench/queue.sh --no-corpus --no-cluster
#
# The contenders, on the same URL list:
#   local   webfetch run URLS -w 2 -c C -q
#   queue   webfetch run URLS --queue nats://127.0.0.1:PORT -q          (the collector: no workers)
#           2 x webfetch serve --queue ... -w 1 -c C                     (two agents, each with its own
#                                                                         TMPDIR and socket, as two machines)
#           nats-server -js (file storage in a temporary directory)
#   cluster the same collector and two agents, after the one-server queue runs are done and their
#           processes stopped, over three nats-server -js nodes on 127.0.0.1 (one cluster, each
#           node with its own client, route and monitoring port and store directory), the
#           queue's streams and consumer with three replicas (--queue-replicas 3 on every
#           webfetch process): agent 1 connects to node 1, agent 2 to node 2, the collector to
#           node 3, as three machines that each know one node (the client learns the others).
#           (--queue names one server; the client learns the cluster's other nodes from it.)
#           Same corpus and tiny pages; the nodes' CPU is summed, and one node's streams as
#           /jsz reports them are kept (cluster-jsz.json) to show the replicas and the leaders.
#   machines the corpus again, local and queue alternating, with each "machine" held to its own
#           CPU share by a cgroup quota (root, a writable cgroup cpu controller; skipped otherwise):
#           the local run (parent and 2 workers) to 1 CPU, each agent (parent and its worker) to
#           0.5 CPU, as two machines of half its size; nats-server and the collector are left
#           out of the quotas, as on hosts of their own. On one machine the queue path's processes
#           take CPU from the agents' workers; here each side has what its machines would have.
# The tiny-page runs (lines cycling over 1,000 URLs) take --no-dedup, local and queue alike:
# every line is fetched, so every line is a job through the queue.
# Wall time, the collector's CPU and its peak RSS come from bench/measure.py. The CPU of the
# agents (parent, live workers, and workers already reaped) and of nats-server (or the three
# nodes) is read from /proc just before and just after each collector run: the queue path's CPU
# per URL is the sum of all of them, and its overhead is that minus the local run's CPU per URL.
# After each queue run `queue status` must show no job and no record left.
#
# Prints the Markdown section (for BENCHMARKS.md) to stdout and writes it to --output; the raw
# records are in bench/out/queue/ (results.jsonl from measure.py, parts.jsonl from /proc, the
# runs' outputs and logs). Needs nats-server (apt-get install nats-server), nginx, curl, python3;
# missing Debian packages are installed when running as root. Everything started here (nginx,
# the nats-servers, the agents) is stopped on exit, Ctrl-C included, by its pid; the temporary
# directory (stores, sockets) goes with it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/nginx.sh"
root=$(cd "$here/.." && pwd)
cd "$root"

quick=0 binary="" reps="" tiny_lines="" concurrency=8 corpus_source=auto output="" cluster=1 machines=1 with_corpus=1
command_line="./bench/queue.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --binary) binary=$2; shift ;;
    --reps) reps=$2; shift ;;
    --tiny-lines) tiny_lines=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --corpus) corpus_source=$2; shift ;;
    --output) output=$2; shift ;;
    --no-cluster) cluster=0 ;;
    --no-machines) machines=0 ;;
    --no-corpus) with_corpus=0 machines=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; exit 0 ;;
    *) echo "queue.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
SEED=20261126
if [[ $quick == 1 ]]; then
  PAGES=200 REPS=${reps:-1} TINY=${tiny_lines:-20000}
else
  PAGES=2000 REPS=${reps:-3} TINY=${tiny_lines:-1000000}
fi
if [[ $with_corpus == 0 ]]; then
  [[ $TINY -gt 0 ]] || { echo "queue.sh: --no-corpus with --tiny-lines 0 leaves nothing to run" >&2; exit 2; }
  PAGES=0 REPS=0
fi
CORPUS_TIMEOUT=600 TINY_TIMEOUT=3600
binary=${binary:-$root/bin/webfetch}

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# ---- tools ----------------------------------------------------------------------------
nats=$(command -v nats-server || true)
[[ -z $nats && -x /usr/sbin/nats-server ]] && nats=/usr/sbin/nats-server
need_pkgs=()
[[ -n $nats ]] || need_pkgs+=(nats-server)
command -v nginx >/dev/null || need_pkgs+=(nginx)
command -v curl >/dev/null || need_pkgs+=(curl)
if [[ ${#need_pkgs[@]} -gt 0 ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${need_pkgs[*]}"
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}"; }; } >&2 || true
    nats=$(command -v nats-server || true)
    [[ -z $nats && -x /usr/sbin/nats-server ]] && nats=/usr/sbin/nats-server
  fi
fi
for tool in nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "queue.sh: $tool is required (apt-get install -y $tool)" >&2; exit 2; }
done
[[ -n $nats ]] || { echo "queue.sh: nats-server is required (apt-get install -y nats-server)" >&2; exit 2; }
[[ -x $binary ]] || { echo "queue.sh: $binary is not an executable (build it with ./build.sh, or give --binary)" >&2; exit 2; }
for command in serve run "queue status"; do # each takes --queue in a build with queue mode
  # shellcheck disable=SC2086 # "queue status" is two words
  "$binary" $command --help 2>/dev/null | grep -qE '^ +--queue ' ||
    { echo "queue.sh: '$binary $command' takes no --queue: a build with queue mode is needed" >&2; exit 2; }
done

out=$here/out
dir=$out/queue
rm -rf "$dir"
mkdir -p "$dir"
results=$dir/results.jsonl
parts=$dir/parts.jsonl
output=${output:-$dir/QUEUE.md}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/webfetch-queue-bench.XXXXXX")
nginx_pid="" nats_pids=() agent_pids=() measure_pid=""

stop_pid() { # PID SIGNAL SECONDS: signal, wait up to SECONDS, then SIGKILL
  local pid=$1 signal=$2 seconds=$3
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
stop_queue() { # the agents (they drain), then the nats-servers
  for pid in "${agent_pids[@]}"; do stop_pid "$pid" TERM 30; done
  for pid in "${nats_pids[@]}"; do stop_pid "$pid" TERM 10; done
  agent_pids=() nats_pids=()
}
stop_measured() { # the run measure.py is timing (its own session: a Ctrl-C does not reach it), then measure.py
  local run
  [[ -n $measure_pid ]] || return 0
  for run in $(cat /proc/"$measure_pid"/task/*/children 2>/dev/null); do
    kill -TERM "$run" 2>/dev/null || true # a collector withdraws its jobs, a local run stops its workers
    for _ in $(seq 200); do kill -0 "$run" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$run" 2>/dev/null || true # its process group, whatever is left of it
  done
  stop_pid "$measure_pid" TERM 10
  measure_pid=""
}
cleanup() {
  local status=$?
  stop_measured
  stop_queue
  remove_slices
  [[ -n $nginx_pid ]] && stop_pid "$nginx_pid" TERM 5
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT # the EXIT trap runs then: a Ctrl-C stops the run, the agents, the servers, in that order
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
accepts() { python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$1" 2>/dev/null; }

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "command=$command_line"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel=$(uname -sr)"
  echo "nats=$("$nats" --version 2>&1 | head -1)"
  echo "binary=$binary"
  echo "binary_kind=$([[ -e $(dirname "$binary")/webfetch.dll ]] && echo JIT || echo NativeAOT)"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "pages=$PAGES reps=$REPS tiny=$TINY concurrency=$concurrency seed=$SEED"
  echo "cluster=$cluster"
  echo "machines=$machines"
} >"$dir/machine.env"

# ---- corpus and nginx (shared with bench/run.sh: same key, same directory) -------------
corpus=$out/corpus
key="$PAGES $SEED $corpus_source"
if [[ $with_corpus == 0 ]]; then
  echo "corpus=none (--no-corpus)" >>"$dir/machine.env"
else
  if [[ ! -f $corpus/KEY || "$(cat "$corpus/KEY")" != "$key" ]]; then
    log "preparing the corpus ($PAGES pages, source $corpus_source)"
    python3 "$here/corpus.py" "$corpus" "$PAGES" "$SEED" --source "$corpus_source" >"$tmp/corpus.txt"
    cp "$tmp/corpus.txt" "$corpus/STATS"
    echo "$key" >"$corpus/KEY"
  fi
  echo "corpus=$(cat "$corpus/STATS")" >>"$dir/machine.env"
fi

tiny='location /tiny/ { default_type text/html; return 200 "<!DOCTYPE html><html lang=\"en\"><head><title>tiny</title></head><body><a href=\"/\">home</a></body></html>"; }'
port=$(free_port)
nginx_conf "$tmp/nginx" "$port" "$out" "" "$tiny"
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' 2>>"$tmp/nginx/logs/stderr.log" &
nginx_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$base/tiny/0" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/nginx/logs/stderr.log" >&2; exit 1; }
  sleep 0.05
done

urls=$dir/urls-corpus.txt
if [[ $with_corpus == 1 ]]; then
  ls "$corpus" | grep -E '^p[0-9]+\.html$' | sort | sed "s#^#$base/corpus/#" >"$urls"
fi
tiny_urls=$dir/urls-tiny.txt
python3 -c "
import sys
n, base = int(sys.argv[1]), sys.argv[2]
with open(sys.argv[3], 'w') as f:
    for i in range(n):
        f.write(f'{base}/tiny/{i % 1000}\n')
" "$TINY" "$base" "$tiny_urls"
if [[ $with_corpus == 1 ]]; then
  sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$urls" >"$tmp/curl.cfg"
  log "warming the page cache (one untimed pass with curl)"
  curl -s --parallel --parallel-max 4 -K "$tmp/curl.cfg" >/dev/null 2>&1
fi

# ---- the queue's processes: nats-server(s) and two agents -------------------------------
start_nats() { # NAME PORT [nats-server options]: one JetStream server with its own store; returns once it accepts
  local name=$1 port=$2
  shift 2
  mkdir -p "$tmp/$name"
  # setsid: out of the terminal's process group, so that a Ctrl-C reaches only this script, which
  # stops the servers last (setsid does not fork here: a background job leads no process group)
  setsid "$nats" -js -a 127.0.0.1 -p "$port" -sd "$tmp/$name" -n "$name" "$@" >"$dir/$name.log" 2>&1 &
  nats_pids+=($!)
  for _ in $(seq 200); do
    accepts "$port" && return 0
    kill -0 "${nats_pids[-1]}" 2>/dev/null || { cat "$dir/$name.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "queue.sh: $name did not accept connections on port $port within 10 s" >&2
  exit 1
}

children() { cat /proc/"$1"/task/*/children 2>/dev/null | wc -w; }
has_agents() { python3 -c 'import json,sys; sys.exit(0 if len(json.load(open(sys.argv[1]))["agents"]) >= 2 else 1)' "$1" 2>/dev/null; }
start_agents() { # NAME URL-OF-AGENT-1 URL-OF-AGENT-2: two agents (1 worker each, own TMPDIR and socket), with ${replicas[@]}
  local name=$1 ready=0 started
  shift
  for a in 1 2; do
    mkdir -p "$tmp/$name$a"
    TMPDIR=$tmp/$name$a setsid "$binary" serve --queue "${!a}" "${replicas[@]}" -w 1 -c "$concurrency" --socket "$tmp/$name$a/s" \
      >"$dir/$name$a.out" 2>"$dir/$name$a.log" &
    agent_pids+=($!)
  done
  for _ in $(seq 600); do
    ready=0
    for pid in "${agent_pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "queue.sh: agent $pid exited at start; its log:" >&2; tail -n 20 "$dir/$name"*.log >&2; exit 1; }
      [[ $(children "$pid") -ge 1 ]] && ready=$((ready + 1))
    done
    [[ $ready == 2 ]] && break
    sleep 0.1
  done
  [[ $ready == 2 ]] || { echo "queue.sh: the agents' workers did not start within 60 s" >&2; exit 1; }
  # Their beats, as `queue status` sees them (the status command is part of what is exercised).
  started=$SECONDS
  while [[ $((SECONDS - started)) -lt 30 ]]; do
    "$binary" queue status --queue "$queue" --json >"$dir/status-start.$name.json" 2>/dev/null || true
    has_agents "$dir/status-start.$name.json" && break
    sleep 0.2
  done
  has_agents "$dir/status-start.$name.json" || log "queue status does not list both agents after 30 s (their beats?); going on"
  log "agents ${agent_pids[*]} ready (1 worker x $concurrency each)"
}

nats_port=$(free_port)
queue=nats://127.0.0.1:$nats_port
replicas=()
start_nats nats-server "$nats_port"
log "nats-server ${nats_pids[*]} on $queue"
start_agents agent "$queue" "$queue"

measure() { # LABEL TIMEOUT [measure.py options] -- CMD...: in the background, so that a Ctrl-C meets `wait` and its trap at once
  local label=$1 timeout=$2 status=0
  shift 2
  python3 "$here/measure.py" "$results" "$label" "$timeout" "$@" &
  measure_pid=$!
  wait "$measure_pid" || status=$?
  measure_pid=""
  return "$status"
}
snapshot() { python3 "$here/queue.py" cpu "$(IFS=,; echo "${nats_pids[*]}")" "${agent_pids[@]}"; }

split_options() { # MEASURE-OPTIONS... [-- RUN-OPTIONS...]: into the arrays measure_opts and run_opts
  measure_opts=() run_opts=()
  while [[ $# -gt 0 && $1 != -- ]]; do measure_opts+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  run_opts=("$@")
}
local_run() { # LABEL URLS TIMEOUT MEASURE-OUTPUT-OPTIONS... [-- RUN-OPTIONS...]
  local label=$1 list=$2 timeout=$3
  shift 3
  split_options "$@"
  measure "$label" "$timeout" "${measure_opts[@]}" -- "$binary" run "$list" -w 2 -c "$concurrency" "${run_opts[@]}" -q || true
}
queue_run() { # LABEL URLS TIMEOUT MEASURE-OUTPUT-OPTIONS... [-- RUN-OPTIONS...]: the collector over the running servers and agents
  local label=$1 list=$2 timeout=$3 before after
  shift 3
  split_options "$@"
  for pid in "${agent_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "queue.sh: agent $pid has died; see $dir/*agent*.log" >&2; exit 1; }
  done
  before=$(snapshot)
  measure "$label" "$timeout" "${measure_opts[@]}" -- "$binary" run "$list" --queue "$queue" "${replicas[@]}" "${run_opts[@]}" -q || true
  after=$(snapshot)
  "$binary" queue status --queue "$queue" --json >"$dir/$label.status.json" 2>>"$dir/$label.status.log" || true
  python3 "$here/queue.py" part "$label" "$before" "$after" "$dir/$label.status.json" >>"$parts"
}

# ---- 1. the corpus: two agents x 1 worker against a local run with 2 workers -----------
[[ $with_corpus == 1 ]] && log "corpus: $PAGES pages, $REPS repetition(s), local -w 2 and queue 2 x -w 1 (-c $concurrency), alternating"
for rep in $(seq "$REPS"); do
  order="local queue"
  [[ $((rep % 2)) == 0 ]] && order="queue local"
  for kind in $order; do
    label=corpus.$kind.r$rep
    "${kind}_run" "$label" "$urls" $CORPUS_TIMEOUT --stdout "$dir/$label.out"
  done
done

# ---- 1b. machines of their own: a CPU quota for each (see "machines" in the header) ---------
slices=()
slice_root=""
if [[ $machines == 1 && $(id -u) == 0 && -w /sys/fs/cgroup/cpu && -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
  slice_root=/sys/fs/cgroup/cpu # cgroup v1
elif [[ $machines == 1 && $(id -u) == 0 && -w /sys/fs/cgroup && -f /sys/fs/cgroup/cgroup.controllers ]] &&
  grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
  slice_root=/sys/fs/cgroup # cgroup v2
fi
make_slice() { # NAME CPUS: a cgroup held to CPUS cores; prints its path
  local path=$slice_root/webfetch-bench-$$-$1 quota
  quota=$(python3 -c "print(int(float('$2') * 100000))")
  mkdir -p "$path"
  if [[ -f $path/cpu.cfs_quota_us ]]; then
    echo 100000 >"$path/cpu.cfs_period_us"
    echo "$quota" >"$path/cpu.cfs_quota_us"
  else
    echo "$quota 100000" >"$path/cpu.max"
  fi
  slices+=("$path")
  echo "$path"
}
move_tree() { # PID SLICE: the process and every process below it (threads go with their process)
  local pid=$1 child
  echo "$pid" >"$2/cgroup.procs" 2>/dev/null || true
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do move_tree "$child" "$2"; done
}
remove_slices() { # every process back to the root, then the cgroups removed
  local path pid
  for path in "${slices[@]}"; do
    for pid in $(cat "$path/cgroup.procs" 2>/dev/null); do echo "$pid" >"$slice_root/cgroup.procs" 2>/dev/null || true; done
    rmdir "$path" 2>/dev/null || true
  done
  slices=()
}
if [[ $machines == 1 && -z $slice_root ]]; then
  log "machines: no writable cgroup cpu controller here (or not root): skipped"
  echo "machines=0" >>"$dir/machine.env"
elif [[ $machines == 1 ]]; then
  local_slice=$(make_slice local 1)
  agent_slices=("$(make_slice agent1 0.5)" "$(make_slice agent2 0.5)")
  move_tree "${agent_pids[0]}" "${agent_slices[0]}"
  move_tree "${agent_pids[1]}" "${agent_slices[1]}"
  log "machines: the local run held to 1 CPU, each agent to 0.5 CPU ($slice_root)"
  in_slice=(sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$local_slice")
  for rep in $(seq "$REPS"); do
    order="local queue"
    [[ $((rep % 2)) == 0 ]] && order="queue local"
    for kind in $order; do
      label=machines.$kind.r$rep
      if [[ $kind == local ]]; then
        measure "$label" $CORPUS_TIMEOUT --stdout "$dir/$label.out" -- "${in_slice[@]}" "$binary" run "$urls" -w 2 -c "$concurrency" -q || true
      else
        queue_run "$label" "$urls" $CORPUS_TIMEOUT --stdout "$dir/$label.out"
      fi
    done
  done
  remove_slices
fi

# ---- 2. tiny pages: the queue's own cost per URL, the collector's memory ----------------
if [[ $TINY -gt 0 ]]; then
  log "tiny pages: $TINY lines (cycling over 1,000 URLs of a tiny page, --no-dedup), local then queue"
  local_run tiny.local "$tiny_urls" $TINY_TIMEOUT --count-lines -- --no-dedup
  queue_run tiny.queue "$tiny_urls" $TINY_TIMEOUT --count-lines -- --no-dedup
fi

# the agents' own peak memory, before they stop
python3 "$here/queue.py" rss "${agent_pids[@]}" >"$dir/agents-rss.json"
python3 "$here/queue.py" rss "${nats_pids[@]}" >"$dir/nats-rss.json"

# ---- 3. the same queue runs over a three-node cluster with R3 streams --------------------
jsz() { curl -fsS --max-time 5 "http://127.0.0.1:$1/jsz?$2" 2>/dev/null; }
# a leader, and both other nodes known to it and current (the leader lists them): before that, an
# R3 stream finds "no suitable peers for placement"
meta_leader() { local port; for port in "$@"; do meta_ready "$port" && return 0; done; return 1; }
meta_ready() { jsz "$1" "" | python3 -c '
import json, sys
m = json.load(sys.stdin).get("meta_cluster") or {}
peers = [r for r in (m.get("replicas") or []) if r.get("current") and not r.get("offline")]
sys.exit(0 if m.get("leader") and len(peers) >= 2 else 1)' 2>/dev/null; }
if [[ $cluster == 1 ]]; then
  log "cluster: stopping the one-server queue, starting three nodes"
  stop_queue
  client_ports=() route_ports=() monitor_ports=()
  for n in 1 2 3; do client_ports+=("$(free_port)") route_ports+=("$(free_port)") monitor_ports+=("$(free_port)"); done
  for n in 0 1 2; do
    routes=""
    for m in 0 1 2; do [[ $m != "$n" ]] && routes+="${routes:+,}nats://127.0.0.1:${route_ports[m]}"; done
    start_nats "nats-c$((n + 1))" "${client_ports[n]}" -m "${monitor_ports[n]}" \
      --cluster "nats://127.0.0.1:${route_ports[n]}" --routes "$routes" --cluster_name webfetch-bench
  done
  started=$SECONDS
  until meta_leader "${monitor_ports[@]}"; do
    [[ $((SECONDS - started)) -lt 60 ]] || { echo "queue.sh: the cluster elected no JetStream leader within 60 s; see $dir/nats-c*.log" >&2; exit 1; }
    sleep 0.2
  done
  log "cluster ${nats_pids[*]} on ports ${client_ports[*]}: JetStream leader elected"
  node() { echo "nats://127.0.0.1:${client_ports[$1]}"; }
  queue=$(node 2) # the collector's node; each agent has another, as three machines that each know one node
  replicas=(--queue-replicas 3)
  start_agents cluster-agent "$(node 0)" "$(node 1)"

  [[ $with_corpus == 1 ]] && log "cluster: corpus, $REPS repetition(s)"
  for rep in $(seq "$REPS"); do
    queue_run "corpus.cluster.r$rep" "$urls" $CORPUS_TIMEOUT --stdout "$dir/corpus.cluster.r$rep.out"
  done
  if [[ $TINY -gt 0 ]]; then
    log "cluster: tiny pages, $TINY lines"
    queue_run tiny.cluster "$tiny_urls" $TINY_TIMEOUT --count-lines -- --no-dedup
  fi
  jsz "${monitor_ports[0]}" "streams=true&config=true&consumers=true" >"$dir/cluster-jsz.json" || true
  python3 "$here/queue.py" rss "${agent_pids[@]}" >"$dir/cluster-agents-rss.json"
  python3 "$here/queue.py" rss "${nats_pids[@]}" >"$dir/cluster-nats-rss.json"
fi
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$dir/machine.env"

# ---- report ----------------------------------------------------------------------------
python3 "$here/queue.py" report "$dir" "$output"
cat "$output"
log "report written to $output"
