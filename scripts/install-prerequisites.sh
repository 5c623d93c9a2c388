#!/usr/bin/env bash
# Installs what the demo and the tests need on a Debian machine, idempotently: Debian's chromium (for Playwright; no
# test tool downloads a browser), redis-server, postgresql, nginx and curl (the cluster tests), and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need: chromium (browser tests), and redis-server, postgresql, nginx, curl (the Redis
# backplane tests and the cluster tests, which start their own instances of them; see scripts/cluster.sh).
packages=()
if [ "${LV_SKIP_CHROMIUM:-}" != "1" ] && [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
if [ "${LV_SKIP_CLUSTER:-}" != "1" ]; then
  command -v redis-server >/dev/null || packages+=(redis-server)
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || packages+=(postgresql)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || packages+=(nginx)
  command -v curl >/dev/null || packages+=(curl)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  echo "==> installing Debian's ${packages[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# npm ci installs exactly what package-lock.json pins and never rewrites it, so a checkout stays clean.
if [ ! -d node_modules/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
