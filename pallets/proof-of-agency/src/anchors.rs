//! Anchors: Merkle roots of batches of off-chain action logs, each with a deposit until it is
//! removed, and the check of a leaf against one.

use super::*;

impl<T: Config> Pallet<T> {
	/// Whether `leaf` is the leaf at `index` of the batch anchored as `anchor`, given the sibling
	/// hashes `proof` (see the crate docs for the tree). `false` for an unknown anchor, an index
	/// outside the batch or a proof longer than [`MAX_PROOF_LEN`]. For the runtime API.
	pub fn verify_leaf(anchor: AnchorId, leaf: H256, index: u32, proof: Vec<H256>) -> bool {
		let Some(record) = Anchors::<T>::get(anchor) else { return false };
		if proof.len() > MAX_PROOF_LEN || index >= record.leaf_count {
			return false;
		}
		binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			&record.root,
			proof,
			record.leaf_count,
			index,
			&leaf,
		)
	}

	/// Anchors a batch root signed by `who` (see [`Pallet::anchor`]); returns its id.
	pub fn do_anchor(
		who: T::AccountId,
		agent: AgentId,
		root: H256,
		leaf_count: u32,
	) -> Result<AnchorId, DispatchError> {
		Self::ensure_controller(&who, agent)?;
		ensure!(leaf_count > 0, Error::<T>::EmptyBatch);
		let id = NextAnchorId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreAnchorIds)?;
		let deposit = T::AnchorDeposit::get();
		T::Currency::hold(&HoldReason::AnchorDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		let anchored_at = Self::now();
		let depositor = who.clone();
		Anchors::<T>::insert(
			id,
			AnchorRecord { agent, root, leaf_count, anchored_at, depositor, deposit },
		);
		NextAnchorId::<T>::put(next_id);
		Self::deposit_event(Event::Anchored { id, agent, by: who, root, leaf_count, deposit });
		Ok(id)
	}

	/// Removes anchor `id` for its depositor `who` and releases the deposit (see
	/// [`Pallet::remove_anchor`]).
	pub fn do_remove_anchor(who: T::AccountId, id: AnchorId) -> DispatchResult {
		let record = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownAnchor)?;
		ensure!(record.depositor == who, Error::<T>::NotAnchorDepositor);
		T::Currency::release(
			&HoldReason::AnchorDeposit.into(),
			&who,
			record.deposit,
			Precision::BestEffort,
		)?;
		Anchors::<T>::remove(id);
		Self::deposit_event(Event::AnchorRemoved {
			id,
			agent: record.agent,
			depositor: who,
			deposit: record.deposit,
		});
		Ok(())
	}
}
