# Sourced by the project's scripts: the shared target dir and the Wasm toolchain chosen by setup.
# shellcheck shell=bash
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/chaoscore/target}"
wasm_toolchain=$(cat "$HOME/.cache/chaoscore/wasm-toolchain" 2>/dev/null || true)
if [ -n "$wasm_toolchain" ]; then
  export WASM_BUILD_TOOLCHAIN="$wasm_toolchain"
fi
unset wasm_toolchain
# The Wasm of frame-benchmarking-cli's storage-access test runtime serves only `benchmark storage`
# in validate-block mode, which dev and test builds never run; scripts/build-release.sh builds it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
