#!/usr/bin/env bash
# Runs every test: pallet and runtime unit tests, and the end-to-end tests that start the real
# node binary on loopback. Extra arguments go to `cargo test` (e.g. a test name filter).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
cargo test --locked --workspace "$@"
