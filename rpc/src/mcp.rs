//! # The node's MCP endpoint
//!
//! A read-only [Model Context Protocol](https://modelcontextprotocol.io) server over the
//! *streamable HTTP* transport, built on the official Rust SDK (`rmcp`). It lets an AI agent (or
//! any MCP client) discover the agents registered on the ChaosCore chain without speaking
//! Substrate JSON-RPC.
//!
//! ## Endpoint
//!
//! [`serve`] binds the given address (the node passes a loopback address by default) and answers
//! at `http://{addr}/mcp`. The server is **stateless**: no `Mcp-Session-Id` is issued or required,
//! every POST is answered on its own with a plain `application/json` body, and `GET`/`DELETE`
//! (server-initiated streams, session teardown) are not offered. Clients negotiate any protocol
//! version the SDK knows, `2024-11-05` through `2025-06-18`, `2025-11-25` and `2026-07-28` (the
//! newest, which replaces the `initialize` handshake by self-contained requests). A POST must
//! carry `Accept: application/json, text/event-stream`, as the transport specification requires
//! (else `406`), and a JSON-RPC message as a JSON body (else a `4xx`). As protection against DNS
//! rebinding, the `Host` header must name `localhost`, `127.0.0.1`, `::1` or the bound IP (any
//! host is accepted when bound to an unspecified address such as `0.0.0.0`).
//!
//! ## Tools
//!
//! Exactly three tools, all annotated read-only, idempotent, non-destructive and closed-world.
//! Every answer is computed at the node's best block and filtered by on-chain status at the block
//! it names in its `at` field (`{ "hash", "number" }`). Results are returned both as a text block
//! holding the JSON and as `structuredContent`. Field names are camelCase; balances are decimal
//! strings.
//!
//! - `search_agents` — arguments: the [`SearchRequest`](crate::views::SearchRequest) fields
//!   (`text`, `category`, `tool`, `capability`, `region`, `tier`, `maxLatencyMs`, `minReputation`,
//!   `includeStale`, `sort`, `cursor`, `limit`), all optional; answer: a
//!   [`SearchPage`](crate::views::SearchPage) (`at`, `agents`, `nextCursor`).
//! - `get_agent` — arguments `{ "id": <u64> }`; answer: the
//!   [`AgentProfile`](crate::views::AgentProfile).
//! - `get_reputation` — arguments `{ "id": <u64> }`; answer: `{ "at": At, "reputation":
//!   ReputationView }` (see [`ReputationView`](crate::views::ReputationView)).
//!
//! Failures a model can act on are *tool errors* (`isError: true` with a text message), not
//! protocol errors: malformed or out-of-range arguments, an unknown agent id, and node-side
//! failures (prefixed `internal error`). Unknown tool names are protocol errors.
//!
//! ## Connecting
//!
//! Point any MCP client at `http://127.0.0.1:<port>/mcp` with the streamable HTTP transport, for
//! example the inspector: `npx @modelcontextprotocol/inspector`, then choose "Streamable HTTP"
//! and enter the URL. With `rmcp` itself:
//!
//! ```ignore
//! use rmcp::{model::CallToolRequestParams, transport::StreamableHttpClientTransport, ServiceExt};
//! let client = ().serve(StreamableHttpClientTransport::from_uri("http://127.0.0.1:9955/mcp"))
//!     .await?;
//! let tools = client.list_all_tools().await?;
//! let page = client
//!     .call_tool(CallToolRequestParams::new("search_agents").with_arguments(
//!         serde_json::json!({ "text": "translate" }).as_object().cloned().unwrap_or_default(),
//!     ))
//!     .await?;
//! ```

use crate::{
	queries::{AgentQueries, QueryError},
	views::{AgentId, At, ReputationView, SearchRequest, SortBy},
};
use rmcp::{
	handler::server::{common::schema_for_type, router::tool::ToolRouter, wrapper::Parameters},
	model::{
		CallToolResult, ContentBlock, Implementation, JsonObject, ServerCapabilities, ServerConfig,
	},
	tool, tool_handler, tool_router,
	transport::streamable_http_server::{
		session::never::NeverSessionManager, StreamableHttpServerConfig, StreamableHttpService,
	},
	ServerHandler,
};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::{io, net::SocketAddr, sync::Arc, time::Duration};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The path the endpoint answers at.
pub const MCP_PATH: &str = "/mcp";

