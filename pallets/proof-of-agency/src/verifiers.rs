//! Verifiers: registration, holding and releasing their bonds.

use super::*;

impl<T: Config> Pallet<T> {
	/// The hold reason of the verifier bond.
	pub(crate) fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::VerifierBond.into()
	}

	/// Registers `who` as a verifier, holding [`Config::VerifierBond`] (see
	/// [`Pallet::register_verifier`]).
	pub fn do_register_verifier(who: T::AccountId) -> DispatchResult {
		ensure!(!Verifiers::<T>::contains_key(&who), Error::<T>::AlreadyVerifier);
		let bond = T::VerifierBond::get();
		T::Currency::hold(&Self::hold_reason(), &who, bond)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Verifiers::<T>::insert(&who, bond);
		Self::deposit_event(Event::VerifierRegistered { who, bond });
		Ok(())
	}

	/// Deregisters verifier `who` and releases its bond (see [`Pallet::deregister_verifier`]).
	pub fn do_deregister_verifier(who: T::AccountId) -> DispatchResult {
		let bond = Verifiers::<T>::get(&who).ok_or(Error::<T>::NotVerifier)?;
		let released =
			T::Currency::release(&Self::hold_reason(), &who, bond, Precision::BestEffort)?;
		Verifiers::<T>::remove(&who);
		Self::deposit_event(Event::VerifierDeregistered { who, bond: released });
		Ok(())
	}
}
