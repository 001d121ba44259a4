//! The read-only questions the query plane answers, behind one trait so that the JSON-RPC
//! namespaces and the MCP endpoint share one implementation (and tests can stand in for it).

use crate::views::{AgentId, AgentProfile, At, ReputationView, SearchPage, SearchRequest};

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
