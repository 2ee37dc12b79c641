#!/usr/bin/env bash
# webfetch build entry point.
#   ./build.sh          restore, build and publish the CLI (NativeAOT) to ./bin/webfetch
#   ./build.sh test     publish the NativeAOT binary (unless ./bin/webfetch is newer than its sources),
#                       then build and run every test, the binary's smoke tests included;
#                       ends with a line "N passed, N failed"
#   ./build.sh demo     publish, serve a small local site on 127.0.0.1, run webfetch over it
#   ./build.sh install [PREFIX]    publish if needed, install under PREFIX (default /usr/local)
#   ./build.sh uninstall [PREFIX]  remove what install put there
#   ./build.sh dist     publish if needed, then dist/webfetch-VERSION-linux-x64.tar.gz and
#                       dist/webfetch_VERSION_amd64.deb, which install the same files, and the
#                       dotnet tool packages dist/webfetch.VERSION.nupkg, dist/webfetch.linux-x64.VERSION.nupkg
# Needs the .NET 10 SDK (packages come from the configured NuGet feed); the tests also need
# nats-server and chromium, installed with apt-get when missing and run as root.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

publish() {
  rm -rf bin
  # NativeAOT: a worker starts in ~10 ms instead of ~120 ms under the JIT (see BENCHMARKS.md).
  # WEBFETCH_JIT=1 publishes a framework-dependent build instead (faster to build).
  if [[ "${WEBFETCH_JIT:-0}" == 1 ]]; then
    dotnet publish WebFetch.Cli/WebFetch.Cli.csproj -c Release -o bin --nologo -v quiet || return 1
  else
    dotnet publish WebFetch.Cli/WebFetch.Cli.csproj -c Release -r linux-x64 -p:PublishAot=true -p:OptimizationPreference=Speed -o bin --nologo -v quiet || return 1
  fi
  rm -f bin/*.dbg
  echo "built ./bin/webfetch" >&2
}

# True when ./bin/webfetch is a NativeAOT build (no webfetch.dll beside it) newer than every
# file it could be built from (everything but the tests, the benchmarks, the demo and the docs).
published_binary_is_fresh() {
  [[ -x bin/webfetch && ! -e bin/webfetch.dll ]] || return 1
  local newer
  newer=$(find . \( -name .git -o -name bin -o -name obj -o -name TestResults -o -path ./WebFetch.Tests \
    -o -path ./bench -o -path ./demo -o -path ./docs -o -path ./.ci -o -path ./packaging -o -path ./dist \) -prune \
    -o -type f ! -name '*.md' -newer bin/webfetch -print -quit)
  [[ -z "$newer" ]]
}

# The queue tests (WebFetch.Tests/Queue) start real NATS servers: Debian's nats-server, installed
# here when it is missing and this is root; otherwise the run stops and says how to get it.
need_nats_server() {
  command -v nats-server >/dev/null || [[ -x /usr/sbin/nats-server ]] && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing nats-server (apt-get install nats-server), which the queue tests start" >&2
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server ||
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server; }; } >&2 && return 0
  fi
  echo "the tests need nats-server: install it (Debian: apt-get install nats-server) and run again" >&2
  return 1
}

run_tests() {
  if ! need_nats_server; then
    echo "0 passed, 1 failed"
    return 1
  fi
  # the report tests render HTML in headless chromium (installed when root; they skip without it)
  .ci/install-chromium || true
  # the smoke tests (WebFetch.Tests/EndToEnd/PublishedBinaryTests.cs) run the binary users get
  if published_binary_is_fresh; then
    echo "reusing ./bin/webfetch, newer than its sources" >&2
  elif ! WEBFETCH_JIT=0 publish; then
    echo "publishing the NativeAOT binary failed"
    echo "0 passed, 1 failed"
    return 1
  fi
  export WEBFETCH_AOT="$PWD/bin/webfetch"

  local log
  log=$(mktemp)
  set +e
  dotnet test webfetch.sln -c Debug --nologo \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout 10m -- RunConfiguration.TestSessionTimeout=1800000 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  # VSTest's closing summary: "Total tests: N" then "Passed: N", "Failed: N", "Skipped: N" lines.
  local passed failed skipped
  if ! grep -qE '^Total tests: [0-9]+' "$log"; then
    rm -f "$log"
    echo "0 passed, 1 failed"
    return 1
  fi
  # the failures again, last, where a reader of the log's tail sees them (each cut at 60 lines)
  awk '/^  Failed /{show=1; n=0; print "---"} /^  (Passed|Skipped) /{show=0}
       /^(Test Run|Total tests|Data collector|\[xUnit)/{show=0}
       show && n++ < 60' "$log"
  { grep -E '^  Failed ' "$log" || true; } | sed 's/^  Failed /failed: /' # no failure is no error (pipefail)
  count() { grep -E "^ +$1: [0-9]+\$" "$log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
  passed=$(count Passed)
  failed=$(count Failed)
  skipped=$(count Skipped)
  rm -f "$log"
  if [[ "$status" != 0 && "$failed" == 0 ]]; then failed=1; fi
  echo "$passed passed, $failed failed, $skipped skipped"
  return "$status"
}

# ./bin/webfetch as NativeAOT, published again only when a source is newer
published() {
  if published_binary_is_fresh; then
    return 0
  fi
  WEBFETCH_JIT=0 publish
}

version() {
  sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' WebFetch.Cli/WebFetch.Cli.csproj | head -1
}

case "${1:-build}" in
  build) publish ;;
  install) published && packaging/install.sh install bin "${2:-/usr/local}" ;;
  uninstall) packaging/install.sh uninstall bin "${2:-/usr/local}" ;;
  dist) published && rm -rf dist && packaging/dist.sh bin dist "$(version)" && packaging/dotnet-tool.sh bin dist "$(version)" ;;
  test) run_tests ;;
  demo) publish && exec demo/run-demo.sh ./bin/webfetch ;;
  *) echo "usage: ./build.sh [build|test|demo|install [PREFIX]|uninstall [PREFIX]|dist]" >&2; exit 2 ;;
esac
