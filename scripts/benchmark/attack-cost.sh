#!/usr/bin/env bash
# What an attacker must lose to move a reputation score by 100 points, played on a dev node
# (node/examples/attack_cost.rs; the figures are recorded in docs/security.md).
#
# Usage: scripts/benchmark/attack-cost.sh [example flags, e.g. --amount 10 --max-rounds 20]
# Output: $CARGO_TARGET_DIR/benchmark/attack-cost.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/env.sh

# The test build (the README test command's) builds the node and the examples with the
# workspace's features, so a warm target dir compiles nothing here.
cargo test --locked --workspace --no-run
out_dir="$CARGO_TARGET_DIR/benchmark"
mkdir -p "$out_dir"
"$CARGO_TARGET_DIR/debug/examples/attack_cost" --node "$CARGO_TARGET_DIR/debug/chaoscore-node" "$@" \
	2>&1 | tee "$out_dir/attack-cost.txt"
