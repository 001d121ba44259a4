//! Bad input to the ChaosCore RPC namespaces: for every method, a generated set of malformed,
//! oversized and out-of-range parameters (wrong JSON types for each parameter, integers past
//! their range, negative and fractional numbers, strings past their limits, unknown fields,
//! missing parameters) is sent to the dev node. Each must be answered with a JSON-RPC
//! error — never a result, never a dropped connection — and afterwards the node still answers a
//! valid request the same way as before. Parameters beyond a method's own (one positional
//! parameter too many, an unknown named parameter) are refused too, parameterless methods
//! included.

use crate::chaoscore_node;
use chaoscore_harness::{DevNode, Result};
use jsonrpsee::{
	core::{
		client::ClientT,
		params::{ArrayParams, ObjectParams},
		ClientError,
	},
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

/// The methods without parameters.
const PARAMETERLESS: &[&str] = &[
	"governance_openChallenges",
	"governance_jailedAgents",
	"governance_parameters",
	"mcp_endpoint",
];

/// The names of the parameters of `method` (named parameters use them), in order.
fn names(method: &str) -> &'static [&'static str] {
	match method {
		"discover_search" | "mcp_listServers" => &["request"],
		"agent_profile" | "agent_status" | "agent_reputation" => &["id"],
		"agent_byOwner" => &["owner"],
		"governance_history" => &["agent", "cursor", "limit"],
		_ => &[],
	}
}

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
		Kind::Address => {
			vec![json!(""), json!("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ"), json!(huge)]
		},
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
fn extra_parameter(kinds: &[Kind]) -> Json {
	kinds.iter().map(|k| valid(*k)).chain([json!("extra")]).collect()
}

/// The valid parameters of `method` by name, plus an unknown one.
fn unknown_named_parameter(method: &str, kinds: &[Kind]) -> Json {
	let mut params: serde_json::Map<String, Json> = names(method)
		.iter()
		.zip(kinds)
		.map(|(n, k)| (n.to_string(), valid(*k)))
		.collect();
	params.insert("extra".into(), json!(1));
	Json::Object(params)
}

/// Sends each `(method, params)` and lists those not refused with `-32602` and a message.
async fn not_refused(
	client: &WsClient,
	calls: impl IntoIterator<Item = (&'static str, Json)>,
) -> (usize, Vec<String>) {
	let mut sent = 0;
	let mut failures = Vec::new();
	for (method, params) in calls {
		sent += 1;
		match send(client, method, &params).await {
			Err(ClientError::Call(e)) if e.code() == -32602 && !e.message().is_empty() => {},
			other => failures.push(format!("{method}({params}) -> {other:?}")),
		}
	}
	(sent, failures)
}

/// Calls `method` with `params`: positional if an array, named if an object.
async fn send(client: &WsClient, method: &str, params: &Json) -> Result<Json, ClientError> {
	let custom = |e: serde_json::Error| ClientError::Custom(e.to_string());
	if let Some(named) = params.as_object() {
		let mut object = ObjectParams::new();
		for (name, value) in named {
			object.insert(name, value).map_err(custom)?;
		}
		return client.request(method, object).await;
	}
	let mut array = ArrayParams::new();
	for param in params.as_array().ok_or(ClientError::Custom(format!("params {params}")))? {
		array.insert(param).map_err(custom)?;
	}
	client.request(method, array).await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_rpc_method_refuses_bad_parameters_and_keeps_serving() -> Result {
	let dir = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), dir.path())?;
	node.client().await?;
	let client = WsClientBuilder::default()
		.max_request_size(64 * 1024 * 1024)
		.build(node.rpc_url())
		.await?;
	let baseline: Json = client.request("governance_parameters", rpc_params![]).await?;

	let calls = METHODS
		.iter()
		.flat_map(|(method, kinds)| bad_calls(kinds).into_iter().map(move |p| (*method, p.into())));
	let (sent, failures) = not_refused(&client, calls).await;
	assert!(failures.is_empty(), "{} of {sent} bad calls not refused:\n{}", failures.len(), {
		failures.join("\n")
	});
	assert!(sent > 80, "only {sent} bad calls generated");

	// A request beyond the server's size limit is refused too; the node keeps serving.
	let oversized = "x".repeat(20 * 1024 * 1024);
	let refused = send(&client, "agent_byOwner", &json!([oversized])).await;
	assert!(refused.is_err(), "a 20 MiB request was answered: {refused:?}");
	let fresh = WsClientBuilder::default().build(node.rpc_url()).await?;
	let after: Json = fresh.request("governance_parameters", rpc_params![]).await?;
	assert_eq!(after["minAgentBond"], baseline["minAgentBond"]);
	let search: Json = fresh.request("discover_search", rpc_params![json!({})]).await?;
	assert!(search["agents"].is_array(), "{search}");
	node.stop()
}

/// Parameters beyond a method's own are refused, not ignored: one positional parameter too many
/// (also for parameterless methods) and a named parameter the method does not take. Calls
/// within a signature (optional trailing parameters omitted or `null`, named parameters) are
/// still answered.
#[tokio::test(flavor = "multi_thread")]
async fn extra_parameters_are_refused() -> Result {
	let dir = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), dir.path())?;
	node.client().await?;
	let client = WsClientBuilder::default().build(node.rpc_url()).await?;
	let calls = METHODS
		.iter()
		.flat_map(|(method, kinds)| {
			[(*method, extra_parameter(kinds)), (*method, unknown_named_parameter(method, kinds))]
		})
		.chain(PARAMETERLESS.iter().flat_map(|method| {
			[
				(*method, json!(["extra"])),
				(*method, json!([null])),
				(*method, json!({ "extra": 1 })),
			]
		}));
	let (sent, failures) = not_refused(&client, calls).await;
	assert!(
		failures.is_empty(),
		"{} of {sent} not refused:\n{}",
		failures.len(),
		failures.join("\n")
	);
	assert_eq!(sent, 2 * METHODS.len() + 3 * PARAMETERLESS.len());

	// The refusal says what is wrong.
	let Err(ClientError::Call(e)) = send(&client, "agent_profile", &json!([0, "extra"])).await
	else {
		panic!("agent_profile(0, \"extra\") answered")
	};
	assert_eq!(e.message(), "agent_profile takes at most 1 parameter, got 2");
	let Err(ClientError::Call(e)) = send(&client, "governance_parameters", &json!([1])).await
	else {
		panic!("governance_parameters(1) answered")
	};
	assert_eq!(e.message(), "governance_parameters takes no parameters, got 1");

	// Calls within a signature are answered as before.
	let full: Json = client.request("governance_history", rpc_params![0, Json::Null, 10]).await?;
	for params in [
		json!([0]),
		json!([0, null]),
		json!([0, null, null]),
		json!({ "agent": 0 }),
		json!({ "agent": 0, "limit": 10 }),
	] {
		let page = send(&client, "governance_history", &params).await?;
		assert_eq!(page["entries"], full["entries"], "governance_history({params})");
		assert_eq!(page["agent"], json!(0), "governance_history({params})");
	}
	let profile = send(&client, "agent_profile", &json!({ "id": 0 })).await?;
	assert_eq!(profile, send(&client, "agent_profile", &json!([0])).await?);
	for method in PARAMETERLESS {
		for params in [json!([]), json!({})] {
			let answer = send(&client, method, &params).await;
			assert!(answer.is_ok(), "{method}({params}) -> {answer:?}");
		}
	}
	node.stop()
}
