#!/usr/bin/env bash
# Load tool on a dev node: signed transfers (the reference), agent registrations, heartbeats,
# escrow opens and releases from many accounts; included extrinsics per block and per second,
# pool refusals, block fullness per kind. See docs/performance.md.
#
# Usage: scripts/benchmark/load.sh [load example flags]   (default: --accounts 4000; ~6 min)
# Output: $CARGO_TARGET_DIR/benchmark/load.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/env.sh

# Dev profile (the runtime Wasm is release-built either way).
cargo build --locked -p chaoscore-node --bin chaoscore-node --example load

out_dir="$CARGO_TARGET_DIR/benchmark"
mkdir -p "$out_dir"
"$CARGO_TARGET_DIR/debug/examples/load" --node "$CARGO_TARGET_DIR/debug/chaoscore-node" "$@" \
	2>&1 | tee "$out_dir/load.txt"
