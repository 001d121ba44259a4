#!/usr/bin/env bash
# Builds the node operators run on networks: the `production` profile (LTO, one codegen unit) and
# the runtime with the metadata hash embedded (feature `metadata-hash`: the CheckMetadataHash
# extension then lets hardware and offline signers verify what they sign). Prints the compressed
# runtime Wasm (what a runtime upgrade submits), then the node binary on the last line.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
# The operators' node keeps every benchmark (env.sh skips one Wasm for dev builds) and is not
# linted: clippy-driver compiles without MIR optimizations.
unset SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD
export RUSTC_WORKSPACE_WRAPPER=
cargo build --locked --profile production -p chaoscore-node --features metadata-hash >&2
wasm=$(find "$CARGO_TARGET_DIR/production/wbuild/chaoscore-runtime" -maxdepth 1 \
  -name 'chaoscore_runtime.compact.compressed.wasm' -print -quit)
echo "$wasm"
echo "$CARGO_TARGET_DIR/production/chaoscore-node"
