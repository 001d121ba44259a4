//! JSON shapes of the ChaosCore query plane: what `discover_*`, `agent_*`, `mcp_*` and the MCP
//! endpoint accept and answer. Field names are camelCase on the wire; balances are decimal
//! strings (they do not fit a JSON number); every answer carries the block it is valid at.

use serde::{Deserialize, Serialize};

/// Agent identifier (the registry's sequential id).
pub type AgentId = u64;

/// Default page size of a search.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// Largest page size a search accepts.
pub const MAX_PAGE_SIZE: u32 = 100;

/// The block an answer is valid at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct At {
	/// Block hash, `0x`-prefixed hex.
	pub hash: String,
	/// Block number.
	pub number: u64,
}

/// How search results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SortBy {
	/// Best full-text match first (ties: lower id first).
	#[default]
	Relevance,
	/// Highest reputation first (ties: lower id first).
	Reputation,
	/// Lowest advertised latency first (ties: lower id first).
	Latency,
}

/// A discovery query. Every filter is optional; string filters match whole values, ignoring
/// case.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchRequest {
	/// Full-text query over name, description, capabilities, tools and tags.
	pub text: Option<String>,
	/// Primary category.
	pub category: Option<String>,
	/// A tool the agent declares.
	pub tool: Option<String>,
	/// A capability the agent declares.
	pub capability: Option<String>,
	/// Region the agent serves from.
	pub region: Option<String>,
	/// Exact service tier.
	pub tier: Option<u8>,
	/// Largest advertised latency, in milliseconds.
	pub max_latency_ms: Option<u32>,
	/// Smallest reputation score (0..=1000) at the answer's block.
	pub min_reputation: Option<u32>,
	/// Include `Stale` agents (no recent heartbeat); they are left out by default.
	#[serde(default)]
	pub include_stale: bool,
	/// Result order.
	#[serde(default)]
	pub sort: SortBy,
	/// Opaque cursor from a previous page's `nextCursor`.
	pub cursor: Option<String>,
	/// Page size: 1..=[`MAX_PAGE_SIZE`], default [`DEFAULT_PAGE_SIZE`].
	pub limit: Option<u32>,
}

/// An endpoint an agent advertises.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointView {
	/// `mcp`, `a2a`, `http` or `other`.
	pub kind: String,
	/// URL.
	pub url: String,
}

/// One agent in a search answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentSummary {
	/// Agent id.
	pub id: AgentId,
	/// Owner account (SS58).
	pub owner: String,
	/// Display name.
	pub name: String,
	/// Description from the capability document (empty if it has none).
	pub description: String,
	/// Primary category.
	pub category: String,
	/// Tags.
	pub tags: Vec<String>,
	/// Declared tools.
	pub tools: Vec<String>,
	/// Declared capabilities.
	pub capabilities: Vec<String>,
	/// Region.
	pub region: String,
	/// Service tier.
	pub tier: u8,
	/// Advertised latency in milliseconds.
	pub latency_ms: u32,
	/// Endpoints.
	pub endpoints: Vec<EndpointView>,
	/// On-chain status at the answer's block (`Active` or, if asked for, `Stale`).
	pub status: String,
	/// Reputation score (0..=1000) at the answer's block.
	pub reputation: u32,
	/// Full-text relevance (0 without a text query).
	pub relevance: f32,
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
	/// The block the answer is valid at: every agent listed had an eligible status there.
	pub at: At,
	/// The agents, in the requested order.
	pub agents: Vec<AgentSummary>,
	/// Cursor of the next page; `None` on the last page.
	pub next_cursor: Option<String>,
}

/// Reputation of an agent: score and the counts behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReputationView {
	/// Score (0..=1000) at the answer's block; 500 (neutral) without any recorded outcome.
	pub score: u32,
	/// Whether any outcome was ever recorded.
	pub has_history: bool,
	/// Receipts finalized as verified.
	pub verified: u32,
	/// Receipts finalized as rejected.
	pub rejected: u32,
	/// Escrows released to the agent.
	pub released: u32,
	/// Escrows refunded to the client.
	pub refunded: u32,
	/// Total value of released escrows (planck, decimal string).
	pub released_value: String,
	/// Total value of refunded escrows (planck, decimal string).
	pub refunded_value: String,
	/// Challenges upheld against the agent.
	pub challenges_upheld: u32,
	/// Slashes of its bond.
	pub slashes: u32,
	/// Total slashed (planck, decimal string).
	pub slashed_amount: String,
	/// Positive client feedback.
	pub positive_feedback: u32,
	/// Negative client feedback.
	pub negative_feedback: u32,
}

/// Everything known about one agent: on-chain facts, metadata and the full capability document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentProfile {
	/// The block the answer is valid at.
	pub at: At,
	/// Agent id.
	pub id: AgentId,
	/// Owner account (SS58).
	pub owner: String,
	/// Agent key (SS58): the account the agent signs with.
	pub agent_key: String,
	/// Effective status at `at`.
	pub status: String,
	/// Bond held for the agent (planck, decimal string).
	pub bond: String,
	/// Block of registration.
	pub registered_at: u64,
	/// Block of the last heartbeat.
	pub last_heartbeat: u64,
	/// While jailed: the earliest block the owner may lift the jail.
	pub jailed_until: Option<u64>,
	/// While unbonding: the first block the bond can be withdrawn.
	pub unbonding_until: Option<u64>,
	/// Metadata version.
	pub metadata_version: u32,
	/// Display name.
	pub name: String,
	/// Primary category.
	pub category: String,
	/// Tags.
	pub tags: Vec<String>,
	/// Declared tools.
	pub tools: Vec<String>,
	/// Declared capabilities.
	pub capabilities: Vec<String>,
	/// Endpoints.
	pub endpoints: Vec<EndpointView>,
	/// Region.
	pub region: String,
	/// Service tier.
	pub tier: u8,
	/// Advertised latency in milliseconds.
	pub latency_ms: u32,
	/// `blake2_256` of the capability document committed on-chain (`0x` hex).
	pub document_hash: String,
	/// The capability document (parsed JSON if it is JSON, else a string); `None` if this node
	/// does not have it (it was not running with offchain indexing when the agent registered).
	pub document: Option<serde_json::Value>,
	/// Reputation at `at`.
	pub reputation: ReputationView,
}
