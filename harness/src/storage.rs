//! Storage keys of the runtime's state, for raw `state_*` reads.

use polkadot_sdk::sp_io::hashing::{blake2_128, twox_128};
use subxt::utils::AccountId32;

/// The key of `pallet`'s storage value `item`, or the prefix of all keys of storage map `item`.
pub fn prefix(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

/// The key of `System::Account` of `who` (`Blake2_128Concat` of the account id).
pub fn account_key(who: &AccountId32) -> Vec<u8> {
	[prefix("System", "Account"), blake2_128(&who.0).to_vec(), who.0.to_vec()].concat()
}
