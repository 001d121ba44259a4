#!/usr/bin/env bash
# Runs the zombienet smoke test (zombienet/tests/smoke.rs): a rococo-local relay chain with two
# validators and two ChaosCore collators from zombienet/local.toml. Needs `polkadot`,
# `polkadot-prepare-worker` and `polkadot-execute-worker` on PATH (docs/operator.md); without
# them it says so and exits 0 without building anything. `chaoscore-node` is built here.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

missing=()
for binary in polkadot polkadot-prepare-worker polkadot-execute-worker; do
  command -v "$binary" >/dev/null 2>&1 || missing+=("$binary")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "zombienet smoke test SKIPPED: not on PATH: ${missing[*]} (see docs/operator.md, \"zombienet\")"
  exit 0
fi

# shellcheck source=scripts/env.sh
. scripts/env.sh
# The node as scripts/test.sh builds it (no second build with other features).
cargo test --locked --workspace --no-run
export PATH="$CARGO_TARGET_DIR/debug:$PATH"
# zombienet/ is a workspace of its own (zombienet-sdk brings another Substrate client stack).
CARGO_TARGET_DIR="$HOME/.cache/chaoscore/zombienet-target" \
  cargo test --manifest-path zombienet/Cargo.toml -- --nocapture "$@"
