//! The pallet's invariants, checked by `try_state` and at the end of every test.

use super::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants (see the crate docs). Available to other crates' tests
	/// (`std`) and to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let now = Self::now();
		let next_id = NextAgentId::<T>::get();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut count: u64 = 0;
		for (id, record) in Agents::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(id < next_id, "agent id not below NextAgentId");
			let metadata = Metadata::<T>::get(id).ok_or("agent without metadata")?;
			ensure!(metadata.version == record.metadata_version, "metadata version mismatch");
			ensure!(AgentByKey::<T>::get(&record.agent_key) == Some(id), "agent key not indexed");
			ensure!(
				AgentsByOwner::<T>::get(&record.owner).contains(&id),
				"agent not in its owner's index"
			);
			// Active and Stale differ only by the liveness window, which governance may change:
			// the stored one is what the sweep last found, the effective one is decided now.
			let live = |status| matches!(status, AgentStatus::Active | AgentStatus::Stale);
			let effective = Self::effective_status(&record, now);
			ensure!(
				record.status == effective || (live(record.status) && live(effective)),
				"stored status disagrees with the effective status"
			);
			ensure!(
				(record.status == AgentStatus::Jailed) == record.jailed_until.is_some(),
				"jailed status without jail term or vice versa"
			);
			let entry = bonds.entry(record.owner.clone()).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(record.bond);
		}
		ensure!(count == AgentCount::<T>::get(), "AgentCount mismatch");
		ensure!(Metadata::<T>::iter_keys().count() as u64 == count, "metadata count mismatch");

		let mut key_count: u64 = 0;
		for (key, id) in AgentByKey::<T>::iter() {
			key_count = key_count.saturating_add(1);
			let record = Agents::<T>::get(id).ok_or("agent key points to no agent")?;
			ensure!(record.agent_key == key, "agent key index points to the wrong agent");
		}
		ensure!(key_count == count, "agent key index count mismatch");

		let mut owned_count: u64 = 0;
		for (owner, ids) in AgentsByOwner::<T>::iter() {
			ensure!(!ids.is_empty(), "empty owner index kept in storage");
			for (i, id) in ids.iter().enumerate() {
				owned_count = owned_count.saturating_add(1);
				ensure!(
					!ids.iter().skip(i.saturating_add(1)).any(|x| x == id),
					"duplicate id in owner index"
				);
				let record = Agents::<T>::get(id).ok_or("owner index points to no agent")?;
				ensure!(record.owner == owner, "owner index points to another owner's agent");
			}
			let held = T::Currency::balance_on_hold(&Self::hold_reason(), &owner);
			let recorded = bonds.get(&owner).copied().unwrap_or_else(Zero::zero);
			ensure!(held == recorded, "held bond differs from the sum of recorded bonds");
		}
		ensure!(owned_count == count, "owner index count mismatch");
		if let Some(cursor) = SweepCursor::<T>::get() {
			ensure!(cursor < next_id, "sweep cursor beyond NextAgentId");
		}
		Ok(())
	}
}
