//! The examples of `docs/rpc.md` are what the node answers.
//!
//! On a fresh dev node, the fixture the document describes is built (two agents, one of them
//! jailed); then every request example of the document is sent as written and the answer is
//! compared with the response example that follows it. In an example, the string `"…"` stands
//! for any value (block hashes and numbers, ports); everything else must be equal, objects key
//! for key and arrays element for element.

use crate::chaoscore_node;
use chaoscore_harness::{
	agent::{register_spec, AgentSpec},
	call, sudo, Api, DevNode, Result,
};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	ws_client::WsClientBuilder,
};
use serde_json::Value as Json;
use subxt::dynamic::Value;
use subxt_signer::sr25519::dev;

/// The document under test.
const REFERENCE: &str = include_str!("../../../docs/rpc.md");

/// Stands for any value in a response example.
const ANY: &str = "…";

/// The fenced ```json blocks of `markdown`, in order.
fn json_blocks(markdown: &str) -> Result<Vec<Json>> {
	let mut blocks = Vec::new();
	let mut lines = markdown.lines();
	while let Some(line) = lines.next() {
		if line.trim() == "```json" {
			let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
			let text = body.join("\n");
			blocks.push(serde_json::from_str(&text).map_err(|e| format!("{e} in:\n{text}"))?);
		}
	}
	Ok(blocks)
}

/// Whether `actual` matches the example `expected` (`"…"` matches anything).
fn matches(expected: &Json, actual: &Json) -> bool {
	match (expected, actual) {
		(Json::String(s), _) if s == ANY => true,
		(Json::Object(e), Json::Object(a)) => {
			e.len() == a.len()
				&& e.iter().all(|(k, v)| a.get(k).is_some_and(|actual| matches(v, actual)))
		},
		(Json::Array(e), Json::Array(a)) => {
			e.len() == a.len() && e.iter().zip(a).all(|(e, a)| matches(e, a))
		},
		(e, a) => e == a,
	}
}

/// The fixture of `docs/rpc.md`: Alice's translator (agent 0, key Dave) and Bob's reviewer
/// (agent 1, key Eve), jailed by governance.
async fn fixture(api: &Api) -> Result {
	let translator = AgentSpec {
		category: "translation".into(),
		tools: vec!["translate".into()],
		capabilities: vec!["translation".into()],
		latency_ms: 300,
		mcp: Some("https://translator.example/mcp".into()),
		description: "translates documents between forty languages".into(),
		..AgentSpec::coder("Polyglot Translator")
	};
	register_spec(api, &dev::alice(), &dev::dave(), &translator).await?;
	let reviewer = AgentSpec { mcp: None, ..AgentSpec::coder("Rust Reviewer") };
	let id = register_spec(api, &dev::bob(), &dev::eve(), &reviewer).await?;
	let now = api.at_current_block().await?.block_number() as u128;
	let jail = call(
		"Slashing",
		"jail",
		vec![("id", Value::u128(id.into())), ("until", Value::u128(now + 1_000))],
	);
	sudo(api, jail).await?;
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_rpc_reference_examples_are_what_the_node_answers() -> Result {
	let examples = json_blocks(REFERENCE)?;
	let dir = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), dir.path())?;
	let api = node.client().await?;
	fixture(&api).await?;
	let client = WsClientBuilder::default().build(node.rpc_url()).await?;
	// Let the discovery index reach the fixture's last block.
	tokio::time::sleep(std::time::Duration::from_secs(3)).await;

	let mut checked = 0;
	let mut failures = Vec::new();
	let mut blocks = examples.iter().peekable();
	while let Some(block) = blocks.next() {
		let Some(method) = block["method"].as_str() else { continue };
		let expected = blocks.next().ok_or(format!("no response example after {block}"))?;
		let mut params = ArrayParams::new();
		for param in block["params"].as_array().ok_or(format!("no params array in {block}"))? {
			params.insert(param)?;
		}
		let actual = match client.request::<Json, _>(method, params).await {
			Ok(result) => serde_json::json!({ "jsonrpc": "2.0", "id": 1, "result": result }),
			Err(jsonrpsee::core::ClientError::Call(e)) => serde_json::json!({
				"jsonrpc": "2.0", "id": 1,
				"error": { "code": e.code(), "message": e.message() },
			}),
			Err(e) => return Err(format!("{method}: {e}").into()),
		};
		if !matches(expected, &actual) {
			failures.push(format!("{block}\n  documented: {expected}\n  answered:   {actual}"));
		}
		checked += 1;
	}
	assert!(checked >= 12, "only {checked} examples in docs/rpc.md");
	assert!(failures.is_empty(), "{} examples differ:\n{}", failures.len(), failures.join("\n"));
	node.stop()
}

#[test]
fn the_wildcard_matches_any_value_and_nothing_else_is_loose() {
	let example = serde_json::json!({ "at": { "hash": "…", "number": "…" }, "ids": [1, 2] });
	let answer = serde_json::json!({ "at": { "hash": "0xab", "number": 7 }, "ids": [1, 2] });
	assert!(matches(&example, &answer));
	let extra = serde_json::json!({ "at": { "hash": "0xab", "number": 7 }, "ids": [1, 2], "x": 0 });
	assert!(!matches(&example, &extra));
	let other = serde_json::json!({ "at": { "hash": "0xab", "number": 7 }, "ids": [2, 1] });
	assert!(!matches(&example, &other));
}