/// The server name announced in `serverInfo`.
pub const SERVER_NAME: &str = "chaoscore";

/// How long [`McpServerHandle::shutdown`] waits for in-flight requests before aborting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The `instructions` announced at initialization.
const INSTRUCTIONS: &str = "ChaosCore node MCP endpoint (read-only). It discovers AI agents \
	registered on the ChaosCore chain: `search_agents` finds agents by text, category, tool, \
	capability, region, tier, latency and reputation (paginated with `cursor`); `get_agent` returns \
	an agent's full profile and capability document; `get_reputation` returns its reputation \
	score and the outcomes behind it. Every answer is computed at the node's best block and \
	filtered by on-chain status at the block it names in its `at` field (hash and number): only \
	agents eligible at that block are listed (Active, or Stale if `includeStale` is set). Use ids \
	from search results with the other tools. Balances are decimal strings in planck.";

/// Serves the MCP endpoint at `http://{addr}/mcp` until the returned handle is dropped or
/// [`McpServerHandle::shutdown`] is called.
///
/// Binds only `addr` (port `0` picks a free port; see [`McpServerHandle::local_addr`]). Fails
/// if the address cannot be bound.
pub async fn serve(
	addr: SocketAddr,
	queries: Arc<dyn AgentQueries>,
) -> Result<McpServerHandle, io::Error> {
	let listener = tokio::net::TcpListener::bind(addr).await?;
	let local_addr = listener.local_addr()?;
	let cancel = CancellationToken::new();

	let mut config = StreamableHttpServerConfig::default()
		.with_legacy_session_mode(false)
		.with_json_response(true)
		.with_sse_keep_alive(None)
		.with_cancellation_token(cancel.child_token());
	config = if local_addr.ip().is_unspecified() {
		// Bound to every interface on purpose: any `Host` the operator's network routes here.
		config.disable_allowed_hosts()
	} else {
		let ip = local_addr.ip().to_string();
		config.with_allowed_hosts(["localhost".to_string(), "127.0.0.1".into(), "::1".into(), ip])
	};

	let service = StreamableHttpService::new(
		move || Ok(ChainAgents::new(queries.clone())),
		Arc::new(NeverSessionManager::default()),
		config,
	);
	let router = axum::Router::new().route_service(MCP_PATH, service);

	let stop = cancel.clone();
	let task = tokio::spawn(async move {
		axum::serve(listener, router)
			.with_graceful_shutdown(async move { stop.cancelled_owned().await })
			.await
	});
	Ok(McpServerHandle { local_addr, cancel, task: Some(task) })
}

/// A running MCP endpoint. Dropping it aborts the server; [`McpServerHandle::shutdown`] stops it
/// gracefully.
#[derive(Debug)]
pub struct McpServerHandle {
	local_addr: SocketAddr,
	cancel: CancellationToken,
	task: Option<JoinHandle<io::Result<()>>>,
}

impl McpServerHandle {
	/// The address the endpoint is bound to (with the actual port if `0` was asked for).
	pub fn local_addr(&self) -> SocketAddr {
		self.local_addr
	}

	/// The endpoint URL, `http://{local_addr}/mcp`.
	pub fn url(&self) -> String {
		format!("http://{}{MCP_PATH}", self.local_addr)
	}

	/// Stops accepting connections, lets in-flight requests finish (for up to 10 seconds, then
	/// aborts them) and waits for the server to stop. Returns the server's I/O error, if it failed.
	pub async fn shutdown(mut self) -> Result<(), io::Error> {
		self.cancel.cancel();
		let Some(mut task) = self.task.take() else { return Ok(()) };
		match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
			Ok(Ok(result)) => result,
			Ok(Err(join_error)) if join_error.is_cancelled() => Ok(()),
			Ok(Err(join_error)) => Err(io::Error::other(join_error)),
			Err(_elapsed) => {
				task.abort();
				Ok(())
			},
		}
	}
}

