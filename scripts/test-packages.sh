#!/usr/bin/env bash
# Checks the packages as a user gets them, nothing from this checkout but the packed files:
#   packs every package into a temporary local feed (unique pre-release version, so no cache can serve another build),
#   checks each package's files, metadata and dependencies, installs LiveViews.Templates from that feed into a temporary
#   template hive (the user's templates are untouched), `dotnet new liveview -o <tmp>/MyApp --tests` (and, without
#   --tests, checks that no test project is created), builds app and tests (LiveViews* from the feed only, other packages
#   from the usual sources, into a temporary NuGet package folder), starts the app on 127.0.0.1, requests /counter,
#   /todos and the client script, drives both pages in Debian's chromium (live events, axe-core WCAG 2.1 AA, focus),
#   runs the created tests (harness + Playwright in Debian's chromium; RESULTS_DIR/template-tests.trx), breaks a binding
#   and expects the packaged analyzer to fail the build, and bundles a consumer of the npm package.
# Usage: scripts/test-packages.sh [RESULTS_DIR]   writes RESULTS_DIR/packages.checks ("passed: …" / "failed: …" lines)
# and prints package sizes and the created tests' build and run times ("  info" lines).
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
info() { echo "  info $1"; }
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

libraries=(LiveViews LiveViews.Redis LiveViews.Testing LiveViews.Testing.Playwright)
client_tgz="$feed/liveviews-client-${version%%-*}.tgz"
echo "==> pack into a temporary feed ($version)"
packed() {
  local id
  for id in "${libraries[@]}"; do [ -f "$feed/$id.$version.nupkg" ] && [ -f "$feed/$id.$version.snupkg" ] || return 1; done
  [ -f "$feed/LiveViews.Templates.$version.nupkg" ] && [ -f "$client_tgz" ]
}
started=$SECONDS
if scripts/pack.sh "$feed" --version-suffix "$suffix" > "$tmp/pack.log" 2>&1 && packed; then
  pass "pack: LiveViews, LiveViews.Redis, LiveViews.Testing, LiveViews.Testing.Playwright (each with symbols), LiveViews.Templates, the npm client"
else
  fail "pack: LiveViews, LiveViews.Redis, LiveViews.Testing, LiveViews.Testing.Playwright (each with symbols), LiveViews.Templates, the npm client" "$tmp/pack.log"
  finish
