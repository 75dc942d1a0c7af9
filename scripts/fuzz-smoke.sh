#!/usr/bin/env bash
# A short, bounded fuzz run of fieldcrew-jpeg's cargo-fuzz targets
# (crates/fieldcrew-jpeg/fuzz): each target for FUZZ_SECONDS (default 20)
# from the checked-in seeds, on stable Rust through RUSTC_BOOTSTRAP=1
# (cargo-fuzz passes nightly-only flags). Installs cargo-fuzz when missing.
# New inputs go to a scratch corpus, not the checked-in seeds; a crash
# leaves its input in crates/fieldcrew-jpeg/fuzz/artifacts/<target>/ and
# fails the run. Longer: FUZZ_SECONDS=600 bash scripts/fuzz-smoke.sh, or one
# target by hand:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none --fuzz-dir crates/fieldcrew-jpeg/fuzz \
#     scan_two_threads /tmp/corpus crates/fieldcrew-jpeg/fuzz/seeds
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
fuzz_dir=crates/fieldcrew-jpeg/fuzz
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz-smoke: installing cargo-fuzz (about 2 min here)"
  started=$SECONDS
  cargo install cargo-fuzz --locked
  echo "fuzz-smoke: cargo-fuzz installed in $((SECONDS - started)) s"
fi

# No sanitizer: the crate forbids unsafe code, so ASan would only slow it
# down; overflow checks and debug assertions stay on (cargo-fuzz's default).
started=$SECONDS
cargo fuzz build -s none --fuzz-dir "$fuzz_dir"
echo "fuzz-smoke: targets built in $((SECONDS - started)) s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The safety targets: any panic, hang or overflow in this decoder fails the
# run. against_jpeg_decoder is left to runs by hand (FUZZ_TARGETS=...): what
# it finds are files the two decoders judge differently, each to be weighed
# against libjpeg (it found one in its first 6 s in a CI run), not crashes.
targets=${FUZZ_TARGETS:-headers scan_one_thread scan_two_threads}
for target in $targets; do
  mkdir -p "$scratch/$target"
  started=$SECONDS
  status=0
  cargo fuzz run -s none --fuzz-dir "$fuzz_dir" "$target" "$scratch/$target" \
    "$fuzz_dir/seeds" "$fuzz_dir/regressions" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 >"$scratch/$target.log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|==[0-9]+== ERROR|SUMMARY)|panicked|^Done' "$scratch/$target.log" || true
  echo "fuzz-smoke: $target ran $((SECONDS - started)) s, exit $status"
  if [ "$status" -ne 0 ]; then
    echo "fuzz-smoke: $target found a failing input, see $fuzz_dir/artifacts/$target/" >&2
    exit 1
  fi
done
echo "fuzz-smoke: all targets clean"
