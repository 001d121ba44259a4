//! Opening challenges, and the indices an open challenge is kept in (by target, by agent, by
//! deadline).

use super::*;
use chaoscore_primitives::deadlines::first_free_deadline;

impl<T: Config> Pallet<T> {
	/// The hold reason of every challenge bond.
	pub(crate) fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::ChallengeBond.into()
	}

	/// The current block number.
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The open challenges against `target` with their ids, oldest first.
	pub fn open_challenges_of(target: ChallengeTarget) -> Vec<(ChallengeId, ChallengeOf<T>)> {
		OpenByTarget::<T>::get(target)
			.into_iter()
			.filter_map(|(id, _)| Challenges::<T>::get(id).map(|c| (id, c)))
			.collect()
	}

	/// The deadline a challenge opened at `now` gets: the first block at or after
	/// `now + ResolutionPeriod` with room in its queue, within [`MAX_DEADLINE_SCAN`] blocks.
	pub fn next_free_deadline(now: BlockNumberFor<T>) -> Result<BlockNumberFor<T>, DispatchError> {
		first_free_deadline(
			now.saturating_add(T::ResolutionPeriod::get()),
			T::MaxDeadlinesPerBlock::get(),
			|block| Deadlines::<T>::decode_len(block).unwrap_or(0).saturated_into(),
		)
		.ok_or_else(|| Error::<T>::DeadlineQueuesFull.into())
	}

	/// Opens a challenge by `challenger` (see [`Pallet::open`]); all or nothing. Returns its id.
	/// Shared by the `open` call and [`OpenChallenge::open`].
	pub fn do_open(
		challenger: T::AccountId,
		target: ChallengeTarget,
		evidence: H256,
		reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError> {
		with_storage_layer(|| Self::open_inner(challenger, target, evidence, reason))
	}

	fn open_inner(
		challenger: T::AccountId,
		target: ChallengeTarget,
		evidence: H256,
		reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError> {
		let open = OpenByTarget::<T>::get(target);
		if matches!(target, ChallengeTarget::Escrow(_)) {
			ensure!(open.is_empty(), Error::<T>::TargetAlreadyChallenged);
		}
		ensure!(open.iter().all(|(_, who)| *who != challenger), Error::<T>::AlreadyChallenging);
		ensure!(
			open.len() < T::MaxChallengesPerTarget::get() as usize,
			Error::<T>::TooManyChallenges
		);
		let (agent, escrow) = match target {
			ChallengeTarget::Agent(id) => {
				let facts = T::Agents::facts(id).ok_or(Error::<T>::UnknownAgent)?;
				ensure!(facts.owner != challenger, Error::<T>::ChallengerIsOwner);
				ensure!(facts.agent_key != challenger, Error::<T>::ChallengerIsAgentKey);
				(Some(id), None)
			},
			ChallengeTarget::Escrow(id) => {
				let (client, provider) =
					T::Escrows::parties(id).ok_or(Error::<T>::UnknownEscrow)?;
				ensure!(client == challenger, Error::<T>::NotClient);
				(T::Agents::facts(provider).map(|_| provider), Some(id))
			},
		};
		let now = Self::now();
		let deadline = Self::next_free_deadline(now)?;
		let id = NextChallengeId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreChallengeIds)?;

		if let Some(escrow) = escrow {
			T::Escrows::freeze(escrow, &challenger)?;
		}
		let bond = T::ChallengeBond::get();
		T::Currency::hold(&Self::hold_reason(), &challenger, bond)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Deadlines::<T>::try_mutate(deadline, |queue| queue.try_push(id))
			.map_err(|_| Error::<T>::DeadlineQueuesFull)?;

		Challenges::<T>::insert(
			id,
			Challenge {
				challenger: challenger.clone(),
				target,
				agent,
				evidence,
				reason,
				bond,
				opened_at: now,
				deadline,
			},
		);
		OpenByTarget::<T>::try_append(target, (id, challenger.clone()))
			.map_err(|_| Error::<T>::TooManyChallenges)?;
		if let Some(agent) = agent {
			ChallengedAgents::<T>::mutate(agent, |count| {
				*count = Some(count.unwrap_or(0).saturating_add(1))
			});
		}
		NextChallengeId::<T>::put(next_id);

		Self::deposit_event(Event::Opened {
			id,
			challenger,
			target,
			agent,
			reason,
			evidence,
			bond,
			deadline,
		});
		Ok(id)
	}

	/// Every open challenge, by id. For off-chain queries (the number of open challenges is
	/// bounded by the bonds challengers must hold).
	pub fn open_challenges() -> Vec<(ChallengeId, ChallengeOf<T>)> {
		let mut open: Vec<_> = Challenges::<T>::iter().collect();
		open.sort_by_key(|(id, _)| *id);
		open
	}

	/// Removes challenge `id` from its target's index, the per-agent counts and (if
	/// `from_deadline_queue`) its deadline queue.
	pub(crate) fn remove_from_indices(
		id: ChallengeId,
		challenge: &ChallengeOf<T>,
		from_deadline_queue: bool,
	) {
		OpenByTarget::<T>::mutate_exists(challenge.target, |open| {
			if let Some(ids) = open {
				ids.retain(|(x, _)| *x != id);
				if ids.is_empty() {
					*open = None;
				}
			}
		});
		if let Some(agent) = challenge.agent {
			ChallengedAgents::<T>::mutate_exists(agent, |count| {
				*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
			});
		}
		if from_deadline_queue {
			Deadlines::<T>::mutate_exists(challenge.deadline, |queue| {
				if let Some(q) = queue {
					q.retain(|x| *x != id);
					if q.is_empty() {
						*queue = None;
					}
				}
			});
		}
	}
}
