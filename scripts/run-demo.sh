#!/usr/bin/env bash
# The main job: fieldcrew-server with the demo supply station (embedded
# SQLite) and the phone app paired with the demo crew, syncing with it.
# Without a display it runs under Xvfb and saves a screenshot instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${DISPLAY:-}" ]; then
  echo "No DISPLAY: running under Xvfb; the screenshot goes to screenshots/app-orders.png"
  exec bash scripts/screenshot-app.sh screenshots/app-orders.png
fi
source scripts/lib/demo-server.sh
data=${FIELDCREW_DEMO_DIR:-$HOME/.local/share/fieldcrew-demo}
mkdir -p "$data"
trap 'kill ${server_pid:-} 2>/dev/null || true' EXIT
start_demo_server "$data/server"
echo "server: $FIELDCREW_SERVER (dispatcher / fieldcrew-demo; crews CREW-1 PIN 1234, CREW-2 PIN 5678)"
cargo build -q
FIELDCREW_DATA_DIR=$data/phone target/debug/fieldcrew --demo
