//! The pallet's invariants, checked by `try_state` (see the crate docs, *Invariants*).

use super::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants (see the crate docs). Available to other crates' tests
	/// (`std`) and to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let next_id = NextEscrowId::<T>::get();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, escrow) in Escrows::<T>::iter() {
			ensure!(id < next_id, "escrow id not below NextEscrowId");
			ensure!(escrow.deadline > escrow.opened_at, "deadline not after opening");
			ensure!(
				escrow
					.evaluator
					.as_ref()
					.is_none_or(|(evaluator, _)| evaluator != &escrow.client),
				"client is its own evaluator"
			);
			if let EscrowState::Submitted { at, .. } | EscrowState::Accepted { at } = escrow.state {
				ensure!(
					at >= escrow.opened_at && at < escrow.deadline,
					"acceptance or submission outside [opened_at, deadline)"
				);
			}
			let total = escrow
				.amount
				.checked_add(&escrow.evaluator_fee())
				.ok_or("escrow deposit overflows")?;
			let entry = deposits.entry(escrow.client.clone()).or_insert_with(Zero::zero);
			*entry = entry.checked_add(&total).ok_or("client deposits overflow")?;
		}
		for (client, total) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&Self::hold_reason(), &client) == total,
				"escrow hold differs from the sum of the client's escrow deposits"
			);
		}
		Ok(())
	}
}
