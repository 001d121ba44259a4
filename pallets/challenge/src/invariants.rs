//! The pallet's invariants, checked by `try_state` (see `docs/settlement.md`).

use super::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants (see `docs/settlement.md`): held bonds match the open
	/// challenges; every open challenge is indexed by its target with its challenger and in its
	/// deadline's queue, and nothing else is; a target's challengers are distinct and an escrow
	/// has at most one challenge; the per-agent counts match. Available to other crates' tests (`std`) and
	/// to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let now = Self::now();
		let next_id = NextChallengeId::<T>::get();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut agents: BTreeMap<AgentId, u32> = BTreeMap::new();
		let mut count: u64 = 0;
		for (id, c) in Challenges::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(id < next_id, "challenge id not below NextChallengeId");
			ensure!(
				OpenByTarget::<T>::get(c.target).contains(&(id, c.challenger.clone())),
				"challenge not indexed by target with its challenger"
			);
			ensure!(
				Deadlines::<T>::get(c.deadline).contains(&id),
				"challenge not in its deadline queue"
			);
			ensure!(c.deadline > now, "challenge past its deadline still open");
			ensure!(c.opened_at < c.deadline, "deadline not after the opening block");
			if let ChallengeTarget::Escrow(escrow) = c.target {
				let (client, _) = T::Escrows::parties(escrow).ok_or("challenged escrow is gone")?;
				ensure!(
					client == c.challenger,
					"escrow challenged by someone else than its client"
				);
			}
			if let Some(agent) = c.agent {
				let n = agents.entry(agent).or_insert(0);
				*n = n.saturating_add(1);
			}
			let entry = bonds.entry(c.challenger.clone()).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(c.bond);
		}

		let mut indexed: u64 = 0;
		for (target, open) in OpenByTarget::<T>::iter() {
			ensure!(!open.is_empty(), "empty target index kept in storage");
			if let ChallengeTarget::Escrow(_) = target {
				ensure!(open.len() == 1, "an escrow with several open challenges");
			}
			for (i, (id, challenger)) in open.iter().enumerate() {
				indexed = indexed.saturating_add(1);
				ensure!(
					!open.iter().skip(i.saturating_add(1)).any(|(_, w)| w == challenger),
					"a challenger twice against one target"
				);
				let c = Challenges::<T>::get(id).ok_or("target index points to no challenge")?;
				ensure!(c.target == target, "target index points to another target's challenge");
			}
		}
		ensure!(indexed == count, "target index count mismatch");

		let mut queued: u64 = 0;
		for (block, queue) in Deadlines::<T>::iter() {
			ensure!(!queue.is_empty(), "empty deadline queue kept in storage");
			for (i, id) in queue.iter().enumerate() {
				queued = queued.saturating_add(1);
				ensure!(
					!queue.iter().skip(i.saturating_add(1)).any(|x| x == id),
					"duplicate id in a deadline queue"
				);
				let c = Challenges::<T>::get(id).ok_or("deadline queue points to no challenge")?;
				ensure!(c.deadline == block, "challenge queued at another block than its deadline");
			}
		}
		ensure!(queued == count, "deadline queue count mismatch");

		let mut counted: usize = 0;
		for (agent, n) in ChallengedAgents::<T>::iter() {
			counted = counted.saturating_add(1);
			ensure!(agents.get(&agent) == Some(&n), "challenged agent count mismatch");
		}
		ensure!(counted == agents.len(), "challenged agent without a count");

		for (who, bond) in bonds {
			let held = T::Currency::balance_on_hold(&Self::hold_reason(), &who);
			ensure!(held == bond, "held challenge bond differs from the open challenges' bonds");
		}
		Ok(())
	}
}
