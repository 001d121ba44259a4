//! The pallet's invariants, checked by `try_state` (and by the tests of this and other crates).

use super::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: held bonds equal the verifiers' recorded bonds; the draw's
	/// slots are exactly the verifiers that are not unbonding; every pending receipt is in
	/// exactly its deadline's queue (and only pending receipts are queued); a receipt without a
	/// committee is awaiting its draw; attestations come from committee members, match the
	/// counters and (only pending receipts have them) stay below the quorum; each agent's count of
	/// pending receipts is exact, and each depositor holds exactly its receipts' deposits (and
	/// its anchors'); no receipt is both pending and finalized; no outcome is kept below the
	/// outcome cursor; ids are below the next ids. Available to other
	/// crates' tests (`std`) and to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let now = Self::now();
		let next_id = NextReceiptId::<T>::get();
		let undrawn = Undrawn::<T>::get();

		let mut pending: u64 = 0;
		let mut per_agent: BTreeMap<AgentId, u32> = BTreeMap::new();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, r) in Receipts::<T>::iter() {
			pending = pending.saturating_add(1);
			let n = per_agent.entry(r.agent).or_default();
			*n = n.saturating_add(1);
			let d = deposits.entry(r.depositor.clone()).or_insert_with(Zero::zero);
			*d = d.saturating_add(r.deposit);
			ensure!(id < next_id, "receipt id not below NextReceiptId");
			ensure!(!Outcomes::<T>::contains_key(id), "receipt both pending and finalized");
			ensure!(r.deadline > now, "receipt past its deadline still pending");
			ensure!(r.recorded_at < r.deadline, "deadline not after the recording block");
			ensure!(
				r.committee.is_none() == undrawn.iter().any(|u| u.id == id),
				"receipt without a committee not awaiting its draw, or drawn twice"
			);
			let committee = r.committee.clone().unwrap_or_default();
			let quorum = crate::committee::quorum(committee.len());
			ensure!(r.valid < quorum && r.invalid < quorum, "pending receipt reached a quorum");
			let queue = Deadlines::<T>::get(r.deadline);
			ensure!(
				queue.iter().filter(|x| **x == id).count() == 1,
				"receipt not exactly once in its deadline queue"
			);
			let (mut valid, mut invalid) = (0u32, 0u32);
			for (member, v) in Attestations::<T>::iter_prefix(id) {
				ensure!(committee.contains(&member), "attestation by a non-member");
				if v {
					valid = valid.saturating_add(1);
				} else {
					invalid = invalid.saturating_add(1);
				}
			}
			ensure!(valid == r.valid && invalid == r.invalid, "attestation counters mismatch");
		}

		ensure!(
			PendingPerAgent::<T>::iter().collect::<BTreeMap<_, _>>() == per_agent,
			"PendingPerAgent differs from the pending receipts"
		);
		for (who, held) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&Self::deposit_reason(), &who) == held,
				"held receipt deposits differ from the pending receipts' deposits"
			);
		}

		let mut queued: u64 = 0;
		for (block, queue) in Deadlines::<T>::iter() {
			ensure!(!queue.is_empty(), "empty deadline queue kept in storage");
			for id in queue.iter() {
				queued = queued.saturating_add(1);
				let r = Receipts::<T>::get(id).ok_or("deadline queue points to no receipt")?;
				ensure!(r.deadline == block, "receipt queued at another block than its deadline");
			}
		}
		ensure!(queued == pending, "deadline queue count mismatch");

		for (id, _, _) in Attestations::<T>::iter() {
			ensure!(Receipts::<T>::contains_key(id), "attestation of a receipt not pending");
		}
		let cursor = OutcomeCursor::<T>::get();
		ensure!(cursor <= next_id, "OutcomeCursor past NextReceiptId");
		for (id, o) in Outcomes::<T>::iter() {
			ensure!(id < next_id, "outcome id not below NextReceiptId");
			ensure!(id >= cursor, "outcome below OutcomeCursor kept");
			ensure!(o.status != ReceiptStatus::Pending, "outcome recorded as pending");
		}
		let next_anchor = NextAnchorId::<T>::get();
		let mut anchor_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, a) in Anchors::<T>::iter() {
			ensure!(id < next_anchor, "anchor id not below NextAnchorId");
			ensure!(a.leaf_count > 0, "anchor of an empty batch");
			let d = anchor_deposits.entry(a.depositor).or_insert_with(Zero::zero);
			*d = d.saturating_add(a.deposit);
		}
		for (who, held) in anchor_deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::AnchorDeposit.into(), &who) == held,
				"held anchor deposits differ from the anchors' deposits"
			);
		}

		// Undrawn receipts are in recording order and within the per-block cap; one may have
		// expired while its randomness was late, but none was decided.
		for (earlier, later) in undrawn.iter().zip(undrawn.iter().skip(1)) {
			ensure!(
				earlier.id < later.id && earlier.seen <= later.seen,
				"undrawn receipts out of recording order"
			);
		}
		for u in undrawn.iter() {
			let same_block = undrawn.iter().filter(|v| v.recorded_at == u.recorded_at).count();
			ensure!(
				same_block <= T::MaxReceiptsPerBlock::get() as usize,
				"more undrawn receipts of one block than a block records"
			);
			ensure!(
				Receipts::<T>::contains_key(u.id)
					|| Outcomes::<T>::get(u.id).is_none_or(|o| o.status == ReceiptStatus::Expired),
				"an undrawn receipt was decided"
			);
		}

		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut in_draw: u32 = 0;
		for (who, v) in Verifiers::<T>::iter() {
			ensure!(v.slot.is_some() != v.leaving.is_some(), "verifier neither drawn nor leaving");
			if let Some(slot) = v.slot {
				in_draw = in_draw.saturating_add(1);
				ensure!(
					VerifierSlots::<T>::get(slot).as_ref() == Some(&who),
					"verifier not in its slot"
				);
				ensure!(!v.bond.is_zero(), "verifier in the draw without a bond");
			}
			bonds.insert(who, v.bond);
		}
		let count = VerifierCount::<T>::get();
		ensure!(in_draw == count, "VerifierCount differs from the verifiers in the draw");
		for (slot, _) in VerifierSlots::<T>::iter() {
			ensure!(slot < count, "draw slot past VerifierCount");
		}
		for (who, bond) in bonds {
			let held = T::Currency::balance_on_hold(&Self::hold_reason(), &who);
			ensure!(held == bond, "held verifier bond differs from the recorded bond");
		}
		Ok(())
	}
}
