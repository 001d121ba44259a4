//! Funds: the client's escrow hold and the payouts and refunds out of it (see the crate docs,
//! *Funds*).

use super::*;

impl<T: Config> Pallet<T> {
	/// The hold reason of every escrow deposit.
	pub(crate) fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::Escrow.into()
	}

	/// Moves `amount` of `client`'s escrow hold to `to` if `to` can accept it; returns the amount
	/// moved (zero if `to` cannot accept it: the caller returns it to the client).
	fn try_pay(
		client: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if amount.is_zero()
			|| T::Currency::can_deposit(to, amount, Provenance::Extant)
				!= DepositConsequence::Success
		{
			return Ok(Zero::zero());
		}
		T::Currency::transfer_on_hold(
			&Self::hold_reason(),
			client,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)
	}

	/// Releases `amount` of `client`'s escrow hold back to its free balance.
	fn return_to_client(client: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&Self::hold_reason(), client, amount, Precision::Exact)?;
		}
		Ok(())
	}

	/// Pays escrow `id` out to its provider (see the crate docs, *Funds*) and removes it.
	pub(crate) fn pay_provider(
		id: EscrowId,
		escrow: EscrowOf<T>,
		by: T::AccountId,
		kind: ReleaseKind,
	) -> DispatchResult {
		let client = &escrow.client;
		let payee = T::Agents::facts(escrow.provider)
			.map(|f| f.owner)
			.unwrap_or_else(|| escrow.provider_owner.clone());
		let fee = T::ProtocolFee::get().mul_floor(escrow.amount);
		let paid = escrow.amount.saturating_sub(fee);
		if !paid.is_zero() {
			T::Currency::transfer_on_hold(
				&Self::hold_reason(),
				client,
				&payee,
				paid,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		let fee_paid = Self::try_pay(client, &T::Treasury::get(), fee)?;
		let evaluator_fee = match (&escrow.evaluator, kind) {
			(Some((evaluator, owed)), ReleaseKind::Evaluator) => {
				Self::try_pay(client, evaluator, *owed)?
			},
			_ => Zero::zero(),
		};
		let returned = escrow
			.deposit()
			.saturating_sub(paid)
			.saturating_sub(fee_paid)
			.saturating_sub(evaluator_fee);
		Self::return_to_client(client, returned)?;
		Escrows::<T>::remove(id);
		// Paying for nothing delivered is the client's gift, not evidence of work.
		if matches!(escrow.state, EscrowState::Submitted { .. }) {
			T::Reputation::escrow_settled(
				escrow.provider,
				id,
				client,
				escrow.amount,
				EscrowOutcome::Released,
			);
		}

		Self::deposit_event(Event::Released {
			id,
			provider: escrow.provider,
			payee,
			paid,
			fee: fee_paid,
			evaluator_fee,
			returned,
			by,
			kind,
		});
		Ok(())
	}

	/// Refunds escrow `id` to its client (the evaluator gets its fee if it rejected) and removes
	/// it.
	pub(crate) fn refund_client(
		id: EscrowId,
		escrow: EscrowOf<T>,
		reason: RefundReason,
	) -> DispatchResult {
		let client = &escrow.client;
		let evaluator_fee = match (&escrow.evaluator, reason) {
			(Some((evaluator, owed)), RefundReason::Rejected) => {
				Self::try_pay(client, evaluator, *owed)?
			},
			_ => Zero::zero(),
		};
		let refunded = escrow.deposit().saturating_sub(evaluator_fee);
		Self::return_to_client(client, refunded)?;
		Escrows::<T>::remove(id);
		// A job the provider never accepted cannot count against it.
		if escrow.state.committed() {
			T::Reputation::escrow_settled(
				escrow.provider,
				id,
				client,
				escrow.amount,
				EscrowOutcome::Refunded,
			);
		}

		Self::deposit_event(Event::Refunded {
			id,
			provider: escrow.provider,
			client: escrow.client,
			refunded,
			evaluator_fee,
			reason,
		});
		Ok(())
	}
}
