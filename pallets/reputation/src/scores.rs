//! Scores and histories: recording an outcome for an agent, and reading its score and history.

use super::*;

impl<T: Config> Pallet<T> {
	/// The current block number.
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The score of `agent` at the current block (decayed to it) and its breakdown; `None` if no
	/// outcome was ever recorded for it (its score is then [`scoring::NEUTRAL_SCORE`] for the
	/// default model). For the runtime API.
	pub fn score_of(agent: AgentId) -> Option<(u32, Breakdown<T::Balance>)> {
		let record = Reputations::<T>::get(agent)?;
		Some((Self::score_at(&record, Self::now()), record.breakdown))
	}

	/// The score of each of `ids` at the current block, in order ([`scoring::NEUTRAL_SCORE`] for
	/// agents without a recorded outcome). For the runtime API.
	pub fn scores_of(ids: Vec<AgentId>) -> Vec<(AgentId, u32)> {
		let now = Self::now();
		ids.into_iter()
			.map(|id| {
				let score = Reputations::<T>::get(id)
					.map_or(scoring::NEUTRAL_SCORE, |record| Self::score_at(&record, now));
				(id, score)
			})
			.collect()
	}

	/// The recorded outcomes of `agent`, oldest first. For the runtime API.
	pub fn history_of(agent: AgentId) -> Vec<HistoryEntryOf<T>> {
		History::<T>::get(agent).into_inner()
	}

	fn score_at(record: &RecordOf<T>, now: BlockNumberFor<T>) -> u32 {
		T::Model::score(&record.state, now).min(MAX_SCORE)
	}

	/// Records `outcome` for `agent` at the current block: updates its record and history and
	/// emits [`Event::ScoreUpdated`]. Infallible and bounded by `MaxHistory`.
	pub fn record_outcome(agent: AgentId, outcome: OutcomeOf<T>) {
		let now = Self::now();
		let mut record = Reputations::<T>::get(agent).unwrap_or_default();
		T::Model::apply(&mut record.state, &outcome, now);
		record.breakdown.count(&outcome);
		record.updated_at = now;
		let max = T::MaxHistory::get() as usize;
		History::<T>::mutate(agent, |history| {
			if !history.is_empty() && history.len() >= max {
				history.remove(0);
				record.dropped = record.dropped.saturating_add(1);
			}
			if history.try_push((now, outcome)).is_err() {
				record.dropped = record.dropped.saturating_add(1);
			}
		});
		let score = Self::score_at(&record, now);
		Reputations::<T>::insert(agent, record);
		Self::deposit_event(Event::ScoreUpdated { agent, score, outcome });
	}
}
