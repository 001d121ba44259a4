//! The pallet's invariants, checked by `try_state` (and by the tests of this and other crates).

use super::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: every score within `[0, MAX_SCORE]`; every history within
	/// `MaxHistory`, attached to a record, and (while complete) consistent with the record's
	/// breakdown and model state; every feedback right in exactly its expiry queue and nothing
	/// else queued.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let now = Self::now();
		let mut records: u64 = 0;
		for (agent, record) in Reputations::<T>::iter() {
			records = records.saturating_add(1);
			ensure!(T::Model::score(&record.state, now) <= MAX_SCORE, "score above MAX_SCORE");
			let history = History::<T>::get(agent);
			ensure!(history.len() <= T::MaxHistory::get() as usize, "history above MaxHistory");
			ensure!(!history.is_empty(), "record without history");
			ensure!(
				history.last().map(|(at, _)| *at) == Some(record.updated_at),
				"updated_at differs from the last history entry"
			);
			ensure!(
				history.windows(2).all(|w| w.first().map(|e| e.0) <= w.get(1).map(|e| e.0)),
				"history not in block order"
			);
			ensure!(
				record.breakdown.total()
					== (history.len() as u64).saturating_add(u64::from(record.dropped)),
				"breakdown total differs from history length plus dropped"
			);
			if record.dropped == 0 {
				ensure!(
					Breakdown::of(history.iter()) == record.breakdown,
					"breakdown differs from the complete history"
				);
				ensure!(
					T::Model::replay(&history) == record.state,
					"model state differs from a replay of the complete history"
				);
			}
		}
		let mut histories: u64 = 0;
		for (agent, _) in History::<T>::iter() {
			histories = histories.saturating_add(1);
			ensure!(Reputations::<T>::contains_key(agent), "history without record");
		}
		ensure!(histories == records, "history count differs from record count");

		let mut rights: u64 = 0;
		for (escrow, right) in FeedbackRights::<T>::iter() {
			rights = rights.saturating_add(1);
			ensure!(right.expires_at > now, "feedback right past its expiry still stored");
			let queue = FeedbackExpiries::<T>::get(right.expires_at);
			ensure!(
				queue.iter().filter(|x| **x == escrow).count() == 1,
				"feedback right not exactly once in its expiry queue"
			);
		}
		let mut queued: u64 = 0;
		for (block, queue) in FeedbackExpiries::<T>::iter() {
			ensure!(!queue.is_empty(), "empty expiry queue kept in storage");
			for escrow in queue.iter() {
				queued = queued.saturating_add(1);
				let right =
					FeedbackRights::<T>::get(escrow).ok_or("expiry queue lists no right")?;
				ensure!(right.expires_at == block, "right queued at another block than its expiry");
			}
		}
		ensure!(queued == rights, "expiry queue count differs from right count");
		Ok(())
	}
}
