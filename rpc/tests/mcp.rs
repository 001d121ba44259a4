//! The MCP endpoint end to end: a stock MCP client (rmcp's streamable HTTP client) against
//! `chaoscore_rpc::mcp::serve` over a fake `AgentQueries` holding three agents.

use chaoscore_rpc::{
	mcp::{self, McpServerHandle},
	queries::{AgentQueries, QueryError},
	views::{
		AgentId, AgentProfile, AgentSummary, At, EndpointView, ReputationView, SearchPage,
		SearchRequest, MAX_PAGE_SIZE,
	},
};
use rmcp::{
	model::{CallToolRequestParams, CallToolResult, ProtocolVersion},
	service::{RoleClient, RunningService},
	transport::StreamableHttpClientTransport,
	ClientLifecycleMode, ClientServiceExt, ServiceExt,
};
use serde_json::{json, Value};
use std::{net::SocketAddr, sync::Arc, time::Duration};

type Client = RunningService<RoleClient, ()>;

fn at() -> At {
	At { hash: format!("0x{}", "ab".repeat(32)), number: 42 }
}

fn reputation(id: AgentId) -> ReputationView {
	ReputationView {
		score: 500 + 100 * id as u32,
		has_history: id != 1,
		verified: id as u32 * 3,
		rejected: 0,
		released: id as u32,
		refunded: 0,
		released_value: (id * 1_000_000_000_000).to_string(),
		refunded_value: "0".into(),
		challenges_upheld: 0,
		slashes: 0,
		slashed_amount: "0".into(),
		positive_feedback: id as u32,
		negative_feedback: 0,
	}
}

/// Three agents: 1 "Translator" (translation), 2 "Summarizer" (text), 3 "Translate Pro"
/// (translation).
fn profile(id: AgentId) -> Option<AgentProfile> {
	let (name, category, tools) = match id {
		1 => ("Translator", "translation", vec!["translate".to_string()]),
		2 => ("Summarizer", "text", vec!["summarize".to_string()]),
		3 => ("Translate Pro", "translation", vec!["translate".into(), "detect_language".into()]),
		_ => return None,
	};
	Some(AgentProfile {
		at: at(),
		id,
		owner: format!("5Owner{id}"),
		agent_key: format!("5Key{id}"),
		status: "Active".into(),
		bond: "1000000000000".into(),
		last_heartbeat: 40,
		jailed_until: None,
		metadata_version: 1,
		name: name.into(),
		category: category.into(),
		tags: vec![category.into()],
		tools,
		capabilities: vec![format!("{category}.v1")],
		endpoints: vec![EndpointView {
			kind: "mcp".into(),
			url: format!("https://agent{id}.example/mcp"),
		}],
		region: "eu".into(),
		tier: id as u8,
		latency_ms: 100 * id as u32,
		document_hash: format!("0x{}", format!("{id:02x}").repeat(32)),
		document: Some(json!({ "name": name })),
		reputation: reputation(id),
	})
}

fn summary(p: &AgentProfile, relevance: f32) -> AgentSummary {
	AgentSummary {
		id: p.id,
		owner: p.owner.clone(),
		name: p.name.clone(),
		description: String::new(),
		category: p.category.clone(),
		tags: p.tags.clone(),
		tools: p.tools.clone(),
		capabilities: p.capabilities.clone(),
		region: p.region.clone(),
		tier: p.tier,
		latency_ms: p.latency_ms,
		endpoints: p.endpoints.clone(),
		status: p.status.clone(),
		reputation: p.reputation.score,
		relevance,
	}
}

struct FakeQueries;

impl AgentQueries for FakeQueries {
	fn search(&self, request: SearchRequest) -> Result<SearchPage, QueryError> {
		if request.limit.is_some_and(|l| l == 0 || l > MAX_PAGE_SIZE) {
			return Err(QueryError::InvalidParams(format!(
				"limit must be 1..={MAX_PAGE_SIZE}, got {}",
				request.limit.unwrap_or_default()
			)));
		}
		if request.text.as_deref() == Some("boom") {
			return Err(QueryError::Internal("index unavailable".into()));
		}
		let text = request.text.map(|t| t.to_lowercase());
		let agents = (1..=3)
			.filter_map(profile)
			.filter(|p| text.as_ref().is_none_or(|t| p.name.to_lowercase().contains(t.as_str())))
			.filter(|p| {
				request.category.as_ref().is_none_or(|c| p.category.eq_ignore_ascii_case(c))
			})
			.map(|p| summary(&p, if text.is_some() { 1.0 } else { 0.0 }))
			.collect();
		Ok(SearchPage { at: at(), agents, next_cursor: None })
	}

