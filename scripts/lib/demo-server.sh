# Sourced by the demo and screenshot scripts: starts fieldcrew-server with the
# demo station on 127.0.0.1:$FIELDCREW_PORT over data in $1, waits until it
# answers, and sets $server_pid and $FIELDCREW_SERVER.
start_demo_server() {
  local data=$1
  local port=${FIELDCREW_PORT:-8080}
  cargo build -q -p fieldcrew-server
  FIELDCREW_LISTEN=127.0.0.1:$port FIELDCREW_DATA_DIR=$data \
    "${CARGO_TARGET_DIR:-target}"/debug/fieldcrew-server serve --demo >"$data.server.log" 2>&1 &
  server_pid=$!
  export FIELDCREW_SERVER=http://127.0.0.1:$port
  for _ in $(seq 1 60); do
    if curl -fsS "$FIELDCREW_SERVER/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "fieldcrew-server did not start; see $data.server.log" >&2
  return 1
}
