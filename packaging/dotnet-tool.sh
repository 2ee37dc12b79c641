#!/usr/bin/env bash
# Makes the dotnet tool packages of a published webfetch, for `dotnet tool install` from a
# folder or a feed, without the .NET SDK's NativeAOT toolchain on the installing machine:
#   OUT/webfetch.VERSION.nupkg             the tool (names the package for each runtime)
#   OUT/webfetch.linux-x64.VERSION.nupkg   the NativeAOT binary and libMonoPosixHelper.so
# Install: dotnet tool install --global webfetch --add-source OUT --version VERSION
# Usage: packaging/dotnet-tool.sh FROM_DIR OUT_DIR VERSION   (needs the .NET SDK to pack)
set -euo pipefail
from=$(cd "${1:?the folder of the published binary}" && pwd)
out=${2:?the folder to write to}
version=${3:?the version}
here=$(cd "$(dirname "$0")" && pwd)
[[ -x "$from/webfetch" && -f "$from/libMonoPosixHelper.so" ]] ||
  { echo "no published webfetch in $from: run ./build.sh first" >&2; exit 2; }
# packed from a copy, so that restore's obj/ and bin/ stay out of the source tree
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$here"/dotnet-tool/* "$stage"/
mkdir -p "$out"
out=$(cd "$out" && pwd)
for nuspec in webfetch.nuspec webfetch.linux-x64.nuspec; do
  dotnet pack "$stage/pack.proj" --nologo -v quiet -p:NuspecFile="$nuspec" \
    -p:ToolVersion="$version" -p:ToolBin="$from" -o "$out"
done
echo "built $out/webfetch.$version.nupkg and $out/webfetch.linux-x64.$version.nupkg" >&2
