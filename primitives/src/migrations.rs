//! Migration steps shared by the ChaosCore pallets.
//!
//! A pallet's migrations live in its own `migrations` module (`v1`, `v2`, … in the style of
//! `pallet-multisig`), each a [`VersionedMigration`] from one storage version to the next, listed
//! in the runtime's `Migrations`. This module holds what more than one pallet uses.

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	migrations::VersionedMigration,
	traits::{PalletInfoAccess, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
#[cfg(feature = "try-runtime")]
use {
	alloc::vec::Vec,
	codec::{Decode, Encode},
	polkadot_sdk::{
		frame_support::traits::StorageVersion,
		sp_io::{
			hashing::{blake2_256, twox_128},
			storage,
		},
		sp_runtime::TryRuntimeError,
	},
};

/// Moves pallet `P` from storage version `FROM` to `TO` where the stored layout is the same in
/// both: only the version changes ([`LayoutUnchanged`]). `DbWeight` is the runtime's
/// `frame_system::Config::DbWeight`.
pub type BumpVersion<const FROM: u16, const TO: u16, P, DbWeight> =
	VersionedMigration<FROM, TO, LayoutUnchanged<P>, P, DbWeight>;

/// The inner step of a storage-version bump that changes no stored layout.
///
/// On chain it does nothing: the enclosing `VersionedMigration` only writes the new version.
/// Under try-runtime it proves that: every key under the pallet's prefix except its storage
/// version keeps its value across the upgrade.
pub struct LayoutUnchanged<P>(PhantomData<P>);

impl<P: PalletInfoAccess> UncheckedOnRuntimeUpgrade for LayoutUnchanged<P> {
	fn on_runtime_upgrade() -> Weight {
		Weight::zero()
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
		Ok(pallet_state_digest::<P>().encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(before: Vec<u8>) -> Result<(), TryRuntimeError> {
		let before = <[u8; 32]>::decode(&mut &before[..]).map_err(|_| {
			TryRuntimeError::Other("LayoutUnchanged: undecodable pre-upgrade digest")
		})?;
		if before != pallet_state_digest::<P>() {
			return Err(TryRuntimeError::Other("LayoutUnchanged: the pallet's storage changed"));
		}
		Ok(())
	}
}

/// A digest of every key and value under the pallet's storage prefix, its storage version left
/// out.
#[cfg(feature = "try-runtime")]
fn pallet_state_digest<P: PalletInfoAccess>() -> [u8; 32] {
	let prefix = twox_128(P::name().as_bytes());
	let version_key = StorageVersion::storage_key::<P>();
	let mut digest = [0u8; 32];
	let mut key = prefix.to_vec();
	while let Some(next) = storage::next_key(&key) {
		if !next.starts_with(&prefix) {
			break;
		}
		if next != version_key {
			let value = storage::get(&next).unwrap_or_default();
			digest = blake2_256(&(digest, &next, &value[..]).encode());
		}
		key = next;
	}
	digest
}