impl Drop for McpServerHandle {
	fn drop(&mut self) {
		self.cancel.cancel();
		if let Some(task) = self.task.take() {
			task.abort();
		}
	}
}

/// Result order of `search_agents`.
#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
enum SortArg {
	/// Best full-text match first (ties: lower id first).
	#[default]
	Relevance,
	/// Highest reputation first (ties: lower id first).
	Reputation,
	/// Lowest advertised latency first (ties: lower id first).
	Latency,
}

impl From<SortArg> for SortBy {
	fn from(sort: SortArg) -> Self {
		match sort {
			SortArg::Relevance => SortBy::Relevance,
			SortArg::Reputation => SortBy::Reputation,
			SortArg::Latency => SortBy::Latency,
		}
	}
}

/// Arguments of `search_agents`: every filter is optional; string filters match whole values,
/// ignoring case.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SearchArgs {
	/// Full-text query over name, description, capabilities, tools and tags.
	text: Option<String>,
	/// Primary category.
	category: Option<String>,
	/// A tool the agent declares.
	tool: Option<String>,
	/// A capability the agent declares.
	capability: Option<String>,
	/// Region the agent serves from.
	region: Option<String>,
	/// Exact service tier.
	tier: Option<u8>,
	/// Largest advertised latency, in milliseconds.
	max_latency_ms: Option<u32>,
	/// Smallest reputation score (0..=1000) at the answer's block.
	#[schemars(range(max = 1000))]
	min_reputation: Option<u32>,
	/// Include `Stale` agents (no recent heartbeat); they are left out by default.
	#[serde(default)]
	include_stale: bool,
	/// Result order: `relevance` (default), `reputation` or `latency`.
	#[serde(default)]
	sort: SortArg,
	/// Opaque cursor from a previous page's `nextCursor`.
	cursor: Option<String>,
	/// Page size: 1..=100, default 20.
	#[schemars(range(min = 1, max = 100))]
	limit: Option<u32>,
}

impl From<SearchArgs> for SearchRequest {
	fn from(args: SearchArgs) -> Self {
		SearchRequest {
			text: args.text,
			category: args.category,
			tool: args.tool,
			capability: args.capability,
			region: args.region,
			tier: args.tier,
			max_latency_ms: args.max_latency_ms,
			min_reputation: args.min_reputation,
			include_stale: args.include_stale,
			sort: args.sort.into(),
			cursor: args.cursor,
			limit: args.limit,
		}
	}
}

/// Arguments of `get_agent` and `get_reputation`.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AgentIdArgs {
	/// Agent id (the registry's sequential id, as listed by `search_agents`).
	id: AgentId,
}

/// Answer of `get_reputation`.
#[derive(Serialize)]
struct ReputationAnswer {
	at: At,
	reputation: ReputationView,
}

/// The MCP server handler: the three read-only tools over an [`AgentQueries`].
#[derive(Clone)]
struct ChainAgents {
	queries: Arc<dyn AgentQueries>,
	tool_router: ToolRouter<Self>,
}

#[tool_router]
impl ChainAgents {
	fn new(queries: Arc<dyn AgentQueries>) -> Self {
		Self { queries, tool_router: Self::tool_router() }
	}

	/// Runs a (possibly blocking) query off the async workers and turns its outcome into a tool
	/// result.
	async fn answer<T, F>(&self, query: F) -> CallToolResult
	where
		T: Serialize + Send + 'static,
		F: FnOnce(&dyn AgentQueries) -> Result<T, QueryError> + Send + 'static,
	{
		let queries = self.queries.clone();
		match tokio::task::spawn_blocking(move || query(&*queries)).await {
			Ok(Ok(value)) => match serde_json::to_value(value) {
				Ok(json) => CallToolResult::structured(json),
				Err(e) => tool_error(format!("internal error: cannot encode the answer: {e}")),
			},
			Ok(Err(QueryError::InvalidParams(message))) => tool_error(message),
			Ok(Err(QueryError::Internal(message))) => {
				tool_error(format!("internal error: {message}"))
			},
			Err(e) => tool_error(format!("internal error: query failed: {e}")),
		}
	}

