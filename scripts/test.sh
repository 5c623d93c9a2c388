#!/usr/bin/env bash
# Runs every test suite: .NET unit + integration (xunit), the analyzer against a sample app, the TypeScript client
# (vitest), the HTML conformance suite, the browser end-to-end tests (Playwright in Debian's chromium), the Redis
# backplane and cluster tests, a smoke run of the benchmark harness and the package checks (scripts/test-packages.sh).
# Ends with one line of totals.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh || exit 1

results=.test-results
rm -rf "$results" && mkdir -p "$results"
status=0

step() { echo; echo "==> $*"; }

step "build"
dotnet build LiveView.sln -c Release -nologo -v q || exit 1

step ".NET unit and integration tests"
dotnet test tests/LiveViews.Tests -c Release --no-build --logger "trx;LogFileName=unit.trx" --results-directory "$results" || status=1

step "analyzer tests (builds tests/Fixtures/AnalyzerSample with the SDK)"
dotnet test tests/LiveViews.Analyzers.Tests -c Release --no-build --logger "trx;LogFileName=analyzers.trx" --results-directory "$results" || status=1

step "client tests (vitest)"
npx vitest run --root client --reporter=default --reporter=json --outputFile="$PWD/$results/vitest.json" || status=1

step "HTML conformance suite (AngleSharp vs Chromium, patches in Chromium)"
dotnet test tests/LiveViews.Conformance -c Release --no-build --logger "trx;LogFileName=conformance.trx" --results-directory "$results" || status=1
cat tests/LiveViews.Conformance/bin/Release/net10.0/conformance-report.txt 2>/dev/null

step "end-to-end tests (Playwright, chromium)"
dotnet test tests/LiveViews.EndToEnd -c Release --no-build --logger "trx;LogFileName=e2e.trx" --results-directory "$results" || status=1

step "Redis backplane and cluster tests (redis-server, PostgreSQL, nginx, chromium)"
dotnet test tests/LiveViews.Redis.Tests -c Release --no-build --logger "trx;LogFileName=redis.trx" --results-directory "$results" || status=1
dotnet test tests/LiveViews.Cluster.Tests -c Release --no-build --logger "trx;LogFileName=cluster.trx" --results-directory "$results" || status=1

if [ -x bench/run.sh ]; then
  step "benchmark harness smoke run"
  if bench/run.sh --smoke > "$results/bench-smoke.log" 2>&1; then echo "bench smoke: passed" > "$results/bench-smoke.result"
  else tail -30 "$results/bench-smoke.log"; echo "bench smoke: failed" > "$results/bench-smoke.result"; status=1; fi
fi

# Last: it packs with a pre-release version, which rebuilds src/LiveViews once more.
step "packages: pack, dotnet new liveview from a local feed, build, run, analyzer, npm consumer"
scripts/test-packages.sh "$results" > "$results/packages.log" 2>&1 || { tail -40 "$results/packages.log"; status=1; }
grep -E "^  (ok|FAIL|info) |^package checks" "$results/packages.log"
[ -s "$results/packages.checks" ] || echo "failed: the package checks did not run" >> "$results/packages.checks"

echo
node scripts/summarize-tests.mjs "$results" || status=1
exit $status
