#!/usr/bin/env bash
# Makes the release tarball and the Debian package of a published webfetch; both install the
# same files as packaging/install.sh.
#   OUT/webfetch-VERSION-linux-x64.tar.gz   a prefix tree: tar -C /usr/local --strip-components=1 -xzf ...
#   OUT/webfetch_VERSION_amd64.deb          dpkg -i ...; its files under /usr
# Usage: packaging/dist.sh FROM_DIR OUT_DIR VERSION
set -euo pipefail
from=${1:?the folder of the published binary}
out=${2:?the folder to write to}
version=${3:?the version}
here=$(cd "$(dirname "$0")" && pwd)
name="webfetch-$version-linux-x64"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"
DESTDIR="$stage/tar/$name" "$here/install.sh" install "$from" "" 2>/dev/null
tar -C "$stage/tar" --owner=0 --group=0 -czf "$out/$name.tar.gz" "$name"
DESTDIR="$stage/deb" "$here/install.sh" install "$from" /usr 2>/dev/null
install -d "$stage/deb/DEBIAN"
"$here/deb-control.sh" "$version" "$stage/deb" >"$stage/deb/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip --build "$stage/deb" "$out/webfetch_${version}_amd64.deb" >/dev/null
echo "built $out/$name.tar.gz and $out/webfetch_${version}_amd64.deb" >&2
