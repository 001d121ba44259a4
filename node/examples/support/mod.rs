//! What the benchmark and load examples share: the node process, raw chain access over
//! JSON-RPC, signing and submitting extrinsics, generated agents, and latency statistics.

#![allow(dead_code)] // Each example uses a different part.

pub mod agents;
pub mod chain;
pub mod process;
pub mod stats;

/// Result type of the examples.
pub type Result<T = (), E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

/// Reads the command line as `--flag value` and `--switch` arguments: `apply(flag, value)`
/// handles one, calling `value()` for the argument that follows it when it takes one.
pub fn parse_flags(
	mut apply: impl FnMut(&str, &mut dyn FnMut() -> Result<String>) -> Result,
) -> Result {
	let mut args = std::env::args().skip(1);
	while let Some(flag) = args.next() {
		let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value").into());
		apply(&flag, &mut value)?;
	}
	Ok(())
}

/// The node binary: `--node PATH` if given, else the dev build in `$CARGO_TARGET_DIR`.
pub fn node_binary(given: Option<std::path::PathBuf>) -> Result<std::path::PathBuf> {
	let binary = given.unwrap_or_else(|| {
		let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
		std::path::Path::new(&target).join("debug/chaoscore-node")
	});
	if !binary.exists() {
		return Err(format!("no node binary at {} (pass --node)", binary.display()).into());
	}
	Ok(binary)
}
