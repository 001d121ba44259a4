//! Recording receipts: who may record for an agent, which deadline a new receipt gets, and the
//! pruning of finalized receipts (shared by attestation and expiry).

use super::*;
use chaoscore_primitives::deadlines::first_free_deadline;

impl<T: Config> Pallet<T> {
	/// The current block number.
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The agent and status of receipt `id`: `Pending` while it is in [`Receipts`], its final
	/// status once finalized; `None` if it was never recorded or its outcome is no longer kept
	/// ([`Config::OutcomeRetention`]). For the runtime API.
	pub fn receipt_status(id: ReceiptId) -> Option<(AgentId, ReceiptStatus)> {
		match Receipts::<T>::get(id) {
			Some(r) => Some((r.agent, ReceiptStatus::Pending)),
			None => Outcomes::<T>::get(id).map(|o| (o.agent, o.status)),
		}
	}

	/// Checks that `who` controls agent `agent` (its key or owner) and that the agent may act
	/// (registered, neither jailed nor unbonding).
	pub(crate) fn ensure_controller(
		who: &T::AccountId,
		agent: AgentId,
	) -> Result<AgentFactsOf<T>, DispatchError> {
		let facts = T::Agents::facts(agent).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(facts.agent_key == *who || facts.owner == *who, Error::<T>::NotAgentController);
		match facts.status {
			AgentStatus::Jailed => Err(Error::<T>::AgentJailed.into()),
			AgentStatus::Unbonding => Err(Error::<T>::AgentUnbonding.into()),
			AgentStatus::Active | AgentStatus::Stale | AgentStatus::Underbonded => Ok(facts),
		}
	}

	/// The deadline a receipt recorded at `now` gets: the first block at or after
	/// `now + AttestationPeriod` with room in its queue, within [`MAX_DEADLINE_SCAN`] blocks.
	pub fn next_free_deadline(now: BlockNumberFor<T>) -> Result<BlockNumberFor<T>, DispatchError> {
		first_free_deadline(
			now.saturating_add(T::AttestationPeriod::get()),
			T::MaxDeadlinesPerBlock::get(),
			|block| Deadlines::<T>::decode_len(block).unwrap_or(0).saturated_into(),
		)
		.ok_or_else(|| Error::<T>::DeadlineQueuesFull.into())
	}

	/// Records a receipt signed by `who` (see [`Pallet::record_receipt`]); returns its id.
	pub fn do_record(
		who: T::AccountId,
		agent: AgentId,
		kind: KindOf<T>,
		input_hash: H256,
		output_hash: H256,
		context: Option<ReceiptContext>,
		tee_attestation: Option<H256>,
	) -> Result<ReceiptId, DispatchError> {
		let facts = Self::ensure_controller(&who, agent)?;
		ensure!(facts.status != AgentStatus::Underbonded, Error::<T>::AgentUnderbonded);
		ensure!(!kind.is_empty(), Error::<T>::EmptyKind);
		let pending = PendingPerAgent::<T>::get(agent);
		ensure!(pending < T::MaxPendingPerAgent::get(), Error::<T>::TooManyPendingReceipts);
		let now = Self::now();
		let deadline = Self::next_free_deadline(now)?;
		let id = NextReceiptId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreReceiptIds)?;
		let mut undrawn = Undrawn::<T>::get();
		let this_block = undrawn.iter().filter(|u| u.recorded_at == now).count();
		ensure!(
			this_block < T::MaxReceiptsPerBlock::get() as usize,
			Error::<T>::TooManyReceiptsThisBlock
		);
		let seen = Self::committee_randomness().1;
		undrawn
			.try_push(UndrawnReceipt { id, recorded_at: now, seen })
			.map_err(|_| Error::<T>::CommitteeDrawsBehind)?;
		let mut queue = Deadlines::<T>::get(deadline);
		queue.try_push(id).map_err(|_| Error::<T>::DeadlineQueuesFull)?;
		// The last fallible step: nothing is written before it succeeds.
		let deposit = T::ReceiptDeposit::get();
		T::Currency::hold(&Self::deposit_reason(), &who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Undrawn::<T>::put(undrawn);
		Deadlines::<T>::insert(deadline, queue);
		PendingPerAgent::<T>::insert(agent, pending.saturating_add(1));
		Receipts::<T>::insert(
			id,
			Receipt {
				agent,
				kind: kind.clone(),
				input_hash,
				output_hash,
				context,
				tee_attestation,
				recorded_at: now,
				depositor: who.clone(),
				deposit,
				deadline,
				committee: None,
				valid: 0,
				invalid: 0,
			},
		);
		NextReceiptId::<T>::put(next_id);
		Self::deposit_event(Event::ReceiptRecorded {
			id,
			agent,
			recorder: who,
			kind,
			input_hash,
			output_hash,
			context,
			tee_attestation,
			deadline,
		});
		Ok(id)
	}

	/// The hold reason of receipt deposits.
	pub(crate) fn deposit_reason() -> T::RuntimeHoldReason {
		HoldReason::ReceiptDeposit.into()
	}

	/// Removes finalized receipt `id` (its record, attestations and, if `from_deadline_queue`,
	/// its queue entry), returns its deposit, counts it off its agent's pending receipts and
	/// records its outcome.
	pub(crate) fn prune(
		id: ReceiptId,
		receipt: &ReceiptOf<T>,
		status: ReceiptStatus,
		from_deadline_queue: bool,
	) {
		Receipts::<T>::remove(id);
		let _ = Attestations::<T>::clear_prefix(id, T::CommitteeSize::get(), None);
		if let Err(e) = T::Currency::release(
			&Self::deposit_reason(),
			&receipt.depositor,
			receipt.deposit,
			Precision::BestEffort,
		) {
			log::error!(target: LOG_TARGET, "deposit of receipt {id} not released: {e:?}");
		}
		PendingPerAgent::<T>::mutate_exists(receipt.agent, |pending| {
			*pending = pending.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
		if from_deadline_queue {
			Deadlines::<T>::mutate_exists(receipt.deadline, |queue| {
				if let Some(q) = queue {
					q.retain(|x| *x != id);
					if q.is_empty() {
						*queue = None;
					}
				}
			});
		}
		let recorded_at = receipt.recorded_at;
		Outcomes::<T>::insert(id, ReceiptOutcome { agent: receipt.agent, status, recorded_at });
	}
}
