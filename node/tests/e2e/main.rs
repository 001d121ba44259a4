//! ChaosCore's end-to-end tests, in one test binary: each module starts the real
//! `chaoscore-node` on free loopback ports through the harness (`chaoscore-harness`) and talks to
//! it with the clients users have (subxt, jsonrpsee, alloy, rmcp).
//!
//! The tests run in parallel threads (libtest's default), each on its own nodes, ports and
//! temporary directories. One module's tests: `cargo test --workspace --test e2e relay_network`
//! (a test name filter; each test's name starts with its module's).

mod agents;
mod attacks;
mod bad_extrinsics;
mod bad_input;
mod chain_specs;
mod crash_recovery;
mod dev_chain;
mod discovery;
mod eth_rpc_restart;
mod ethereum;
mod governance;
mod multi_node;
mod relay_network;
mod replay;
mod reputation;
mod rpc_reference;
mod runtime_upgrade;
mod settlement;
mod upgrade_check;

use std::{
	path::{Path, PathBuf},
	sync::OnceLock,
};

/// The `chaoscore-node` binary under test: the one cargo builds for the integration tests, or the
/// one `CHAOSCORE_NODE_UNDER_TEST` names (to run a test against another build, e.g. an attack
/// test against the code before its defence). The harness is given it, never looks for it.
fn chaoscore_node() -> &'static Path {
	static NODE: OnceLock<PathBuf> = OnceLock::new();
	NODE.get_or_init(|| {
		std::env::var_os("CHAOSCORE_NODE_UNDER_TEST")
			.map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_chaoscore-node")), PathBuf::from)
	})
}
