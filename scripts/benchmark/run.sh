#!/usr/bin/env bash
# Regenerates the weights of ChaosCore's pallets on this machine with frame-benchmarking v2, and
# prints the weights of `balances.transfer_keep_alive` for comparison (docs/weights.md).
#
#   scripts/benchmark/run.sh [steps] [repeat] [pallet ...]
#
# Defaults: 50 steps, 20 repeats, every pallet below (e.g. `run.sh 50 20 pallet_escrow` reruns one).
#
# The benchmarks run in a runtime Wasm built with `runtime-benchmarks`; the node binary needs no
# special build. Outputs: pallets/<pallet>/src/weights.rs and target/benchmark/*.txt (raw results).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
steps=${1:-50}
repeat=${2:-20}
only=("${@:3}")
out="$CARGO_TARGET_DIR/benchmark"
mkdir -p "$out"

cargo build --locked -p chaoscore-node
cargo build --locked -p chaoscore-runtime --features runtime-benchmarks
cp "$CARGO_TARGET_DIR/debug/wbuild/chaoscore-runtime/chaoscore_runtime.wasm" "$out/runtime-benchmarks.wasm"
node="$CARGO_TARGET_DIR/debug/chaoscore-node"

bench() { # <pallet> <extrinsics> [output file]
  if [ ${#only[@]} -gt 0 ] && [[ " ${only[*]} " != *" $1 "* ]]; then
    return 0
  fi
  local args=(benchmark pallet --runtime "$out/runtime-benchmarks.wasm" --genesis-builder runtime
    --genesis-builder-preset development --pallet "$1" --extrinsic "$2"
    --steps "$steps" --repeat "$repeat" --wasm-execution compiled --heap-pages 4096)
  if [ $# -ge 3 ]; then
    args+=(--template scripts/benchmark/pallet-weight-template.hbs --header scripts/benchmark/header.txt
      --output "$3")
  fi
  "$node" "${args[@]}" 2>&1 | tee "$out/$1.txt" | grep -E "Pallet:|Time ~=|Extrinsic Time|Storage" || true
}

bench pallet_agent_registry '*' pallets/agent-registry/src/weights.rs
bench pallet_slashing '*' pallets/slashing/src/weights.rs
bench pallet_escrow '*' pallets/escrow/src/weights.rs
bench pallet_challenge '*' pallets/challenge/src/weights.rs
bench pallet_proof_of_agency '*' pallets/proof-of-agency/src/weights.rs
bench pallet_reputation '*' pallets/reputation/src/weights.rs
bench pallet_balances transfer_keep_alive
echo "raw results in $out"
