#!/usr/bin/env bash
# One idempotent set-up step for a fresh machine: Debian build dependencies and a Wasm-capable
# Rust toolchain. Prints `export` lines nothing; source `scripts/env.sh` for the environment.
#
# Path 1: rustup can add `wasm32v1-none` + `rust-src` to the active toolchain -> use that.
# Path 2 (machines whose rustup cannot download targets): Debian's rustc-web toolchain linked
#   into rustup as `debian-web`, plus a `wasm32v1-none` sysroot built once from its std sources.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
state_dir="${HOME}/.cache/chaoscore"
mkdir -p "$state_dir"
log() { printf '[setup] %s\n' "$*" >&2; }

# --- Debian packages needed by node crates (protoc for libp2p, clang for rocksdb bindgen). ------
need_pkgs=(protobuf-compiler clang libclang-dev)
missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# Node.js + npm: solc for the Solidity contracts in contracts/ (checked by scripts/test.sh).
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ ! -f "$state_dir/apt-updated" ]; then
    $sudo apt-get update -qq >&2
    touch "$state_dir/apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# --- Wasm toolchain. ----------------------------------------------------------------------------
toolchain_file="$state_dir/wasm-toolchain"
if rustup target list --installed 2>/dev/null | grep -qx 'wasm32v1-none' \
   && rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  echo "" > "$toolchain_file"
elif rustup target add wasm32v1-none >/dev/null 2>&1 && rustup component add rust-src >/dev/null 2>&1; then
  log "using rustup's wasm32v1-none target"
  echo "" > "$toolchain_file"
else
  for p in rustc-web cargo-web rust-web-src rust-web-llvm lld-22; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "debian-web" > "$toolchain_file"
fi

if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
fi

if [ "$(cat "$toolchain_file")" = "debian-web" ]; then
  rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
  sysroot=$(rustup run debian-web rustc --print sysroot)
  libdir="$sysroot/lib/rustlib/wasm32v1-none/lib"
  if ! ls "$libdir"/libcore-*.rlib >/dev/null 2>&1; then
    log "building the wasm32v1-none sysroot (core, alloc, compiler_builtins) once"
    seed=$(mktemp -d)
    mkdir -p "$seed/src"
    cat > "$seed/Cargo.toml" <<'TOML'
[package]
name = "sysroot-seed"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
[profile.release]
panic = "abort"
TOML
    cat > "$seed/src/lib.rs" <<'RS'
#![no_std]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
RS
    (cd "$seed" && RUSTFLAGS="-C embed-bitcode=yes" RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$seed/target" \
      rustup run debian-web cargo build -q --release --target wasm32v1-none -Zbuild-std=core,alloc >&2)
    mkdir -p "$libdir"
    deps="$seed/target/wasm32v1-none/release/deps"
    cp "$deps"/libcore-*.rlib "$deps"/liballoc-*.rlib "$deps"/libcompiler_builtins-*.rlib "$libdir/"
    rm -rf "$seed"
    # Wasm builds made against an older sysroot would fail with E0463: drop them.
    rm -rf "$state_dir"/target/*/wbuild 2>/dev/null || true
  fi
fi
# --- clippy and rustfmt: every build lints ChaosCore's crates (scripts/rustc-lint.sh) and the test
# command checks formatting. Part of rustup's default profile; added where missing. -------------
for component in clippy rustfmt; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component" >&2 || {
      log "error: the Rust toolchain has no $component and rustup cannot add it"
      exit 1
    }
  fi
done
# --- cargo-nextest: the test runner of scripts/test.sh (on the machine image; from crates.io if
# missing). -----------------------------------------------------------------------------------
if ! cargo nextest --version >/dev/null 2>&1; then
  log "installing cargo-nextest from crates.io"
  cargo install --locked cargo-nextest >&2
fi

log "ready (wasm toolchain: $(cat "$toolchain_file" | sed 's/^$/rustup default/'))"
