#!/usr/bin/env bash
# Checks the packages as a user gets them, nothing from this checkout but the packed files:
#   packs every package into a temporary local feed (unique pre-release version, so no cache can serve another build),
#   installs LiveViews.Templates from that feed into a temporary template hive (the user's templates are untouched),
#   `dotnet new liveview -o <tmp>/MyApp`, builds it (LiveViews from the feed only, other packages from the usual sources,
#   into a temporary NuGet package folder), starts it on 127.0.0.1, requests /counter, /todos and the client script,
#   drives both pages in Debian's chromium (live events, axe-core WCAG 2.1 AA, focus), breaks a binding and expects the packaged analyzer to fail the build, and bundles a consumer of the npm package.
# Usage: scripts/test-packages.sh [RESULTS_DIR]   writes RESULTS_DIR/packages.checks ("passed: …" / "failed: …" lines).
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
results="${1:-.test-results}"
mkdir -p "$results"
checks="$(cd "$results" && pwd)/packages.checks"
: > "$checks"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lv-packages.XXXXXX")"
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
pass() { echo "  ok   $1"; echo "passed: $1" >> "$checks"; }
fail() { echo "  FAIL $1"; [ -n "${2:-}" ] && tail -40 "$2" | sed 's/^/       /'; echo "failed: $1" >> "$checks"; failures=$((failures + 1)); }
check() { local name="$1"; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
finish() { echo; echo "package checks: $(grep -c '^passed' "$checks") passed, $(grep -c '^failed' "$checks") failed, $(grep -c '^skipped' "$checks") skipped"; [ "$failures" = 0 ]; exit $?; }

scripts/install-prerequisites.sh > "$tmp/prerequisites.log" 2>&1 || { cat "$tmp/prerequisites.log"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NUGET_PACKAGES="$tmp/nuget-packages"
fallback=()
[ -d "$HOME/.nuget/packages" ] && fallback=("-p:RestoreAdditionalProjectFallbackFolders=$HOME/.nuget/packages")
feed="$tmp/feed"
hive="$tmp/hive"
suffix="check.$(date -u +%Y%m%d%H%M%S).$$"
version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)-$suffix"

echo "==> pack into a temporary feed ($version)"
if scripts/pack.sh "$feed" --version-suffix "$suffix" > "$tmp/pack.log" 2>&1 \
   && [ -f "$feed/LiveViews.$version.nupkg" ] && [ -f "$feed/LiveViews.$version.snupkg" ] && [ -f "$feed/LiveViews.Templates.$version.nupkg" ]; then
  pass "pack: LiveViews, its symbols, LiveViews.Templates and the npm client"
else
  fail "pack: LiveViews, its symbols, LiveViews.Templates and the npm client" "$tmp/pack.log"
  finish
fi

nupkg="$feed/LiveViews.$version.nupkg"
entries="$(unzip -Z1 "$nupkg")"
nuspec="$(unzip -p "$nupkg" LiveViews.nuspec)"
check "LiveViews package: assembly, XML docs, README, analyzer; no build steps (no npm for consumers)" bash -c '
  grep -qx "lib/net10.0/LiveViews.dll" <<<"$1" && grep -qx "lib/net10.0/LiveViews.xml" <<<"$1" && grep -qx "README.md" <<<"$1" &&
  grep -qx "analyzers/dotnet/cs/LiveViews.Analyzers.dll" <<<"$1" && ! grep -qE "^(build|buildTransitive|buildMultiTargeting)/" <<<"$1"' _ "$entries"
check "LiveViews package metadata: MIT license expression, readme, repository commit" bash -c '
  grep -q "<license type=\"expression\">MIT</license>" <<<"$1" && grep -q "<readme>README.md</readme>" <<<"$1" && grep -q "<repository type=\"git\"" <<<"$1"' _ "$nuspec"

echo "==> install the template from the feed into a temporary hive"
if dotnet new install "LiveViews.Templates::$version" --add-source "$feed" --debug:custom-hive "$hive" > "$tmp/install.log" 2>&1 \
   && dotnet new list liveview --debug:custom-hive "$hive" 2>&1 | grep -q liveview; then
  pass "dotnet new install LiveViews.Templates from the local feed"
else
  fail "dotnet new install LiveViews.Templates from the local feed" "$tmp/install.log"
  finish
fi

app="$tmp/MyApp"
if dotnet new liveview -o "$app" --skipRestore --debug:custom-hive "$hive" > "$tmp/new.log" 2>&1 \
   && [ -f "$app/MyApp.csproj" ] && [ -f "$app/Live/CounterView.cshtml" ] && [ -f "$app/Live/TodosView.cs" ] \
   && [ -f "$app/Views/Shared/_Layout.cshtml" ] && grep -q '@addTagHelper \*, LiveViews' "$app/_ViewImports.cshtml" \
   && grep -q "namespace MyApp.Live" "$app/Live/CounterView.cs" \
   && grep -q "<PackageReference Include=\"LiveViews\" Version=\"$version\" />" "$app/MyApp.csproj" \
   && ! grep -q ProjectReference "$app/MyApp.csproj"; then
  pass "dotnet new liveview -o MyApp: app, views, layout, _ViewImports, PackageReference LiveViews $version"
else
  fail "dotnet new liveview -o MyApp: app, views, layout, _ViewImports, PackageReference LiveViews $version" "$tmp/new.log"
  finish
fi

# The local feed is added to the usual package sources; only it has this version of LiveViews.
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="liveviews-local-feed" value="$feed" />
  </packageSources>
</configuration>
XML

echo "==> build the created app against the feed"
if dotnet build "$app/MyApp.csproj" -c Release -nologo -v q "${fallback[@]}" > "$tmp/build.log" 2>&1 && ! grep -q "LV0" "$tmp/build.log"; then
  pass "the created app builds against the packages, with no LiveViews diagnostics"
else
  fail "the created app builds against the packages, with no LiveViews diagnostics" "$tmp/build.log"
  finish
fi
metadata="$NUGET_PACKAGES/liveviews/$version/.nupkg.metadata"
check "LiveViews was restored from the local feed" grep -q "\"source\": \"$feed" "$metadata"

echo "==> run the created app on 127.0.0.1"
(cd "$app" && exec dotnet "bin/Release/net10.0/MyApp.dll" --urls "http://127.0.0.1:0" > "$tmp/app.log" 2>&1) &
app_pid=$!
url=""
for _ in $(seq 1 150); do
  url="$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$tmp/app.log" | head -1)"
  [ -n "$url" ] && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$url" ]; then
  fail "the created app starts" "$tmp/app.log"
  finish
