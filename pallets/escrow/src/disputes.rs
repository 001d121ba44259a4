//! Disputes: the client's `dispute` and the [`EscrowDisputes`] side the challenge pallet drives
//! (freeze, then refund or resume).

use super::*;

impl<T: Config> Pallet<T> {
	/// Disputes escrow `id` on behalf of its client `who` (see [`Pallet::dispute`]).
	pub fn do_dispute(
		who: T::AccountId,
		id: EscrowId,
		evidence: H256,
		reason: ChallengeReason,
	) -> DispatchResult {
		let escrow = Self::get_escrow(id)?;
		ensure!(who == escrow.client, Error::<T>::NotClient);
		ensure!(escrow.dispute == DisputeStatus::None, Error::<T>::AlreadyDisputed);
		// Before the provider commits there is nothing to dispute: the client withdraws instead.
		ensure!(escrow.state.committed(), Error::<T>::WrongState);
		let challenge =
			T::Challenges::open(who.clone(), ChallengeTarget::Escrow(id), evidence, reason)?;
		// The challenge pallet freezes the escrow through `EscrowDisputes::freeze`; an escrow it
		// did not freeze could never be settled by it, so refuse rather than freeze it here.
		let frozen = Escrows::<T>::get(id).is_some_and(|e| e.frozen());
		if !frozen {
			log::error!(
				target: LOG_TARGET,
				"challenge {challenge} against escrow {id} did not freeze it: is `Config::Challenges` \
				 the challenge pallet?"
			);
		}
		ensure!(frozen, Error::<T>::DisputeNotFrozen);
		Self::deposit_event(Event::Disputed { id, client: who, challenge, reason, evidence });
		Ok(())
	}

	/// Freezes escrow `id` for a dispute by `challenger` (see [`EscrowDisputes::freeze`]).
	pub fn do_freeze(id: EscrowId, challenger: &T::AccountId) -> DispatchResult {
		let mut escrow = Self::get_escrow(id)?;
		ensure!(challenger == &escrow.client, Error::<T>::NotClient);
		ensure!(escrow.dispute == DisputeStatus::None, Error::<T>::AlreadyDisputed);
		ensure!(escrow.state.committed(), Error::<T>::WrongState);
		escrow.dispute = DisputeStatus::Frozen;
		Escrows::<T>::insert(id, escrow);
		Self::deposit_event(Event::Frozen { id, challenger: challenger.clone() });
		Ok(())
	}

	/// Ends the dispute of escrow `id` with `outcome` (see [`EscrowDisputes::settle_dispute`]).
	pub fn do_settle_dispute(id: EscrowId, outcome: DisputeOutcome) -> DispatchResult {
		let mut escrow = Self::get_escrow(id)?;
		ensure!(escrow.frozen(), Error::<T>::NotDisputed);
		match outcome {
			DisputeOutcome::RefundClient => {
				Self::refund_client(id, escrow, RefundReason::DisputeUpheld)
			},
			DisputeOutcome::Resume => {
				escrow.dispute = DisputeStatus::Resumed;
				Escrows::<T>::insert(id, escrow);
				Self::deposit_event(Event::Resumed { id });
				Ok(())
			},
		}
	}
}
