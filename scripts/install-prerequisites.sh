#!/usr/bin/env bash
# Installs what the demo and the tests need on a Debian machine, idempotently:
# Debian's chromium (for Playwright; no test tool downloads a browser) and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${LV_SKIP_CHROMIUM:-}" != "1" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  echo "==> installing Debian's chromium"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# npm ci installs exactly what package-lock.json pins and never rewrites it, so a checkout stays clean.
if [ ! -d node_modules/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
