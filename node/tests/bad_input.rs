//! Bad input to the ChaosCore RPC namespaces: for every method, a generated set of malformed,
//! oversized and out-of-range parameters (wrong JSON types for each parameter, integers past
//! their range, negative and fractional numbers, strings past their limits, unknown fields,
//! missing parameters) is sent to the dev node. Each must be answered with a JSON-RPC
//! error — never a result, never a dropped connection — and afterwards the node still answers a
//! valid request the same way as before.

mod common;

use common::{DevNode, TestResult};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams, ClientError},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::{json, Value as Json};

/// What a parameter of a method is.
#[derive(Clone, Copy)]
enum Kind {
	/// An agent id (`u64`).
	AgentId,
	/// An SS58 address.
	Address,
	/// A search request object.
	Search,
	/// An optional history cursor.
	Cursor,
	/// An optional history page size (1..=500).
	HistoryLimit,
}

/// The methods and the kinds of their parameters.
const METHODS: &[(&str, &[Kind])] = &[
	("discover_search", &[Kind::Search]),
	("mcp_listServers", &[Kind::Search]),
	("agent_profile", &[Kind::AgentId]),
	("agent_status", &[Kind::AgentId]),
	("agent_reputation", &[Kind::AgentId]),
	("agent_byOwner", &[Kind::Address]),
	("governance_history", &[Kind::AgentId, Kind::Cursor, Kind::HistoryLimit]),
];

/// A valid value of each kind (the baseline the bad values replace one at a time).
fn valid(kind: Kind) -> Json {
	match kind {
		Kind::AgentId => json!(0),
		Kind::Address => json!("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
		Kind::Search => json!({ "text": "agent" }),
		Kind::Cursor => Json::Null,
		Kind::HistoryLimit => json!(10),
	}
}

/// Values of the wrong JSON type for `kind`.
fn wrong_types(kind: Kind) -> Vec<Json> {
	let all = [
		json!(true),
		json!(7),
		json!(-7),
		json!(1.5),
		json!("seven"),
		json!([1, 2]),
		json!({ "a": 1 }),
	];
	let keep = |v: &Json| match kind {
		Kind::AgentId | Kind::HistoryLimit => !v.is_u64(),
		Kind::Address | Kind::Cursor => !v.is_string(),
		Kind::Search => !v.is_object(),
	};
	all.into_iter().filter(keep).collect()
}

/// Well-typed values out of range or malformed for `kind`.
fn out_of_range(kind: Kind) -> Vec<Json> {
	let huge = "x".repeat(100_000);
	match kind {
		Kind::AgentId => vec![json!(18_446_744_073_709_551_616u128), json!(-1)],
		Kind::Address =>
			vec![json!(""), json!("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ"), json!(huge)],
		Kind::Cursor => vec![json!("not-a-cursor"), json!(huge)],
		Kind::HistoryLimit => vec![json!(0), json!(501), json!(4_294_967_296u64)],
		Kind::Search => vec![
			json!({ "limit": 0 }),
			json!({ "limit": 101 }),
			json!({ "tier": 256 }),
			json!({ "minReputation": 1001 }),
			json!({ "maxLatencyMs": -1 }),
			json!({ "sort": "random" }),
			json!({ "cursor": "garbage" }),
			json!({ "text": 5 }),
			json!({ "text": huge }),
			json!({ "category": huge }),
			json!({ "includeStale": "yes" }),
			json!({ "unknownField": 1 }),
		],
	}
}

/// Every bad parameter list for a method with parameters `kinds`.
fn bad_calls(kinds: &[Kind]) -> Vec<Vec<Json>> {
	let base: Vec<Json> = kinds.iter().map(|k| valid(*k)).collect();
	let mut calls = Vec::new();
	for (i, kind) in kinds.iter().enumerate() {
		for bad in wrong_types(*kind).into_iter().chain(out_of_range(*kind)) {
			let mut params = base.clone();
			params[i] = bad;
			calls.push(params);
		}
	}
	// No parameters at all (the first one is required).
	calls.push(Vec::new());
	calls
}

/// The valid parameters of a method followed by one too many.
fn extra_parameter(kinds: &[Kind]) -> Vec<Json> {
	kinds.iter().map(|k| valid(*k)).chain([json!("extra")]).collect()
}

/// Sends each `(method, params)` and lists those not refused with `-32602` and a message.
async fn not_refused(
	client: &WsClient,
	calls: impl IntoIterator<Item = (&'static str, Vec<Json>)>,
) -> (usize, Vec<String>) {
	let mut sent = 0;
	let mut failures = Vec::new();
	for (method, params) in calls {
		sent += 1;
		match send(client, method, &params).await {
			Err(ClientError::Call(e)) if e.code() == -32602 && !e.message().is_empty() => {},
			other => failures.push(format!("{method}({params:?}) -> {other:?}")),
		}
	}
	(sent, failures)
}

async fn send(client: &WsClient, method: &str, params: &[Json]) -> Result<Json, ClientError> {
	let mut array = ArrayParams::new();
	for param in params {
		array.insert(param).map_err(|e| ClientError::Custom(e.to_string()))?;
	}
	client.request(method, array).await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_rpc_method_refuses_bad_parameters_and_keeps_serving() -> TestResult {
	let dir = tempfile::tempdir()?;
	let mut node = DevNode::start(dir.path())?;
	node.client().await?;
	let client = WsClientBuilder::default()
		.max_request_size(64 * 1024 * 1024)
		.build(node.rpc_url())
		.await?;
	let baseline: Json = client.request("governance_parameters", rpc_params![]).await?;

	let calls = METHODS
		.iter()
		.flat_map(|(method, kinds)| bad_calls(kinds).into_iter().map(move |p| (*method, p)));
	let (sent, failures) = not_refused(&client, calls).await;
	assert!(failures.is_empty(), "{} of {sent} bad calls not refused:\n{}", failures.len(), {
		failures.join("\n")
	});
	assert!(sent > 80, "only {sent} bad calls generated");

	// A request beyond the server's size limit is refused too; the node keeps serving.
	let oversized = "x".repeat(20 * 1024 * 1024);
	let refused = send(&client, "agent_byOwner", &[json!(oversized)]).await;
	assert!(refused.is_err(), "a 20 MiB request was answered: {refused:?}");
	let fresh = WsClientBuilder::default().build(node.rpc_url()).await?;
	let after: Json = fresh.request("governance_parameters", rpc_params![]).await?;
	assert_eq!(after["minAgentBond"], baseline["minAgentBond"]);
	let search: Json = fresh.request("discover_search", rpc_params![json!({})]).await?;
	assert!(search["agents"].is_array(), "{search}");
	node.stop()
}

/// Known defect, kept visible: jsonrpsee's generated parameter parsing ignores positional
/// parameters beyond a method's arity, so e.g. `agent_profile(0, "extra")` answers as
/// `agent_profile(0)`. Run with `--ignored` to see it.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "known defect: extra positional parameters are ignored, not refused"]
async fn extra_parameters_are_refused() -> TestResult {
	let dir = tempfile::tempdir()?;
	let mut node = DevNode::start(dir.path())?;
	node.client().await?;
	let client = WsClientBuilder::default().build(node.rpc_url()).await?;
	let calls = METHODS.iter().map(|(method, kinds)| (*method, extra_parameter(kinds)));
	let (sent, failures) = not_refused(&client, calls).await;
	assert!(
		failures.is_empty(),
		"{} of {sent} not refused:\n{}",
		failures.len(),
		failures.join("\n")
	);
	node.stop()
}