	fn profile(&self, id: AgentId) -> Result<Option<AgentProfile>, QueryError> {
		Ok(profile(id))
	}

	fn reputation(&self, id: AgentId) -> Result<Option<(At, ReputationView)>, QueryError> {
		Ok(profile(id).map(|p| (p.at, p.reputation)))
	}
}

async fn start() -> McpServerHandle {
	let addr: SocketAddr = "127.0.0.1:0".parse().expect("valid address");
	mcp::serve(addr, Arc::new(FakeQueries)).await.expect("the endpoint starts")
}

async fn connect(handle: &McpServerHandle) -> Client {
	().serve(StreamableHttpClientTransport::from_uri(handle.url()))
		.await
		.expect("client connects")
}

fn args(value: Value) -> serde_json::Map<String, Value> {
	value.as_object().cloned().expect("arguments are an object")
}

async fn call(client: &Client, tool: &'static str, arguments: Value) -> CallToolResult {
	client
		.call_tool(CallToolRequestParams::new(tool).with_arguments(args(arguments)))
		.await
		.expect("tools/call is answered")
}

fn text_of(result: &CallToolResult) -> String {
	let first = result.content.first().expect("the result has content");
	first.as_text().expect("the content is text").text.clone()
}

fn is_error(result: &CallToolResult) -> bool {
	result.is_error == Some(true)
}

