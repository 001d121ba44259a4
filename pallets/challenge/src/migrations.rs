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
