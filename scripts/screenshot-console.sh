#!/usr/bin/env bash
# Screenshots of the dispatcher console (board, order, call-backs, report)
# taken by driving the real console in headless Chromium through one whole
# order against a fresh demo server: the same flow as the console e2e test.
# Writes screenshots/console-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/demo-server.sh
root=$PWD
work=$(mktemp -d)
export FIELDCREW_PORT=${FIELDCREW_PORT:-18083}
cleanup() { kill ${server_pid:-} 2>/dev/null || true; rm -rf "$work" "$work.server.log"; }
trap cleanup EXIT
start_demo_server "$work/server"
cargo build -q -p fieldcrew-device-sim
(cd tests/e2e && { npm ci --no-audit --no-fund --prefer-offline >/dev/null 2>&1 || npm install --no-audit --no-fund >/dev/null; })
mkdir -p screenshots
E2E_SERVER=$FIELDCREW_SERVER E2E_SCREENSHOTS=$root/screenshots \
  E2E_DEVICE_SIM=$(realpath "${CARGO_TARGET_DIR:-target}")/debug/fieldcrew-device-sim node tests/e2e/console.mjs
ls screenshots/console-*.png
