//! sr25519 keys from secret URIs, and their account ids.

use crate::Result;
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