#[tokio::test]
async fn initialize_announces_the_server() {
	let server = start().await;
	assert_eq!(server.url(), format!("http://{}/mcp", server.local_addr()));
	let client = connect(&server).await;
	let info = client.peer_info().expect("initialized");
	let implementation = info.server_info.as_ref().expect("serverInfo");
	assert_eq!(implementation.name, "chaoscore");
	assert_eq!(implementation.version, env!("CARGO_PKG_VERSION"));
	let instructions = info.instructions.as_deref().expect("instructions");
	assert!(instructions.contains("ChaosCore chain"), "{instructions}");
	assert!(instructions.contains("on-chain status"), "{instructions}");
	assert!(info.capabilities.tools.is_some());
	assert!(info.capabilities.resources.is_none());
	assert!(info.capabilities.prompts.is_none());
	client.cancel().await.expect("client closes");
	server.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn lists_exactly_the_three_read_only_tools() {
	let server = start().await;
	let client = connect(&server).await;
	let mut tools = client.list_all_tools().await.expect("tools/list");
	tools.sort_by(|a, b| a.name.cmp(&b.name));
	let names: Vec<_> = tools.iter().map(|t| t.name.to_string()).collect();
	assert_eq!(names, ["get_agent", "get_reputation", "search_agents"]);
	for tool in &tools {
		assert!(tool.description.as_ref().is_some_and(|d| !d.is_empty()), "{}", tool.name);
		let annotations = tool.annotations.as_ref().expect("annotated");
		assert_eq!(annotations.read_only_hint, Some(true), "{}", tool.name);
		assert_eq!(annotations.idempotent_hint, Some(true), "{}", tool.name);
		assert_eq!(annotations.destructive_hint, Some(false), "{}", tool.name);
		let schema = Value::Object((*tool.input_schema).clone());
		assert_eq!(schema["type"], "object", "{}: {schema}", tool.name);
	}
	let search = Value::Object((*tools[2].input_schema).clone());
	for field in ["text", "category", "maxLatencyMs", "minReputation", "includeStale", "limit"] {
		assert!(search["properties"][field].is_object(), "{field} in {search}");
	}
	assert_eq!(search["properties"]["limit"]["maximum"], 100, "{search}");
	let get_agent = Value::Object((*tools[0].input_schema).clone());
	assert!(get_agent["properties"]["id"].is_object(), "{get_agent}");
	assert_eq!(get_agent["required"], json!(["id"]));
	// Nothing else is offered.
	assert!(client.list_prompts(None).await.is_err());
	assert!(client.list_resources(None).await.is_err());
	client.cancel().await.expect("client closes");
}

#[tokio::test]
async fn search_get_agent_and_reputation() {
	let server = start().await;
	let client = connect(&server).await;

	let result = call(&client, "search_agents", json!({ "text": "transl" })).await;
	assert!(!is_error(&result), "{result:?}");
	let page: SearchPage = serde_json::from_str(&text_of(&result)).expect("a SearchPage");
	assert_eq!(page.at, at());
	assert_eq!(page.agents.iter().map(|a| a.id).collect::<Vec<_>>(), [1, 3]);
	assert_eq!(page.agents[1].name, "Translate Pro");
	assert_eq!(page.next_cursor, None);
	// The same answer as structured content.
	let structured = result.structured_content.clone().expect("structured content");
	assert_eq!(serde_json::from_value::<SearchPage>(structured).expect("a SearchPage"), page);

	let result = call(&client, "search_agents", json!({ "category": "TEXT" })).await;
	let page: SearchPage = serde_json::from_str(&text_of(&result)).expect("a SearchPage");
	assert_eq!(page.agents.iter().map(|a| a.id).collect::<Vec<_>>(), [2]);

	let result = call(&client, "search_agents", json!({})).await;
	let page: SearchPage = serde_json::from_str(&text_of(&result)).expect("a SearchPage");
	assert_eq!(page.agents.len(), 3);

	let result = call(&client, "get_agent", json!({ "id": 2 })).await;
	assert!(!is_error(&result), "{result:?}");
	let agent: AgentProfile = serde_json::from_str(&text_of(&result)).expect("an AgentProfile");
	assert_eq!(agent, profile(2).expect("agent 2"));

	let result = call(&client, "get_reputation", json!({ "id": 3 })).await;
	assert!(!is_error(&result), "{result:?}");
	let answer: Value = serde_json::from_str(&text_of(&result)).expect("JSON");
	assert_eq!(serde_json::from_value::<At>(answer["at"].clone()).expect("at"), at());
	let view: ReputationView =
		serde_json::from_value(answer["reputation"].clone()).expect("a ReputationView");
	assert_eq!(view, reputation(3));
	assert_eq!(answer["reputation"]["releasedValue"], "3000000000000");

	client.cancel().await.expect("client closes");
	server.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn errors_are_tool_errors_and_the_server_keeps_serving() {
	let server = start().await;
	let client = connect(&server).await;

	let result = call(&client, "get_agent", json!({ "id": 99 })).await;
	assert!(is_error(&result), "{result:?}");
	assert!(text_of(&result).contains("unknown agent"), "{}", text_of(&result));
	assert!(text_of(&result).contains("99"), "{}", text_of(&result));

	let result = call(&client, "get_reputation", json!({ "id": 7 })).await;
	assert!(is_error(&result), "{result:?}");
	assert!(text_of(&result).contains("unknown agent"), "{}", text_of(&result));

	let result = call(&client, "get_agent", json!({ "id": "x" })).await;
	assert!(is_error(&result), "{result:?}");
	assert!(text_of(&result).starts_with("invalid arguments"), "{}", text_of(&result));

	let result = call(&client, "get_agent", json!({})).await;
	assert!(is_error(&result), "{result:?}");
	assert!(text_of(&result).contains("id"), "{}", text_of(&result));

	let result = call(&client, "search_agents", json!({ "limit": 1000 })).await;
	assert!(is_error(&result), "{result:?}");
	assert!(text_of(&result).contains("limit must be 1..=100"), "{}", text_of(&result));
	assert!(!text_of(&result).contains("internal"), "{}", text_of(&result));

	let result = call(&client, "search_agents", json!({ "colour": "red" })).await;
	assert!(is_error(&result), "{result:?}");
	assert!(text_of(&result).contains("colour"), "{}", text_of(&result));

	let result = call(&client, "search_agents", json!({ "sort": "price" })).await;
	assert!(is_error(&result), "{result:?}");

	let result = call(&client, "search_agents", json!({ "text": "boom" })).await;
	assert!(is_error(&result), "{result:?}");
	assert_eq!(text_of(&result), "internal error: index unavailable");

	// An unknown tool is a protocol error.
	let unknown = client
		.call_tool(CallToolRequestParams::new("delete_agent").with_arguments(args(json!({}))));
	assert!(unknown.await.is_err());

	// Still serving, on the same connection and on a new one.
	let result = call(&client, "get_agent", json!({ "id": 1 })).await;
	assert!(!is_error(&result), "{result:?}");
	let again = connect(&server).await;
	let result = call(&again, "search_agents", json!({ "limit": 2, "sort": "reputation" })).await;
	assert!(!is_error(&result), "{result:?}");
	again.cancel().await.expect("client closes");
	client.cancel().await.expect("client closes");
}

#[tokio::test]
async fn newest_protocol_without_initialize() {
	let server = start().await;
	let client = ()
		.serve_with_lifecycle(
			StreamableHttpClientTransport::from_uri(server.url()),
			ClientLifecycleMode::Discover { preferred_versions: vec![ProtocolVersion::LATEST] },
		)
		.await
		.expect("server/discover succeeds");
	let result = call(&client, "get_agent", json!({ "id": 3 })).await;
	let agent: AgentProfile = serde_json::from_str(&text_of(&result)).expect("an AgentProfile");
	assert_eq!(agent.name, "Translate Pro");
	client.cancel().await.expect("client closes");
}

#[tokio::test]
async fn shutdown_stops_the_endpoint() {
	let server = start().await;
	let url = server.url();
	let client = connect(&server).await;
	assert!(!is_error(&call(&client, "get_agent", json!({ "id": 1 })).await));
	client.cancel().await.expect("client closes");

	server.shutdown().await.expect("clean shutdown");
	let reconnect = tokio::time::timeout(
		Duration::from_secs(10),
		().serve(StreamableHttpClientTransport::from_uri(url.clone())),
	)
	.await
	.expect("connecting fails promptly");
	assert!(reconnect.is_err(), "a new connection must fail after shutdown");
	assert!(reqwest::Client::new().post(&url).body("{}").send().await.is_err());
}

#[tokio::test]
async fn dropping_the_handle_stops_the_endpoint() {
	let server = start().await;
	let url = server.url();
	drop(server);
	// The abort is asynchronous: the listener goes away once the task is torn down.
	let mut refused = false;
	for _ in 0..50 {
		if reqwest::Client::new().post(&url).body("{}").send().await.is_err() {
			refused = true;
			break;
		}
		tokio::time::sleep(Duration::from_millis(20)).await;
	}
	assert!(refused, "the endpoint still answers after its handle was dropped");
}

#[tokio::test]
async fn malformed_http_requests_get_errors_not_a_crash() {
	let server = start().await;
	let http = reqwest::Client::new();
	let post = |body: &'static str| {
		http.post(server.url())
			.header("content-type", "application/json")
			.header("accept", "application/json, text/event-stream")
			.body(body)
	};

	// Not JSON at all.
	let response = post("{ this is not json").send().await.expect("an HTTP answer");
	let status = response.status();
	let body = response.text().await.expect("a body");
	assert!(
		status.is_client_error()
			|| serde_json::from_str::<Value>(&body).is_ok_and(|v| v["error"].is_object()),
		"{status}: {body}"
	);

	// JSON, but not JSON-RPC.
	let response = post(r#"{"hello":"world"}"#).send().await.expect("an HTTP answer");
	assert!(response.status().is_client_error(), "{}", response.status());

	// Wrong path, wrong method.
	let url = format!("http://{}/other", server.local_addr());
	let response = http.post(url).body("{}").send().await.expect("an HTTP answer");
	assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
	let response = http.put(server.url()).body("{}").send().await.expect("an HTTP answer");
	assert!(response.status().is_client_error(), "{}", response.status());

	// A foreign Host header (DNS rebinding) is refused.
	let response = post(r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
		.header("host", "evil.example")
		.send()
		.await
		.expect("an HTTP answer");
	assert!(response.status().is_client_error(), "{}", response.status());

	// Still serving.
	let client = connect(&server).await;
	assert!(!is_error(&call(&client, "get_agent", json!({ "id": 2 })).await));
	client.cancel().await.expect("client closes");
	server.shutdown().await.expect("clean shutdown");
}
