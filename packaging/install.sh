#!/usr/bin/env bash
# Installs a published webfetch (the NativeAOT binary and libMonoPosixHelper.so, as ./build.sh
# leaves them in ./bin) under a prefix, in the places a Unix user expects:
#   PREFIX/lib/webfetch/webfetch, PREFIX/lib/webfetch/libMonoPosixHelper.so,
#   PREFIX/bin/webfetch -> ../lib/webfetch/webfetch (the binary finds its library beside itself)
#   PREFIX/share/man/man1/webfetch.1, and the bash, zsh and fish completions, when the binary
#   can generate them.
# Usage: packaging/install.sh install|uninstall FROM_DIR PREFIX   (DESTDIR is honoured, as make's is)
set -euo pipefail

action=${1:?install or uninstall}
from=${2:?the folder of the published binary}
prefix=${3?the prefix, e.g. /usr/local}
root="${DESTDIR:-}$prefix"

files=(
  lib/webfetch/webfetch
  lib/webfetch/libMonoPosixHelper.so
  bin/webfetch
  share/man/man1/webfetch.1
  share/bash-completion/completions/webfetch
  share/zsh/site-functions/_webfetch
  share/fish/vendor_completions.d/webfetch.fish
)

generated() { # FILE ARGS...: writes what the binary prints for ARGS, if it can
  local file=$1
  shift
  local made
  made=$(mktemp)
  if "$from/webfetch" "$@" >"$made" 2>/dev/null && [[ -s "$made" ]]; then
    install -D -m 0644 "$made" "$file"
  fi
  rm -f "$made"
}

case "$action" in
  install)
    [[ -x "$from/webfetch" && -f "$from/libMonoPosixHelper.so" ]] ||
      { echo "no published webfetch in $from: run ./build.sh first" >&2; exit 2; }
    install -d -m 0755 "$root/bin" "$root/lib/webfetch"
    install -m 0755 "$from/webfetch" "$root/lib/webfetch/webfetch"
    install -m 0644 "$from/libMonoPosixHelper.so" "$root/lib/webfetch/libMonoPosixHelper.so"
    ln -sfn ../lib/webfetch/webfetch "$root/bin/webfetch"
    generated "$root/share/man/man1/webfetch.1" man
    generated "$root/share/bash-completion/completions/webfetch" completion bash
    generated "$root/share/zsh/site-functions/_webfetch" completion zsh
    generated "$root/share/fish/vendor_completions.d/webfetch.fish" completion fish
    echo "installed webfetch in $root" >&2
    ;;
  uninstall)
    for file in "${files[@]}"; do
      rm -f "$root/$file"
    done
    rmdir "$root/lib/webfetch" 2>/dev/null || true
    echo "removed webfetch from $root" >&2
    ;;
  *)
    echo "usage: packaging/install.sh install|uninstall FROM_DIR PREFIX" >&2
    exit 2
    ;;
esac
