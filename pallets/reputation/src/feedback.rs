//! Feedback: granting the client of a settled escrow the right to leave feedback, and using it.

use super::*;

impl<T: Config> Pallet<T> {
	/// Grants `client` the feedback right for `escrow` on `agent`; `false` if it cannot (no such
	/// agent, a right already granted, or no expiry slot). Who the client is was settled when the
	/// escrow opened (never the agent's owner or key then); it is not compared with the agent's
	/// current owner or key, which the owner can change.
	pub(crate) fn grant_right(
		escrow: EscrowId,
		agent: AgentId,
		client: &T::AccountId,
		value: T::Balance,
	) -> bool {
		if FeedbackRights::<T>::contains_key(escrow) {
			return false;
		}
		if T::Agents::facts(agent).is_none() {
			return false;
		}
		let Some(expires_at) = Self::next_free_expiry(Self::now()) else { return false };
		if FeedbackExpiries::<T>::try_mutate(expires_at, |q| q.try_push(escrow)).is_err() {
			return false;
		}
		FeedbackRights::<T>::insert(
			escrow,
			FeedbackRight { client: client.clone(), agent, value, expires_at },
		);
		Self::deposit_event(Event::FeedbackRightGranted {
			escrow,
			client: client.clone(),
			agent,
			expires_at,
		});
		true
	}

	/// Uses `who`'s feedback right for `escrow` (see [`Pallet::give_feedback`]).
	pub fn do_give_feedback(who: T::AccountId, escrow: EscrowId, positive: bool) -> DispatchResult {
		let right = FeedbackRights::<T>::get(escrow).ok_or(Error::<T>::NoFeedbackRight)?;
		ensure!(right.client == who, Error::<T>::NotClient);
		ensure!(Self::now() < right.expires_at, Error::<T>::FeedbackExpired);
		ensure!(T::Agents::facts(right.agent).is_some(), Error::<T>::UnknownAgent);

		FeedbackRights::<T>::remove(escrow);
		FeedbackExpiries::<T>::mutate_exists(right.expires_at, |queue| {
			if let Some(q) = queue {
				q.retain(|x| *x != escrow);
				if q.is_empty() {
					*queue = None;
				}
			}
		});
		Self::record_outcome(
			right.agent,
			Outcome::Feedback { escrow, value: right.value, positive },
		);
		Self::deposit_event(Event::FeedbackGiven {
			escrow,
			client: who,
			agent: right.agent,
			positive,
		});
		Ok(())
	}
}
