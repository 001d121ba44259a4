//! The read-only questions the query plane answers, behind one trait so that the JSON-RPC
//! namespaces and the MCP endpoint share one implementation (and tests can stand in for it).

use crate::views::{
	AgentId, AgentProfile, At, HistoryPage, JailedAgents, McpServersPage, OpenChallenges,
	OwnerAgents, PenaltyParametersView, ReputationView, SearchPage, SearchRequest, StatusAt,
};

/// Why a query failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
	/// The request is malformed or out of range; the message says what to fix.
	InvalidParams(String),
	/// The node could not answer (database, runtime call or index failure).
	Internal(String),
}

impl core::fmt::Display for QueryError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::InvalidParams(m) => write!(f, "invalid parameters: {m}"),
			Self::Internal(m) => write!(f, "internal error: {m}"),
		}
	}
}

impl std::error::Error for QueryError {}

/// Read-only agent queries, answered at the node's best block.
pub trait AgentQueries: Send + Sync + 'static {
	/// Searches the discovery index; only agents whose on-chain status at the answer's block is
	/// eligible (`Active`, or `Stale` if asked) are returned.
	fn search(&self, request: SearchRequest) -> Result<SearchPage, QueryError>;

	/// The profile of agent `id`; `None` if no such agent is registered at the best block.
	fn profile(&self, id: AgentId) -> Result<Option<AgentProfile>, QueryError>;

	/// The reputation of agent `id`; `None` if no such agent is registered at the best block.
	fn reputation(&self, id: AgentId) -> Result<Option<(At, ReputationView)>, QueryError>;
}

/// The rest of the read-only query plane: registry lookups, governance and MCP bootstrap data.
pub trait ChainQueries: Send + Sync + 'static {
	/// The effective status of agent `id`; `None` if it is not registered.
	fn status(&self, id: AgentId) -> Result<Option<StatusAt>, QueryError>;

	/// The agents owned by `owner` (SS58).
	fn agents_by_owner(&self, owner: &str) -> Result<OwnerAgents, QueryError>;

	/// Every open challenge.
	fn open_challenges(&self) -> Result<OpenChallenges, QueryError>;

	/// Every jailed agent.
	fn jailed_agents(&self) -> Result<JailedAgents, QueryError>;

	/// The penalty and settlement parameters.
	fn parameters(&self) -> Result<PenaltyParametersView, QueryError>;

	/// A page of the penalty and settlement history of agent `agent`, oldest first.
	fn history(
		&self,
		agent: AgentId,
		cursor: Option<String>,
		limit: Option<u32>,
	) -> Result<HistoryPage, QueryError>;

	/// MCP-capable agents matching `request` (a search restricted to agents with an MCP
	/// endpoint) with their server manifests.
	fn mcp_servers(&self, request: SearchRequest) -> Result<McpServersPage, QueryError>;
}
