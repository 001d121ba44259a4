//! The query set and `discover_search` over the node's JSON-RPC.

use chaoscore_harness::Result;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use serde_json::{json, Value as Json};
use std::time::{Duration, Instant};

use crate::PAGE;

/// The mixed query set (text + filters + sorts, page size 20).
pub fn query_set(agents: usize) -> Vec<Json> {
	let mut queries = vec![
		json!({ "text": "swift", "sort": "latency", "includeStale": true }),
		json!({ "category": "coding", "sort": "latency" }),
		json!({ "category": "translation", "region": "eu-west", "tier": 2, "includeStale": true }),
		json!({ "tool": "sql.query", "maxLatencyMs": 300, "sort": "latency" }),
		json!({ "capability": "code-review", "region": "us-east", "sort": "reputation", "includeStale": true }),
		json!({ "text": "rust reviewer", "category": "coding", "sort": "latency" }),
		json!({ "text": format!("n{:07}", agents / 2), "includeStale": true }),
		json!({ "includeStale": true }),
		json!({ "sort": "latency", "maxLatencyMs": 100, "includeStale": true }),
		json!({ "text": "search", "tier": 1, "sort": "reputation" }),
		json!({ "region": "ap-south", "minReputation": 400, "sort": "latency", "includeStale": true }),
		json!({ "text": "pdf", "capability": "summarization", "sort": "latency" }),
		json!({ "text": "quantum", "includeStale": true }),
		json!({ "text": "careful planner", "sort": "reputation", "cursor": "o100", "includeStale": true }),
	];
	for q in &mut queries {
		q["limit"] = json!(PAGE);
	}
	queries
}

/// One `discover_search` call: ids, answer block hash and number, next cursor.
pub async fn search(
	rpc: &WsClient,
	query: &Json,
) -> Result<(Vec<u64>, String, u64, Option<String>)> {
	let answer: Json = rpc.request("discover_search", rpc_params![query]).await?;
	let ids = answer["agents"]
		.as_array()
		.ok_or("no agents")?
		.iter()
		.filter_map(|a| a["id"].as_u64())
		.collect();
	let hash = answer["at"]["hash"].as_str().ok_or("no at.hash")?.to_string();
	let number = answer["at"]["number"].as_u64().ok_or("no at.number")?;
	Ok((ids, hash, number, answer["nextCursor"].as_str().map(String::from)))
}

/// Polls `discover_search` for the unique name token of agent `id` (generated agent number `i`)
/// until the index lists it; returns when.
pub async fn wait_indexed(rpc: &WsClient, i: usize, id: u64, timeout: Duration) -> Result<Instant> {
	let query = json!({ "text": format!("n{i:07}"), "includeStale": true, "limit": 1 });
	let deadline = Instant::now() + timeout;
	loop {
		if let Ok((ids, ..)) = search(rpc, &query).await {
			if ids.contains(&id) {
				return Ok(Instant::now());
			}
		}
		if Instant::now() > deadline {
			return Err(format!("agent {id} not indexed after {timeout:?}").into());
		}
		tokio::time::sleep(Duration::from_millis(50)).await;
	}
}
