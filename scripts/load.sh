#!/usr/bin/env bash
# Load figures by hand (issue #16): a release fieldcrew-server with demo data
# on loopback, embedded SQLite in a temporary data dir (or, with
# FIELDCREW_LOAD_BACKEND=postgres, a fresh database on the local PostgreSQL
# from scripts/postgres.sh, dropped at the end), and fieldcrew-load's N crew
# phones syncing with it: light ones (the wire protocol, state in memory) by
# default, FIELDCREW_LOAD_PHONE=full for the app's own store and sync client
# each. FIELDCREW_LOAD_BIN=<dir> runs binaries built before instead of
# building (e.g. while the tree does not compile).
#   scripts/load.sh [PHONES] [SECONDS] [PACE_MS] [CREW_SIZE]
#   (defaults: 1000 300 2000 4)
# CREW_SIZE: phones per crew, as a province's crews of 2–6: the server seeds
# PHONES / CREW_SIZE load crews (serve --demo --load-crews) and the
# generator has the dispatcher create and assign 4 orders to each through
# the API. CREW_SIZE=demo puts every phone into the demo's two crews and
# their ten orders each instead (the worst case of one crew's line).
# Prints pairing time, push/pull/photo latency percentiles, errors, the CPU
# the server and the generator used, the server's RSS before/after/idle and
# the exactly-once check. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
phones=${1:-1000}
seconds=${2:-300}
pace=${3:-2000}
crew_size=${4:-4}
if [ "$crew_size" = demo ]; then
  load_crews=0
  crew_args=(--crew CREW-1:1234 --crew CREW-2:5678)
else
  load_crews=$(((phones + crew_size - 1) / crew_size))
  crew_args=(--load-crews "$load_crews" --orders-per-crew 4)
fi
port=${FIELDCREW_LOAD_PORT:-18191}
if [ -n "${FIELDCREW_LOAD_BIN:-}" ]; then
  bin=$FIELDCREW_LOAD_BIN
else
  cargo build -q --release -p fieldcrew-server -p fieldcrew-device-sim
  bin=${CARGO_TARGET_DIR:-target}/release
fi
work=$(mktemp -d)
drop_database() { :; }
if [ "${FIELDCREW_LOAD_BACKEND:-sqlite}" = postgres ]; then
  database=fc_load_$$
  FIELDCREW_DATABASE_URL=$(bash scripts/postgres.sh "$database")
  export FIELDCREW_DATABASE_URL
  drop_database() { su postgres -s /bin/sh -c "psql -X -q -c 'DROP DATABASE IF EXISTS $database WITH (FORCE)'" || true; }
  echo "load: on PostgreSQL, database $database"
fi
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$work"; drop_database' EXIT
# One client address for every phone: the per-token request budget is lifted
# (each phone would stay under it; the lift keeps a slow pass from tripping it)
# and the connection cap raised to the number of phones.
FIELDCREW_LISTEN=127.0.0.1:$port FIELDCREW_DATA_DIR=$work/server RUST_LOG=warn \
  FIELDCREW_RATE_LIMIT_PER_MINUTE=1000000 FIELDCREW_MAX_CONNECTIONS=$((phones * 2 + 100)) \
  "$bin"/fieldcrew-server serve --demo --load-crews "$load_crews" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
echo "load: $phones phones for $seconds s, a cycle every ~$pace ms, server pid $server_pid, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin"/fieldcrew-load --server "http://127.0.0.1:$port" --phones "$phones" --seconds "$seconds" \
  --pace-ms "$pace" "${crew_args[@]}" --server-pid "$server_pid" --data "$work/phones" \
  --phone "${FIELDCREW_LOAD_PHONE:-light}"
