//! Types of the agent registry: the stored agent record, the capability metadata and its parts,
//! and the aliases this pallet's configuration spells them with.

use super::*;

/// Balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Agent facts as this pallet's configuration spells them.
pub type AgentFactsOf<T> =
	AgentFacts<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// Stored agent record as this pallet's configuration spells it.
pub type AgentRecordOf<T> =
	AgentRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// The capability document as a call carries it.
pub type DocumentOf<T> = BoundedVec<u8, <T as Config>::MaxDocumentLen>;

/// Kind of an agent's service endpoint.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum EndpointKind {
	/// Model Context Protocol server.
	Mcp,
	/// Agent-to-agent protocol endpoint.
	A2a,
	/// Plain HTTP(S) API.
	Http,
	/// Anything else (the capability document says what).
	Other,
}

/// One service endpoint of an agent.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxUrlLen))]
#[codec(mel_bound())]
pub struct Endpoint<MaxUrlLen: Get<u32>> {
	/// Protocol spoken at `url`.
	pub kind: EndpointKind,
	/// URL (UTF-8 bytes; not validated on-chain).
	pub url: BoundedVec<u8, MaxUrlLen>,
}

/// Bounded list of byte strings (tags, tools, capabilities).
pub type BoundedStrings<Len, Count> = BoundedVec<BoundedVec<u8, Len>, Count>;

/// An agent's on-chain capability metadata: what discovery filters on. Strings are UTF-8 bytes,
/// not validated on-chain.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct AgentMetadata<T: Config> {
	/// Display name; must not be empty.
	pub name: BoundedVec<u8, T::MaxNameLen>,
	/// Primary category (e.g. `b"coding"`).
	pub category: BoundedVec<u8, T::MaxCategoryLen>,
	/// Free-form tags.
	pub tags: BoundedStrings<T::MaxTagLen, T::MaxTags>,
	/// Tools the agent can use (e.g. MCP tool names).
	pub tools: BoundedStrings<T::MaxItemLen, T::MaxTools>,
	/// Capabilities the agent offers.
	pub capabilities: BoundedStrings<T::MaxItemLen, T::MaxCapabilities>,
	/// Where to reach the agent.
	pub endpoints: BoundedVec<Endpoint<T::MaxUrlLen>, T::MaxEndpoints>,
	/// Region the agent serves from (e.g. `b"eu-west"`).
	pub region: BoundedVec<u8, T::MaxRegionLen>,
	/// Service tier advertised by the agent (0 = unspecified; meaning set by discovery).
	pub tier: u8,
	/// Advertised typical latency, in milliseconds.
	pub latency_ms: u32,
	/// `blake2_256` of the full capability document.
	pub document_hash: H256,
	/// Metadata version: set by the pallet (1 at registration, +1 per update); ignored on input.
	pub version: u32,
}

/// What the registry stores per agent (metadata is stored separately, so heartbeats and the
/// liveness sweep touch only this small record).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AgentRecord<AccountId, Balance, BlockNumber> {
	/// Controlling account; the bond is held from it.
	pub owner: AccountId,
	/// Account the agent signs heartbeats with (unique across agents).
	pub agent_key: AccountId,
	/// Last persisted status (see the crate docs; read [`Pallet::effective_status`] for the
	/// current one).
	pub status: AgentStatus,
	/// Bond held from the owner for this agent.
	pub bond: Balance,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Block of the last heartbeat (registration counts as one).
	pub last_heartbeat: BlockNumber,
	/// `Some(b)` while jailed: the earliest block the owner may lift the jail.
	pub jailed_until: Option<BlockNumber>,
	/// `Some(b)` once deregistered: the first block the bond can be withdrawn.
	pub unbonding_until: Option<BlockNumber>,
	/// Current metadata version (mirrors the stored metadata's `version`).
	pub metadata_version: u32,
}
