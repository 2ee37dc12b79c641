#!/usr/bin/env bash
# Runs webfetch against a small local web site and shows what it reports.
#
#   demo/run-demo.sh BINARY        e.g. demo/run-demo.sh ./bin/webfetch
#
# Builds demo/DemoSite (ASP.NET Core, shared framework only), serves demo/site on a free
# port of 127.0.0.1, fetches every page plus a redirect, a 404, non-HTML files, a slow page,
# a closed port and a line that is not a URL, with 3 workers, then prints a summary.
# Nothing leaves this machine. The server is always stopped and the temporary files removed.
# Exits 0 when the demo ran (webfetch's exit 1 for the expected failures is reported, not
# passed on); non-zero when the demo itself could not run.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: demo/run-demo.sh BINARY" >&2
  exit 2
fi
if [[ ! -x "$1" ]]; then
  echo "run-demo: $1 is not an executable (build it with ./build.sh)" >&2
  exit 2
fi
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/larkspur-demo.XXXXXX")
server_pid=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  if kill -TERM "$server_pid" 2>/dev/null; then
    # Kestrel stops in a second or two; do not wait forever
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Build the site quietly (no build servers left running afterwards).
echo "building the demo site..." >&2
if ! dotnet build "$here/DemoSite/DemoSite.csproj" -c Release --nologo -v quiet \
    --disable-build-servers -nodeReuse:false -p:UseSharedCompilation=false >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "run-demo: building demo/DemoSite failed" >&2
  exit 1
fi
site_dll="$here/DemoSite/bin/Release/net10.0/DemoSite.dll"

# 2. Serve it on a free port (port 0: the kernel picks one) and wait until it listens.
dotnet "$site_dll" 0 "$here/site" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
base=""
for _ in $(seq 300); do # 30 s
  base=$(sed -n 's/^listening on //p' "$work/server.out" 2>/dev/null | head -n 1)
  [[ -n "$base" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/server.err" >&2
    echo "run-demo: the demo site exited before it listened" >&2
    server_pid=""
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$base" ]]; then
  cat "$work/server.err" >&2
  echo "run-demo: the demo site did not listen within 30 s" >&2
  exit 1
fi
echo "demo site: $base (pages from demo/site)" >&2

# 3. The URL list: every page, then the cases that are not a plain 200 HTML page.
list="$work/urls.txt"
cat >"$list" <<EOF
# Pages of the demo site
$base/
$base/about.html
$base/articles/release-2-0.html
$base/articles/idempotent-jobs.html
$base/docs/
$base/docs/install.html
$base/docs/configuration.html
$base/fr/

# Not plain pages
$base/old-home
$base/missing
$base/data.json
$base/report.pdf
$base/slow

# Failures
http://127.0.0.1:1/
not a url
EOF
urls=$(grep -cv -e '^#' -e '^$' "$list")

# 4. Run webfetch; records stream as they complete (the log goes to stderr).
echo "running: webfetch run urls.txt --workers 3   ($urls lines)" >&2
records="$work/records.jsonl"
started=$(date +%s%N)
set +e
if command -v jq >/dev/null 2>&1; then
  "$binary" run "$list" --workers 3 | tee "$records" | jq -c '{url,status,title,error:.error.kind}'
  statuses=("${PIPESTATUS[@]}")
else
  "$binary" run "$list" --workers 3 | tee "$records"
  statuses=("${PIPESTATUS[@]}")
fi
set -e
finished=$(date +%s%N)
code=${statuses[0]}

# 5. Summary.
total=$(wc -l <"$records" | tr -d ' ')
answered=$(grep -c '"error":null' "$records" || true)
failed=$((total - answered))
wall=$(((finished - started) / 1000000))
case "$code" in
  0) meaning="every URL got an HTTP response" ;;
  1) meaning="some URLs failed, as expected: the closed port and the invalid line" ;;
  *) meaning="unexpected" ;;
esac
echo
echo "records:   $total (input lines that are not comments: $urls)"
echo "responses: $answered (an HTTP answer, whatever its status: the 404 is one)"
echo "failed:    $failed"
echo "exit code: $code ($meaning)"
printf 'wall time: %d.%03d s\n' $((wall / 1000)) $((wall % 1000))

stop_server
if [[ "$code" != 0 && "$code" != 1 ]]; then
  exit 1
fi
exit 0
