#!/usr/bin/env bash
# Builds what operators run and register: the node with the `release` profile, and the runtime
# Wasm with the `production` profile (LTO, one codegen unit: the build srtool-style verifiers
# reproduce) and the metadata hash embedded (feature `metadata-hash`: the CheckMetadataHash
# extension then lets hardware and offline signers verify what they sign). Prints the compressed
# runtime Wasm (what a runtime upgrade submits and a relay chain registers), then the node binary
# on the last line.
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
# The node's own code gains little from LTO and would take hours more to link on small machines;
# the runtime is what every validator executes, so it gets the full production profile.
export WASM_BUILD_TYPE=production
cargo build --locked --release -p chaoscore-node --features metadata-hash >&2
wasm="$CARGO_TARGET_DIR/release/wbuild/chaoscore-runtime/chaoscore_runtime.compact.compressed.wasm"
if [ ! -f "$wasm" ]; then
  echo "build-release: no compressed runtime at $wasm" >&2
  exit 1
fi
echo "$wasm"
echo "$CARGO_TARGET_DIR/release/chaoscore-node"
