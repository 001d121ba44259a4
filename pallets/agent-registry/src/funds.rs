//! The bond: withdrawal after unbonding, top-up, and seizure. Holding at registration and the
//! transfer of the hold on owner rotation are in `lifecycle`.

use super::*;

impl<T: Config> Pallet<T> {
	/// Releases the bond of unbonded agent `id` to `who` and removes the agent.
	pub fn do_withdraw_bond(who: T::AccountId, id: AgentId) -> DispatchResult {
		let record = Self::owned_record(&who, id)?;
		let until = record.unbonding_until.ok_or(Error::<T>::NotUnbonding)?;
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(!T::ChallengeGuard::is_challenged(id), Error::<T>::AgentChallenged);
		ensure!(Self::now() >= until, Error::<T>::UnbondingNotOver);

		let amount = if record.bond.is_zero() {
			Zero::zero()
		} else {
			T::Currency::release(&Self::hold_reason(), &who, record.bond, Precision::BestEffort)?
		};

		Agents::<T>::remove(id);
		Metadata::<T>::remove(id);
		AgentByKey::<T>::remove(&record.agent_key);
		AgentsByOwner::<T>::mutate_exists(&who, |owned| {
			if let Some(list) = owned {
				list.retain(|x| *x != id);
				if list.is_empty() {
					*owned = None;
				}
			}
		});
		AgentCount::<T>::mutate(|c| *c = c.saturating_sub(1));

		Self::deposit_event(Event::BondWithdrawn {
			id,
			owner: who,
			agent_key: record.agent_key,
			amount,
		});
		Ok(())
	}

	/// Holds what the bond of agent `id` lacks to reach the minimum, on behalf of its owner `who`
	/// (the `top_up_bond` call): unlike [`Self::do_top_up_bond`], refused for another account, for
	/// an unbonding agent and when nothing is missing.
	pub fn do_top_up_bond_by_owner(who: T::AccountId, id: AgentId) -> DispatchResult {
		let record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);
		let added = Self::do_top_up_bond(id)?;
		ensure!(!added.is_zero(), Error::<T>::BondAlreadySufficient);
		Ok(())
	}

	/// Holds what the bond of agent `id` lacks to reach the minimum; returns the amount held
	/// (zero, and nothing happens, if the bond meets the minimum or the agent is unbonding).
	pub fn do_top_up_bond(id: AgentId) -> Result<BalanceOf<T>, DispatchError> {
		let mut record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		let missing = T::MinBond::get().saturating_sub(record.bond);
		if missing.is_zero() || record.unbonding_until.is_some() {
			return Ok(Zero::zero());
		}
		T::Currency::hold(&Self::hold_reason(), &record.owner, missing)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		record.bond = record.bond.saturating_add(missing);
		let status = Self::effective_status(&record, Self::now());
		record.status = status;
		let (owner, bond) = (record.owner.clone(), record.bond);
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::BondToppedUp { id, owner, amount: missing, bond, status });
		Ok(missing)
	}

	/// Moves up to `amount` of the bond of agent `id` to `to`; returns the amount moved.
	pub fn do_seize_bond(
		id: AgentId,
		amount: BalanceOf<T>,
		to: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		let amount = amount.min(record.bond);
		if amount.is_zero() {
			return Ok(Zero::zero());
		}
		let moved = T::Currency::transfer_on_hold(
			&Self::hold_reason(),
			&record.owner,
			to,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)?;
		record.bond = record.bond.saturating_sub(moved);
		let status = Self::effective_status(&record, Self::now());
		record.status = status;
		let (owner, remaining_bond) = (record.owner.clone(), record.bond);
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::BondSeized {
			id,
			owner,
			to: to.clone(),
			amount: moved,
			remaining_bond,
			status,
		});
		Ok(moved)
	}
}
