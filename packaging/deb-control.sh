#!/usr/bin/env bash
# Prints the Debian control file of webfetch VERSION whose files are staged in ROOT.
# Usage: packaging/deb-control.sh VERSION ROOT
set -euo pipefail
version=${1:?version}
root=${2:?staged root}
size=$(du -sk "$root" | cut -f1)
cat <<CONTROL
Package: webfetch
Version: $version
Architecture: amd64
Maintainer: webfetch maintainers <webfetch@localhost>
Installed-Size: $size
Depends: libc6 (>= 2.31)
Section: web
Priority: optional
Description: fetch many URLs through a pool of pre-started worker processes
 webfetch reads URLs from files or stdin, fetches each through a pool of
 worker processes on a private Unix socket, parses the pages and writes one
 JSON Lines record per input line to stdout. It is made for shell pipelines
 and cron jobs: data on stdout, logs on stderr, meaningful exit codes.
CONTROL
