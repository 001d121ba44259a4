#!/usr/bin/env bash
# Runs the ChaosCore dev chain: one node, no relay chain, dev accounts funded, Alice is sudo.
# RPC (WebSocket + HTTP) on ws://127.0.0.1:9944. Extra arguments go to the node, e.g.
#   scripts/dev.sh --base-path ./chain      (keep the chain between runs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
# The same build as scripts/test.sh (features unified over the whole workspace and its tests), so
# one build serves both commands and neither rebuilds what the other compiled.
cargo test --locked --workspace --no-run
exec "$CARGO_TARGET_DIR/debug/chaoscore-node" --dev "$@"