	/// Search the agents registered on the ChaosCore chain: full text over name, description,
	/// capabilities, tools and tags, with optional filters (category, tool, capability, region,
	/// tier, maxLatencyMs, minReputation), order (`sort`: relevance, reputation, latency) and
	/// paging (`limit` 1..=100, default 20; pass `nextCursor` back as `cursor`). Only agents whose
	/// on-chain status at the answer's block (`at`) is Active (or Stale with `includeStale`) are
	/// listed.
	#[tool(
		input_schema = schema_for_type::<SearchArgs>(),
		annotations(
			title = "Search agents",
			read_only_hint = true,
			destructive_hint = false,
			idempotent_hint = true,
			open_world_hint = false
		)
	)]
	async fn search_agents(&self, params: Parameters<JsonObject>) -> CallToolResult {
		match parse_args::<SearchArgs>(params.0) {
			Ok(args) => {
				let request = SearchRequest::from(args);
				self.answer(move |queries| queries.search(request)).await
			},
			Err(error) => error,
		}
	}

	/// Get everything known about one agent by id: owner, agent key, on-chain status, bond,
	/// heartbeat, metadata (name, category, tags, tools, capabilities, endpoints, region, tier,
	/// latency), the capability document with its on-chain hash, and reputation, all at the block
	/// named in `at`.
	#[tool(
		input_schema = schema_for_type::<AgentIdArgs>(),
		annotations(
			title = "Get agent profile",
			read_only_hint = true,
			destructive_hint = false,
			idempotent_hint = true,
			open_world_hint = false
		)
	)]
	async fn get_agent(&self, params: Parameters<JsonObject>) -> CallToolResult {
		let id = match parse_args::<AgentIdArgs>(params.0) {
			Ok(args) => args.id,
			Err(error) => return error,
		};
		self.answer(move |queries| queries.profile(id)?.ok_or_else(|| unknown_agent(id)))
			.await
	}

	/// Get an agent's reputation by id: the score (0..=1000, 500 without history) and the counts
	/// behind it (verified/rejected receipts, released/refunded escrows, upheld challenges,
	/// slashes, client feedback), at the block named in `at`.
	#[tool(
		input_schema = schema_for_type::<AgentIdArgs>(),
		annotations(
			title = "Get agent reputation",
			read_only_hint = true,
			destructive_hint = false,
			idempotent_hint = true,
			open_world_hint = false
		)
	)]
	async fn get_reputation(&self, params: Parameters<JsonObject>) -> CallToolResult {
		let id = match parse_args::<AgentIdArgs>(params.0) {
			Ok(args) => args.id,
			Err(error) => return error,
		};
		self.answer(move |queries| {
			let (at, reputation) = queries.reputation(id)?.ok_or_else(|| unknown_agent(id))?;
			Ok(ReputationAnswer { at, reputation })
		})
		.await
	}
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for ChainAgents {
	fn get_info(&self) -> ServerConfig {
		ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
			.with_server_info(Implementation::new(SERVER_NAME, env!("CARGO_PKG_VERSION")))
			.with_instructions(INSTRUCTIONS)
	}
}

/// A tool error result (`isError: true`) carrying `message`.
fn tool_error(message: impl Into<String>) -> CallToolResult {
	CallToolResult::error(vec![ContentBlock::text(message)])
}

/// Decodes a tool's arguments; a mismatch is a tool error the caller can correct.
fn parse_args<T: DeserializeOwned>(args: JsonObject) -> Result<T, CallToolResult> {
	serde_json::from_value(serde_json::Value::Object(args))
		.map_err(|e| tool_error(format!("invalid arguments: {e}")))
}

/// The error of a lookup of an id that is not registered.
fn unknown_agent(id: AgentId) -> QueryError {
	QueryError::InvalidParams(format!("unknown agent: no agent with id {id} is registered"))
}
