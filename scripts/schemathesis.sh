#!/usr/bin/env bash
# Checks the server against its own OpenAPI document with schemathesis
# (property-based: generated valid and invalid requests, every response
# checked against the document). A demo server on a temporary data dir is
# tested twice, every operation each time: with a dispatcher's token and
# with a paired device's (so each role also meets the other's endpoints).
# Bounded: 30 examples per operation and phase, fixed seed; about 35 s on
# two cores, well under three minutes. Any 5xx or any disagreement with the
# document fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/demo-server.sh

command -v st >/dev/null || { echo "schemathesis is missing; run scripts/setup.sh" >&2; exit 1; }

data=$(mktemp -d)
report=$(mktemp -d)
cleanup() {
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data" "$data.server.log" "$report"
}
trap cleanup EXIT

# The per-token budget (60 a minute by default) would turn most of a fuzzing
# run into 429s; 429 itself is documented and tested in tests/auth_matrix.rs.
export FIELDCREW_RATE_LIMIT_PER_MINUTE=100000
# Generated `wait` values would hold each empty /v1/changes for up to 60 s;
# a 1 s limit keeps the long-poll path exercised and the run short.
export FIELDCREW_LONG_POLL_MAX_WAIT_S=1
export FIELDCREW_PORT=${FIELDCREW_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
start_demo_server "$data"
base=$FIELDCREW_SERVER

dispatcher_token=$(curl -fsS -X POST "$base/v1/dispatcher/login" -H 'content-type: application/json' \
  -d '{"username":"dispatcher","password":"fieldcrew-demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
device_id=$(python3 -c 'import uuid; print(uuid.uuid4())')
device_token=$(curl -fsS -X POST "$base/v1/pair" -H 'content-type: application/json' \
  -d "{\"crew_code\":\"CREW-1\",\"pin\":\"1234\",\"member_name\":\"李师傅\",\"device_id\":\"$device_id\",\"device_label\":\"schemathesis\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# Checks left out, each for a stated reason:
# - ignored_auth: it replays each request without credentials and with a
#   made-up token and expects a 401; /v1/pair and /v1/dispatcher/login take
#   no token by design (they hand tokens out), and OPTIONS /v1/uploads is tus
#   discovery, open by the tus spec.
# - positive_data_acceptance: a schema-valid request is not always accepted:
#   an id that does not exist is a valid uuid and still a 404, a crew code
#   that exists nowhere is a 401/404, tus chunks need the upload's offset.
#   Those answers are documented; the check would call them failures.
# - use_after_free / ensure_resource_availability: stateful checks that need
#   links between operations the document does not describe (tus Location).
excluded=ignored_auth,positive_data_acceptance,use_after_free,ensure_resource_availability
common=(--checks all --exclude-checks "$excluded" --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}"
  --phases examples,coverage,fuzzing --seed "${SCHEMATHESIS_SEED:-20261202}"
  # One worker: Python 3.11's ast.parse, which hypothesis calls to describe
  # its filters, is not thread-safe ("AST constructor recursion depth mismatch").
  --workers 1
  --request-timeout 20 --report junit --report-dir "$report" --warnings off)

export SCHEMATHESIS_HOOKS=hooks
export PYTHONPATH=$PWD/scripts/schemathesis${PYTHONPATH:+:$PYTHONPATH}
config=(--config-file scripts/schemathesis/schemathesis.toml)

status=0
echo "schemathesis: as a dispatcher"
st "${config[@]}" run "$base/openapi.json" "${common[@]}" -H "Authorization: Bearer $dispatcher_token" || status=1
echo "schemathesis: as a device"
st "${config[@]}" run "$base/openapi.json" "${common[@]}" -H "Authorization: Bearer $device_token" || status=1
exit $status
