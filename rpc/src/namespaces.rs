//! ChaosCore's JSON-RPC namespaces: `discover_*`, `agent_*`, `governance_*` and `mcp_*`.
//!
//! Every method is read-only and answers at the node's best block (the answer names it). Heavy
//! methods run on the blocking pool (`blocking`), so a slow query never stalls the RPC server.
//! Malformed parameters are JSON-RPC errors `-32602` (invalid params, with a message saying what
//! to fix); node failures are `-32603`.

use crate::{
	queries::{AgentQueries, ChainQueries, QueryError},
	views::{
		AgentId, AgentProfile, At, HistoryPage, JailedAgents, McpServersPage, OpenChallenges,
		OwnerAgents, PenaltyParametersView, ReputationView, SearchPage, SearchRequest, StatusAt,
	},
};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{
		error::{INTERNAL_ERROR_CODE, INVALID_PARAMS_CODE},
		ErrorObjectOwned,
	},
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Discovery: search the agent index, filtered by on-chain status.
#[rpc(server, namespace = "discover")]
pub trait DiscoverApi {
	/// Full-text search with filters, sorting and cursor pagination (see `SearchRequest`).
	#[method(name = "search", blocking)]
	fn search(&self, request: SearchRequest) -> RpcResult<SearchPage>;
}

/// A reputation answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReputationAt {
	/// The block the answer is valid at.
	pub at: At,
	/// Agent id.
	pub agent: AgentId,
	/// Score and breakdown.
	pub reputation: ReputationView,
}

/// Agents: profiles, status, ownership and reputation.
#[rpc(server, namespace = "agent")]
pub trait AgentApi {
	/// On-chain facts, metadata and the full capability document of agent `id` (`null` if it
	/// is not registered).
	#[method(name = "profile", blocking)]
	fn profile(&self, id: AgentId) -> RpcResult<Option<AgentProfile>>;

	/// The effective status of agent `id` (`null` if it is not registered).
	#[method(name = "status", blocking)]
	fn status(&self, id: AgentId) -> RpcResult<Option<StatusAt>>;

	/// The agents owned by `owner` (an SS58 address).
	#[method(name = "byOwner", blocking)]
	fn by_owner(&self, owner: String) -> RpcResult<OwnerAgents>;

	/// The reputation score and breakdown of agent `id` (`null` if it is not registered).
	#[method(name = "reputation", blocking)]
	fn reputation(&self, id: AgentId) -> RpcResult<Option<ReputationAt>>;
}

/// Governance: what governors and auditors watch.
#[rpc(server, namespace = "governance")]
pub trait GovernanceApi {
	/// Every open challenge.
	#[method(name = "openChallenges", blocking)]
	fn open_challenges(&self) -> RpcResult<OpenChallenges>;

	/// Every jailed agent.
	#[method(name = "jailedAgents", blocking)]
	fn jailed_agents(&self) -> RpcResult<JailedAgents>;

	/// The penalty and settlement parameters of the runtime.
	#[method(name = "parameters", blocking)]
	fn parameters(&self) -> RpcResult<PenaltyParametersView>;

	/// The ordered penalty and settlement history of agent `agent` (every event that names it,
	/// heartbeats excepted), paged: `limit` 1..=500, default 100.
	#[method(name = "history", blocking)]
	fn history(
		&self,
		agent: AgentId,
		cursor: Option<String>,
		limit: Option<u32>,
	) -> RpcResult<HistoryPage>;
}

/// MCP: agents that serve the Model Context Protocol, and this node's own MCP endpoint.
#[rpc(server, namespace = "mcp")]
pub trait McpApi {
	/// MCP-capable agents matching `request`, with their server manifests.
	#[method(name = "listServers", blocking)]
	fn list_servers(&self, request: SearchRequest) -> RpcResult<McpServersPage>;

	/// The URL of this node's MCP endpoint (discovery as MCP tools); `null` if disabled.
	#[method(name = "endpoint")]
	fn endpoint(&self) -> RpcResult<Option<String>>;
}

/// Serves the four namespaces from the node's query implementations.
#[derive(Clone)]
pub struct QueryPlane {
	agents: Arc<dyn AgentQueries>,
	chain: Arc<dyn ChainQueries>,
	mcp_url: Option<String>,
}

impl QueryPlane {
	/// A query plane answering from `agents` and `chain`, advertising the MCP endpoint
	/// `mcp_url`.
	pub fn new(
		agents: Arc<dyn AgentQueries>,
		chain: Arc<dyn ChainQueries>,
		mcp_url: Option<String>,
	) -> Self {
		Self { agents, chain, mcp_url }
	}
}

/// Maps a query failure to its JSON-RPC error.
fn rpc_error(error: QueryError) -> ErrorObjectOwned {
	match error {
		QueryError::InvalidParams(message) =>
			ErrorObjectOwned::owned(INVALID_PARAMS_CODE, message, None::<()>),
		QueryError::Internal(message) =>
			ErrorObjectOwned::owned(INTERNAL_ERROR_CODE, message, None::<()>),
	}
}

impl DiscoverApiServer for QueryPlane {
	fn search(&self, request: SearchRequest) -> RpcResult<SearchPage> {
		self.agents.search(request).map_err(rpc_error)
	}
}

impl AgentApiServer for QueryPlane {
	fn profile(&self, id: AgentId) -> RpcResult<Option<AgentProfile>> {
		self.agents.profile(id).map_err(rpc_error)
	}

	fn status(&self, id: AgentId) -> RpcResult<Option<StatusAt>> {
		self.chain.status(id).map_err(rpc_error)
	}

	fn by_owner(&self, owner: String) -> RpcResult<OwnerAgents> {
		self.chain.agents_by_owner(&owner).map_err(rpc_error)
	}

	fn reputation(&self, id: AgentId) -> RpcResult<Option<ReputationAt>> {
		let answer = self.agents.reputation(id).map_err(rpc_error)?;
		Ok(answer.map(|(at, reputation)| ReputationAt { at, agent: id, reputation }))
	}
}

impl GovernanceApiServer for QueryPlane {
	fn open_challenges(&self) -> RpcResult<OpenChallenges> {
		self.chain.open_challenges().map_err(rpc_error)
	}

	fn jailed_agents(&self) -> RpcResult<JailedAgents> {
		self.chain.jailed_agents().map_err(rpc_error)
	}

	fn parameters(&self) -> RpcResult<PenaltyParametersView> {
		self.chain.parameters().map_err(rpc_error)
	}

	fn history(
		&self,
		agent: AgentId,
		cursor: Option<String>,
		limit: Option<u32>,
	) -> RpcResult<HistoryPage> {
		self.chain.history(agent, cursor, limit).map_err(rpc_error)
	}
}

impl McpApiServer for QueryPlane {
	fn list_servers(&self, request: SearchRequest) -> RpcResult<McpServersPage> {
		self.chain.mcp_servers(request).map_err(rpc_error)
	}

	fn endpoint(&self) -> RpcResult<Option<String>> {
		Ok(self.mcp_url.clone())
	}
}
