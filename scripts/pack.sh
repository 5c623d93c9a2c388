#!/usr/bin/env bash
# Packs every package into artifacts/packages (or the folder given), nothing is published:
#   LiveViews, LiveViews.Redis, LiveViews.Testing, LiveViews.Testing.Playwright (each .<v>.nupkg + .snupkg symbols),
#   LiveViews.Templates.<v>.nupkg, liveviews-client-<v>.tgz (npm, with liveviews-client/testing).
# Usage: scripts/pack.sh [OUTPUT_DIR] [--version-suffix SUFFIX]   (e.g. --version-suffix preview.1 → 0.1.0-preview.1;
# the npm package keeps the plain version). The version itself is VersionPrefix in Directory.Build.props.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/packages
suffix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version-suffix) suffix="${2:?--version-suffix needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done

LV_SKIP_CHROMIUM=1 scripts/install-prerequisites.sh
mkdir -p "$out"
out="$(cd "$out" && pwd)"

version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)"
client_version="$(node -p "require('./client/package.json').version")"
if [ "$client_version" != "$version" ]; then
  echo "client/package.json has version $client_version but Directory.Build.props has $version: make them equal" >&2
  exit 1
fi

args=(-c Release -nologo -v q -o "$out")
[ -n "$suffix" ] && args+=("-p:VersionSuffix=$suffix")
# LiveViews first: the others reference it, so their packs find it built (and depend on this very version).
for project in LiveViews LiveViews.Redis LiveViews.Testing LiveViews.Testing.Playwright LiveViews.Templates; do
  echo "==> dotnet pack $project (${version}${suffix:+-$suffix})"
  dotnet pack "src/$project/$project.csproj" "${args[@]}"
done

echo "==> npm pack liveviews-client ($version)"
npm run --silent build:client-package
(cd client && npm pack --silent --pack-destination "$out" >/dev/null)

ls -l "$out"
