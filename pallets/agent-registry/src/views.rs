//! Read helpers: the effective status and the queries behind the view functions and the runtime
//! APIs.

use super::*;

impl<T: Config> Pallet<T> {
	/// Status of `record` at block `now` (see the crate docs for the precedence).
	pub fn effective_status(record: &AgentRecordOf<T>, now: BlockNumberFor<T>) -> AgentStatus {
		if record.jailed_until.is_some() {
			AgentStatus::Jailed
		} else if record.unbonding_until.is_some() {
			AgentStatus::Unbonding
		} else if record.bond < T::MinBond::get() {
			AgentStatus::Underbonded
		} else if record.last_heartbeat.saturating_add(T::LivenessWindow::get()) < now {
			AgentStatus::Stale
		} else {
			AgentStatus::Active
		}
	}

	/// Facts of `record` at block `now`, with the effective status.
	pub(crate) fn facts_of_record(
		record: AgentRecordOf<T>,
		now: BlockNumberFor<T>,
	) -> AgentFactsOf<T> {
		let status = Self::effective_status(&record, now);
		AgentFacts {
			owner: record.owner,
			agent_key: record.agent_key,
			status,
			bond: record.bond,
			jailed_until: record.jailed_until,
			last_heartbeat: record.last_heartbeat,
		}
	}

	/// Facts (with the effective status) and metadata of agent `id`.
	pub fn agent_info(id: AgentId) -> Option<(AgentFactsOf<T>, AgentMetadata<T>)> {
		let record = Agents::<T>::get(id)?;
		let metadata = Metadata::<T>::get(id)?;
		Some((Self::facts_of_record(record, Self::now()), metadata))
	}

	/// Effective status of each of `ids` (`None` for unknown ids), in order.
	pub fn statuses_of(ids: Vec<AgentId>) -> Vec<(AgentId, Option<AgentStatus>)> {
		let now = Self::now();
		ids.into_iter()
			.map(|id| (id, Agents::<T>::get(id).map(|r| Self::effective_status(&r, now))))
			.collect()
	}

	/// Ids of the agents owned by `owner`.
	pub fn agents_owned_by(owner: &T::AccountId) -> Vec<AgentId> {
		AgentsByOwner::<T>::get(owner).into_inner()
	}

	/// Up to `limit` registered agent ids in storage order (by key hash, not by id), starting
	/// after `after`; page through all agents by passing the last id of the previous page.
	pub fn agent_ids_after(after: Option<AgentId>, limit: u32) -> Vec<AgentId> {
		let keys = match after {
			Some(last) => Agents::<T>::iter_keys_from(Agents::<T>::hashed_key_for(last)),
			None => Agents::<T>::iter_keys(),
		};
		keys.take(limit as usize).collect()
	}

	/// Every jailed agent with the earliest block its owner may lift the jail. Scans every
	/// agent: for off-chain queries only.
	pub fn jailed_agents() -> Vec<(AgentId, BlockNumberFor<T>)> {
		Agents::<T>::iter()
			.filter_map(|(id, record)| record.jailed_until.map(|until| (id, until)))
			.collect()
	}
}
