//! End to end on the dev node: the discovery and query plane.
//!
//! Four agents with different capabilities are registered; `discover_search` answers exactly the
//! expected agents in the expected order for text, filters, sorts and pages, and refuses
//! malformed requests with JSON-RPC errors; `agent_*`, `governance_*` and `mcp_*` answer from
//! the chain; an agent jailed through governance is absent from the answer at the jail's block;
//! a stock MCP client (rmcp) lists the node's tools and finds an agent; after a restart the
//! answers are the same.

use crate::chaoscore_node;
use chaoscore_harness::{
	agent::{register_spec, AgentSpec},
	call,
	consent::consent,
	index_dir,
	keys::key,
	sudo, Api, DevNode, Result,
};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use rmcp::{model::CallToolRequestParams, transport::StreamableHttpClientTransport, ServiceExt};
use serde_json::{json, Value};
use std::time::Duration;
use subxt::dynamic::Value as Dyn;
use subxt_signer::sr25519::{dev, Keypair};

fn spec(
	name: &str,
	category: &str,
	tools: &[&str],
	capability: &str,
	(region, tier, latency_ms): (&str, u8, u32),
	mcp: bool,
	description: &str,
) -> AgentSpec {
	AgentSpec {
		name: name.into(),
		category: category.into(),
		tools: tools.iter().map(|t| t.to_string()).collect(),
		capabilities: vec![capability.into()],
		region: region.into(),
		tier,
		latency_ms,
		mcp: mcp.then(|| format!("https://{}.example/mcp", name.to_lowercase().replace(' ', "-"))),
		description: description.into(),
	}
}

async fn rpc(client: &WsClient, method: &str, params: ArrayParams) -> Result<Value> {
	Ok(client.request(method, params).await?)
}

async fn search(client: &WsClient, request: Value) -> Result<Value> {
	rpc(client, "discover_search", rpc_params![request]).await
}

/// The agent ids of a search answer, in order.
fn ids(answer: &Value) -> Vec<u64> {
	answer["agents"]
		.as_array()
		.map_or_else(Vec::new, |agents| agents.iter().filter_map(|a| a["id"].as_u64()).collect())
}

