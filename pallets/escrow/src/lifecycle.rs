//! The escrow's life cycle: open, accept, submit, release, claim and refund.

use super::*;

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The unsettled escrow `id`, or [`Error::UnknownEscrow`].
	pub(crate) fn get_escrow(id: EscrowId) -> Result<EscrowOf<T>, DispatchError> {
		Escrows::<T>::get(id).ok_or_else(|| Error::<T>::UnknownEscrow.into())
	}

	/// Opens an escrow for `client` (see [`Pallet::open`]); returns its id.
	pub fn do_open(
		client: T::AccountId,
		provider: AgentId,
		amount: BalanceOf<T>,
		evaluator: Option<(T::AccountId, BalanceOf<T>)>,
		deadline: BlockNumberFor<T>,
		job_spec: H256,
	) -> Result<EscrowId, DispatchError> {
		let facts = T::Agents::facts(provider).ok_or(Error::<T>::UnknownProvider)?;
		ensure!(facts.status == AgentStatus::Active, Error::<T>::ProviderNotEligible);
		ensure!(client != facts.owner && client != facts.agent_key, Error::<T>::SelfDealing);
		ensure!(amount >= T::MinEscrowAmount::get(), Error::<T>::AmountTooLow);
		let now = Self::now();
		ensure!(
			deadline > now && deadline <= now.saturating_add(T::MaxDeadline::get()),
			Error::<T>::InvalidDeadline
		);
		let mut evaluator_fee = BalanceOf::<T>::zero();
		if let Some((who, fee)) = &evaluator {
			ensure!(
				who != &client && who != &facts.owner && who != &facts.agent_key,
				Error::<T>::InvalidEvaluator
			);
			ensure!(
				fee.is_zero() || *fee >= T::Currency::minimum_balance(),
				Error::<T>::EvaluatorFeeBelowMinimum
			);
			evaluator_fee = *fee;
		}
		let deposit = amount.checked_add(&evaluator_fee).ok_or(ArithmeticError::Overflow)?;
		let id = NextEscrowId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreEscrowIds)?;

		T::Currency::hold(&Self::hold_reason(), &client, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		Escrows::<T>::insert(
			id,
			EscrowRecord {
				client: client.clone(),
				provider,
				provider_owner: facts.owner,
				amount,
				evaluator: evaluator.clone(),
				deadline,
				job_spec,
				state: EscrowState::Open,
				dispute: DisputeStatus::None,
				opened_at: now,
			},
		);
		NextEscrowId::<T>::put(next_id);

		Self::deposit_event(Event::Opened {
			id,
			client,
			provider,
			amount,
			evaluator,
			deadline,
			job_spec,
		});
		Ok(id)
	}

	/// Checks that `who` signs for the provider of `escrow` (its agent key or owner) and that
	/// the provider may take on work: it is `Active` (not jailed, unbonding, underbonded or
	/// stale).
	fn ensure_provider_signer(who: &T::AccountId, escrow: &EscrowOf<T>) -> DispatchResult {
		let facts = T::Agents::facts(escrow.provider).ok_or(Error::<T>::NotProvider)?;
		ensure!(who == &facts.agent_key || who == &facts.owner, Error::<T>::NotProvider);
		ensure!(facts.status == AgentStatus::Active, Error::<T>::ProviderNotEligible);
		Ok(())
	}

	/// Accepts escrow `id` on behalf of its provider, signed by `who` (see [`Pallet::accept`]).
	pub fn do_accept(who: T::AccountId, id: EscrowId) -> DispatchResult {
		let mut escrow = Self::get_escrow(id)?;
		Self::ensure_provider_signer(&who, &escrow)?;
		ensure!(escrow.state == EscrowState::Open, Error::<T>::WrongState);
		let now = Self::now();
		ensure!(now < escrow.deadline, Error::<T>::DeadlinePassed);

		escrow.state = EscrowState::Accepted { at: now };
		let provider = escrow.provider;
		Escrows::<T>::insert(id, escrow);

		Self::deposit_event(Event::Accepted { id, provider, by: who });
		Ok(())
	}

	/// Records the deliverable of escrow `id`, signed by `who` (see [`Pallet::submit`]).
	pub fn do_submit(who: T::AccountId, id: EscrowId, deliverable: Deliverable) -> DispatchResult {
		let mut escrow = Self::get_escrow(id)?;
		Self::ensure_provider_signer(&who, &escrow)?;
		ensure!(!escrow.frozen(), Error::<T>::Disputed);
		ensure!(
			matches!(escrow.state, EscrowState::Open | EscrowState::Accepted { .. }),
			Error::<T>::WrongState
		);
		let now = Self::now();
		ensure!(now < escrow.deadline, Error::<T>::DeadlinePassed);
		if let Deliverable::Receipt(receipt) = deliverable {
			let (agent, status) =
				T::Receipts::receipt(receipt).ok_or(Error::<T>::UnknownReceipt)?;
			ensure!(agent == escrow.provider, Error::<T>::ReceiptOfAnotherAgent);
			ensure!(
				matches!(status, ReceiptStatus::Pending | ReceiptStatus::Verified),
				Error::<T>::ReceiptNotValid
			);
		}

		escrow.state = EscrowState::Submitted { deliverable, at: now };
		let provider = escrow.provider;
		Escrows::<T>::insert(id, escrow);

		Self::deposit_event(Event::Submitted { id, provider, deliverable, by: who });
		Ok(())
	}

	/// Releases escrow `id` on behalf of `who` (see [`Pallet::release`]).
	pub fn do_release(who: T::AccountId, id: EscrowId) -> DispatchResult {
		let escrow = Self::get_escrow(id)?;
		let kind = if who == escrow.client {
			ReleaseKind::Client
		} else if escrow.evaluator.as_ref().is_some_and(|(evaluator, _)| evaluator == &who) {
			ReleaseKind::Evaluator
		} else {
			return Err(Error::<T>::NotAuthorized.into());
		};
		ensure!(!escrow.frozen(), Error::<T>::Disputed);
		if kind == ReleaseKind::Evaluator {
			ensure!(matches!(escrow.state, EscrowState::Submitted { .. }), Error::<T>::WrongState);
		}
		Self::pay_provider(id, escrow, who, kind)
	}

	/// Releases submitted escrow `id` after the review period, claimed by `who` (see
	/// [`Pallet::claim`]).
	pub fn do_claim(who: T::AccountId, id: EscrowId) -> DispatchResult {
		let escrow = Self::get_escrow(id)?;
		ensure!(!escrow.frozen(), Error::<T>::Disputed);
		let EscrowState::Submitted { at: submitted_at, .. } = escrow.state else {
			return Err(Error::<T>::WrongState.into());
		};
		ensure!(
			Self::now() >= submitted_at.saturating_add(T::ReviewPeriod::get()),
			Error::<T>::ReviewPeriodNotOver
		);
		Self::pay_provider(id, escrow, who, ReleaseKind::Claim)
	}

	/// Refunds escrow `id` on behalf of `who` (see [`Pallet::refund`]).
	pub fn do_refund(who: T::AccountId, id: EscrowId) -> DispatchResult {
		let escrow = Self::get_escrow(id)?;
		ensure!(!escrow.frozen(), Error::<T>::Disputed);
		let reason = match escrow.state {
			EscrowState::Submitted { .. } => {
				ensure!(
					escrow.evaluator.as_ref().is_some_and(|(evaluator, _)| evaluator == &who),
					Error::<T>::WrongState
				);
				RefundReason::Rejected
			},
			EscrowState::Open if who == escrow.client => RefundReason::Withdrawn,
			EscrowState::Open | EscrowState::Accepted { .. } => {
				ensure!(Self::now() >= escrow.deadline, Error::<T>::DeadlineNotReached);
				RefundReason::Expired
			},
		};
		Self::refund_client(id, escrow, reason)
	}
}
