//! Attestations of pending receipts by their committees, finalization on reaching the quorum, and
//! the penalties of the members on the losing side.

use super::*;
use crate::committee::quorum;

impl<T: Config> Pallet<T> {
	/// Attestation of receipt `id` by `who` (see [`Pallet::attest`]).
	pub fn do_attest(who: T::AccountId, id: ReceiptId, valid: bool) -> DispatchResult {
		ensure!(Verifiers::<T>::contains_key(&who), Error::<T>::NotVerifier);
		let mut receipt = match Receipts::<T>::get(id) {
			Some(r) => r,
			// Recorded and no longer pending (its outcome may already be forgotten).
			None if id < NextReceiptId::<T>::get() => {
				return Err(Error::<T>::ReceiptFinalized.into())
			},
			None => return Err(Error::<T>::UnknownReceipt.into()),
		};
		ensure!(T::Agents::facts(receipt.agent).is_some(), Error::<T>::UnknownAgent);
		// The agent's owner and key were left out of the draw; their current values are not
		// checked, or the owner could silence a member by making it the agent's key.
		let committee = receipt.committee.as_ref().ok_or(Error::<T>::CommitteeNotDrawn)?;
		ensure!(committee.contains(&who), Error::<T>::NotInCommittee);
		ensure!(!Attestations::<T>::contains_key(id, &who), Error::<T>::AlreadyAttested);
		let quorum = quorum(committee.len());
		if valid {
			receipt.valid = receipt.valid.saturating_add(1);
		} else {
			receipt.invalid = receipt.invalid.saturating_add(1);
		}
		Self::deposit_event(Event::Attested { id, verifier: who.clone(), valid });

		let verdict = if receipt.valid >= quorum {
			Some(true)
		} else if receipt.invalid >= quorum {
			Some(false)
		} else {
			None
		};
		let Some(verified) = verdict else {
			Attestations::<T>::insert(id, &who, valid);
			Receipts::<T>::insert(id, receipt);
			return Ok(());
		};
		// The members on the losing side attested before this one (which made the quorum).
		let losers: Vec<T::AccountId> = Attestations::<T>::iter_prefix(id)
			.filter(|(_, v)| *v != verified)
			.map(|(member, _)| member)
			.collect();
		let status = if verified { ReceiptStatus::Verified } else { ReceiptStatus::Rejected };
		Self::prune(id, &receipt, status, true);
		T::Reputation::receipt_finalized(receipt.agent, id, verified);
		Self::deposit_event(Event::ReceiptFinalized {
			id,
			agent: receipt.agent,
			status,
			valid: receipt.valid,
			invalid: receipt.invalid,
		});
		for loser in losers {
			Self::penalize(&loser, id);
		}
		Ok(())
	}
}
