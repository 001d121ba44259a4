#!/usr/bin/env bash
# Runs every test: pallet and runtime unit tests, and the end-to-end tests that start the real
# node binary on loopback — among them a relay chain with ChaosCore collators
# (node/tests/relay_network.rs), on the relay binaries scripts/relay-binaries.sh builds.
# Extra arguments go to `cargo test` (e.g. a test name filter).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
# The committed contract artifacts (used by node/tests/ethereum.rs) must match their sources.
(cd contracts && npm ci --no-audit --no-fund --loglevel=error && npm run --silent check)
# Builds the workspace (the same build `cargo test` runs next) and installs the relay binaries.
CHAOSCORE_RELAY_BIN_DIR=$(bash scripts/relay-binaries.sh | tail -n 1)
export CHAOSCORE_RELAY_BIN_DIR
cargo test --locked --workspace "$@"
