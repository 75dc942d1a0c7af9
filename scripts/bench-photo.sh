#!/usr/bin/env bash
# Photo ingest benchmark: fieldcrew's ingest against Pillow's best route on the
# same synthetic 12 MP JPEG, in release mode. Prints a table; never fails on targets.
#   scripts/bench-photo.sh           full run
#   scripts/bench-photo.sh --smoke   one quick round, for CI
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import PIL' 2>/dev/null; then
    python3 -m pip install --quiet pillow
fi
exec cargo bench -p fieldcrew-media --bench ingest -- "$@"
