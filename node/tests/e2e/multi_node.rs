//! Two nodes agree, over loopback p2p: an authoring dev node and a second node of the same chain
//! that only imports (not a validator, bootnode = the author).
//!
//! 1. A scripted series of system actions on the author (registrations, a heartbeat, an escrow, a
//!    jail); then both nodes report the same best block hash and state root and give identical
//!    `discover_*`, `agent_*` and `governance_*` answers.
//! 2. The follower is killed (SIGKILL) while the author goes on (another registration, an update of
//!    the capability document); restarted, it catches up and again agrees on everything, with
//!    nothing lost.

use std::time::{Duration, Instant};

use crate::chaoscore_node;
use chaoscore_harness::{
	agent::{register_agent, register_spec, AgentSpec},
	call,
	escrow::open_escrow,
	submit, sudo, DevNode, Result, UNIT,
};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::{json, Value as Json};
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::dev;
use tokio::task::JoinHandle;

async fn rpc(client: &WsClient, method: &str, params: ArrayParams) -> Result<Json> {
	Ok(client.request(method, params).await?)
}

/// Seals a finalized block on the manual-seal author every 300 ms until aborted, so that
/// transactions are included while the test goes on and the chain stands still afterwards.
fn seal_continuously(url: String) -> JoinHandle<()> {
	tokio::spawn(async move {
		// The node may still be starting.
		let client = loop {
			match WsClientBuilder::default().build(&url).await {
				Ok(client) => break client,
				Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
			}
		};
		loop {
			let _: Result<Json, _> = client
				.request("engine_createBlock", rpc_params![true, true, None::<String>])
				.await;
			tokio::time::sleep(Duration::from_millis(300)).await;
		}
	})
}

/// The best block hash of a node.
async fn best(client: &WsClient) -> Result<String> {
	let hash = rpc(client, "chain_getBlockHash", rpc_params![]).await?;
	Ok(hash.as_str().ok_or("no best hash")?.to_string())
}

/// The state root of block `hash`.
async fn state_root(client: &WsClient, hash: &str) -> Result<Json> {
	let header = rpc(client, "chain_getHeader", rpc_params![hash]).await?;
	Ok(header["stateRoot"].clone())
}

