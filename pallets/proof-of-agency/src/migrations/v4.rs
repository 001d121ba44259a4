//! Version 4: committees wait for randomness determined after their receipt's recording. An
//! undrawn receipt carries its recording block and the randomness clock at its recording, and
//! more receipts may wait than one block records ([`Config::MaxUndrawn`]).

use super::*;
use crate::{Config, ReceiptId, Receipts, Undrawn, UndrawnReceipt};
use alloc::vec::Vec;
#[cfg(feature = "try-runtime")]
use codec::{Decode, Encode};
#[cfg(feature = "try-runtime")]
use polkadot_sdk::sp_runtime::TryRuntimeError;
use polkadot_sdk::{
	frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	},
	sp_runtime::traits::Zero,
};

/// The receipts version 3 left undrawn (those the block before the upgrade recorded) keep their
/// recording block and count as seen at clock zero: the first block whose randomness is past the
/// lookahead draws them, as version 3 would have in the next block.
pub struct InnerMigrateV3ToV4<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV3ToV4<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut count: u64 = 0;
		let translated = Undrawn::<T>::translate::<Vec<ReceiptId>, _>(|old| {
			let ids = old.unwrap_or_default();
			count = ids.len() as u64;
			let entries = ids.into_iter().filter_map(|id| {
				Receipts::<T>::get(id).map(|r| UndrawnReceipt {
					id,
					recorded_at: r.recorded_at,
					seen: Zero::zero(),
				})
			});
			Some(BoundedVec::truncate_from(entries.collect()))
		});
		if translated.is_err() {
			log::error!(target: crate::LOG_TARGET, "v4: undecodable undrawn receipts");
		}
		T::DbWeight::get().reads_writes(count.saturating_add(1), 1)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
		let ids: Vec<ReceiptId> =
			polkadot_sdk::frame_support::storage::unhashed::get(&Undrawn::<T>::hashed_key())
				.unwrap_or_default();
		let pending: Vec<ReceiptId> =
			ids.into_iter().filter(|id| Receipts::<T>::contains_key(id)).collect();
		Ok(pending.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
		let ids = <Vec<ReceiptId>>::decode(&mut &state[..])
			.map_err(|_| TryRuntimeError::Other("v4: undecodable pre-upgrade state"))?;
		let now: Vec<ReceiptId> = Undrawn::<T>::get().iter().map(|u| u.id).collect();
		ensure!(now == ids, "v4: undrawn receipts lost");
		Ok(())
	}
}

/// Version 3 to 4: [`InnerMigrateV3ToV4`], then the version.
pub type MigrateV3ToV4<T> = VersionedMigration<
	3,
	4,
	InnerMigrateV3ToV4<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
