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
	/// Block of the last heartbeat.
	pub last_heartbeat: u64,
	/// While jailed: the earliest block the owner may lift the jail.
	pub jailed_until: Option<u64>,
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

/// The effective on-chain status of one agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusView {
	/// Agent id.
	pub id: AgentId,
	/// `Active`, `Stale`, `Jailed`, `Unbonding` or `Underbonded`.
	pub status: String,
}

/// The status of one agent at a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusAt {
	/// The block the answer is valid at.
	pub at: At,
	/// The agent and its status.
	#[serde(flatten)]
	pub agent: AgentStatusView,
}

/// The agents of one owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerAgents {
	/// The block the answer is valid at.
	pub at: At,
	/// The owner (SS58).
	pub owner: String,
	/// Its agents with their status, by id.
	pub agents: Vec<AgentStatusView>,
}

/// An open challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeView {
	/// Challenge id.
	pub id: u64,
	/// Who opened it (SS58).
	pub challenger: String,
	/// `agent` or `escrow`.
	pub target_kind: String,
	/// Id of the target agent or escrow.
	pub target_id: u64,
	/// The agent at stake (the target agent, or the provider of the target escrow).
	pub agent: Option<AgentId>,
	/// The claim: `BadDeliverable`, `Misbehaviour`, ... (the pallet's reason name).
	pub reason: String,
	/// Hash of the evidence (`0x` hex).
	pub evidence: String,
	/// Bond held from the challenger (planck, decimal string).
	pub bond: String,
	/// Block it was opened at.
	pub opened_at: u64,
	/// Block it expires at unless resolved.
	pub deadline: u64,
}

/// The open challenges at a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenChallenges {
	/// The block the answer is valid at.
	pub at: At,
	/// The challenges, by id.
	pub challenges: Vec<ChallengeView>,
}

/// A jailed agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JailedAgent {
	/// Agent id.
	pub id: AgentId,
	/// The earliest block its owner may lift the jail.
	pub jailed_until: u64,
}

/// The jailed agents at a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JailedAgents {
	/// The block the answer is valid at.
	pub at: At,
	/// The jailed agents, by id.
	pub agents: Vec<JailedAgent>,
}

/// The penalty and settlement parameters of the runtime (balances in planck, decimal strings;
/// shares in parts per billion; periods in blocks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PenaltyParametersView {
	/// The block the answer is valid at.
	pub at: At,
	/// Bond an agent's owner must hold.
	pub min_agent_bond: String,
	/// Blocks without a heartbeat after which an agent is `Stale`.
	pub liveness_window: u64,
	/// Blocks between deregistration and the bond's release.
	pub unbonding_period: u64,
	/// Longest jail term.
	pub max_jail_period: u64,
	/// Bond held from a challenger.
	pub challenge_bond: String,
	/// Share of an upheld slash paid to the challenger (parts per billion).
	pub challenger_reward_per_billion: u32,
	/// Blocks the arbiter has to resolve a challenge.
	pub resolution_period: u64,
	/// Share of a released escrow paid to the treasury (parts per billion).
	pub protocol_fee_per_billion: u32,
	/// Smallest escrow amount.
	pub min_escrow_amount: String,
	/// Blocks a client has to review a delivery.
	pub review_period: u64,
	/// Bond held from a verifier.
	pub verifier_bond: String,
	/// Matching attestations that finalize a receipt.
	pub attestation_quorum: u32,
}

/// One event of an agent's penalty and settlement history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
	/// Block number.
	pub block: u64,
	/// Block hash (`0x` hex).
	pub block_hash: String,
	/// Index of the event among the block's events (`System::Events`).
	pub event_index: u32,
	/// Pallet that emitted it (e.g. `Slashing`).
	pub pallet: String,
	/// Event name (e.g. `Slashed`).
	pub event: String,
	/// The event's fields, decoded.
	pub fields: serde_json::Value,
}

/// A page of an agent's history, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
	/// The block the history is complete up to.
	pub at: At,
	/// Agent id.
	pub agent: AgentId,
	/// The entries, in chain order.
	pub entries: Vec<HistoryEntry>,
	/// Cursor of the next page; `None` on the last page.
	pub next_cursor: Option<String>,
}

/// An agent's MCP server: what a client needs to connect, and what the chain commits to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct McpServerView {
	/// Agent id.
	pub agent: AgentId,
	/// Agent name.
	pub name: String,
	/// The MCP endpoint URL.
	pub endpoint: String,
	/// Transport (`streamable-http` unless the capability document says otherwise).
	pub transport: String,
	/// MCP protocol version the server declares, if its document declares one.
	pub protocol_version: Option<String>,
	/// Declared tools (from the document's `mcp.tools`, else the on-chain tool names).
	pub tools: Vec<serde_json::Value>,
	/// `blake2_256` of the capability document committed on-chain (`0x` hex): a client can
	/// check the manifest it was given against it.
	pub document_hash: String,
	/// Reputation score at the answer's block.
	pub reputation: u32,
	/// On-chain status at the answer's block.
	pub status: String,
}

/// A page of MCP servers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct McpServersPage {
	/// The block the answer is valid at.
	pub at: At,
	/// The servers.
	pub servers: Vec<McpServerView>,
	/// Cursor of the next page.
	pub next_cursor: Option<String>,
}
