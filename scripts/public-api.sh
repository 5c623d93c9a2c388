#!/usr/bin/env bash
# Adds every public member that is not yet declared to the PublicAPI.Unshipped.txt of each shipped library
# (the RS0016 code fix of Microsoft.CodeAnalysis.PublicApiAnalyzers). Run it after an intended public API change,
# then review the diff of src/*/PublicAPI.*.txt: an unintended entry is an accidental public change.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in LiveViews LiveViews.Redis LiveViews.Testing LiveViews.Testing.Playwright; do
  dotnet format analyzers "src/$project/$project.csproj" --diagnostics RS0016 RS0017 RS0037 --severity warn -v q
done
git --no-pager diff --stat -- 'src/*/PublicAPI.*.txt'
