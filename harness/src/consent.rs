//! Agent-key consents, as an agent developer's client makes them: the key signs the registry's
//! consent message (built here as the runtime builds it; the runtime's
//! `AgentRegistry::key_consent_payload` view returns the same bytes), and `AgentRegistry::register` /
//! `rotate_agent_key` carry `KeyConsent { valid_until, signature }`.

use crate::{keys::id_of, offline::At, Result};
use codec::Encode;
use subxt::{dynamic::Value, utils::AccountId32};
use subxt_signer::sr25519::Keypair;

/// Domain tag of the consent message (`pallet_agent_registry::KEY_CONSENT_DOMAIN`).
pub const DOMAIN: [u8; 19] = *b"chaoscore/agent-key";

/// The message a key signs to consent to serve `owner`'s agent `agent` (`None`: the agent
/// `owner` registers with it) until block `valid_until`, on the chain with genesis `genesis`.
pub fn message(
	genesis: [u8; 32],
	owner: &AccountId32,
	agent: Option<u64>,
	key: &AccountId32,
	valid_until: u32,
) -> Vec<u8> {
	(DOMAIN, genesis, owner.0, agent, key.0, valid_until).encode()
}

/// A `KeyConsent` signed by an sr25519 key.
pub struct Consent {
	/// The last block the consent may be used in.
	pub valid_until: u32,
	/// The sr25519 signature over the consent message.
	pub signature: [u8; 64],
}

impl Consent {
	/// `signer`'s signature over `message`, valid until block `valid_until`.
	pub fn sign(signer: &Keypair, message: &[u8], valid_until: u32) -> Self {
		Self { valid_until, signature: signer.sign(message).0 }
	}

	/// The consent as a call argument.
	pub fn value(&self) -> Value {
		let sr25519 = Value::unnamed_variant("Sr25519", [Value::from_bytes(self.signature)]);
		Value::named_composite([
			("valid_until", Value::u128(self.valid_until.into())),
			("signature", Value::unnamed_variant("Substrate", [sr25519])),
		])
	}

	/// The consent's SCALE encoding (`Substrate(MultiSignature::Sr25519(..))`).
	pub fn encoded(&self) -> Vec<u8> {
		(self.valid_until, 0u8, 1u8, self.signature).encode()
	}
}

/// The last block a consent made at `at` is valid in: as far ahead as the runtime allows.
pub fn valid_until(at: &At) -> Result<u32> {
	let now = u32::try_from(at.block_number())?;
	Ok(now.saturating_add(chaoscore_runtime::configs::agent_control::MAX_KEY_CONSENT_AGE))
}

/// A consent in `key`'s name to serve `owner`'s agent `agent` (`None`: a new one), made at `at`
/// and signed by `signer`: `key`'s consent if `signer` is `key`, else a forgery (what an
/// attacker without the key can make).
pub fn consent_as(
	at: &At,
	owner: &AccountId32,
	agent: Option<u64>,
	key: &AccountId32,
	signer: &Keypair,
) -> Result<Consent> {
	let genesis = at.genesis_hash().ok_or("no genesis hash")?.0;
	let valid_until = valid_until(at)?;
	Ok(Consent::sign(signer, &message(genesis, owner, agent, key, valid_until), valid_until))
}

/// The consent of `key` to serve `owner`'s agent `agent` (`None`: a new one), made at `at`, as a
/// call argument.
pub fn consent(at: &At, owner: &AccountId32, agent: Option<u64>, key: &Keypair) -> Result<Value> {
	Ok(consent_as(at, owner, agent, &id_of(key), key)?.value())
}
