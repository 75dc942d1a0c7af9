#!/usr/bin/env bash
# Starts the desktop app with demo data under Xvfb and saves a screenshot of
# the whole screen to screenshots/app-orders.png. Used to look at what a crew
# sees; the desktop build runs the same webview family as the phone.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots/app-orders.png}
mkdir -p "$(dirname "$out")"
data=$(mktemp -d)
display=:${FIELDCREW_XVFB_DISPLAY:-97}
Xvfb "$display" -screen 0 412x860x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 1
DISPLAY=$display FIELDCREW_DATA_DIR=$data cargo run -q -- --demo >/dev/null 2>&1 &
app=$!
# The first paint of a WebKit view takes a few seconds on a small VM.
for _ in $(seq 1 60); do
  sleep 1
  if DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '抢修助手'; then break; fi
done
sleep "${FIELDCREW_SETTLE_SECONDS:-6}"
DISPLAY=$display import -window root "$out"
echo "screenshot: $out"
