#!/usr/bin/env bash
# Runs every test: pallet and runtime unit tests, and the end-to-end tests that start the real
# node binary on loopback. Extra arguments go to `cargo test` (e.g. a test name filter).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
# The committed contract artifacts (used by node/tests/ethereum.rs) must match their sources.
(cd contracts && npm ci --no-audit --no-fund --loglevel=error && npm run --silent check)
cargo test --locked --workspace "$@"
# Relay chain + collators; skipped with a message where the relay-chain binaries are missing.
bash scripts/zombienet.sh