/// Polls `request` until its answer lists `expected` (the index follows the chain
/// asynchronously); fails after 30 s.
async fn wait_for(client: &WsClient, request: Value, expected: &[u64]) -> Result<Value> {
	let deadline = std::time::Instant::now() + Duration::from_secs(30);
	loop {
		let answer = search(client, request.clone()).await?;
		if ids(&answer) == expected {
			return Ok(answer);
		}
		if std::time::Instant::now() > deadline {
			return Err(format!("{request} answered {answer}, wanted {expected:?}").into());
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}

/// Polls `request` until its answer names block `number` or a later one (the index
/// follows the chain asynchronously); fails after 30 s.
async fn search_from(client: &WsClient, request: Value, number: u64) -> Result<Value> {
	let deadline = std::time::Instant::now() + Duration::from_secs(30);
	loop {
		let answer = search(client, request.clone()).await?;
		if answer["at"]["number"].as_u64().is_some_and(|at| at >= number) {
			return Ok(answer);
		}
		if std::time::Instant::now() > deadline {
			return Err(format!("{request} answered {answer}, wanted block {number}+").into());
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}

/// The JSON-RPC error code of a call that must fail.
async fn error_code(client: &WsClient, method: &str, params: ArrayParams) -> Result<i32> {
	match client.request::<Value, _>(method, params).await {
		Ok(answer) => Err(format!("{method} succeeded: {answer}").into()),
		Err(jsonrpsee::core::ClientError::Call(e)) => Ok(e.code()),
		Err(other) => Err(format!("{method} failed without a JSON-RPC error: {other}").into()),
	}
}

/// The queries whose answers must be the same before and after a restart.
fn stable_queries() -> Vec<Value> {
	vec![
		json!({ "text": "translate" }),
		json!({ "category": "coding", "sort": "latency" }),
		json!({ "sort": "reputation", "includeStale": true }),
	]
}

/// Answers of `stable_queries` without the block they are valid at.
async fn stable_answers(client: &WsClient) -> Result<Vec<Value>> {
	let mut answers = Vec::new();
	for query in stable_queries() {
		let mut answer = search(client, query).await?;
		answer.as_object_mut().ok_or("not an object")?.remove("at");
		answers.push(answer);
	}
	Ok(answers)
}

#[tokio::test(flavor = "multi_thread")]
async fn discovery_answers_follow_the_chain() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;
	let rpc_client = WsClientBuilder::default().build(node.rpc_url()).await?;

	let agents = [
		(
			dev::charlie(),
			spec(
				"Rust Reviewer",
				"coding",
				&["git.diff", "cargo.check"],
				"code-review",
				("eu-west", 1, 120),
				true,
				"reviews Rust pull requests",
			),
		),
		(
			dev::charlie(),
			spec(
				"Speedy Coder",
				"coding",
				&["git.diff"],
				"code-generation",
				("us-east", 2, 40),
				false,
				"writes Python scripts fast",
			),
		),
		(
			dev::dave(),
			spec(
				"Polyglot Translator",
				"translation",
				&["translate"],
				"translation",
				("eu-west", 1, 300),
				true,
				"renders documents between forty languages",
			),
		),
		(
			dev::eve(),
			spec(
				"Data Cruncher",
				"analytics",
				&["sql.query"],
				"data-analysis",
				("ap-south", 3, 900),
				false,
				"summarizes spreadsheets",
			),
		),
	];
	let mut id = Vec::new();
	for (i, (owner, spec)) in agents.iter().enumerate() {
		let agent_key = key(&format!("//Discovery//{i}"))?;
		id.push(register_spec(&api, owner, &agent_key, spec).await?);
	}
	let (reviewer, speedy, translator, cruncher) = (id[0], id[1], id[2], id[3]);

	// Text, filters and sorts.
	wait_for(&rpc_client, json!({ "sort": "reputation" }), &id).await?;
	let cases = [
		(json!({ "text": "translate" }), vec![translator]),
		(json!({ "text": "rust" }), vec![reviewer]),
		(json!({ "text": "spreadsheets" }), vec![cruncher]),
		(json!({ "category": "coding", "sort": "latency" }), vec![speedy, reviewer]),
		(json!({ "category": "CODING", "sort": "latency" }), vec![speedy, reviewer]),
		(json!({ "tool": "git.diff", "sort": "latency" }), vec![speedy, reviewer]),
		(json!({ "capability": "translation" }), vec![translator]),
		(json!({ "region": "eu-west", "sort": "latency" }), vec![reviewer, translator]),
		(json!({ "tier": 3 }), vec![cruncher]),
		(json!({ "maxLatencyMs": 150, "sort": "latency" }), vec![speedy, reviewer]),
		(json!({ "minReputation": 501 }), vec![]),
		(
			json!({ "minReputation": 500, "sort": "latency" }),
			vec![speedy, reviewer, translator, cruncher],
		),
		(json!({ "text": "rust", "category": "translation" }), vec![]),
	];
	for (request, expected) in cases {
		let answer = search(&rpc_client, request.clone()).await?;
		assert_eq!(ids(&answer), expected, "{request}");
		assert!(answer["at"]["hash"].as_str().is_some_and(|h| h.len() == 66), "{answer}");
	}

	// Cursor pagination: pages of one, in latency order, then no cursor.
	let mut paged = Vec::new();
	let mut cursor = Value::Null;
	loop {
		let answer =
			search(&rpc_client, json!({ "sort": "latency", "limit": 1, "cursor": cursor })).await?;
		paged.extend(ids(&answer));
		cursor = answer["nextCursor"].clone();
		if cursor.is_null() {
			break;
		}
		assert!(paged.len() <= 4, "pagination does not end: {answer}");
	}
	assert_eq!(paged, vec![speedy, reviewer, translator, cruncher]);

	// Malformed and over-limit requests are JSON-RPC "invalid params" errors.
	for bad in [
		json!({ "limit": 1000 }),
		json!({ "limit": 0 }),
		json!({ "bogus": true }),
		json!({ "cursor": "not-a-cursor" }),
		json!({ "sort": "cheapest" }),
		json!({ "minReputation": 5000 }),
		json!({ "text": "x".repeat(300) }),
		json!("not an object"),
	] {
		assert_eq!(
			error_code(&rpc_client, "discover_search", rpc_params![bad.clone()]).await?,
			-32602,
			"{bad}"
		);
	}
	assert_eq!(error_code(&rpc_client, "agent_byOwner", rpc_params!["nobody"]).await?, -32602);
	assert_eq!(error_code(&rpc_client, "agent_profile", rpc_params!["seven"]).await?, -32602);

	// Agent profile, status and ownership.
	let profile = rpc(&rpc_client, "agent_profile", rpc_params![translator]).await?;
	assert_eq!(profile["name"], "Polyglot Translator");
	assert_eq!(profile["document"]["description"], "renders documents between forty languages");
	assert_eq!(profile["reputation"]["score"], 500);
	assert_eq!(rpc(&rpc_client, "agent_profile", rpc_params![999]).await?, Value::Null);
	let charlie = subxt::utils::AccountId32::from(dev::charlie().public_key()).to_string();
	let owned = rpc(&rpc_client, "agent_byOwner", rpc_params![charlie]).await?;
	let owned: Vec<u64> = owned["agents"]
		.as_array()
		.ok_or("no agents")?
		.iter()
		.filter_map(|a| a["id"].as_u64())
		.collect();
	assert_eq!(owned, vec![reviewer, speedy]);

	// MCP servers: the two MCP agents with their manifests.
	let servers = rpc(&rpc_client, "mcp_listServers", rpc_params![json!({})]).await?;
	let endpoints: Vec<(u64, String)> = servers["servers"]
		.as_array()
		.ok_or("no servers")?
		.iter()
		.map(|s| {
			(
				s["agent"].as_u64().unwrap_or_default(),
				s["endpoint"].as_str().unwrap_or_default().to_string(),
			)
		})
		.collect();
	assert_eq!(
		endpoints,
		vec![
			(reviewer, "https://rust-reviewer.example/mcp".to_string()),
			(translator, "https://polyglot-translator.example/mcp".to_string())
		]
	);
	assert_eq!(rpc(&rpc_client, "mcp_endpoint", rpc_params![]).await?, json!(node.mcp_url()));

	// Governance: jail the speedy coder; it is gone from the answer at the jail's block.
	let jail_until = u128::from(api.at_current_block().await?.block_number()) + 100;
	let jailed = sudo(
		&api,
		call(
			"Slashing",
			"jail",
			vec![("id", Dyn::u128(speedy.into())), ("until", Dyn::u128(jail_until))],
		),
	)
	.await?;
	let jail_block = api.at_block(jailed.block).await?.block_number();
	let request = json!({ "category": "coding", "sort": "latency" });
	let answer = search_from(&rpc_client, request, jail_block.into()).await?;
	assert_eq!(ids(&answer), vec![reviewer], "a jailed agent never appears: {answer}");
	let status = rpc(&rpc_client, "agent_status", rpc_params![speedy]).await?;
	assert_eq!(status["status"], "Jailed");
	let jailed_list = rpc(&rpc_client, "governance_jailedAgents", rpc_params![]).await?;
	assert_eq!(jailed_list["agents"], json!([{ "id": speedy, "jailedUntil": jail_until as u64 }]));
	let parameters = rpc(&rpc_client, "governance_parameters", rpc_params![]).await?;
	assert_eq!(parameters["minAgentBond"], "10000000000000");
	assert_eq!(parameters["attestationQuorum"], 3);
	assert_eq!(
		rpc(&rpc_client, "governance_openChallenges", rpc_params![]).await?["challenges"],
		json!([])
	);
	// The history (the history store follows the chain too).
	let deadline = std::time::Instant::now() + Duration::from_secs(30);
	let history = loop {
		let history = rpc(&rpc_client, "governance_history", rpc_params![speedy]).await?;
		let events: Vec<String> = history["entries"]
			.as_array()
			.ok_or("no entries")?
			.iter()
			.map(|e| {
				format!(
					"{}::{}",
					e["pallet"].as_str().unwrap_or(""),
					e["event"].as_str().unwrap_or("")
				)
			})
			.collect();
		if events.contains(&"Slashing::Jailed".to_string()) || std::time::Instant::now() > deadline
		{
			break events;
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	};
	assert_eq!(
		history,
		vec!["AgentRegistry::Registered", "AgentRegistry::Jailed", "Slashing::Jailed"],
		"history of the jailed agent"
	);

	// A stock MCP client finds an agent through the node's MCP endpoint.
	let mcp = ().serve(StreamableHttpClientTransport::from_uri(node.mcp_url())).await?;
	let mut tools: Vec<String> =
		mcp.list_all_tools().await?.iter().map(|t| t.name.to_string()).collect();
	tools.sort();
	assert_eq!(tools, ["get_agent", "get_reputation", "search_agents"]);
	let arguments = json!({ "text": "translate" }).as_object().cloned().ok_or("object")?;
	let result = mcp
		.call_tool(CallToolRequestParams::new("search_agents").with_arguments(arguments))
		.await?;
	let page = result.structured_content.ok_or("no structured content")?;
	assert_eq!(ids(&page), vec![translator]);
	mcp.cancel().await?;

	// Restart: the same answers; then the same after the index was corrupted, and after it was
	// deleted, while the node was stopped (it is rebuilt from chain state).
	let before = stable_answers(&rpc_client).await?;
	drop(rpc_client);
	node.restart()?;
	let api = node.client().await?;
	node.wait_for_height(&api, jail_block + 1).await?;
	let rpc_client = WsClientBuilder::default().build(node.rpc_url()).await?;
	assert_eq!(stable_answers(&rpc_client).await?, before, "after a restart");
	drop(rpc_client);

	let index_dir = index_dir(base.path())?;
	for damage in ["corrupt", "delete"] {
		node.stop()?;
		match damage {
			"corrupt" => std::fs::write(index_dir.join("meta.json"), b"{ not json")?,
			_ => std::fs::remove_dir_all(&index_dir)?,
		}
		node.restart()?;
		let api = node.client().await?;
		node.wait_for_height(&api, jail_block + 1).await?;
		let rpc_client = WsClientBuilder::default().build(node.rpc_url()).await?;
		let deadline = std::time::Instant::now() + Duration::from_secs(30);
		while stable_answers(&rpc_client).await? != before {
			assert!(
				std::time::Instant::now() < deadline,
				"no same answers after the index was {damage}d"
			);
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
		assert!(node.log().contains("index rebuilt"), "the index was not rebuilt after a {damage}");
	}
	node.stop()
}

/// `engine_createBlock` on `parent` (the best block if `None`), not finalized; returns its hash.
async fn seal(client: &WsClient, parent: Option<&str>) -> Result<String> {
	let created = rpc(client, "engine_createBlock", rpc_params![true, false, parent]).await?;
	Ok(created["hash"].as_str().ok_or("no block hash")?.to_string())
}

/// Submits `AgentRegistry::register` of `spec` with agent key `agent_key`, signed by `owner`,
/// without waiting for a block; waits until the pool holds it and returns its hash.
async fn submit_registration(
	api: &Api,
	client: &WsClient,
	owner: &Keypair,
	agent_key: &Keypair,
	spec: &AgentSpec,
) -> Result<subxt::utils::H256> {
	let pending = |v: Value| v.as_array().map_or(0, Vec::len);
	let before = pending(rpc(client, "author_pendingExtrinsics", rpc_params![]).await?);
	let key_id = subxt::utils::AccountId32::from(agent_key.public_key());
	let at = api.at_current_block().await?;
	let consent = consent(&at, &owner.public_key().into(), None, agent_key)?;
	let register = subxt::dynamic::tx(
		"AgentRegistry",
		"register",
		vec![Dyn::from_bytes(key_id.0), consent, spec.metadata(), Dyn::from_bytes(spec.document())],
	);
	let hash = at.tx().sign_and_submit_default(&register, owner).await?;
	let deadline = std::time::Instant::now() + Duration::from_secs(10);
	while pending(rpc(client, "author_pendingExtrinsics", rpc_params![]).await?) <= before {
		assert!(std::time::Instant::now() < deadline, "the pool did not take the transaction");
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	Ok(hash)
}

/// The `(id, name)` of the agents `discover_search {text}` answers.
async fn named(client: &WsClient, text: &str) -> Result<Vec<(u64, String)>> {
	let answer = search(client, json!({ "text": text })).await?;
	Ok(answer["agents"]
		.as_array()
		.ok_or("no agents")?
		.iter()
		.map(|a| (a["id"].as_u64().unwrap_or(u64::MAX), a["name"].as_str().unwrap_or("").into()))
		.collect())
}

/// A reorg on a manually sealed dev chain: agent 0 ("Alpha Forkling") is registered in block 2
/// of the first fork; the registration is taken out of the pool and a longer fork without it is
/// sealed from block 1. Once that fork is best, the agent is gone from the index and its history.
#[tokio::test(flavor = "multi_thread")]
async fn reorg_undoes_what_the_retracted_blocks_indexed() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start_sealing(chaoscore_node(), base.path(), &["--manual-seal"])?;
	let api = node.client().await?;
	let rpc_client = WsClientBuilder::default().build(node.rpc_url()).await?;
	let alpha = AgentSpec::coder("Alpha Forkling");

	let first = seal(&rpc_client, None).await?;
	// Fork A: block 2 registers Alpha.
	let tx = submit_registration(&api, &rpc_client, &dev::charlie(), &key("//Forkling")?, &alpha)
		.await?;
	let fork_a = seal(&rpc_client, None).await?;
	let deadline = std::time::Instant::now() + Duration::from_secs(30);
	while named(&rpc_client, "forkling").await? != vec![(0, "Alpha Forkling".to_string())] {
		assert!(std::time::Instant::now() < deadline, "fork A's agent was never indexed");
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
	let history = rpc(&rpc_client, "governance_history", rpc_params![0]).await?;
	assert_eq!(history["entries"][0]["blockHash"], json!(fork_a));

	// Fork B from block 1, without the registration; two blocks make it the longer chain.
	rpc(&rpc_client, "author_removeExtrinsic", rpc_params![vec![json!({ "hash": tx })]]).await?;
	let fork_b = seal(&rpc_client, Some(&first)).await?;
	let best = seal(&rpc_client, Some(&fork_b)).await?;
	assert_eq!(rpc(&rpc_client, "chain_getBlockHash", rpc_params![]).await?, json!(best));
	// The chain's truth at the new best block (runtime API, not the index): no agent 0.
	let profile = rpc(&rpc_client, "agent_profile", rpc_params![0]).await?;
	assert_eq!(profile, Value::Null, "fork B registered the agent after all");

	// The index and the history follow: the agent is gone.
	let deadline = std::time::Instant::now() + Duration::from_secs(30);
	loop {
		let answer =
			search(&rpc_client, json!({ "text": "forkling", "includeStale": true })).await?;
		let history = rpc(&rpc_client, "governance_history", rpc_params![0]).await?;
		let undone = history["entries"] == json!([]) && ids(&answer).is_empty();
		if undone && answer["at"]["hash"] == json!(best) {
			break;
		}
		assert!(
			std::time::Instant::now() < deadline,
			"fork A is still indexed: {answer} {history}"
		);
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
	node.stop()
}
