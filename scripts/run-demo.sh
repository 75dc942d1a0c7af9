#!/usr/bin/env bash
# The main job: the phone app with the demo station's orders. Without a
# display it runs under Xvfb and saves a screenshot instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build -q
data=${FIELDCREW_DATA_DIR:-$HOME/.local/share/fieldcrew-demo}
if [ -n "${DISPLAY:-}" ]; then
  FIELDCREW_DATA_DIR=$data exec cargo run -q -- --demo
fi
echo "No DISPLAY: running under Xvfb; a screenshot is written to screenshots/app-orders.png"
FIELDCREW_SETTLE_SECONDS=8 bash scripts/screenshot-app.sh screenshots/app-orders.png
