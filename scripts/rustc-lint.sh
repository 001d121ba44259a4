#!/usr/bin/env bash
# Cargo's `rustc-workspace-wrapper` (.cargo/config.toml): ChaosCore's own crates are compiled by
# clippy-driver, which lints them (the `[workspace.lints]` of Cargo.toml) and then compiles them
# as rustc would, with every warning an error (CLIPPY_ARGS, set in .cargo/config.toml).
# Dependencies are compiled by rustc as usual, so linting costs no second build of them, as a
# separate `cargo clippy` run would.
#
# The runtime's Wasm build (substrate-wasm-builder's nested cargo, target dir under `wbuild/`)
# goes straight to rustc: it compiles the same code, linted natively, possibly with another
# toolchain (`debian-web`, scripts/setup.sh) that this clippy-driver does not match.
case "${CARGO_TARGET_DIR:-}" in
*/wbuild/*) exec "$@" ;;
esac
case " $* " in
*" --target wasm32"* | *" --target=wasm32"*) exec "$@" ;;
esac
exec clippy-driver "$@"
