#!/usr/bin/env bash
# End-to-end discovery benchmark on a dev node: registration throughput, indexing lag,
# `discover_search` p50/p99/max, the same queries by scanning agent storage over the state RPC
# (ratio), and the full index rebuild on restart. See docs/discovery-performance.md.
#
# Usage: scripts/benchmark/discovery.sh [N...]   (default: 10000 100000; 100k takes ~12 min)
# Extra example flags go in DISCOVERY_BENCH_ARGS (e.g. "--queries 500 --scan-queries 5").
# Output: $CARGO_TARGET_DIR/benchmark/discovery-<N>.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/env.sh

# Dev profile only: a release build of the node takes 30+ minutes (the runtime Wasm is
# release-built either way).
cargo build --locked -p chaoscore-node --bin chaoscore-node --example discovery_bench

out_dir="$CARGO_TARGET_DIR/benchmark"
mkdir -p "$out_dir"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
for n in "${sizes[@]}"; do
	echo "== $n agents"
	# shellcheck disable=SC2086
	"$CARGO_TARGET_DIR/debug/examples/discovery_bench" \
		--node "$CARGO_TARGET_DIR/debug/chaoscore-node" --agents "$n" ${DISCOVERY_BENCH_ARGS:-} \
		2>&1 | tee "$out_dir/discovery-$n.txt"
done
