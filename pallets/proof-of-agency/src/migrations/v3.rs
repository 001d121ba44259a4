//! Version 3: outcomes carry the block their receipt was recorded at and are forgotten
//! [`Config::OutcomeRetention`] blocks later; anchors carry their depositor and deposit.

use super::*;
use crate::{AgentInspect, AnchorRecord, Anchors, Config, Outcomes, ReceiptOutcome};
use codec::Decode;
#[cfg(feature = "try-runtime")]
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	},
	frame_system::pallet_prelude::BlockNumberFor,
	sp_core::H256,
	sp_runtime::traits::Zero,
};
#[cfg(feature = "try-runtime")]
use {alloc::vec::Vec, polkadot_sdk::sp_runtime::TryRuntimeError};

/// An anchor as version 2 stored it (no depositor).
#[derive(Decode)]
pub struct OldAnchor<BlockNumber> {
	agent: crate::AgentId,
	root: H256,
	leaf_count: u32,
	anchored_at: BlockNumber,
}

/// Outcomes stored before record no recording block: they get the upgrade's block, so each is
/// kept a full retention from the upgrade. Anchors stored before held no deposit: their
/// depositor (who may remove them) is the agent's owner, the treasury if the agent is gone, with
/// a deposit of zero.
pub struct InnerMigrateV2ToV3<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV2ToV3<T> {
	fn on_runtime_upgrade() -> Weight {
		let now = frame_system::Pallet::<T>::block_number();
		let mut outcomes: u64 = 0;
		Outcomes::<T>::translate::<(crate::AgentId, crate::ReceiptStatus), _>(
			|_, (agent, status)| {
				outcomes = outcomes.saturating_add(1);
				Some(ReceiptOutcome { agent, status, recorded_at: now })
			},
		);
		let mut anchors: u64 = 0;
		Anchors::<T>::translate::<OldAnchor<BlockNumberFor<T>>, _>(|_, old| {
			anchors = anchors.saturating_add(1);
			let depositor = T::Agents::facts(old.agent).map_or_else(T::Treasury::get, |f| f.owner);
			Some(AnchorRecord {
				agent: old.agent,
				root: old.root,
				leaf_count: old.leaf_count,
				anchored_at: old.anchored_at,
				depositor,
				deposit: Zero::zero(),
			})
		});
		// An anchor also reads its agent's record and metadata.
		let reads = outcomes.saturating_add(anchors.saturating_mul(3));
		T::DbWeight::get().reads_writes(reads, outcomes.saturating_add(anchors))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
		let outcomes = Outcomes::<T>::iter_keys().count() as u64;
		let anchors = Anchors::<T>::iter_keys().count() as u64;
		Ok((outcomes, anchors).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
		let (outcomes, anchors) = <(u64, u64)>::decode(&mut &state[..])
			.map_err(|_| TryRuntimeError::Other("v3: undecodable pre-upgrade state"))?;
		ensure!(Outcomes::<T>::iter().count() as u64 == outcomes, "v3: outcomes lost");
		ensure!(Anchors::<T>::iter().count() as u64 == anchors, "v3: anchors lost");
		Ok(())
	}
}

/// Version 2 to 3: [`InnerMigrateV2ToV3`], then the version.
pub type MigrateV2ToV3<T> = VersionedMigration<
	2,
	3,
	InnerMigrateV2ToV3<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
