//! Storage migrations of the escrow pallet, a module per storage version; the runtime
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

/// Version 2: escrows can be `Accepted` (a variant appended to `EscrowState`), and the `disputed`
/// flag became [`crate::DisputeStatus`] (`false`/`true` encode as `None`/`Frozen`, and `Resumed`
/// is new). Every stored escrow decodes as before and keeps its meaning: an `Open` escrow is an
/// offer the provider has not accepted yet, and an escrow resumed before the upgrade may be
/// disputed once more.
pub mod v2 {
	use super::*;

	/// Only the version changes.
	pub type MigrateV1ToV2<T> = BumpVersion<1, 2, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
