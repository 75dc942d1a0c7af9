#!/usr/bin/env bash
# End-to-end proof of issue #5: the real UI (served by the liveview harness)
# driven in headless Chromium through a whole meter-damage order, synced with
# the real demo server, then checked on the server: order closed, photo
# byte-identical on phone and server, signature present and current.
# Then issue #6: the dispatcher console in Chromium, from sign-in and intake
# to a crew phone (fieldcrew-device-sim) syncing, call-back, report and CSV;
# issue #15's live board (a half-made choice kept across updates, the
# needs-action strip, an escalation, a repeat call attached, notify rate);
# issue #17's complaints with their deadline and a planned outage matched at intake.
# Last, pairing by hand: a second harness without auto-pairing, driven through
# the pairing screen, a wrong PIN, sign-out with unsynced work, pairing again.
# Last of all, issue #15: a new order assigned while the phone is open shows
# a banner within seconds and opens from it. Then issue #17's shift handover
# between two phones of the crew and the console's 交接班记录.
# Then issue #17's close-out (materials, completion photo) and planned
# outages on the phone.
# Screenshots go to screenshots/e2e-*.png and screenshots/console-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
server_port=${FIELDCREW_E2E_SERVER_PORT:-18181}
ui_port=${FIELDCREW_E2E_UI_PORT:-18182}
pair_ui_port=${FIELDCREW_E2E_PAIR_UI_PORT:-18183}
# A second phone of CREW-1, signed in as another member: it takes over the
# shift handover written on the first.
handover_ui_port=${FIELDCREW_E2E_HANDOVER_UI_PORT:-18184}
work=$(mktemp -d)
bin=${CARGO_TARGET_DIR:-target}/debug
cleanup() {
  kill ${harness_pid:-} ${pair_harness_pid:-} ${handover_harness_pid:-} ${server_pid:-} 2>/dev/null || true
  wait ${harness_pid:-} ${pair_harness_pid:-} ${handover_harness_pid:-} ${server_pid:-} 2>/dev/null || true
  if [ -n "${FIELDCREW_E2E_KEEP:-}" ]; then echo "e2e: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The harness is built on its own (-p) so the workspace's desktop feature
# does not leak into it.
cargo build -q -p fieldcrew-server
cargo build -q -p fieldcrew-liveview
cargo build -q -p fieldcrew-device-sim

# The ports are fixed, so a process left over from an earlier run could answer
# wait_for for one of ours that failed to bind: refuse a taken port up front,
# and after wait_for check that the process we started is still running.
port_free() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "e2e: port $1 is already in use (a leftover server or harness?); stop it or set FIELDCREW_E2E_*_PORT" >&2
    return 1
  fi
}
still_running() {
  if ! kill -0 "$1" 2>/dev/null; then
    echo "e2e: $2 (pid $1) has exited, so whatever answered on its port is not it; logs:" >&2
    cat "$work"/*.log >&2
    return 1
  fi
}
port_free "$server_port"
port_free "$ui_port"
port_free "$pair_ui_port"
port_free "$handover_ui_port"

FIELDCREW_LISTEN=127.0.0.1:$server_port FIELDCREW_DATA_DIR=$work/server \
  "$bin"/fieldcrew-server serve --demo >"$work/server.log" 2>&1 &
server_pid=$!
server=http://127.0.0.1:$server_port
wait_for() {
  for _ in $(seq 1 120); do
    if curl -fsS "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "e2e: $1 did not answer; logs:" >&2
  cat "$work"/*.log >&2
  return 1
}
wait_for "$server/healthz"
still_running "$server_pid" fieldcrew-server

FIELDCREW_DATA_DIR=$work/phone FIELDCREW_LIVEVIEW_LISTEN=127.0.0.1:$ui_port FIELDCREW_SERVER=$server \
  FIELDCREW_AUTO_PAIR='CREW-1:1234:李师傅' FIELDCREW_DEMO=1 FIELDCREW_LOG=fieldcrew_sync=debug \
  "$bin"/fieldcrew-liveview >"$work/harness.log" 2>&1 &
harness_pid=$!
wait_for "http://127.0.0.1:$ui_port/"
still_running "$harness_pid" 'the liveview harness'
# No FIELDCREW_AUTO_PAIR: this phone opens on the pairing screen.
FIELDCREW_DATA_DIR=$work/phone-pairing FIELDCREW_LIVEVIEW_LISTEN=127.0.0.1:$pair_ui_port FIELDCREW_SERVER=$server \
  "$bin"/fieldcrew-liveview >"$work/pair-harness.log" 2>&1 &
pair_harness_pid=$!
wait_for "http://127.0.0.1:$pair_ui_port/"
still_running "$pair_harness_pid" 'the pairing harness'
FIELDCREW_DATA_DIR=$work/phone-handover FIELDCREW_LIVEVIEW_LISTEN=127.0.0.1:$handover_ui_port FIELDCREW_SERVER=$server \
  FIELDCREW_AUTO_PAIR='CREW-1:1234:赵刚' FIELDCREW_DEMO=1 \
  "$bin"/fieldcrew-liveview >"$work/handover-harness.log" 2>&1 &
handover_harness_pid=$!
wait_for "http://127.0.0.1:$handover_ui_port/"
still_running "$handover_harness_pid" 'the second phone (handover)'

cd tests/e2e
if ! npm ci --no-audit --no-fund --prefer-offline >/dev/null 2>&1; then
  npm install --no-audit --no-fund --prefer-offline >/dev/null || { echo "e2e: npm install failed" >&2; exit 1; }
fi
cd "$root"

rm -f screenshots/e2e-*.png screenshots/console-*.png
export E2E_UI=http://127.0.0.1:$ui_port/ E2E_SERVER=$server E2E_CREW=CREW-1
export E2E_SERVER_DATA=$work/server E2E_PHONE_DATA=$work/phone E2E_SCREENSHOTS=$root/screenshots
if ! node tests/e2e/meter_damage.mjs; then
  echo "e2e: the browser flow failed; harness log:" >&2
  tail -n 40 "$work/harness.log" >&2
  exit 1
fi

if ! node tests/e2e/field_hands.mjs; then
  echo "e2e: the person's-hands flow failed; harness log:" >&2
  tail -n 40 "$work/harness.log" >&2
  exit 1
fi

# Issue #17: the daily check of tools, materials and vehicle on the phone
# (one defect with a photo, a double tap on submit), then the API and console.
if ! node tests/e2e/daily_check.mjs; then
  echo "e2e: the daily check flow failed; harness log:" >&2
  tail -n 40 "$work/harness.log" >&2
  exit 1
fi

export E2E_DEVICE_SIM=$(realpath "$bin")/fieldcrew-device-sim
if ! node tests/e2e/console.mjs; then
  echo "e2e: the console flow failed; server log:" >&2
  tail -n 40 "$work/server.log" >&2
  exit 1
fi

if ! node tests/e2e/console_live.mjs; then
  echo "e2e: the live board flow failed; server log:" >&2
  tail -n 40 "$work/server.log" >&2
  exit 1
fi

if ! node tests/e2e/console_routine.mjs; then
  echo "e2e: the complaints and planned-outage flow failed; server log:" >&2
  tail -n 40 "$work/server.log" >&2
  exit 1
fi

export E2E_PAIR_UI=http://127.0.0.1:$pair_ui_port/
if ! node tests/e2e/pairing.mjs; then
  echo "e2e: the pairing flow failed; harness log:" >&2
  tail -n 40 "$work/pair-harness.log" >&2
  exit 1
fi

# Issue #15: with the phone UI open, dispatch assigns a new order; the
# phone's long-poll brings it in seconds, a banner announces it, tapping
# opens it, and the dispatcher API shows 已送达 and 已查看.
if ! node tests/e2e/phone_alert.mjs; then
  echo "e2e: the phone alert flow failed; harness log:" >&2
  tail -n 40 "$work/harness.log" >&2
  exit 1
fi

# Issue #17, the shift handover: written on the first phone with an order
# linked (a double tap on 提交), acknowledged on the second phone of the crew
# (a double tap again), exactly one handover and one acknowledgment on the
# server, both signatures on the console's 交接班记录, a problem closed there.
export E2E_HANDOVER_UI=http://127.0.0.1:$handover_ui_port/
if ! node tests/e2e/handover.mjs; then
  echo "e2e: the shift handover flow failed; harness logs:" >&2
  tail -n 40 "$work/harness.log" "$work/handover-harness.log" >&2
  exit 1
fi

# Issue #17, job close-out and planned outages on the phone: a line-fault
# order restored, materials counted on the steppers (a double tap on ＋ and
# on 保存材料), a completion photo, closed; one materials record and one
# photo (same bytes) on the server and the console's order page; then an
# outage recorded on the console for the crew's area shows on the phone
# (今日有计划停电, the 计划停电 list). Last, so its outage meets no intake check.
if ! node tests/e2e/close_out.mjs; then
  echo "e2e: the close-out flow failed; harness log:" >&2
  tail -n 40 "$work/harness.log" >&2
  exit 1
fi
