//! Implementations of the `chaoscore-primitives` traits other pallets reach this one through.

use super::*;

impl<T: Config> EscrowDisputes<T::AccountId> for Pallet<T> {
	fn parties(id: EscrowId) -> Option<(T::AccountId, AgentId)> {
		Escrows::<T>::get(id).map(|escrow| (escrow.client, escrow.provider))
	}

	fn freeze(id: EscrowId, challenger: &T::AccountId) -> DispatchResult {
		with_storage_layer(|| Self::do_freeze(id, challenger))
	}

	fn settle_dispute(id: EscrowId, outcome: DisputeOutcome) -> DispatchResult {
		with_storage_layer(|| Self::do_settle_dispute(id, outcome))
	}
}
