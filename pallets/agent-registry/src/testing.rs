//! Test fixtures for pallets whose mocks register agents through this registry (slashing, escrow,
//! challenge, ...): a small capability document and metadata that fit the bounds of
//! [`TestDefaultConfig`](struct@crate::config_preludes::TestDefaultConfig), which those mocks
//! derive their `Config` from, and key consents signed with `TestSignature`.

use crate::{
	AgentId, AgentMetadata, Config, DocumentOf, Endpoint, EndpointKind, KeyConsent, KeyConsentOf,
};
use polkadot_sdk::{
	frame_support::BoundedVec,
	frame_system,
	sp_core::H256,
	sp_io::hashing::blake2_256,
	sp_runtime::{testing::TestSignature, traits::Saturating},
};

/// A capability document naming `tag` (truncated to the runtime's maximum length).
pub fn document<T: Config>(tag: &[u8]) -> DocumentOf<T> {
	let mut doc = b"{\"capabilities\":\"".to_vec();
	doc.extend_from_slice(tag);
	doc.extend_from_slice(b"\"}");
	BoundedVec::truncate_from(doc)
}

/// Metadata of a coding agent with one A2A endpoint, committing to `doc`.
pub fn metadata_for<T: Config>(doc: &DocumentOf<T>) -> AgentMetadata<T> {
	AgentMetadata {
		name: BoundedVec::truncate_from(b"coder".to_vec()),
		category: BoundedVec::truncate_from(b"coding".to_vec()),
		tags: BoundedVec::truncate_from(vec![BoundedVec::truncate_from(b"rust".to_vec())]),
		tools: BoundedVec::new(),
		capabilities: BoundedVec::new(),
		endpoints: BoundedVec::truncate_from(vec![Endpoint {
			kind: EndpointKind::A2a,
			url: BoundedVec::truncate_from(b"https://agent.example/a2a".to_vec()),
		}]),
		region: BoundedVec::truncate_from(b"us".to_vec()),
		tier: 2,
		latency_ms: 100,
		document_hash: H256(blake2_256(doc)),
		version: 0,
	}
}

/// The consent of test key `key` to serve `owner`'s agent `agent` (`None`: a new agent), valid
/// for the next 10 blocks, for runtimes whose keys sign with `TestSignature`.
pub fn key_consent<T>(owner: u64, agent: Option<AgentId>, key: u64) -> KeyConsentOf<T>
where
	T: Config<AccountId = u64, KeySignature = TestSignature>,
{
	let valid_until = frame_system::Pallet::<T>::block_number().saturating_add(10u32.into());
	let message = crate::Pallet::<T>::key_consent_message(&owner, agent, &key, valid_until);
	KeyConsent { valid_until, signature: TestSignature(key, message) }
}

/// Test keys are numbers, and their signatures name their signer.
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, TestSignature> for () {
	fn key(index: u32) -> u64 {
		u64::from(index).saturating_add(1 << 32)
	}

	fn sign(key: &u64, message: &[u8]) -> TestSignature {
		TestSignature(*key, message.to_vec())
	}
}
