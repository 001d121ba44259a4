//! Expiry: `on_initialize` expires every challenge whose deadline is the current block.

use super::*;

impl<T: Config> Pallet<T> {
	/// Expires every challenge whose deadline is `now`; returns the weight used.
	pub fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let due = Deadlines::<T>::take(now);
		let count: u32 = due.len().saturated_into();
		for id in due {
			Self::expire(id);
		}
		T::WeightInfo::on_initialize_expire(count)
	}

	fn expiry_failed(id: ChallengeId, error: DispatchError) {
		log::error!(target: LOG_TARGET, "expiry of challenge {id} failed: {error:?}");
		Self::deposit_event(Event::ExpiryFailed { id, error });
	}

	/// Expires challenge `id` (already taken out of its deadline queue). Never fails: each step
	/// that errs is rolled back on its own and reported; the challenge leaves every index.
	fn expire(id: ChallengeId) {
		let Some(challenge) = Challenges::<T>::take(id) else {
			Self::expiry_failed(id, Error::<T>::UnknownChallenge.into());
			return;
		};
		Self::remove_from_indices(id, &challenge, false);
		let Challenge { challenger, target, agent, bond, .. } = challenge;

		let bond_returned = with_storage_layer(|| {
			T::Currency::release(&Self::hold_reason(), &challenger, bond, Precision::BestEffort)
		})
		.unwrap_or_else(|error| {
			Self::expiry_failed(id, error);
			Zero::zero()
		});
		if let ChallengeTarget::Escrow(escrow) = target {
			if let Err(error) =
				with_storage_layer(|| T::Escrows::settle_dispute(escrow, DisputeOutcome::Resume))
			{
				Self::expiry_failed(id, error);
			}
		}
		Self::deposit_event(Event::Expired { id, challenger, target, agent, bond_returned });
	}
}
