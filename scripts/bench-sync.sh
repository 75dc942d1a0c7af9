#!/usr/bin/env bash
# Sync benchmark: push ingest against bare SQLite, bytes on the wire for a
# closed meter-damage order against its raw media, and an idle sync, all
# against the real server on loopback, in release mode. Prints a Markdown
# table; never fails on the figures.
#   scripts/bench-sync.sh           full run (about 30 s after the build)
#   scripts/bench-sync.sh --smoke   tiny sizes, for CI
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench -p fieldcrew-sync --bench sync -- "$@"
