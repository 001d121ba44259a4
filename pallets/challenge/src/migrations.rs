//! Storage migrations of the challenge pallet, a module per storage version; the runtime
//! lists them in its `Migrations`.

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

/// Version 2: an agent may have several open challenges, each by a different challenger. The
/// target index held one challenge id per target; it now holds the open challenges with their
/// challengers.
pub mod v2 {
	use super::*;
	use crate::{ChallengeId, Challenges, Config, OpenByTarget};
	#[cfg(feature = "try-runtime")]
	use codec::{Decode, Encode};
	use polkadot_sdk::frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, polkadot_sdk::sp_runtime::TryRuntimeError};

	/// Turns each target's challenge id into a one-entry list with its challenger; an id whose
	/// challenge is gone (which the invariants rule out) is dropped.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut targets: u64 = 0;
			OpenByTarget::<T>::translate::<ChallengeId, _>(|_, id| {
				targets = targets.saturating_add(1);
				let challenger = Challenges::<T>::get(id)?.challenger;
				Some(BoundedVec::truncate_from(alloc::vec![(id, challenger)]))
			});
			T::DbWeight::get().reads_writes(targets.saturating_mul(2), targets)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok((OpenByTarget::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let targets = u64::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("v2: undecodable pre-upgrade state"))?;
			ensure!(
				OpenByTarget::<T>::iter_values().all(|open| open.len() == 1),
				"v2: a target does not hold exactly its one challenge"
			);
			ensure!(OpenByTarget::<T>::iter().count() as u64 == targets, "v2: targets lost");
			crate::Pallet::<T>::do_try_state()
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

#[cfg(test)]
mod tests {
	use super::v2::MigrateV1ToV2;
	use crate::{mock::*, ChallengeReason, ChallengeTarget, Challenges, OpenByTarget};
	use codec::Encode;
	use polkadot_sdk::{
		frame_support::{
			assert_ok,
			storage::unhashed,
			traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
		},
		sp_core::H256,
	};

	#[test]
	fn v2_lists_each_targets_challenge_with_its_challenger() {
		ExtBuilder::default().build_and_execute(|| {
			let agent = register(ALICE, KEY_A);
			let target = ChallengeTarget::Agent(agent);
			assert_ok!(Challenge::open(
				RuntimeOrigin::signed(BOB),
				target,
				H256::repeat_byte(7),
				ChallengeReason::Misconduct
			));
			// Version 1 stored the bare id.
			unhashed::put_raw(&OpenByTarget::<Test>::hashed_key_for(target), &0u64.encode());
			StorageVersion::new(1).put::<Challenge>();

			MigrateV1ToV2::<Test>::on_runtime_upgrade();

			assert_eq!(OpenByTarget::<Test>::get(target).into_inner(), vec![(0, BOB)]);
			assert!(Challenges::<Test>::contains_key(0));
			assert_eq!(Challenge::on_chain_storage_version(), StorageVersion::new(2));
		});
	}
}
