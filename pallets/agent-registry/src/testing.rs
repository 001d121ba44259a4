//! Test fixtures for pallets whose mocks register agents through this registry (slashing, escrow,
//! challenge, ...): a small capability document and metadata that fit the bounds of
//! [`TestDefaultConfig`](struct@crate::config_preludes::TestDefaultConfig), which those mocks
//! derive their `Config` from.

use crate::{AgentMetadata, Config, DocumentOf, Endpoint, EndpointKind};
use polkadot_sdk::{frame_support::BoundedVec, sp_core::H256, sp_io::hashing::blake2_256};

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
