#!/usr/bin/env bash
# Runs every test: unit, integration (real SQLite files and a real
# PostgreSQL, killed processes),
# component tests, and the smoke runs of the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "test: free disk before the build: $(df -h --output=avail . | tail -1)"
# A local PostgreSQL (started if needed): the PostgreSQL-only tests take
# their scratch databases from this admin URL.
FIELDCREW_TEST_DATABASE_URL=$(bash scripts/postgres.sh)
export FIELDCREW_TEST_DATABASE_URL
cargo test --workspace --all-targets
# The server's integration suite again, each test server on a scratch
# PostgreSQL database instead of a SQLite file.
FIELDCREW_TEST_BACKEND=postgres cargo test -p fieldcrew-server --tests
# fieldcrew-jpeg's fuzz targets, ~20 s each (installs cargo-fuzz when missing).
bash scripts/fuzz-smoke.sh
echo "test: free disk after the fuzz build: $(df -h --output=avail . | tail -1)"
# The server against its own OpenAPI document (schemathesis, bounded).
bash scripts/schemathesis.sh
bash scripts/e2e.sh
