//! Verifiers: registration into the draw, leaving it (deregistration or a penalty), unbonding,
//! and the penalties for attesting against a receipt's final outcome.

use super::*;

impl<T: Config> Pallet<T> {
	/// The hold reason of the verifier bond.
	pub(crate) fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::VerifierBond.into()
	}

	/// Registers `who` as a verifier in the draw, holding [`Config::VerifierBond`] (see
	/// [`Pallet::register_verifier`]).
	pub fn do_register_verifier(who: T::AccountId) -> DispatchResult {
		ensure!(!Verifiers::<T>::contains_key(&who), Error::<T>::AlreadyVerifier);
		let slot = VerifierCount::<T>::get();
		ensure!(slot < T::MaxVerifiers::get(), Error::<T>::TooManyVerifiers);
		let bond = T::VerifierBond::get();
		T::Currency::hold(&Self::hold_reason(), &who, bond)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		VerifierSlots::<T>::insert(slot, &who);
		VerifierCount::<T>::put(slot.saturating_add(1));
		Verifiers::<T>::insert(&who, Verifier { bond, slot: Some(slot), leaving: None });
		Self::deposit_event(Event::VerifierRegistered { who, bond });
		Ok(())
	}

	/// Takes verifier `who` out of the draw (see [`Pallet::deregister_verifier`]).
	pub fn do_deregister_verifier(who: T::AccountId) -> DispatchResult {
		let mut verifier = Verifiers::<T>::get(&who).ok_or(Error::<T>::NotVerifier)?;
		ensure!(verifier.leaving.is_none(), Error::<T>::VerifierUnbonding);
		Self::leave_draw(&who, &mut verifier);
		Verifiers::<T>::insert(&who, verifier);
		Ok(())
	}

	/// Releases the bond of unbonding verifier `who` and forgets it (see
	/// [`Pallet::withdraw_verifier_bond`]).
	pub fn do_withdraw_verifier_bond(who: T::AccountId) -> DispatchResult {
		let verifier = Verifiers::<T>::get(&who).ok_or(Error::<T>::NotVerifier)?;
		let until = verifier.leaving.ok_or(Error::<T>::VerifierNotUnbonding)?;
		ensure!(Self::now() >= until, Error::<T>::VerifierUnbondingNotOver);
		let amount =
			T::Currency::release(&Self::hold_reason(), &who, verifier.bond, Precision::BestEffort)?;
		Verifiers::<T>::remove(&who);
		Self::deposit_event(Event::VerifierBondWithdrawn { who, amount });
		Ok(())
	}

	/// Removes `who` from the draw (the last slot moves into its place) and starts its
	/// unbonding period; the caller stores `verifier`.
	fn leave_draw(who: &T::AccountId, verifier: &mut VerifierOf<T>) {
		if let Some(slot) = verifier.slot.take() {
			let last = VerifierCount::<T>::get().saturating_sub(1);
			if slot != last {
				if let Some(moved) = VerifierSlots::<T>::get(last) {
					Verifiers::<T>::mutate(&moved, |v| {
						if let Some(v) = v {
							v.slot = Some(slot);
						}
					});
					VerifierSlots::<T>::insert(slot, moved);
				}
			}
			VerifierSlots::<T>::remove(last);
			VerifierCount::<T>::put(last);
		}
		let unbonding_until = Self::now().saturating_add(T::VerifierUnbondingPeriod::get());
		verifier.leaving = Some(unbonding_until);
		Self::deposit_event(Event::VerifierLeft {
			who: who.clone(),
			bond: verifier.bond,
			unbonding_until,
		});
	}

	/// Moves [`Config::VerifierPenalty`] (at most what is left) of `who`'s bond to
	/// [`Config::Treasury`] for attesting against the outcome of `receipt`, and takes it out of
	/// the draw: a verifier on a losing side is drawn again only after registering anew.
	pub(crate) fn penalize(who: &T::AccountId, receipt: ReceiptId) {
		let Some(mut verifier) = Verifiers::<T>::get(who) else {
			log::error!(target: LOG_TARGET, "attester of receipt {receipt} is not a verifier");
			return;
		};
		let penalty = T::VerifierPenalty::get().min(verifier.bond);
		let amount = T::Currency::transfer_on_hold(
			&Self::hold_reason(),
			who,
			&T::Treasury::get(),
			penalty,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|e| {
			log::error!(target: LOG_TARGET, "penalty of {who:?} for {receipt} failed: {e:?}");
			Zero::zero()
		});
		verifier.bond = verifier.bond.saturating_sub(amount);
		Self::deposit_event(Event::VerifierPenalized {
			who: who.clone(),
			receipt,
			amount,
			remaining_bond: verifier.bond,
		});
		if verifier.leaving.is_none() {
			Self::leave_draw(who, &mut verifier);
		}
		Verifiers::<T>::insert(who, verifier);
	}
}
