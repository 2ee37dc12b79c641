#!/usr/bin/env bash
# Per-worker peak RSS of webfetch on the bench corpus at the defaults (`webfetch run URLS -q`:
# as many workers as cores, 8 fetches in flight per worker), with its pages/s. Not a test: it
# measures. The same corpus, server and measure.py as bench/run.sh's CPU-bound scenario.
#
#   ./bench/worker-rss.sh               2,000 pages, 5 runs (about a minute after the build)
#   ./bench/worker-rss.sh --quick       200 pages, 2 runs
#   options: --binary PATH   measure this published webfetch instead of building one (./build.sh)
#            --runs N        runs (the table gives each and the median)
#            --corpus SOURCE auto (default), rustdoc or generated (see bench/corpus.py)
#            --label NAME    names the runs in the results (default: the commit)
#
# Each run's record (bench/measure.py) goes to bench/out/worker-rss/results.jsonl; a Markdown
# table of this invocation's runs is printed to stdout. A worker's peak is its VmHWM (the
# kernel's high-water mark of its resident set), read every 20 ms until it exits.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/nginx.sh"
root=$(cd "$here/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

quick=0 binary="" runs="" corpus_source=auto label=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --binary) binary=$2; shift ;;
    --runs) runs=$2; shift ;;
    --corpus) corpus_source=$2; shift ;;
    --label) label=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "worker-rss.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
SEED=20261126
if [[ $quick == 1 ]]; then PAGES=200 RUNS=${runs:-2}; else PAGES=2000 RUNS=${runs:-5}; fi
if [[ -z $label ]]; then
  label=$(git rev-parse --short HEAD)
  [[ -z $(git status --porcelain -- WebFetch.Cli) ]] || label=$label-dirty
fi

for tool in nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "worker-rss.sh: $tool is required (apt-get install -y $tool)" >&2; exit 2; }
done

out=$here/out
dir=$out/worker-rss
mkdir -p "$dir"
results=$dir/results.jsonl
tmp=$(mktemp -d "${TMPDIR:-/tmp}/webfetch-rss.XXXXXX")
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

if [[ -z $binary ]]; then
  log "building webfetch (NativeAOT)"
  ./build.sh >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }
  binary=$root/bin/webfetch
fi
[[ -x $binary ]] || { echo "worker-rss.sh: $binary is not an executable" >&2; exit 2; }

# the corpus, shared with bench/run.sh (same key, same directory)
corpus=$out/corpus
key="$PAGES $SEED $corpus_source"
if [[ ! -f $corpus/KEY || "$(cat "$corpus/KEY")" != "$key" ]]; then
  log "preparing the corpus ($PAGES pages, source $corpus_source)"
  python3 "$here/corpus.py" "$corpus" "$PAGES" "$SEED" --source "$corpus_source" >"$tmp/corpus.txt"
  cp "$tmp/corpus.txt" "$corpus/STATS"
  echo "$key" >"$corpus/KEY"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nginx_conf "$tmp/nginx" "$port" "$out"
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' 2>>"$tmp/nginx/logs/stderr.log" &
nginx_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$base/corpus/p0000.html" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/nginx/logs/stderr.log" >&2; exit 1; }
  sleep 0.05
done

urls=$tmp/urls.txt
ls "$corpus" | grep -E '^p[0-9]+\.html$' | sort | sed "s#^#$base/corpus/#" >"$urls"
sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$urls" >"$tmp/curl.cfg"
log "warming the page cache"
curl -s --parallel --parallel-max 4 -K "$tmp/curl.cfg" >/dev/null 2>&1

first=0; [[ -f $results ]] && first=$(wc -l <"$results")
log "webfetch run (defaults: $(nproc) workers, 8 in flight each), $PAGES pages, $RUNS runs, label $label"
for r in $(seq "$RUNS"); do
  python3 "$here/measure.py" "$results" "rss.$label.r$r" 600 --count-lines -- "$binary" run "$urls" -q || true
done

python3 - "$results" "$first" "$PAGES" "$label" "$(nproc)" <<'PY'
import json, statistics, sys
path, first, pages, label, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rows = [json.loads(l) for l in open(path).read().splitlines()[first:]]
print(f"Per-worker peak RSS, `webfetch run URLS -q` (defaults on {cores} cores), {pages} corpus pages, label {label}\n")
print("| Run | Wall s | Pages/s | CPU s | Worker peak RSS MB (largest) | Each worker's peak MB | Workers' RSS sum MB | Parent MB | Records |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['label']} | {r['wall_s']:.2f} | {pages / r['wall_s']:.0f} | {r['cpu_s']:.2f} | {r['worker_peak_rss_mb']:.0f} | "
          f"{', '.join(f'{v:.0f}' for v in r['children_peak_rss_each_mb'])} | {r['children_peak_rss_mb']:.0f} | "
          f"{r['parent_peak_rss_mb']:.0f} | {r['stdout_lines']} |")
if rows:
    med = lambda k: statistics.median(x[k] for x in rows)
    print(f"| **median** | {med('wall_s'):.2f} | {pages / med('wall_s'):.0f} | {med('cpu_s'):.2f} | "
          f"**{med('worker_peak_rss_mb'):.0f}** (max {max(x['worker_peak_rss_mb'] for x in rows):.0f}) | | "
          f"{med('children_peak_rss_mb'):.0f} | {med('parent_peak_rss_mb'):.0f} | |")
PY
