#!/usr/bin/env bash
# Runs every test: pallet and runtime unit tests, and the end-to-end tests that start the real
# node binary on loopback — among them a relay chain with ChaosCore collators
# (node/tests/e2e/relay_network.rs), on the relay binaries scripts/relay-binaries.sh builds.
# cargo-nextest runs the tests two at a time, longest first (.config/nextest.toml). Extra
# arguments go to `cargo nextest run` (e.g. a test name filter).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
# Formatting (rustfmt.toml); clippy runs inside every build (scripts/rustc-lint.sh).
cargo fmt --all --check
# The committed contract artifacts (used by node/tests/ethereum.rs) must match their sources.
(cd contracts && npm ci --no-audit --no-fund --loglevel=error && npm run --silent check)
# Builds the workspace (the same build `cargo test` runs next) and installs the relay binaries.
CHAOSCORE_RELAY_BIN_DIR=$(bash scripts/relay-binaries.sh | tail -n 1)
export CHAOSCORE_RELAY_BIN_DIR
cargo nextest run --locked --workspace "$@"
# nextest does not run doc tests.
if [ $# -eq 0 ]; then
  cargo test --locked --workspace --doc
fi
