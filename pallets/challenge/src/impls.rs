//! Implementations of the `chaoscore-primitives` traits other pallets reach this one through.

use super::*;

impl<T: Config> OpenChallenge<T::AccountId> for Pallet<T> {
	fn open(
		challenger: T::AccountId,
		target: ChallengeTarget,
		evidence: H256,
		reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError> {
		Self::do_open(challenger, target, evidence, reason)
	}

	fn open_weight() -> Weight {
		T::WeightInfo::open()
	}
}

impl<T: Config> ChallengeGuard for Pallet<T> {
	fn is_challenged(id: AgentId) -> bool {
		ChallengedAgents::<T>::contains_key(id)
	}
}
