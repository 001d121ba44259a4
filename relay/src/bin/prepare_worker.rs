//! The PVF prepare worker `polkadot` spawns to compile parachain validation code.
//!
//! Its `--version` must equal the node's (`NODE_VERSION`), or validators refuse to start.

polkadot_sdk::polkadot_node_core_pvf_common::decl_worker_main!(
	"prepare-worker",
	polkadot_node_core_pvf_prepare_worker::worker_entrypoint,
	polkadot_sdk::polkadot_node_primitives::NODE_VERSION,
	env!("SUBSTRATE_CLI_COMMIT_HASH"),
);
