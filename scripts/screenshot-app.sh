#!/usr/bin/env bash
# Starts the demo server and the desktop app (paired with the demo crew)
# under Xvfb and saves a screenshot of the whole screen. Used to look at what
# a crew sees; the desktop build runs the same webview family as the phone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/demo-server.sh
out=${1:-screenshots/app-orders.png}
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
display=:${FIELDCREW_XVFB_DISPLAY:-97}
export FIELDCREW_PORT=${FIELDCREW_PORT:-18080}
cleanup() { kill ${app:-} ${xvfb:-} ${server_pid:-} 2>/dev/null || true; rm -rf "$work" "$work.server.log"; }
trap cleanup EXIT
start_demo_server "$work/server"
Xvfb "$display" -screen 0 412x860x24 >/dev/null 2>&1 &
xvfb=$!
cargo build -q
DISPLAY=$display FIELDCREW_DATA_DIR=$work/phone target/debug/fieldcrew --demo >"$work/app.log" 2>&1 &
app=$!
# The first paint of a WebKit view takes a few seconds on a small VM, and
# the first sync pairs and pulls the orders.
for _ in $(seq 1 60); do
  sleep 1
  if DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '抢修助手'; then break; fi
done
sleep "${FIELDCREW_SETTLE_SECONDS:-8}"
DISPLAY=$display import -window root "$out"
echo "screenshot: $out"
# Open the most urgent order the way a crew does: tap its card.
detail=${out%.png}-detail.png
DISPLAY=$display xdotool mousemove 200 330 click 1
sleep 3
DISPLAY=$display import -window root "$detail"
echo "screenshot: $detail"
# Record the arrival (the big blue button), then open the meter-damage form.
onsite=${out%.png}-on-site.png
DISPLAY=$display xdotool mousemove 205 684 click 1
sleep 2
DISPLAY=$display import -window root "$onsite"
echo "screenshot: $onsite"
