#!/usr/bin/env bash
# Builds the relay-chain binaries — `polkadot` (with the rococo-local runtime),
# `polkadot-prepare-worker`, `polkadot-execute-worker` — from the crate registry at the
# polkadot-sdk release of this workspace (crate `relay/`), installs them into
# $HOME/.cache/chaoscore/relay-bin/<version>/ and prints that directory on its last line.
#
# Idempotent: the build is the workspace's test build (`cargo test --workspace --no-run`, as
# scripts/test.sh and scripts/dev.sh run it), so the relay binaries share the collator's
# polkadot-service and nothing is compiled twice; binaries already installed unchanged are not
# copied again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
cargo test --locked --workspace --no-run >&2

built="$CARGO_TARGET_DIR/debug"
# `polkadot 1.25.1-<commit>`: the workers must be of the same version.
version=$("$built/polkadot" --version | awk '{print $2}')
dest="$HOME/.cache/chaoscore/relay-bin/$version"
mkdir -p "$dest"
for binary in polkadot polkadot-prepare-worker polkadot-execute-worker; do
  if ! cmp -s "$built/$binary" "$dest/$binary"; then
    # Copy, then rename: a running network keeps its old file.
    cp "$built/$binary" "$dest/$binary.new"
    mv -f "$dest/$binary.new" "$dest/$binary"
    echo "[relay-binaries] installed $binary $version" >&2
  fi
done
echo "$dest"
