#!/usr/bin/env bash
# `webfetch crawl` measured (issue 18), all on this machine, nothing leaving it. Not a test:
# it measures.
#
#   ./bench/crawl.sh              1,000,000 synthetic URLs, then the Rust documentation at depth 2
#                                 (the synthetic part takes tens of minutes on 2 cores)
#   ./bench/crawl.sh --quick      20,000 synthetic URLs, the documentation at depth 1 (a few minutes)
#   options: --binary PATH        the webfetch to measure (default ./bin/webfetch, from ./build.sh)
#            --urls N             URLs of the synthetic crawl (default 1,000,000; --quick: 20,000; 0: none)
#            --depth D            depth of the documentation crawl, for every contender (default 2; --quick: 1;
#                                 inf: no limit, webfetch's default, wget2 -l inf, linkchecker -r -1)
#            --no-peers           the synthetic crawl only
#            --reps N             pairs of the documentation crawl and the plain run of its URLs, one after
#                                 the other (default 1): the report gives each pair's ratios and their medians
#            --linkchecker-timeout S   LinkChecker's run is stopped after S seconds and its rate noted
#                                 (default 900; --quick: 120)
#            --output FILE        where the Markdown goes too (default bench/out/crawl/CRAWL.md)
#
# (a) Large site: a synthetic site made by nginx from the path, on 127.0.0.1: /s/P is a page
#     that links to /s/ and to /s/P0 ... /s/P9, so the site has no end; `webfetch crawl /s/
#     --max-urls N` takes exactly N URLs, breadth-first (most of the last levels wait in the
#     frontier at once: what makes it spill to disk). Measured: wall time, URLs/s, the parent's
#     peak RSS (VmHWM, bench/measure.py), the workers' peak.
# (b) Peers: the local Rust documentation (a rustup toolchain's share/doc/rust/html, the corpus
#     of bench/run.sh) served by nginx, crawled from std/index.html at the same depth, the
#     whole host in scope, robots.txt obeyed, by
#        webfetch crawl START --depth D --scope host --no-external -w 2 -q
#        webfetch run URLS -w 2 -q              (the URLs that crawl fetched: the crawl's own cost)
#        wget2 --spider -r -l D                 (same host by default; --max-threads 5, its default)
#        linkchecker -r D                       (external links are not checked by default; 10 threads)
#     Requests are counted in nginx's access log (one log, read by line ranges per run), and so
#     are the URLs answered 400 or more: the same measure for every contender. Defects reported
#     are each one's own count (webfetch's error records, LinkChecker's invalid rows).
#
# Prints the Markdown (for BENCHMARKS.md) and writes it to --output; the raw records are in
# bench/out/crawl/ (results.jsonl from measure.py, the outputs and stderr of every run). Needs
# nginx, wget2, linkchecker, curl, jq, python3; missing Debian packages are installed when
# running as root. Everything started here (nginx) is stopped on exit, by its pid.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/nginx.sh"
root=$(cd "$here/.." && pwd)
cd "$root"

quick=0 binary="" urls="" depth="" peers=1 lc_timeout="" output="" reps=1
command_line="./bench/crawl.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --binary) binary=$2; shift ;;
    --urls) urls=$2; shift ;;
    --depth) depth=$2; shift ;;
    --no-peers) peers=0 ;;
    --reps) reps=$2; shift ;;
    --linkchecker-timeout) lc_timeout=$2; shift ;;
    --output) output=$2; shift ;;
    -h|--help) sed -n '2,39p' "$0"; exit 0 ;;
    *) echo "crawl.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "crawl.sh: --reps takes a whole number of pairs, 1 or more (got '$reps')" >&2; exit 2; }
if [[ $quick == 1 ]]; then
  URLS=${urls:-20000} DEPTH=${depth:-1} LC_TIMEOUT=${lc_timeout:-120}
else
  URLS=${urls:-1000000} DEPTH=${depth:-2} LC_TIMEOUT=${lc_timeout:-900}
