//! The liveness sweep run by `on_initialize`: persists `Active -> Stale` for a bounded number of
//! agents per block, walking the agent map with a cursor.

use super::*;

impl<T: Config> Pallet<T> {
	/// The liveness sweep: inspects at most [`Config::MaxStaleChecksPerBlock`] agents after the
	/// cursor and persists `Active -> Stale`. Returns the weight used.
	pub fn sweep_stale(now: BlockNumberFor<T>) -> Weight {
		let max = T::MaxStaleChecksPerBlock::get();
		if max == 0 || AgentCount::<T>::get() == 0 {
			return T::WeightInfo::on_initialize_sweep(0);
		}
		let mut iter = match SweepCursor::<T>::get() {
			Some(last) => Agents::<T>::iter_from(Agents::<T>::hashed_key_for(last)),
			None => Agents::<T>::iter(),
		};
		let mut checked: u32 = 0;
		let mut last_seen = None;
		let mut exhausted = false;
		let mut went_stale: Vec<(AgentId, AgentRecordOf<T>)> = Vec::new();
		while checked < max {
			match iter.next() {
				Some((id, record)) => {
					checked = checked.saturating_add(1);
					last_seen = Some(id);
					if record.status == AgentStatus::Active
						&& Self::effective_status(&record, now) == AgentStatus::Stale
					{
						went_stale.push((id, record));
					}
				},
				None => {
					exhausted = true;
					break;
				},
			}
		}
		drop(iter);

		if !went_stale.is_empty() {
			log::debug!(
				target: LOG_TARGET,
				"liveness sweep at block {:?}: {} of {} inspected agents went stale",
				now,
				went_stale.len(),
				checked,
			);
		}

		for (id, mut record) in went_stale {
			record.status = AgentStatus::Stale;
			let last_heartbeat = record.last_heartbeat;
			Agents::<T>::insert(id, record);
			Self::deposit_event(Event::MarkedStale { id, last_heartbeat, block: now });
		}
		match (exhausted, last_seen) {
			(false, Some(id)) => SweepCursor::<T>::put(id),
			_ => SweepCursor::<T>::kill(),
		}
		T::WeightInfo::on_initialize_sweep(checked)
	}
}
