//! Test fixtures for pallets whose mocks register agents through this registry (slashing, escrow,
//! challenge): a small capability document and metadata that fit any mock's bounds.

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

/// Implements this registry's `Config` for another pallet's mock runtime `$runtime`, with small
/// metadata bounds that fit [`document`] and [`metadata_for`]. The mock must have `Balances`,
/// `RuntimeHoldReason` and the parameter types `MinBond`, `LivenessWindow` and `UnbondingPeriod`
/// in scope; `$guard` is its `ChallengeGuard` and `$per_owner` the most agents one owner may have.
#[macro_export]
macro_rules! impl_mock_registry_config {
	($runtime:ty, $guard:ty, $per_owner:literal) => {
		impl $crate::Config for $runtime {
			type Currency = Balances;
			type RuntimeHoldReason = RuntimeHoldReason;
			type MinBond = MinBond;
			type LivenessWindow = LivenessWindow;
			type UnbondingPeriod = UnbondingPeriod;
			type MaxDocumentLen = ::polkadot_sdk::frame_support::traits::ConstU32<256>;
			type MaxNameLen = ::polkadot_sdk::frame_support::traits::ConstU32<32>;
			type MaxCategoryLen = ::polkadot_sdk::frame_support::traits::ConstU32<16>;
			type MaxTags = ::polkadot_sdk::frame_support::traits::ConstU32<4>;
			type MaxTagLen = ::polkadot_sdk::frame_support::traits::ConstU32<16>;
			type MaxTools = ::polkadot_sdk::frame_support::traits::ConstU32<4>;
			type MaxCapabilities = ::polkadot_sdk::frame_support::traits::ConstU32<4>;
			type MaxItemLen = ::polkadot_sdk::frame_support::traits::ConstU32<16>;
			type MaxEndpoints = ::polkadot_sdk::frame_support::traits::ConstU32<2>;
			type MaxUrlLen = ::polkadot_sdk::frame_support::traits::ConstU32<64>;
			type MaxRegionLen = ::polkadot_sdk::frame_support::traits::ConstU32<16>;
			type MaxAgentsPerOwner = ::polkadot_sdk::frame_support::traits::ConstU32<$per_owner>;
			type MaxStaleChecksPerBlock = ::polkadot_sdk::frame_support::traits::ConstU32<4>;
			type ChallengeGuard = $guard;
			type WeightInfo = ();
		}
	};
}