fi
counter="$(curl -fsS "$url/counter")"
check "/counter is the counter live view (root, signed token, initial render) with the client script" bash -c '
  grep -q "data-lv-root data-lv-token=\"[^\"]\+\"" <<<"$1" && grep -q "<output id=\"count\" aria-live=\"polite\">0</output>" <<<"$1" &&
  grep -q "lv-click=\"Increment\"" <<<"$1" && grep -q "<script src=\"/_lv/liveview.js\" defer></script>" <<<"$1" &&
  grep -q "<title>Counter · MyApp</title>" <<<"$1"' _ "$counter"
check "/_lv/liveview.js serves the client bundle embedded in the package" bash -c '
  headers="$(curl -fsS -D - -o "$2/liveview.js" "$1/_lv/liveview.js")" && grep -qi "^content-type: text/javascript" <<<"$headers" &&
  [ "$(wc -c < "$2/liveview.js")" -gt 20000 ] && grep -q "data-lv-root" "$2/liveview.js"' _ "$url" "$tmp"
check "/todos is the to-do live view" bash -c 'curl -fsS "$1/todos" | grep -q "<form id=\"new-todo\" lv-submit=\"Add\""' _ "$url"
echo "==> the created app in chromium: live, accessible (axe-core WCAG 2.1 AA), keyboard focus"
node scripts/check-app-in-browser.mjs "$url" "$checks" || failures=$((failures + 1))
kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; app_pid=""

echo "==> a broken binding fails the build (the packaged analyzer runs in this SDK's compiler)"
sed -i 's/lv-click="Increment"/lv-click="Incremnt"/' "$app/Live/CounterView.cshtml"
if dotnet build "$app/MyApp.csproj" -c Release -nologo -v q "${fallback[@]}" > "$tmp/broken.log" 2>&1; then
  fail "LV0001 fails the build naming Live/CounterView.cshtml" "$tmp/broken.log"
else
  check "LV0001 fails the build naming Live/CounterView.cshtml" grep -q "Live/CounterView.cshtml(6,[0-9]*): error LV0001: lv-click=\"Incremnt\"" "$tmp/broken.log"
fi

echo "==> the npm package, as a bundling app installs it"
consumer="$tmp/consumer"
mkdir -p "$consumer/node_modules/@microsoft"
tar -xzf "$feed/liveviews-client-${version%%-*}.tgz" -C "$consumer/node_modules" && mv "$consumer/node_modules/package" "$consumer/node_modules/liveviews-client"
ln -s "$root/node_modules/@microsoft/signalr" "$consumer/node_modules/@microsoft/signalr"
cat > "$consumer/app.ts" <<'TS'
import type { Hook, HookContext, LiveViewApi } from 'liveviews-client';
import 'liveviews-client';
const Clock: Hook = {
  mounted(this: HookContext & Hook) { this.handleEvent('tick', (p: { seconds: number }) => { this.el.textContent = `${p.seconds} s`; }); void this.pushEvent('Reset'); },
};
(window.LiveView ??= { hooks: {} } as LiveViewApi).hooks.Clock = Clock;
TS
cat > "$consumer/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2020", "module": "ESNext", "moduleResolution": "Bundler", "lib": ["ES2020", "DOM"], "strict": true, "noEmit": true, "skipLibCheck": false, "types": [] }, "files": ["app.ts"] }
JSON
check "liveviews-client: its types check in a consumer (exports → dist/types)" "$root/node_modules/.bin/tsc" -p "$consumer/tsconfig.json"
check "liveviews-client: a consumer bundles it and its stylesheet (exports → dist/esm, signalr external to it)" bash -c '
  cd "$1" && printf "import \"liveviews-client/liveview.css\";\n" > style.ts &&
  "$2/node_modules/.bin/esbuild" app.ts style.ts --bundle --format=esm --outdir=out --log-level=error &&
  grep -q "data-lv-root" out/app.js && grep -q "HubConnectionBuilder" out/app.js && [ -s out/style.css ]' _ "$consumer" "$root"

finish
