#!/usr/bin/env bash
# Runs the demo app on http://127.0.0.1:5000 (override with LV_DEMO_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
LV_SKIP_CHROMIUM=1 scripts/install-prerequisites.sh
exec dotnet run --project demo/LiveViews.Demo -c Release -- --urls "${LV_DEMO_URL:-http://127.0.0.1:5000}"
