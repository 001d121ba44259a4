//! The pallet's invariants, checked by `try_state` (and by the tests of this and other crates).

use super::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: held bonds equal the verifiers' recorded bonds; every
	/// pending receipt is in exactly its deadline's queue (and only pending receipts are queued);
	/// attestation counters match the attestation map (and only pending receipts have
	/// attestations); no receipt is both pending and finalized; ids are below the next ids.
	/// Available to other crates' tests (`std`) and to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let now = Self::now();
		let next_id = NextReceiptId::<T>::get();
		let quorum = T::Quorum::get();

		let mut pending: u64 = 0;
		for (id, r) in Receipts::<T>::iter() {
			pending = pending.saturating_add(1);
			ensure!(id < next_id, "receipt id not below NextReceiptId");
			ensure!(!Outcomes::<T>::contains_key(id), "receipt both pending and finalized");
			ensure!(r.deadline > now, "receipt past its deadline still pending");
			ensure!(r.recorded_at < r.deadline, "deadline not after the recording block");
			ensure!(r.valid < quorum && r.invalid < quorum, "pending receipt reached a quorum");
			ensure!(
				r.valid.saturating_add(r.invalid) <= T::MaxAttestations::get(),
				"too many attestations"
			);
			let queue = Deadlines::<T>::get(r.deadline);
			ensure!(
				queue.iter().filter(|x| **x == id).count() == 1,
				"receipt not exactly once in its deadline queue"
			);
			let (mut valid, mut invalid) = (0u32, 0u32);
			for (_, v) in Attestations::<T>::iter_prefix(id) {
				if v {
					valid = valid.saturating_add(1);
				} else {
					invalid = invalid.saturating_add(1);
				}
			}
			ensure!(valid == r.valid && invalid == r.invalid, "attestation counters mismatch");
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
		for (id, (_, status)) in Outcomes::<T>::iter() {
			ensure!(id < next_id, "outcome id not below NextReceiptId");
			ensure!(status != ReceiptStatus::Pending, "outcome recorded as pending");
		}
		let next_anchor = NextAnchorId::<T>::get();
		for (id, a) in Anchors::<T>::iter() {
			ensure!(id < next_anchor, "anchor id not below NextAnchorId");
			ensure!(a.leaf_count > 0, "anchor of an empty batch");
		}

		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (who, bond) in Verifiers::<T>::iter() {
			ensure!(!bond.is_zero(), "verifier without a bond");
			bonds.insert(who, bond);
		}
		for (who, bond) in bonds {
			let held = T::Currency::balance_on_hold(&Self::hold_reason(), &who);
			ensure!(held == bond, "held verifier bond differs from the recorded bond");
		}
		Ok(())
	}
}
