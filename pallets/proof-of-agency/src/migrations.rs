//! Storage migrations of the proof of agency pallet, a module per storage version; the runtime
//! lists them in its `Migrations` (versions 3 and 4 in their own files).

use crate::Pallet;
use chaoscore_primitives::migrations::BumpVersion;
use polkadot_sdk::frame_system;

/// Version 1: the first release's layout.
pub mod v1 {
	use super::*;

	/// Chains started before storage versions were made consistent carry version 0 with the same
	/// layout: only the version changes.
	pub type MigrateV0ToV1<T> = BumpVersion<0, 1, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// Version 2: verifiers are drawn into committees, and receipts carry deposits and are capped per
/// agent. A verifier record gained its slot in the draw and its unbonding block; a pending receipt
/// gained its committee, its depositor and its deposit; pending receipts are counted per agent.
pub mod v2 {
	use super::*;
	use crate::{
		AgentInspect, Attestations, BalanceOf, Config, PendingPerAgent, Receipt, Receipts,
		Verifier, VerifierCount, VerifierSlots, Verifiers,
	};
	use codec::Decode;
	#[cfg(feature = "try-runtime")]
	use codec::Encode;
	use polkadot_sdk::sp_runtime::traits::Zero;
	use polkadot_sdk::{
		frame_support::{
			migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
		},
		frame_system::pallet_prelude::BlockNumberFor,
		sp_core::H256,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, polkadot_sdk::sp_runtime::TryRuntimeError};

	/// A pending receipt as version 1 stored it (no committee).
	#[derive(Decode)]
	pub struct OldReceipt<BlockNumber, Kind> {
		agent: crate::AgentId,
		kind: Kind,
		input_hash: H256,
		output_hash: H256,
		context: Option<crate::ReceiptContext>,
		tee_attestation: Option<H256>,
		recorded_at: BlockNumber,
		deadline: BlockNumber,
		// Dropped with the attestations they counted.
		_valid: u32,
		_invalid: u32,
	}

	/// Puts every verifier in the draw (up to [`Config::MaxVerifiers`]; any beyond starts
	/// unbonding) and draws a committee for every pending receipt, seeded by the parent block's
	/// hash. Attestations made before the upgrade came from verifiers nobody drew: they are
	/// dropped and the counters start again, so the committee decides. Receipts recorded before
	/// held no deposit: their depositor is the agent's owner (the treasury if the agent is gone)
	/// with a deposit of zero; they count towards their agent's pending receipts.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = frame_system::Pallet::<T>::block_number();
			let max = T::MaxVerifiers::get();
			let mut count: u32 = 0;
			let mut verifiers: u64 = 0;
			Verifiers::<T>::translate::<BalanceOf<T>, _>(|who, bond| {
				verifiers = verifiers.saturating_add(1);
				if count < max {
					VerifierSlots::<T>::insert(count, who);
					let slot = Some(count);
					count = count.saturating_add(1);
					Some(Verifier { bond, slot, leaving: None })
				} else {
					Some(Verifier { bond, slot: None, leaving: Some(now) })
				}
			});
			VerifierCount::<T>::put(count);

			let seed = frame_system::Pallet::<T>::parent_hash();
			let mut receipts: u64 = 0;
			let mut draw_reads: u64 = 0;
			Receipts::<T>::translate::<OldReceipt<BlockNumberFor<T>, crate::KindOf<T>>, _>(
				|id, old| {
					receipts = receipts.saturating_add(1);
					draw_reads = draw_reads
						.saturating_add(Pallet::<T>::max_draw_reads().into())
						.saturating_add(2);
					let _ = Attestations::<T>::clear_prefix(id, u32::MAX, None);
					let committee = Pallet::<T>::draw_committee(seed.as_ref(), id, old.agent);
					let depositor =
						T::Agents::facts(old.agent).map_or_else(T::Treasury::get, |f| f.owner);
					PendingPerAgent::<T>::mutate(old.agent, |n| *n = n.saturating_add(1));
					Some(Receipt {
						agent: old.agent,
						kind: old.kind,
						input_hash: old.input_hash,
						output_hash: old.output_hash,
						context: old.context,
						tee_attestation: old.tee_attestation,
						recorded_at: old.recorded_at,
						depositor,
						deposit: Zero::zero(),
						deadline: old.deadline,
						committee: Some(committee),
						valid: 0,
						invalid: 0,
					})
				},
			);
			// Version 1's quorum was 2, so a pending receipt had at most one attestation a side.
			let reads = verifiers.saturating_add(receipts).saturating_add(draw_reads);
			let writes = verifiers
				.saturating_mul(2)
				.saturating_add(receipts.saturating_mul(5))
				.saturating_add(1);
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let verifiers = Verifiers::<T>::iter_keys().count() as u64;
			let receipts = Receipts::<T>::iter_keys().count() as u64;
			Ok((verifiers, receipts).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let (verifiers, receipts) = <(u64, u64)>::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("v2: undecodable pre-upgrade state"))?;
			ensure!(Verifiers::<T>::iter().count() as u64 == verifiers, "v2: verifiers lost");
			ensure!(Receipts::<T>::iter().count() as u64 == receipts, "v2: receipts lost");
			ensure!(
				Receipts::<T>::iter_values().all(|r| r.committee.is_some()),
				"v2: a pending receipt without a committee"
			);
			ensure!(
				Attestations::<T>::iter().next().is_none(),
				"v2: attestations of undrawn verifiers kept"
			);
			Ok(())
		}
	}

	/// Version 1 to 2: [`InnerMigrateV1ToV2`], then the version.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

pub mod v3;
pub mod v4;
