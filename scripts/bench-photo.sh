#!/usr/bin/env bash
# Photo ingest benchmark against Pillow, in release mode. Never fails on targets.
#   scripts/bench-photo.sh              per file class (baseline 4:2:0, restart markers,
#                                       Adobe, progressive, 4:4:4) at camera sizes
#                                       (4000×3000, 4160×3120, 4032×3024 landscape and
#                                       portrait) made from scikit-image's sample photos;
#                                       fieldcrew and Pillow alternate, medians and ratios per class
#   scripts/bench-photo.sh --smoke      the same, one size and one round, for CI
#   scripts/bench-photo.sh --synthetic  the synthetic 12 MP file with per-stage times
#                                       (cargo bench -p fieldcrew-media --bench ingest)
# The generated photos and the scikit-image wheel are kept in target/bench-photos
# (about 120 MB, not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import PIL' 2>/dev/null; then
    python3 -m pip install --quiet pillow
fi
# numpy: the SSIM column (fieldcrew's and Pillow's output against a full-size reference).
if [ "${1:-}" != "--synthetic" ] && ! python3 -c 'import numpy' 2>/dev/null; then
    python3 -m pip install --quiet numpy
fi
if [ "${1:-}" = "--synthetic" ]; then
    shift
    exec cargo bench -p fieldcrew-media --bench ingest -- "$@"
fi
target_dir=${CARGO_TARGET_DIR:-target}
cargo build --quiet --release -p fieldcrew-media --example ingest_once
mkdir -p "$target_dir/bench-photos"
exec python3 scripts/bench_pillow.py --classes "$target_dir/bench-photos" \
    "$target_dir/release/examples/ingest_once" "$@"
