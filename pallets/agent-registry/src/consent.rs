//! Key consent: an account becomes an agent key only with its own signature.
//!
//! `register` and `rotate_agent_key` carry a [`KeyConsent`]: the key's signature over
//! [`Pallet::key_consent_message`] (the genesis hash, the owner, the agent — `None` for a new
//! one — the key and the last block the consent is valid in). An owner therefore cannot bind an
//! account it does not control (for example a client's, to void its feedback right), and a
//! registration seen in the transaction pool cannot be front-run with its key: the copied
//! consent names the honest owner, not the front-runner. A consent is valid for at most
//! [`Config::MaxKeyConsentAge`] blocks, which bounds the time in which it can be used again for
//! the same owner, agent and key.

use super::*;

/// Domain tag of a key-consent message, so that it signs nothing else.
pub const KEY_CONSENT_DOMAIN: [u8; 19] = *b"chaoscore/agent-key";

/// A key's consent to serve an owner's agent: its signature over
/// [`Pallet::key_consent_message`], valid up to and including block `valid_until`.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct KeyConsent<Signature, BlockNumber> {
	/// The last block in which the consent may be used.
	pub valid_until: BlockNumber,
	/// The key's signature over the consent message.
	pub signature: Signature,
}

/// A key consent as this pallet's configuration spells it.
pub type KeyConsentOf<T> = KeyConsent<<T as Config>::KeySignature, BlockNumberFor<T>>;

/// Makes agent keys and their consents for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Signature> {
	/// A key the benchmark can sign with; distinct for distinct `index`es.
	fn key(index: u32) -> AccountId;
	/// `key`'s signature over `message` (`key` from [`Self::key`]).
	fn sign(key: &AccountId, message: &[u8]) -> Signature;
}

impl<T: Config> Pallet<T> {
	/// The bytes `key` signs to consent to serve `owner`'s agent `agent` (`None`: the agent
	/// `owner` registers with it) until block `valid_until`: the SCALE encoding of
	/// ([`KEY_CONSENT_DOMAIN`], genesis hash, `owner`, `agent`, `key`, `valid_until`).
	pub fn key_consent_message(
		owner: &T::AccountId,
		agent: Option<AgentId>,
		key: &T::AccountId,
		valid_until: BlockNumberFor<T>,
	) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(KEY_CONSENT_DOMAIN, genesis, owner, agent, key, valid_until).encode()
	}

	/// Checks that `consent` is `key`'s current consent to serve `owner`'s agent `agent`.
	pub(crate) fn check_key_consent(
		owner: &T::AccountId,
		agent: Option<AgentId>,
		key: &T::AccountId,
		consent: &KeyConsentOf<T>,
	) -> DispatchResult {
		let now = Self::now();
		ensure!(consent.valid_until >= now, Error::<T>::KeyConsentExpired);
		let latest = now.saturating_add(T::MaxKeyConsentAge::get().into());
		ensure!(consent.valid_until <= latest, Error::<T>::KeyConsentTooLong);
		let message = Self::key_consent_message(owner, agent, key, consent.valid_until);
		ensure!(consent.signature.verify(&message[..], key), Error::<T>::BadKeyConsent);
		Ok(())
	}
}
