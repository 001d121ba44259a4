//! ChaosCore's JSON-RPC namespaces: `discover_*`, `agent_*`, `governance_*` and `mcp_*`.
//!
//! Every method is read-only and answers at the node's best block (the answer names it). Heavy
//! methods run on the blocking pool (`blocking`), so a slow query never stalls the RPC server.
//! Malformed parameters are JSON-RPC errors `-32602` (invalid params, with a message saying what
//! to fix), and so are parameters beyond a method's [`SIGNATURES`] entry (see [`crate::strict_params`]);
//! node failures are `-32603`.

use crate::{
	queries::{AgentQueries, ChainQueries, QueryError},
	strict_params::{self, Signature},
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
	RpcModule,
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

/// The parameters of every ChaosCore method, in positional order (named parameters use the same
/// names). A call with more positional parameters, or with a named parameter not listed, is
/// refused with `-32602`. The tests of this module check each entry against the parameter
/// parsing jsonrpsee generates for the method, and that every method has one.
pub const SIGNATURES: &[Signature] = &[
	("discover_search", &["request"]),
	("agent_profile", &["id"]),
	("agent_status", &["id"]),
	("agent_byOwner", &["owner"]),
	("agent_reputation", &["id"]),
	("governance_openChallenges", &[]),
	("governance_jailedAgents", &[]),
	("governance_parameters", &[]),
	("governance_history", &["agent", "cursor", "limit"]),
	("mcp_listServers", &["request"]),
	("mcp_endpoint", &[]),
];

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

	/// The four namespaces as one RPC module, refusing parameters beyond [`SIGNATURES`].
	pub fn into_rpc_module(
		self,
	) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>> {
		let mut module = self.into_lenient_module()?;
		strict_params::enforce(&mut module, SIGNATURES)?;
		Ok(module)
	}

	/// The four namespaces as jsonrpsee generates them (parameters beyond a method's own are
	/// ignored).
	fn into_lenient_module(self) -> Result<RpcModule<()>, jsonrpsee::core::RegisterMethodError> {
		let mut module = RpcModule::new(());
		module.merge(DiscoverApiServer::into_rpc(self.clone()))?;
		module.merge(AgentApiServer::into_rpc(self.clone()))?;
		module.merge(GovernanceApiServer::into_rpc(self.clone()))?;
		module.merge(McpApiServer::into_rpc(self))?;
		Ok(module)
	}
}

