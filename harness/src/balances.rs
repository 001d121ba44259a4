//! Balances: the unit, accounts' balances, and the accounts of pallets.

use crate::{Api, Result};
use subxt::{
	dynamic,
	ext::scale_decode::{self, DecodeAsType},
	utils::AccountId32,
};

/// One CHAOS in planck.
pub const UNIT: u128 = 1_000_000_000_000;

/// The part of `System::Account` the harness reads.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub struct AccountInfo {
	/// Balances of the account.
	pub data: AccountData,
}

/// Balances of one account.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub struct AccountData {
	/// Spendable balance.
	pub free: u128,
	/// Balance on hold (agent bonds among others).
	pub reserved: u128,
}

/// Balances of `who` at the latest finalized block.
pub async fn account(api: &Api, who: &AccountId32) -> Result<AccountData> {
	let at = api.at_current_block().await?;
	let address = dynamic::storage::<(AccountId32,), AccountInfo>("System", "Account");
	Ok(at.storage().fetch(address, (*who,)).await?.decode()?.data)
}

/// The account of the pallet with id `pallet_id` (a `PalletId`: `b"modl" ++ id`, zero-padded to
/// 32 bytes), e.g. `b"cc/trsry"` (the treasury) or `b"PotStake"` (the collators' pot).
pub fn pallet_account(pallet_id: &[u8; 8]) -> AccountId32 {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(b"modl");
	raw[4..12].copy_from_slice(pallet_id);
	AccountId32(raw)
}
