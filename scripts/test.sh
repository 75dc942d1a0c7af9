#!/usr/bin/env bash
# Runs every test: unit, integration (real SQLite files, killed processes),
# component tests, and the smoke runs of the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "test: free disk before the build: $(df -h --output=avail . | tail -1)"
cargo test --workspace --all-targets
# fieldcrew-jpeg's fuzz targets, ~20 s each (installs cargo-fuzz when missing).
bash scripts/fuzz-smoke.sh
echo "test: free disk after the fuzz build: $(df -h --output=avail . | tail -1)"
# The server against its own OpenAPI document (schemathesis, bounded).
bash scripts/schemathesis.sh
bash scripts/e2e.sh