/// Maps a query failure to its JSON-RPC error.
fn rpc_error(error: QueryError) -> ErrorObjectOwned {
	match error {
		QueryError::InvalidParams(message) => {
			ErrorObjectOwned::owned(INVALID_PARAMS_CODE, message, None::<()>)
		},
		QueryError::Internal(message) => {
			ErrorObjectOwned::owned(INTERNAL_ERROR_CODE, message, None::<()>)
		},
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

#[cfg(test)]
mod tests {
	use super::*;
	use crate::views::{
		AgentProfile, HistoryPage, JailedAgents, McpServersPage, OpenChallenges, OwnerAgents,
		PenaltyParametersView, SearchPage, StatusAt,
	};
	use serde_json::{json, Value as Json};

	/// A node that cannot answer: a call that gets past parameter parsing is `-32603`.
	struct Offline;

	fn offline<T>() -> Result<T, QueryError> {
		Err(QueryError::Internal("offline".into()))
	}

	impl AgentQueries for Offline {
		fn search(&self, _: SearchRequest) -> Result<SearchPage, QueryError> {
			offline()
		}
		fn profile(&self, _: AgentId) -> Result<Option<AgentProfile>, QueryError> {
			offline()
		}
		fn reputation(&self, _: AgentId) -> Result<Option<(At, ReputationView)>, QueryError> {
			offline()
		}
	}

	impl ChainQueries for Offline {
		fn status(&self, _: AgentId) -> Result<Option<StatusAt>, QueryError> {
			offline()
		}
		fn agents_by_owner(&self, _: &str) -> Result<OwnerAgents, QueryError> {
			offline()
		}
		fn open_challenges(&self) -> Result<OpenChallenges, QueryError> {
			offline()
		}
		fn jailed_agents(&self) -> Result<JailedAgents, QueryError> {
			offline()
		}
		fn parameters(&self) -> Result<PenaltyParametersView, QueryError> {
			offline()
		}
		fn history(
			&self,
			_: AgentId,
			_: Option<String>,
			_: Option<u32>,
		) -> Result<HistoryPage, QueryError> {
			offline()
		}
		fn mcp_servers(&self, _: SearchRequest) -> Result<McpServersPage, QueryError> {
			offline()
		}
	}

	fn plane() -> QueryPlane {
		QueryPlane::new(Arc::new(Offline), Arc::new(Offline), Some("http://127.0.0.1:1/mcp".into()))
	}

	fn lenient() -> RpcModule<()> {
		plane().into_lenient_module().expect("the namespaces merge")
	}

	fn strict() -> RpcModule<()> {
		plane().into_rpc_module().expect("the signatures match the namespaces")
	}

	/// Valid positional parameters for every method, all of them given.
	fn examples() -> Vec<(&'static str, Vec<Json>)> {
		vec![
			("discover_search", vec![json!({ "text": "agent" })]),
			("agent_profile", vec![json!(0)]),
			("agent_status", vec![json!(0)]),
			("agent_byOwner", vec![json!("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")]),
			("agent_reputation", vec![json!(0)]),
			("governance_openChallenges", vec![]),
			("governance_jailedAgents", vec![]),
			("governance_parameters", vec![]),
			("governance_history", vec![json!(0), json!("cursor"), json!(10)]),
			("mcp_listServers", vec![json!({})]),
			("mcp_endpoint", vec![]),
		]
	}

	/// A value no ChaosCore parameter accepts (none is a `bool`).
	fn poison() -> Json {
		json!(true)
	}

	/// The response of `module` to `method` with `params` (`None`: no `params` member).
	async fn answer(module: &RpcModule<()>, method: &str, params: Option<Json>) -> Json {
		let mut request = json!({ "jsonrpc": "2.0", "id": 1, "method": method });
		if let Some(params) = params {
			request["params"] = params;
		}
		let (response, _) =
			module.raw_json_request(&request.to_string(), 1).await.expect("a valid request");
		serde_json::from_str(&response).expect("a JSON response")
	}

	fn is_invalid_params(answer: &Json) -> bool {
		answer["error"]["code"] == json!(INVALID_PARAMS_CODE)
	}

	fn named(names: &[&str], values: &[Json]) -> Json {
		Json::Object(names.iter().map(|n| n.to_string()).zip(values.iter().cloned()).collect())
	}

	#[test]
	fn every_method_has_one_signature_and_every_signature_a_method() {
		let mut served: Vec<&str> = lenient().method_names().collect();
		served.sort_unstable();
		let mut listed: Vec<&str> = SIGNATURES.iter().map(|(method, _)| *method).collect();
		listed.sort_unstable();
		assert_eq!(served, listed);
		let mut examples: Vec<&str> = examples().iter().map(|(method, _)| *method).collect();
		examples.sort_unstable();
		assert_eq!(examples, listed, "the tests need an example call of every method");
	}

	#[test]
	fn parameter_names_are_single_lowercase_words() {
		// jsonrpsee also accepts the snake_case and lowerCamelCase forms of a parameter name;
		// for a single lowercase word both are the name itself, so the list is complete.
		for (method, params) in SIGNATURES {
			for name in *params {
				assert!(
					name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
					"{method}: list every form jsonrpsee accepts for {name:?} in `strict_params`"
				);
			}
		}
	}

	/// Each signature is what the generated parser reads: every listed position and name is
	/// parsed (a poisoned one is refused), and a position after the last is not (a poisoned
	/// one is ignored).
	#[tokio::test(flavor = "multi_thread")]
	async fn signatures_are_what_the_generated_parsers_read() {
		let module = lenient();
		let examples = examples();
		for (method, params) in SIGNATURES {
			let (_, example) = examples.iter().find(|(m, _)| m == method).expect("an example");
			assert_eq!(example.len(), params.len(), "{method}: the example gives every parameter");
			let full = answer(&module, method, Some(json!(example))).await;
			assert!(!is_invalid_params(&full), "{method}{example:?} -> {full}");
			let mut beyond = example.clone();
			beyond.push(poison());
			let beyond_answer = answer(&module, method, Some(json!(beyond))).await;
			assert!(
				!is_invalid_params(&beyond_answer),
				"{method} reads a parameter after {params:?}: {beyond_answer}"
			);
			let by_name = answer(&module, method, Some(named(params, example))).await;
			assert!(!is_invalid_params(&by_name), "{method} by name -> {by_name}");
			for (i, name) in params.iter().enumerate() {
				let mut poisoned = example.clone();
				poisoned[i] = poison();
				let refused = answer(&module, method, Some(json!(poisoned))).await;
				assert!(is_invalid_params(&refused), "{method} ignores position {i}: {refused}");
				let refused = answer(&module, method, Some(named(params, &poisoned))).await;
				assert!(is_invalid_params(&refused), "{method} ignores {name:?}: {refused}");
			}
		}
	}

	/// Calls within a signature are answered exactly as without the check: every positional
	/// prefix (omitted trailing parameters), named parameters, no parameters and `null`.
	#[tokio::test(flavor = "multi_thread")]
	async fn calls_within_a_signature_are_answered_as_before() {
		let (lenient, strict) = (lenient(), strict());
		for (method, example) in examples() {
			let (_, params) = SIGNATURES.iter().find(|(m, _)| *m == method).expect("listed");
			let mut calls = vec![None, Some(Json::Null), Some(json!({}))];
			calls.extend((0..=example.len()).map(|n| Some(json!(example[..n]))));
			calls.extend((0..=example.len()).map(|n| Some(named(&params[..n], &example[..n]))));
			calls.push(Some(json!([Json::Null, Json::Null, Json::Null][..params.len()])));
			for params in calls {
				let before = answer(&lenient, method, params.clone()).await;
				let now = answer(&strict, method, params.clone()).await;
				assert_eq!(now, before, "{method}({params:?})");
			}
		}
	}

	#[tokio::test(flavor = "multi_thread")]
	async fn calls_beyond_a_signature_are_refused() {
		let (lenient, strict) = (lenient(), strict());
		for (method, example) in examples() {
			let (_, params) = SIGNATURES.iter().find(|(m, _)| *m == method).expect("listed");
			let mut extra = example.clone();
			extra.push(json!("extra"));
			let ignored = answer(&lenient, method, Some(json!(extra))).await;
			assert!(!is_invalid_params(&ignored), "jsonrpsee alone refuses {method}{extra:?}");
			let refused = answer(&strict, method, Some(json!(extra))).await;
			let expected = match params.len() {
				0 => format!("{method} takes no parameters, got 1"),
				1 => format!("{method} takes at most 1 parameter, got 2"),
				n => format!("{method} takes at most {n} parameters, got {}", n + 1),
			};
			assert_eq!(refused["error"], json!({ "code": -32602, "message": expected }));

			let mut unknown = named(params, &example);
			unknown["extra"] = json!(1);
			let refused = answer(&strict, method, Some(unknown)).await;
			assert!(is_invalid_params(&refused), "{method} by name with `extra`: {refused}");
			let message = refused["error"]["message"].as_str().expect("a message");
			assert!(message.contains("\"extra\""), "{message}");

			for scalar in [json!(0), json!("x")] {
				let refused = answer(&strict, method, Some(scalar.clone())).await;
				assert!(is_invalid_params(&refused), "{method}({scalar}): {refused}");
			}
		}
	}
}
