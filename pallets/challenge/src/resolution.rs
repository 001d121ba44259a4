//! Resolution: the arbiter's ruling on an open challenge (upheld or rejected).

use super::*;

impl<T: Config> Pallet<T> {
	/// Worst-case weight of the reputation reports an upheld ruling causes (see
	/// [`Config::Reputation`]).
	pub fn report_weight() -> Weight {
		T::Reputation::outcome_weight()
			.saturating_mul(2)
			.saturating_add(T::Reputation::settlement_weight())
	}

	/// Applies `ruling` to open challenge `id` (see [`Pallet::resolve`]); all or nothing.
	pub fn do_resolve(id: ChallengeId, ruling: RulingOf<T>) -> DispatchResult {
		with_storage_layer(|| Self::resolve_inner(id, ruling))
	}

	fn resolve_inner(id: ChallengeId, ruling: RulingOf<T>) -> DispatchResult {
		let challenge = Challenges::<T>::get(id).ok_or(Error::<T>::UnknownChallenge)?;
		if let Ruling::Upheld { slash, jail_until } = ruling {
			ensure!(
				challenge.agent.is_some() || (slash.is_none() && jail_until.is_none()),
				Error::<T>::NoAgentToPenalize
			);
		}
		Self::remove_from_indices(id, &challenge, true);
		Challenges::<T>::remove(id);
		let Challenge { challenger, target, agent, evidence, bond, .. } = challenge;
		let reason = Self::hold_reason();

		match ruling {
			Ruling::Upheld { slash, jail_until } => {
				let bond_returned =
					T::Currency::release(&reason, &challenger, bond, Precision::Exact)?;

				let mut slashed = Zero::zero();
				let mut reward = Zero::zero();
				if let (Some(agent), Some(amount)) = (agent, slash) {
					let before = T::Currency::balance(&challenger);
					slashed = T::Penalties::slash(
						agent,
						amount,
						SlashReason::ChallengeUpheld,
						Some(evidence),
						Some((challenger.clone(), T::ChallengerReward::get())),
					)?;
					reward = T::Currency::balance(&challenger).saturating_sub(before).min(slashed);
				}
				if let (Some(agent), Some(until)) = (agent, jail_until) {
					T::Penalties::jail(agent, until)?;
				}
				if let ChallengeTarget::Escrow(escrow) = target {
					T::Escrows::settle_dispute(escrow, DisputeOutcome::RefundClient)?;
				}
				if let Some(agent) = agent {
					T::Reputation::challenge_upheld(agent);
				}

				Self::deposit_event(Event::Upheld {
					id,
					challenger,
					target,
					agent,
					slashed,
					reward,
					jailed_until: jail_until,
					bond_returned,
				});
			},
			Ruling::Rejected => {
				let bond_slashed = T::Currency::transfer_on_hold(
					&reason,
					&challenger,
					&T::Treasury::get(),
					bond,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Force,
				)?;
				if let ChallengeTarget::Escrow(escrow) = target {
					T::Escrows::settle_dispute(escrow, DisputeOutcome::Resume)?;
				}
				Self::deposit_event(Event::Rejected {
					id,
					challenger,
					target,
					agent,
					bond_slashed,
				});
			},
		}
		Ok(())
	}
}
