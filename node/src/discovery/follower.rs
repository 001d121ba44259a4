//! Keeps the discovery index and the audit history on the best chain.
//!
//! On start and on every new best block the follower walks the tree route from where each store
//! stands to the best block: retracted blocks are undone (their agents re-read, their history
//! entries removed), enacted blocks applied. Agents are re-read from the runtime at the new best
//! block, so the index never holds a state that a reorg took back. The index is rebuilt from
//! chain state when it is missing, corrupt, on an unknown or pruned block, or too far behind to
//! replay. The walk covers blocks the node imported without notifications (initial sync): besides
//! every notification of a new best block, the follower looks once a second.

use super::{chain, Discovery};
use chaoscore_discovery::Checkpoint;
use chaoscore_primitives::{agent::AgentId, BlockNumber, Hash};
use futures::StreamExt;
use polkadot_sdk::{
	sc_client_api::BlockchainEvents,
	sp_blockchain::{tree_route, HashAndNumber},
};
use std::{collections::BTreeSet, sync::Arc, time::Duration};
use tokio::time::MissedTickBehavior;

/// A route longer than this many blocks is not replayed: the index is rebuilt instead.
pub const MAX_REPLAY: usize = 2_048;

/// How often the follower also looks for a new best block without a notification: blocks a
/// node imports while syncing (after a restart, or when it falls behind) come with none.
const CATCH_UP_INTERVAL: Duration = Duration::from_secs(1);

/// Follows the best chain until the node shuts down.
pub async fn run(discovery: Arc<Discovery>) {
	let mut imports = discovery.reader.client().import_notification_stream();
	let mut ticks = tokio::time::interval(CATCH_UP_INTERVAL);
	ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
	loop {
		tokio::select! {
			notification = imports.next() => match notification {
				Some(notification) if notification.is_new_best => discovery.catch_up(),
				Some(_) => {},
				None => return,
			},
			// A no-op when the index and the history are at the best block already.
			_ = ticks.tick() => discovery.catch_up(),
		}
	}
}

/// The blocks between `from` and `to`: (retracted, enacted), or `None` if there is no route
/// (a block unknown to this node).
fn route(
	discovery: &Discovery,
	from: Hash,
	to: Hash,
) -> Option<(
	Vec<HashAndNumber<chaoscore_primitives::Block>>,
	Vec<HashAndNumber<chaoscore_primitives::Block>>,
)> {
	let route = tree_route(&**discovery.reader.client(), from, to).ok()?;
	Some((route.retracted().to_vec(), route.enacted().to_vec()))
}

impl Discovery {
	/// Brings the history and the index to the current best block.
	pub fn catch_up(&self) {
		let (best, number) = self.reader.best();
		self.follow_history(best, number);
		if let Err(e) = self.follow_index(best, number) {
			log::warn!(target: "discovery", "index update to #{number} failed ({e}); rebuilding");
			if let Err(e) = self.rebuild(best, number) {
				log::error!(target: "discovery", "index rebuild at #{number} failed: {e}");
			}
		}
	}

	fn follow_history(&self, best: Hash, number: BlockNumber) {
		let Some(history) = &self.history else { return };
		let mut history = history.lock();
		let from = history.head().map(|(hash, _)| hash).unwrap_or(self.genesis);
		if from == best && history.head().is_some() {
			return;
		}
		let Some((retracted, mut enacted)) = route(self, from, best) else {
			log::warn!(target: "discovery", "history head {from} is not on this chain; starting at #{number}");
			history.set_head(best, number);
			return;
		};
		if history.head().is_none() {
			// First run: the genesis block's own events too.
			enacted.insert(0, HashAndNumber { hash: self.genesis, number: 0 });
		}
		for block in retracted {
			history.undo(block.hash);
		}
		for block in enacted {
			match self.reader.events(block.hash) {
				Ok(records) => history.apply(block.hash, block.number, &records),
				Err(e) => log::warn!(
					target: "discovery",
					"history misses block #{} (its state is gone: {e})",
					block.number
				),
			}
			history.set_head(block.hash, block.number);
		}
	}

	fn follow_index(&self, best: Hash, number: BlockNumber) -> Result<(), String> {
		let checkpoint = self.index.checkpoint();
		let Some(checkpoint) = checkpoint else { return self.rebuild(best, number) };
		let from = Hash::from(checkpoint.hash);
		if from == best {
			return Ok(());
		}
		let (retracted, enacted) = route(self, from, best).ok_or("checkpoint not on this chain")?;
		if retracted.len() + enacted.len() > MAX_REPLAY {
			return self.rebuild(best, number);
		}
		let mut touched = BTreeSet::<AgentId>::new();
		for block in retracted.iter().chain(enacted.iter()) {
			let records = self.reader.events(block.hash)?;
			touched.extend(records.iter().filter_map(|r| chain::reindexes(&r.event)));
		}
		self.refresh(best, number, touched.into_iter().collect())
	}

	/// Re-reads `ids` at `best` into the index and commits at `(best, number)`.
	fn refresh(&self, best: Hash, number: BlockNumber, ids: Vec<AgentId>) -> Result<(), String> {
		let entries = self.reader.entries(best, &ids)?;
		let present: BTreeSet<AgentId> = entries.iter().map(|e| e.id).collect();
		let index = &self.index;
		for id in ids.iter().filter(|id| !present.contains(id)) {
			index.remove(*id).map_err(|e| e.to_string())?;
		}
		for entry in entries {
			index.upsert(entry).map_err(|e| e.to_string())?;
		}
		index
			.commit(Checkpoint { number: number.into(), hash: best.0 })
			.map_err(|e| e.to_string())
	}

	/// Rebuilds the index from chain state at `(best, number)`.
	pub fn rebuild(&self, best: Hash, number: BlockNumber) -> Result<(), String> {
		let started = std::time::Instant::now();
		let ids = self.reader.all_agent_ids(best)?;
		self.index.clear().map_err(|e| e.to_string())?;
		for page in ids.chunks(chain::REBUILD_PAGE as usize) {
			let entries = self.reader.entries(best, page)?;
			for entry in entries {
				self.index.upsert(entry).map_err(|e| e.to_string())?;
			}
		}
		self.index
			.commit(Checkpoint { number: number.into(), hash: best.0 })
			.map_err(|e| e.to_string())?;
		log::info!(
			target: "discovery",
			"index rebuilt at #{number}: {} agents in {:?}",
			ids.len(),
			started.elapsed()
		);
		Ok(())
	}
}
