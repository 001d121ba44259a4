//! The agent lifecycle: registration, metadata updates, heartbeats, deregistration, owner and key
//! rotation, and jail; plus the helpers the other modules share.

use super::*;

impl<T: Config> Pallet<T> {
	/// The hold reason of every agent bond.
	pub(crate) fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::AgentBond.into()
	}

	/// The current block number.
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The record of agent `id` if `who` owns it.
	pub(crate) fn owned_record(
		who: &T::AccountId,
		id: AgentId,
	) -> Result<AgentRecordOf<T>, DispatchError> {
		let record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(&record.owner == who, Error::<T>::NotOwner);
		Ok(record)
	}

	/// Checks that `metadata` is named and commits to `document`.
	fn check_metadata(metadata: &AgentMetadata<T>, document: &DocumentOf<T>) -> DispatchResult {
		ensure!(!metadata.name.is_empty(), Error::<T>::EmptyName);
		ensure!(
			H256(sp_io::hashing::blake2_256(document)) == metadata.document_hash,
			Error::<T>::DocumentHashMismatch
		);
		Ok(())
	}

	/// Writes `document` to the offchain index under the key of agent `id`, version `version`.
	fn index_document(id: AgentId, version: u32, document: &DocumentOf<T>) {
		sp_io::offchain_index::set(&agent_doc_offchain_key(id, version), document);
	}

	/// Registers an agent for `owner` with `agent_key`, if the key consents; returns its id.
	pub fn do_register(
		owner: T::AccountId,
		agent_key: T::AccountId,
		key_consent: &KeyConsentOf<T>,
		mut metadata: AgentMetadata<T>,
		document: DocumentOf<T>,
	) -> Result<AgentId, DispatchError> {
		ensure!(!AgentByKey::<T>::contains_key(&agent_key), Error::<T>::AgentKeyInUse);
		Self::check_key_consent(&owner, None, &agent_key, key_consent)?;
		Self::check_metadata(&metadata, &document)?;
		let id = NextAgentId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreAgentIds)?;
		let mut owned = AgentsByOwner::<T>::get(&owner);
		owned.try_push(id).map_err(|_| Error::<T>::TooManyAgents)?;

		let bond = T::MinBond::get();
		T::Currency::hold(&Self::hold_reason(), &owner, bond)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		let now = Self::now();
		metadata.version = 1;
		let mut record = AgentRecord {
			owner: owner.clone(),
			agent_key: agent_key.clone(),
			status: AgentStatus::Active,
			bond,
			registered_at: now,
			last_heartbeat: now,
			jailed_until: None,
			unbonding_until: None,
			metadata_version: 1,
		};
		record.status = Self::effective_status(&record, now);
		let document_hash = metadata.document_hash;

		Agents::<T>::insert(id, record);
		Metadata::<T>::insert(id, metadata);
		AgentsByOwner::<T>::insert(&owner, owned);
		AgentByKey::<T>::insert(&agent_key, id);
		NextAgentId::<T>::put(next_id);
		AgentCount::<T>::mutate(|c| *c = c.saturating_add(1));
		Self::index_document(id, 1, &document);

		Self::deposit_event(Event::Registered {
			id,
			owner,
			agent_key,
			bond,
			version: 1,
			document_hash,
			block: now,
		});
		Ok(id)
	}

	/// Replaces the metadata of agent `id` on behalf of `who`.
	pub fn do_update(
		who: T::AccountId,
		id: AgentId,
		mut metadata: AgentMetadata<T>,
		document: DocumentOf<T>,
	) -> DispatchResult {
		let mut record = Self::owned_record(&who, id)?;
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);
		Self::check_metadata(&metadata, &document)?;
		let version = record.metadata_version.checked_add(1).ok_or(Error::<T>::VersionOverflow)?;

		metadata.version = version;
		record.metadata_version = version;
		record.status = Self::effective_status(&record, Self::now());
		let document_hash = metadata.document_hash;
		Agents::<T>::insert(id, record);
		Metadata::<T>::insert(id, metadata);
		Self::index_document(id, version, &document);

		Self::deposit_event(Event::Updated { id, owner: who, version, document_hash });
		Ok(())
	}

	/// Records a heartbeat of agent `id`, signed by `who`.
	pub fn do_heartbeat(who: T::AccountId, id: AgentId) -> DispatchResult {
		let mut record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(record.agent_key == who, Error::<T>::NotAgentKey);
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);

		let now = Self::now();
		let before = Self::effective_status(&record, now);
		record.last_heartbeat = now;
		record.status = Self::effective_status(&record, now);
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::Heartbeat { id, block: now });
		if before == AgentStatus::Stale {
			Self::deposit_event(Event::Revived { id, block: now });
		}
		Ok(())
	}

	/// Starts the unbonding of agent `id` on behalf of `who`.
	pub fn do_deregister(who: T::AccountId, id: AgentId) -> DispatchResult {
		let mut record = Self::owned_record(&who, id)?;
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);
		// A challenged agent may leave the pool; its bond stays held until the challenge ends
		// (`do_withdraw_bond` refuses while challenged), so a penalty still reaches it.

		let now = Self::now();
		let unbonding_until = now.saturating_add(T::UnbondingPeriod::get());
		record.unbonding_until = Some(unbonding_until);
		record.status = Self::effective_status(&record, now);
		let bond = record.bond;
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::Deregistered { id, owner: who, bond, unbonding_until });
		Ok(())
	}

	/// Moves agent `id` and its held bond from `who` to `new_owner`.
	pub fn do_rotate_owner(
		who: T::AccountId,
		id: AgentId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::owned_record(&who, id)?;
		ensure!(new_owner != who, Error::<T>::SameOwner);
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);
		ensure!(!T::ChallengeGuard::is_challenged(id), Error::<T>::AgentChallenged);
		let mut new_owned = AgentsByOwner::<T>::get(&new_owner);
		new_owned.try_push(id).map_err(|_| Error::<T>::TooManyAgents)?;
		let reason = Self::hold_reason();
		ensure!(T::Currency::hold_available(&reason, &new_owner), Error::<T>::NewOwnerCannotHold);

		if !record.bond.is_zero() {
			T::Currency::transfer_on_hold(
				&reason,
				&who,
				&new_owner,
				record.bond,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::NewOwnerCannotHold)?;
		}

		AgentsByOwner::<T>::mutate_exists(&who, |owned| {
			if let Some(list) = owned {
				list.retain(|x| *x != id);
				if list.is_empty() {
					*owned = None;
				}
			}
		});
		AgentsByOwner::<T>::insert(&new_owner, new_owned);
		record.owner = new_owner.clone();
		record.status = Self::effective_status(&record, Self::now());
		let bond = record.bond;
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::OwnerRotated { id, old_owner: who, new_owner, bond });
		Ok(())
	}

	/// Changes the key of agent `id` on behalf of its owner `who`, if the new key consents.
	pub fn do_rotate_agent_key(
		who: T::AccountId,
		id: AgentId,
		new_key: T::AccountId,
		key_consent: &KeyConsentOf<T>,
	) -> DispatchResult {
		let mut record = Self::owned_record(&who, id)?;
		ensure!(!AgentByKey::<T>::contains_key(&new_key), Error::<T>::AgentKeyInUse);
		Self::check_key_consent(&who, Some(id), &new_key, key_consent)?;

		let old_key = core::mem::replace(&mut record.agent_key, new_key.clone());
		AgentByKey::<T>::remove(&old_key);
		AgentByKey::<T>::insert(&new_key, id);
		record.status = Self::effective_status(&record, Self::now());
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::AgentKeyRotated { id, old_key, new_key });
		Ok(())
	}

	/// Records (`Some`) or lifts (`None`) the jail of agent `id`.
	pub fn do_set_jail(id: AgentId, until: Option<BlockNumberFor<T>>) -> DispatchResult {
		let mut record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		if until.is_none() {
			ensure!(record.jailed_until.is_some(), Error::<T>::NotJailed);
		}
		record.jailed_until = until;
		let status = Self::effective_status(&record, Self::now());
		record.status = status;
		Agents::<T>::insert(id, record);

		match until {
			Some(until) => Self::deposit_event(Event::Jailed { id, until }),
			None => Self::deposit_event(Event::Unjailed { id, status }),
		}
		Ok(())
	}
}