/// Waits until the follower's best block is `hash`.
async fn wait_for_best(follower: &DevNode, client: &WsClient, hash: &str) -> Result {
	let deadline = Instant::now() + Duration::from_secs(90);
	while best(client).await? != hash {
		if Instant::now() > deadline {
			return Err(format!("follower never reached {hash}\n{}", follower.log_tail()).into());
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
	Ok(())
}

/// The answers both nodes must agree on at best block `hash`. Discovery answers name the block
/// they are valid at; they are read once the node's index has reached `hash`.
async fn answers(client: &WsClient, hash: &str, owners: &[String]) -> Result<Vec<Json>> {
	let deadline = Instant::now() + Duration::from_secs(60);
	let search = |request: Json| rpc(client, "discover_search", rpc_params![request]);
	let first = loop {
		let answer = search(json!({ "text": "agent" })).await?;
		if answer["at"]["hash"] == hash {
			break answer;
		}
		if Instant::now() > deadline {
			return Err(format!("discovery never reached {hash}: {answer}").into());
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	};
	let mut all = vec![
		first,
		search(json!({ "category": "coding", "sort": "latency" })).await?,
		search(json!({ "includeStale": true, "limit": 100 })).await?,
		rpc(client, "governance_jailedAgents", rpc_params![]).await?,
		rpc(client, "governance_openChallenges", rpc_params![]).await?,
	];
	for id in 0..4u64 {
		all.push(rpc(client, "agent_profile", rpc_params![id]).await?);
		all.push(rpc(client, "agent_status", rpc_params![id]).await?);
		all.push(rpc(client, "governance_history", rpc_params![id, None::<String>, 100]).await?);
	}
	for owner in owners {
		all.push(rpc(client, "agent_byOwner", rpc_params![owner]).await?);
	}
	Ok(all)
}

/// Both nodes are at the same best block with the same state root and answer alike.
async fn agree(
	follower: &DevNode,
	author_rpc: &WsClient,
	follower_rpc: &WsClient,
	owners: &[String],
) -> Result<String> {
	let hash = best(author_rpc).await?;
	wait_for_best(follower, follower_rpc, &hash).await?;
	let author_root = state_root(author_rpc, &hash).await?;
	assert!(author_root.is_string(), "no state root: {author_root}");
	assert_eq!(author_root, state_root(follower_rpc, &hash).await?, "state roots differ at {hash}");
	let expected = answers(author_rpc, &hash, owners).await?;
	let actual = answers(follower_rpc, &hash, owners).await?;
	for (a, b) in expected.iter().zip(&actual) {
		assert_eq!(a, b, "the nodes answer differently at {hash}");
	}
	Ok(hash)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_nodes_agree_and_a_killed_node_catches_up() -> Result {
	let author_dir = tempfile::tempdir()?;
	let follower_dir = tempfile::tempdir()?;
	let mut author =
		DevNode::start_sealing(chaoscore_node(), author_dir.path(), &["--manual-seal"])?;
	let sealer = seal_continuously(author.rpc_url());
	let api = author.client().await?;
	let author_rpc = WsClientBuilder::default().build(author.rpc_url()).await?;
	let peer_id = rpc(&author_rpc, "system_localPeerId", rpc_params![]).await?;
	let bootnode = author.p2p_address(peer_id.as_str().ok_or("no peer id")?);
	let mut follower = DevNode::start_follower(chaoscore_node(), follower_dir.path(), &bootnode)?;
	follower.client().await?;
	let follower_rpc = WsClientBuilder::default().build(follower.rpc_url()).await?;

	// 1. The scripted series, sealed as it goes.
	let owners: Vec<String> = [dev::alice(), dev::bob(), dev::charlie()]
		.iter()
		.map(|k| subxt::utils::AccountId32::from(k.public_key()).to_string())
		.collect();
	let coder = register_agent(&api, &dev::alice(), &dev::dave(), "agent coder").await?;
	let writer = register_spec(&api, &dev::bob(), &dev::eve(), &{
		let mut spec = AgentSpec::coder("agent writer");
		spec.category = "writing".into();
		spec
	})
	.await?;
	let heartbeat = dynamic::tx("AgentRegistry", "heartbeat", vec![Value::u128(coder.into())]);
	submit(&api, &heartbeat, &dev::dave()).await??;
	open_escrow(&api, &dev::charlie(), coder, 20 * UNIT, None).await?;
	let now = api.at_current_block().await?.block_number() as u128;
	let jail = call(
		"Slashing",
		"jail",
		vec![("id", Value::u128(writer.into())), ("until", Value::u128(now + 50))],
	);
	sudo(&api, jail).await?;
	sealer.abort();

	let first = agree(&follower, &author_rpc, &follower_rpc, &owners).await?;

	// 2. The follower crashes; the chain goes on without it.
	follower.kill()?;
	let sealer = seal_continuously(author.rpc_url());
	let third = register_agent(&api, &dev::charlie(), &dev::ferdie(), "agent tester").await?;
	let mut spec = AgentSpec::coder("agent coder");
	spec.description = "reviews pull requests, now in Go too".into();
	let update = dynamic::tx(
		"AgentRegistry",
		"update",
		vec![
			Value::u128(coder.into()),
			spec.metadata(),
			Value::from_bytes(spec.document().as_bytes()),
		],
	);
	submit(&api, &update, &dev::alice()).await??;
	sealer.abort();

	follower.start_again()?;
	follower.client().await?;
	let follower_rpc = WsClientBuilder::default().build(follower.rpc_url()).await?;
	let second = agree(&follower, &author_rpc, &follower_rpc, &owners).await?;
	assert_ne!(first, second, "the author did not advance");
	let profile = rpc(&follower_rpc, "agent_profile", rpc_params![third]).await?;
	assert_eq!(profile["name"], "agent tester");
	let profile = rpc(&follower_rpc, "agent_profile", rpc_params![coder]).await?;
	assert_eq!(profile["document"]["description"], "reviews pull requests, now in Go too");

	follower.stop()?;
	author.stop()
}