fi
info "pack: $((SECONDS - started)) s; package sizes (bytes):"
for file in "$feed"/*.nupkg "$feed"/*.snupkg "$client_tgz"; do printf '  info   %9d  %s\n' "$(stat -c %s "$file")" "$(basename "$file")"; done

nupkg="$feed/LiveViews.$version.nupkg"
entries="$(unzip -Z1 "$nupkg")"
nuspec="$(unzip -p "$nupkg" LiveViews.nuspec)"
check "LiveViews package: assembly, XML docs, README, analyzer; no build steps (no npm for consumers)" bash -c '
  grep -qx "lib/net10.0/LiveViews.dll" <<<"$1" && grep -qx "lib/net10.0/LiveViews.xml" <<<"$1" && grep -qx "README.md" <<<"$1" &&
  grep -qx "analyzers/dotnet/cs/LiveViews.Analyzers.dll" <<<"$1" && ! grep -qE "^(build|buildTransitive|buildMultiTargeting)/" <<<"$1"' _ "$entries"
check "LiveViews package metadata: MIT license expression, readme, repository commit" bash -c '
  grep -q "<license type=\"expression\">MIT</license>" <<<"$1" && grep -q "<readme>README.md</readme>" <<<"$1" && grep -q "<repository type=\"git\"" <<<"$1"' _ "$nuspec"

# The other libraries: assembly, XML docs, README, licence and metadata, and exactly the dependencies they need.
library_package() { # ID EXPECTED_DEPENDENCIES (sorted "id version" lines)
  local id="$1" expected="$2" nupkg="$feed/$1.$version.nupkg" entries nuspec
  entries="$(unzip -Z1 "$nupkg")" && nuspec="$(unzip -p "$nupkg" "$id.nuspec")" || return 1
  for entry in "lib/net10.0/$id.dll" "lib/net10.0/$id.xml" README.md LICENSE; do grep -qx "$entry" <<<"$entries" || { echo "    $id: no $entry"; return 1; }; done
  grep -q "<license type=\"expression\">MIT</license>" <<<"$nuspec" && grep -q "<readme>README.md</readme>" <<<"$nuspec" \
    && grep -q "<repository type=\"git\"" <<<"$nuspec" && grep -q "<description>.\+</description>" <<<"$nuspec" || { echo "    $id: metadata"; return 1; }
  local actual
  actual="$(grep -o '<dependency id="[^"]*" version="[^"]*"' <<<"$nuspec" | sed 's/<dependency id="\([^"]*\)" version="\([^"]*\)"/\1 \2/' | sort)"
  [ "$actual" = "$expected" ] || { echo "    $id depends on:"; echo "$actual" | sed 's/^/      /'; return 1; }
}
check "LiveViews.Redis package: files, metadata; depends on LiveViews $version and StackExchange.Redis" library_package LiveViews.Redis \
  "$(printf '%s\n' "LiveViews $version" "Microsoft.AspNetCore.DataProtection.StackExchangeRedis 10.0.15" "StackExchange.Redis 2.8.16" | sort)"
check "LiveViews.Testing package: files, metadata; depends on LiveViews $version, AngleSharp, TestHost, Mvc.Testing, SignalR.Client" library_package LiveViews.Testing \
  "$(printf '%s\n' "LiveViews $version" "AngleSharp 1.10.3" "Microsoft.AspNetCore.Mvc.Testing 10.0.15" "Microsoft.AspNetCore.SignalR.Client 10.0.15" "Microsoft.AspNetCore.TestHost 10.0.15" | sort)"
check "LiveViews.Testing.Playwright package: files, metadata; depends on Microsoft.Playwright only (not on the harness)" library_package LiveViews.Testing.Playwright \
  "Microsoft.Playwright 1.64.1"
# Their build assets must reach the test project: Mvc.Testing writes the app's content-root manifest, Playwright copies its driver.
check "Mvc.Testing and Playwright build assets flow to a test project (no exclude=\"Build\")" bash -c '
  unzip -p "$1/LiveViews.Testing.$2.nupkg" LiveViews.Testing.nuspec | grep -q "<dependency id=\"Microsoft.AspNetCore.Mvc.Testing\" version=\"[^\"]*\" include=\"All\"" &&
  unzip -p "$1/LiveViews.Testing.Playwright.$2.nupkg" LiveViews.Testing.Playwright.nuspec | grep -q "<dependency id=\"Microsoft.Playwright\" version=\"[^\"]*\" include=\"All\""' _ "$feed" "$version"
check "liveviews-client package: the module, liveviews-client/testing and their types, the stylesheet" bash -c '
  entries="$(tar -tzf "$1")" && for f in dist/esm/index.js dist/esm/testing.js dist/types/index.d.ts dist/types/testing.d.ts src/liveview.css README.md package.json; do
    grep -qx "package/$f" <<<"$entries" || { echo "    no $f"; exit 1; }; done' _ "$client_tgz"

echo "==> install the template from the feed into a temporary hive"
if dotnet new install "LiveViews.Templates::$version" --add-source "$feed" --debug:custom-hive "$hive" > "$tmp/install.log" 2>&1 \
   && dotnet new list liveview --debug:custom-hive "$hive" 2>&1 | grep -q liveview; then
  pass "dotnet new install LiveViews.Templates from the local feed"
else
  fail "dotnet new install LiveViews.Templates from the local feed" "$tmp/install.log"
  finish
fi

app="$tmp/MyApp"
tests="$app/tests/MyApp.Tests"
if dotnet new liveview -o "$app" --tests --skipRestore --debug:custom-hive "$hive" > "$tmp/new.log" 2>&1 \
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
check "--tests: tests/MyApp.Tests (harness and Playwright tests), MyApp.slnx, PackageReferences LiveViews.Testing* $version, no ProjectReference but the app" bash -c '
  app="$1" tests="$2" version="$3"
  for f in CounterTests.cs TodosTests.cs BrowserTests.cs AppServer.cs MyApp.Tests.csproj; do [ -f "$tests/$f" ] || { echo "    no $f"; exit 1; }; done
  grep -q "Path=\"MyApp.csproj\"" "$app/MyApp.slnx" && grep -q "Path=\"tests/MyApp.Tests/MyApp.Tests.csproj\"" "$app/MyApp.slnx" &&
  grep -q "<PackageReference Include=\"LiveViews.Testing\" Version=\"$version\" />" "$tests/MyApp.Tests.csproj" &&
  grep -q "<PackageReference Include=\"LiveViews.Testing.Playwright\" Version=\"$version\" />" "$tests/MyApp.Tests.csproj" &&
  [ "$(grep -o "<ProjectReference [^>]*>" "$tests/MyApp.Tests.csproj")" = "<ProjectReference Include=\"../../MyApp.csproj\" />" ] &&
  grep -q "namespace MyApp.Tests;" "$tests/CounterTests.cs" && grep -q "WaitForLiveIdleAsync" "$tests/BrowserTests.cs"' _ "$app" "$tests" "$version"
plain="$tmp/Plain"
check "without --tests: the same app, and no test project or solution" bash -c '
  dotnet new liveview -o "$1" --skipRestore --debug:custom-hive "$2" > /dev/null 2>&1 || exit 1
  [ -f "$1/Plain.csproj" ] && [ ! -e "$1/tests" ] && ! ls "$1"/*.sln* > /dev/null 2>&1 &&
  diff <(cd "$1" && find . -type f | sort) <(cd "$3" && find . -type f -not -path "./tests/*" -not -name "*.slnx" | sed "s/MyApp/Plain/g" | sort)' _ "$plain" "$hive" "$app"

# The local feed is added to the usual package sources; only it has this version of LiveViews.
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="liveviews-local-feed" value="$feed" />
  </packageSources>
</configuration>
XML

echo "==> build the created app and its tests against the feed (MyApp.slnx)"
started=$SECONDS
if dotnet build "$app/MyApp.slnx" -c Release -nologo -v q "${fallback[@]}" > "$tmp/build.log" 2>&1 && ! grep -q "LV0" "$tmp/build.log"; then
  pass "the created app and its tests build against the packages, with no LiveViews diagnostics"
else
  fail "the created app and its tests build against the packages, with no LiveViews diagnostics" "$tmp/build.log"
  finish
fi
build_seconds=$((SECONDS - started))
from_feed() {
  local id metadata
  for id in LiveViews LiveViews.Testing LiveViews.Testing.Playwright; do
    metadata="$NUGET_PACKAGES/${id,,}/$version/.nupkg.metadata"
    grep -q "\"source\": \"$feed" "$metadata" || { echo "    $id $version: not restored from $feed"; return 1; }
  done
  # Nothing else named LiveViews* was restored (no other version, no other source), and no project points into this checkout.
  [ "$(cd "$NUGET_PACKAGES" && ls -d liveviews* | sort | tr '\n' ' ')" = "liveviews liveviews.testing liveviews.testing.playwright " ] &&
    [ "$(ls "$NUGET_PACKAGES/liveviews")" = "$version" ] && ! grep -rq "$root" "$app" --include=*.csproj --include=*.slnx --include=project.assets.json
}
check "LiveViews, LiveViews.Testing and LiveViews.Testing.Playwright were restored from the local feed only" from_feed

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

echo "==> the created tests: harness and Playwright (Debian's chromium), against the packages"
started=$SECONDS
trx="$results/template-tests.trx"
rm -f "$trx"
CHROMIUM_PATH=/usr/bin/chromium dotnet test "$app/MyApp.slnx" -c Release --no-build -nologo \
  --logger "trx;LogFileName=$(basename "$trx")" --results-directory "$(dirname "$trx")" > "$tmp/tests.log" 2>&1
test_seconds=$((SECONDS - started))
ran_tests() { # every test passed, and the run had the harness and the browser tests in it
  [ -f "$trx" ] && grep -q 'outcome="Passed"' "$trx" && ! grep -qE 'outcome="(Failed|Error|Timeout|Aborted|NotExecuted)"' "$trx" &&
    for class in CounterTests TodosTests BrowserTests; do grep -q "className=\"MyApp.Tests.$class\"" "$trx" || return 1; done
}
if ran_tests; then
  pass "the created tests pass: $(grep -c '<UnitTestResult ' "$trx") tests, counter and to-do harness tests and the Playwright test in chromium"
else
  fail "the created tests pass: counter and to-do harness tests and the Playwright test in chromium" "$tmp/tests.log"
fi
info "created app and tests: build (restore from the feed, compile) ${build_seconds} s, dotnet test ${test_seconds} s"

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
tar -xzf "$client_tgz" -C "$consumer/node_modules" && mv "$consumer/node_modules/package" "$consumer/node_modules/liveviews-client"
ln -s "$root/node_modules/@microsoft/signalr" "$consumer/node_modules/@microsoft/signalr"
cat > "$consumer/app.ts" <<'TS'
import type { Hook, HookContext, LiveViewApi } from 'liveviews-client';
import 'liveviews-client';
import { waitForLiveIdle, waitForLiveView, type PageLike } from 'liveviews-client/testing';
export const ready = async (page: PageLike) => { await waitForLiveView(page, 5000); await waitForLiveIdle(page); };
const Clock: Hook = {
  mounted(this: HookContext & Hook) { this.handleEvent('tick', (p: { seconds: number }) => { this.el.textContent = `${p.seconds} s`; }); void this.pushEvent('Reset'); },
};
(window.LiveView ??= { hooks: {} } as LiveViewApi).hooks.Clock = Clock;
TS
cat > "$consumer/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2020", "module": "ESNext", "moduleResolution": "Bundler", "lib": ["ES2020", "DOM"], "strict": true, "noEmit": true, "skipLibCheck": false, "types": [] }, "files": ["app.ts"] }
JSON
check "liveviews-client and liveviews-client/testing: their types check in a consumer (exports → dist/types)" "$root/node_modules/.bin/tsc" -p "$consumer/tsconfig.json"
check "liveviews-client: a consumer bundles it and its stylesheet (exports → dist/esm, signalr external to it)" bash -c '
  cd "$1" && printf "import \"liveviews-client/liveview.css\";\n" > style.ts &&
  "$2/node_modules/.bin/esbuild" app.ts style.ts --bundle --format=esm --outdir=out --log-level=error &&
  grep -q "data-lv-root" out/app.js && grep -q "HubConnectionBuilder" out/app.js && grep -q "waitForFunction" out/app.js && [ -s out/style.css ]' _ "$consumer" "$root"

finish
