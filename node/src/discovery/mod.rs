//! The node's discovery plane: a Tantivy index of agents fed from the chain
//! ([`follower`]), an audit history of agent events ([`history`]), and the read-only queries
//! the `discover_*`, `agent_*`, `governance_*` and `mcp_*` namespaces and the MCP endpoint
//! answer ([`queries`]).
//!
//! The index lives under the node's base path (`<base>/chains/<chain>/discovery`); a missing or
//! corrupt index is rebuilt from chain state on start. Answers are always gated by the on-chain
//! status at the block they name, so an agent jailed in the last block is gone from answers at
//! that block even if the index has not caught up yet.

pub mod answers;
pub mod chain;
pub mod follower;
pub mod history;
pub mod render;

use crate::service::{Backend, Client};
use chaoscore_discovery::AgentIndex;
use chaoscore_primitives::Hash;
use parking_lot::Mutex;
use std::{path::Path, sync::Arc};

/// The discovery state shared by the follower and the queries.
pub struct Discovery {
	/// Chain access.
	pub reader: chain::ChainReader,
	/// The agent index: written by the follower only; queries read it without waiting.
	pub index: AgentIndex,
	/// The audit history (absent if the node has no offchain database).
	pub history: Option<Mutex<history::History>>,
	/// Hash of the genesis block.
	pub genesis: Hash,
}

impl Discovery {
	/// Opens (or creates, or recreates if corrupt) the index in `dir`.
	pub fn open(client: Arc<Client>, backend: &Backend, dir: &Path) -> Result<Arc<Self>, String> {
		let (index, recreated) =
			AgentIndex::open_or_recreate(dir).map_err(|e| format!("discovery index: {e}"))?;
		if recreated {
			log::warn!(target: "discovery", "index in {} was unreadable; rebuilding it", dir.display());
		}
		let genesis = polkadot_sdk::sp_blockchain::HeaderBackend::info(&*client).genesis_hash;
		Ok(Arc::new(Self {
			reader: chain::ChainReader::new(client, backend),
			index,
			history: history::History::open(backend).map(Mutex::new),
			genesis,
		}))
	}

	/// Starts following the chain on a blocking task of `task_manager`.
	pub fn spawn(self: &Arc<Self>, task_manager: &polkadot_sdk::sc_service::TaskManager) {
		let discovery = self.clone();
		task_manager.spawn_handle().spawn_blocking(
			"discovery-indexer",
			Some("discovery"),
			follower::run(discovery),
		);
	}
}
