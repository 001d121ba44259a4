//! sr25519 keys from secret URIs, and their account ids.

use crate::Result;
use codec::Encode;
use polkadot_sdk::sp_io::hashing::blake2_256;
use subxt::utils::AccountId32;
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The sr25519 key of a secret URI such as `//Load//7`.
pub fn key(uri: &str) -> Result<Keypair> {
	Ok(Keypair::from_uri(&uri.parse::<SecretUri>()?)?)
}

/// The account id of `keypair`.
pub fn id_of(keypair: &Keypair) -> AccountId32 {
	keypair.public_key().into()
}

/// The account `Utility::as_derivative(index, …)` signed by `who` acts as: free to create, as
/// many as an attacker wants.
pub fn derivative(who: &AccountId32, index: u16) -> AccountId32 {
	AccountId32(blake2_256(&(b"modlpy/utilisuba", who.0, index).encode()))
}