fi
SYNTH_TIMEOUT=7200 DOC_TIMEOUT=1800

dir=$here/out/crawl
output=${output:-$dir/CRAWL.md}
mkdir -p "$dir"
rm -f "$dir"/results.jsonl "$dir"/results.jsonl.* "$dir"/parts.txt "$dir"/*.out "$dir"/*.urls
results=$dir/results.jsonl
parts=$dir/parts.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/webfetch-crawl-bench.XXXXXX")
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

# ---- 0. tools and the binary ------------------------------------------------------------
need_pkgs=()
command -v nginx >/dev/null || need_pkgs+=(nginx)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v jq >/dev/null || need_pkgs+=(jq)
if [[ $peers == 1 ]]; then
  command -v wget2 >/dev/null || need_pkgs+=(wget2)
  command -v linkchecker >/dev/null || need_pkgs+=(linkchecker)
fi
if [[ ${#need_pkgs[@]} -gt 0 ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${need_pkgs[*]}"
    apt-get update -qq >"$dir/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >>"$dir/apt.log" 2>&1 \
      || log "apt-get install failed (see $dir/apt.log); going on with what is there"
  else
    log "missing: ${need_pkgs[*]}; install with: apt-get update && apt-get install -y ${need_pkgs[*]}"
  fi
fi
for tool in nginx curl python3 jq; do
  command -v "$tool" >/dev/null || { echo "crawl.sh: $tool is required" >&2; exit 2; }
done
if [[ -z $binary ]]; then
  binary=$root/bin/webfetch
  if [[ ! -x $binary ]]; then
    log "building webfetch (./build.sh)"
    ./build.sh >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }
  fi
fi
[[ -x $binary ]] || { echo "crawl.sh: $binary is not an executable" >&2; exit 2; }

html=""
if [[ $peers == 1 ]]; then
  for candidate in ~/.rustup/toolchains/*/share/doc/rust/html /usr/local/rustup/toolchains/*/share/doc/rust/html; do
    [[ -f $candidate/std/index.html ]] && { html=$candidate; break; }
  done
  [[ -n $html ]] || { log "no Rust documentation found (rustup component add rust-docs): peers skipped"; peers=0; }
fi

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "command=$command_line"
  echo "commit=$(git rev-parse HEAD) $(git log -1 --format=%s)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel=$(uname -sr)"
  echo "binary=$binary $("$binary" --version 2>/dev/null | head -1)"
  echo "nginx=$(nginx -v 2>&1 | sed 's/.*nginx\///')"
  command -v wget2 >/dev/null && echo "wget2=$(wget2 --version | head -1 | awk '{print $3}')"
  command -v linkchecker >/dev/null && echo "linkchecker=$(linkchecker --version 2>/dev/null | head -1 | awk '{print $2}')"
  echo "html=$html"
  echo "urls=$URLS depth=$DEPTH linkchecker_timeout=$LC_TIMEOUT"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$dir/machine.env"

# ---- 1. nginx: the synthetic site and the documentation ---------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
links=""
for k in 0 1 2 3 4 5 6 7 8 9; do links+="<a href=\\\"\${uri}$k\\\">$k</a> "; done
server="location /s/ { default_type text/html; return 200 \"<!doctype html><html><head><title>\$uri</title></head><body><a href=\\\"/s/\\\">home</a> $links</body></html>\"; }"
if [[ -n $html ]]; then
  server+="
    location /doc/ {
      alias $html/;
      access_log $tmp/access.log;
      types { text/html html; text/css css; application/javascript js; image/svg+xml svg; image/png png; font/woff2 woff2; application/json json; }
    }"
fi
mkdir -p "$tmp/www"
# nginx started by root runs its workers as nobody, who may not read a toolchain under ~root
main=""
[[ $(id -u) == 0 ]] && main="user root;"
start_nginx() {
  local port=$1
  nginx_conf "$tmp/nginx" "$port" "$tmp/www" "$main" "$server"
  nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' 2>>"$tmp/nginx/logs/stderr.log" &
  nginx_pid=$!
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/s/" 2>/dev/null && return 0
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
log "nginx on 127.0.0.1:$port (pid $nginx_pid)"

measure() { # LABEL TIMEOUT [measure.py options] -- CMD...
  local label=$1 timeout=$2
  shift 2
  python3 "$here/measure.py" "$results" "$label" "$timeout" "$@" || true
}
log_lines() { [[ -f $tmp/access.log ]] && wc -l <"$tmp/access.log" || echo 0; }
peer() { # LABEL TIMEOUT [measure.py options] -- CMD...: one contender, its requests' lines in the access log noted
  local label=$1 from to
  from=$(log_lines)
  measure "$@"
  sleep 0.2 # nginx writes its log line after the response
  to=$(log_lines)
  echo "$label $from $to" >>"$parts"
}

# ---- 2. (a) the synthetic site ----------------------------------------------------------
if [[ $URLS -gt 0 ]]; then
  log "synthetic: webfetch crawl of $URLS URLs"
  measure synthetic $SYNTH_TIMEOUT --count-lines -- \
    "$binary" crawl "http://127.0.0.1:$port/s/" --max-urls "$URLS" --no-external -w 2 # not -q: its stderr says whether the frontier spilled
fi

# ---- 3. (b) the documentation, against wget2 and LinkChecker -----------------------------
if [[ $peers == 1 ]]; then
  start="http://127.0.0.1:$port/doc/std/index.html"
  curl -fsS -o /dev/null "$start" || { echo "crawl.sh: $start does not answer" >&2; exit 1; }
  depth_args=(--depth "$DEPTH") lc_depth=$DEPTH
  [[ $DEPTH == inf ]] && depth_args=() lc_depth=-1
  log "documentation: webfetch crawl, depth $DEPTH"
  peer doc.crawl $DOC_TIMEOUT --stdout "$dir/doc.crawl.out" -- \
    "$binary" crawl "$start" "${depth_args[@]}" --scope host --no-external -w 2 -q
  jq -r 'select(.status != null) | .url' "$dir/doc.crawl.out" >"$dir/doc.crawl.urls" || true
  log "documentation: webfetch run over the $(wc -l <"$dir/doc.crawl.urls") URLs the crawl fetched"
  peer doc.run $DOC_TIMEOUT --count-lines -- "$binary" run "$dir/doc.crawl.urls" -w 2 -q
  for ((rep = 2; rep <= reps; rep++)); do
    log "documentation: crawl and run again (pair $rep of $reps)"
    measure "doc.crawl.r$rep" $DOC_TIMEOUT --count-lines -- \
      "$binary" crawl "$start" "${depth_args[@]}" --scope host --no-external -w 2 -q
    measure "doc.run.r$rep" $DOC_TIMEOUT --count-lines -- "$binary" run "$dir/doc.crawl.urls" -w 2 -q
  done
  if command -v wget2 >/dev/null; then
    log "documentation: wget2 --spider -r -l $DEPTH"
    mkdir -p "$tmp/wget2"
    peer doc.wget2 $DOC_TIMEOUT --stdout "$dir/doc.wget2.out" -- \
      wget2 --spider -r -l "$DEPTH" -P "$tmp/wget2" -o "$dir/doc.wget2.log" "$start"
  fi
  if command -v linkchecker >/dev/null; then
    log "documentation: linkchecker -r $DEPTH (at most $LC_TIMEOUT s)"
    peer doc.linkchecker "$LC_TIMEOUT" --stdout "$dir/doc.linkchecker.out" -- \
      linkchecker -r "$lc_depth" --no-status -o csv --ignore-url '^(?!http://127\.0\.0\.1)' "$start"
  fi
  cp "$tmp/access.log" "$dir/access.log" 2>/dev/null || true
fi
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$dir/machine.env"

# ---- report ------------------------------------------------------------------------------
python3 "$here/crawl.py" "$dir" "$output"
cat "$output"
log "report written to $output"
