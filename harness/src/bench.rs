//! What the benchmark examples share besides the chain: the node binary and how they start it.

use crate::{DevNode, Result};
use std::path::{Path, PathBuf};

/// The node binary: `given` (the `--node` flag) if any, else the dev build in
/// `$CARGO_TARGET_DIR` (`target` if unset); fails if there is no file there.
pub fn node_binary(given: Option<PathBuf>) -> Result<PathBuf> {
	let binary = given.unwrap_or_else(|| {
		let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
		Path::new(&target).join("debug/chaoscore-node")
	});
	if !binary.exists() {
		return Err(format!("no node binary at {} (pass --node)", binary.display()).into());
	}
	Ok(binary)
}

/// Starts the dev node `binary` for a benchmark, with its database in `base`: a block every
/// `block_time_ms`, no Ethereum JSON-RPC server.
pub fn start_node(binary: &Path, base: &Path, block_time_ms: u64) -> Result<DevNode> {
	let block_time = block_time_ms.to_string();
	DevNode::start_sealing(binary, base, &["--dev-block-time", &block_time, "--eth-rpc-port", "0"])
}
