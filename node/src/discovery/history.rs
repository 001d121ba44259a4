//! The audit history: every event that names an agent (heartbeats excepted), per agent, in
//! chain order, kept in the node's offchain database and following the best chain (entries of
//! retracted blocks are removed).
//!
//! Layout (offchain database, prefix [`PREFIX`]):
//! - `head` → `(hash, number)`: the last block applied;
//! - `agent/{id}` → the agent's entries, oldest first;
//! - `block/{hash}` → the agents that got entries in that block (to undo it on a reorg).
//!
//! Applying and undoing a block are idempotent, so a node killed half-way through a block
//! applies it again on restart without duplicating anything.

use super::{chain::Record, render::EventRenderer};
use crate::service::Backend;
use chaoscore_primitives::{agent::AgentId, Block, BlockNumber, Hash};
use codec::{Decode, Encode};
use polkadot_sdk::{sc_client_api::Backend as _, sp_core::offchain::OffchainStorage};
use std::collections::BTreeMap;

/// Offchain-database prefix of the history.
pub const PREFIX: &[u8] = b"chaoscore-history";

/// One stored history entry.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct StoredEntry {
	/// Block number.
	pub block: BlockNumber,
	/// Block hash.
	pub hash: Hash,
	/// Index of the event in the block.
	pub index: u32,
	/// Pallet name.
	pub pallet: String,
	/// Event name.
	pub event: String,
	/// Fields as JSON text.
	pub fields: String,
}

type Storage = <Backend as polkadot_sdk::sc_client_api::Backend<Block>>::OffchainStorage;

/// The history store.
pub struct History {
	db: Storage,
	renderer: EventRenderer,
}

fn agent_key(id: AgentId) -> Vec<u8> {
	[b"agent/".as_slice(), &id.encode()].concat()
}

fn block_key(hash: &Hash) -> Vec<u8> {
	[b"block/".as_slice(), hash.as_bytes()].concat()
}

impl History {
	/// The history kept in `backend`'s offchain database; `None` if the node has none.
	pub fn open(backend: &Backend) -> Option<Self> {
		Some(Self { db: backend.offchain_storage()?, renderer: EventRenderer::default() })
	}

	fn read<T: Decode>(&self, key: &[u8]) -> Option<T> {
		self.db.get(PREFIX, key).and_then(|bytes| T::decode(&mut &bytes[..]).ok())
	}

	fn write<T: Encode>(&mut self, key: &[u8], value: &T) {
		self.db.set(PREFIX, key, &value.encode());
	}

	/// The last block applied.
	pub fn head(&self) -> Option<(Hash, BlockNumber)> {
		self.read(b"head")
	}

	/// Records `(hash, number)` as the last block applied.
	pub fn set_head(&mut self, hash: Hash, number: BlockNumber) {
		self.write(b"head", &(hash, number));
	}

	/// The entries of `agent`, oldest first.
	pub fn entries(&self, agent: AgentId) -> Vec<StoredEntry> {
		self.read(&agent_key(agent)).unwrap_or_default()
	}

	/// Appends the entries of block `(hash, number)` with events `records`.
	pub fn apply(&mut self, hash: Hash, number: BlockNumber, records: &[Record]) {
		let mut by_agent: BTreeMap<AgentId, Vec<StoredEntry>> = BTreeMap::new();
		for (position, record) in records.iter().enumerate() {
			let Some(agent) = super::chain::history_agent(&record.event) else { continue };
			let rendered = match self.renderer.render(&record.event) {
				Ok(rendered) => rendered,
				Err(e) => {
					log::warn!(target: "discovery", "cannot render an event of {hash}: {e}");
					continue;
				},
			};
			let index = u32::try_from(position).unwrap_or(u32::MAX);
			by_agent.entry(agent).or_default().push(StoredEntry {
				block: number,
				hash,
				index,
				pallet: rendered.pallet,
				event: rendered.event,
				fields: rendered.fields.to_string(),
			});
		}
		if by_agent.is_empty() {
			return;
		}
		for (agent, new) in &by_agent {
			let mut entries = self.entries(*agent);
			for entry in new {
				if !entries.iter().any(|e| e.hash == entry.hash && e.index == entry.index) {
					entries.push(entry.clone());
				}
			}
			self.write(&agent_key(*agent), &entries);
		}
		let agents: Vec<AgentId> = by_agent.into_keys().collect();
		self.write(&block_key(&hash), &agents);
	}

	/// Removes the entries of retracted block `hash`.
	pub fn undo(&mut self, hash: Hash) {
		let Some(agents) = self.read::<Vec<AgentId>>(&block_key(&hash)) else { return };
		for agent in agents {
			let mut entries = self.entries(agent);
			entries.retain(|e| e.hash != hash);
			self.write(&agent_key(agent), &entries);
		}
		self.db.remove(PREFIX, &block_key(&hash));
	}
}
