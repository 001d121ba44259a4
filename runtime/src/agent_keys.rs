//! The signatures an agent key consents with (`pallet_agent_registry::KeyConsent`): a ChaosCore
//! account's (sr25519, ed25519 or ecdsa, as it signs transactions) or an Ethereum account's, as
//! wallets sign messages (EIP-191 `personal_sign`), for keys named by an Ethereum address.

use crate::{AccountId, Runtime, Signature};
use alloc::string::ToString;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	pallet_revive::AddressMapper,
	sp_core::H160,
	sp_io::{crypto::secp256k1_ecdsa_recover, hashing::keccak_256},
	sp_runtime::{
		traits::{Lazy, Verify},
		MultiSigner,
	},
};
use scale_info::TypeInfo;

/// An agent key's signature over its consent message.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum AgentKeySignature {
	/// Signed by a ChaosCore account, as it signs transactions.
	Substrate(Signature),
	/// An Ethereum wallet's `personal_sign` of the message: the 65-byte `r ‖ s ‖ v`. The key is
	/// the ChaosCore account of the recovered address.
	Ethereum([u8; 65]),
}

/// The digest Ethereum wallets sign for `message` (EIP-191, version `0x45`).
pub fn eip191_digest(message: &[u8]) -> [u8; 32] {
	let mut prefixed = b"\x19Ethereum Signed Message:\n".to_vec();
	prefixed.extend_from_slice(message.len().to_string().as_bytes());
	prefixed.extend_from_slice(message);
	keccak_256(&prefixed)
}

/// The Ethereum address that signed `digest` with `signature`, if any.
fn recover_address(signature: &[u8; 65], digest: &[u8; 32]) -> Option<H160> {
	let public = secp256k1_ecdsa_recover(signature, digest).ok()?;
	Some(H160::from_slice(keccak_256(&public).get(12..)?))
}

impl Verify for AgentKeySignature {
	type Signer = MultiSigner;

	fn verify<L: Lazy<[u8]>>(&self, mut message: L, signer: &AccountId) -> bool {
		match self {
			Self::Substrate(signature) => signature.verify(message, signer),
			Self::Ethereum(signature) => recover_address(signature, &eip191_digest(message.get()))
				.is_some_and(|address| {
					<Runtime as polkadot_sdk::pallet_revive::Config>::AddressMapper::to_account_id(
						&address,
					) == *signer
				}),
		}
	}
}

/// Agent keys for the registry's benchmarks: sr25519 keys of the benchmark keystore (a key's
/// account is its public key, so signing needs no lookup). An Ethereum consent costs one
/// secp256k1 recovery and two Keccak hashes instead of one sr25519 verification.
#[cfg(feature = "runtime-benchmarks")]
pub struct KeyBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_keys {
	use super::*;
	use polkadot_sdk::{
		sp_core::{crypto::KeyTypeId, sr25519},
		sp_io::crypto::{sr25519_generate, sr25519_sign},
	};

	const KEY_TYPE: KeyTypeId = KeyTypeId(*b"cc/k");

	impl pallet_agent_registry::BenchmarkHelper<AccountId, AgentKeySignature> for KeyBenchmarkHelper {
		fn key(index: u32) -> AccountId {
			let seed = alloc::format!("//chaoscore-bench-key-{index}").into_bytes();
			AccountId::from(sr25519_generate(KEY_TYPE, Some(seed)))
		}

		fn sign(key: &AccountId, message: &[u8]) -> AgentKeySignature {
			let public = sr25519::Public::from_raw(*AsRef::<[u8; 32]>::as_ref(key));
			let signature = sr25519_sign(KEY_TYPE, &public, message)
				.unwrap_or_else(|| sr25519::Signature::from_raw([0; 64]));
			AgentKeySignature::Substrate(signature.into())
		}
	}
}

/// Ethereum keys for the runtime's tests.
#[cfg(test)]
pub(crate) mod testing {
	use super::*;
	use polkadot_sdk::sp_core::ecdsa;

	/// The Ethereum address of `pair`.
	pub(crate) fn eth_address(pair: &ecdsa::Pair) -> [u8; 20] {
		let digest = [7u8; 32];
		let address = recover_address(&pair.sign_prehashed(&digest).0, &digest);
		address.map_or([0; 20], |address| address.0)
	}

	/// The ChaosCore account of an Ethereum address (not mapped to a ChaosCore account).
	pub(crate) fn eth_account(address: [u8; 20]) -> AccountId {
		let mut bytes = [0xEE; 32];
		bytes[..20].copy_from_slice(&address);
		AccountId::new(bytes)
	}

	/// `pair`'s `personal_sign` of `message`.
	pub(crate) fn personal_sign(pair: &ecdsa::Pair, message: &[u8]) -> [u8; 65] {
		pair.sign_prehashed(&eip191_digest(message)).0
	}
}

#[cfg(test)]
mod tests {
	use super::{testing::*, *};
	use polkadot_sdk::sp_core::{ecdsa, sr25519, Pair};

	#[test]
	fn an_ethereum_personal_sign_verifies_for_its_address_only() {
		polkadot_sdk::sp_io::TestExternalities::default().execute_with(|| {
			let pair = ecdsa::Pair::from_seed(&[1; 32]);
			let account = eth_account(eth_address(&pair));
			let message = b"consent".to_vec();
			let signature = AgentKeySignature::Ethereum(personal_sign(&pair, &message));
			assert!(signature.verify(&message[..], &account));
			assert!(!signature.verify(&b"other"[..], &account));
			let other = ecdsa::Pair::from_seed(&[2; 32]);
			assert!(!signature.verify(&message[..], &eth_account(eth_address(&other))));
			assert!(!AgentKeySignature::Ethereum([0; 65]).verify(&message[..], &account));
		});
	}

	#[test]
	fn a_substrate_signature_verifies_for_its_account_only() {
		let pair = sr25519::Pair::from_seed(&[3; 32]);
		let message = b"consent";
		let signature = AgentKeySignature::Substrate(pair.sign(message).into());
		assert!(signature.verify(&message[..], &AccountId::from(pair.public())));
		let other = sr25519::Pair::from_seed(&[4; 32]);
		assert!(!signature.verify(&message[..], &AccountId::from(other.public())));
	}
}
