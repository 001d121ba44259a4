//! The PVF execute worker `polkadot` spawns to validate parachain blocks.
//!
//! Its `--version` must equal the node's (`NODE_VERSION`), or validators refuse to start.

polkadot_sdk::polkadot_node_core_pvf_common::decl_worker_main!(
	"execute-worker",
	polkadot_node_core_pvf_execute_worker::worker_entrypoint,
	polkadot_sdk::polkadot_node_primitives::NODE_VERSION,
	env!("SUBSTRATE_CLI_COMMIT_HASH"),
);
