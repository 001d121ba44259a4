//! ChaosCore as a parachain: a `rococo-local` relay chain with two validators and two ChaosCore
//! collators, as `zombienet/local.toml` defines them, run from the relay binaries
//! `scripts/relay-binaries.sh` builds. No skip: without the binaries the test fails.
//!
//! 1. The parachain is registered at relay genesis (`Paras::Parachains`).
//! 2. The relay chain includes ChaosCore heads and both collators finalize parachain blocks.
//! 3. Both collators author (the Aura author of each block, from its slot and its parent's
//!    authorities).
//! 4. The collator set is open: the council shortens the session; Charlie sets session keys (with
//!    the ownership proof from his node) and bonds as candidate.
//! 5. An agent registered through collator A is finalized and found by `discover_search` on B.
//!    A receipt of it gets its proof-of-agency committee, which only relay-chain randomness draws.
//! 6. Collator B is killed; A keeps producing (no block is B's). B restarts and catches up.
//! 7. Charlie authors after the session rotation (which runs during steps 5 and 6).

use crate::chaoscore_node;
use chaoscore_harness::{
	account,
	agency::{drawn_committee, next_receipt_id, record_receipt, verifier_call},
	agent::register_agent,
	council::{pass_motion, set_parameter},
	find_event, hex,
	keys::id_of,
	legacy_client,
	network::{relay_spec, start_collator, Binaries, Definition, RelayAccess, RelayNode, Rpc},
	submit, submit_call,
	wait::wait_for,
	DevNode, Result,
};
use jsonrpsee::rpc_params;
use serde_json::{json, Value as Json};
use std::time::{Duration, Instant};
use subxt::{dynamic::Value, utils::AccountId32};
use subxt_signer::sr25519::dev;

/// Generous bounds: a debug build of four relay nodes and three collators on two cores.
const FIRST_BLOCKS: Duration = Duration::from_secs(600);
const PROGRESS: Duration = Duration::from_secs(300);

/// Prints a step with the time since the network started.
fn step(started: Instant, what: &str) {
	println!("[relay-network +{:>4}s] {what}", started.elapsed().as_secs());
}

/// The logs of `nodes`, for failure messages.
fn logs(nodes: &[&DevNode]) -> String {
	nodes.iter().map(|node| node.log_tail()).collect::<Vec<_>>().join("\n")
}

/// Waits until `para` reaches finalized height `height`; returns it.
async fn finalized_at_least(
	rpc: &Rpc,
	node: &DevNode,
	height: u32,
	timeout: Duration,
) -> Result<u32> {
	wait_for(
		&format!("parachain block #{height} finalized"),
		timeout,
		|| async move {
			let (_, number) = rpc.finalized().await?;
			Ok((number >= height).then_some(number))
		},
		|| node.log_tail(),
	)
	.await
}

/// Aura authors of parachain blocks `from..=to`.
async fn authors(rpc: &Rpc, from: u32, to: u32) -> Result<Vec<[u8; 32]>> {
	let mut authors = Vec::new();
	for number in from..=to {
		authors.push(rpc.aura_author(number).await?);
	}
	Ok(authors)
}

/// The first finalized parachain block from `from` on whose Aura author is `key`, waiting up to
/// `timeout` for it.
async fn first_block_by(
	rpc: &Rpc,
	key: &[u8; 32],
	from: u32,
	timeout: Duration,
	context: impl Fn() -> String,
) -> Result<u32> {
	let deadline = Instant::now() + timeout;
	let mut next = from;
	loop {
		let (_, finalized) = rpc.finalized().await?;
		while next <= finalized {
			if rpc.aura_author(next).await? == *key {
				return Ok(next);
			}
			next += 1;
		}
		if Instant::now() > deadline {
			return Err(format!(
				"no block by that collator in #{from}..=#{finalized}\n{}",
				context()
			)
			.into());
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn chaoscore_runs_under_a_relay_chain() -> Result {
	let def = Definition::local()?;
	let para = def.parachain()?;
	let binaries = Binaries::new(chaoscore_node())?;
	let dir = tempfile::tempdir()?;
	let dir = dir.path();
	let started = Instant::now();

	// The relay chain, with the parachain in its genesis.
	let spec = relay_spec(&def, &binaries, dir)?;
	let [first, others @ ..] = &def.relaychain.nodes[..] else {
		return Err("the network definition has no relay validators".into());
	};
	let mut relay_alice = RelayNode::start(&def, &binaries, &spec, first, dir, &[])?;
	let relay = relay_alice.rpc().await?;
	let relay_bootnodes = vec![relay_alice.p2p_address(&relay.peer_id().await?)];
	let _other_validators = others
		.iter()
		.map(|node| RelayNode::start(&def, &binaries, &spec, node, dir, &relay_bootnodes))
		.collect::<Result<Vec<_>>>()?;
	let genesis = relay.block_hash(0).await?;
	assert_eq!(relay.relay_parachains().await?, vec![para.id], "parachains at relay genesis");
	step(
		started,
		&format!("relay chain up (genesis {genesis}), para {} registered at genesis", para.id),
	);

	// Two collators, each with an embedded relay-chain node.
	let [collator_a, collator_b, ..] = &para.collators[..] else {
		return Err("the network definition needs two collators".into());
	};
	let embedded = RelayAccess { spec: &spec, bootnodes: &relay_bootnodes, rpc_url: None };
	let mut a =
		start_collator(&binaries, &para.chain, &collator_a.args, &dir.join("a"), &[], &embedded)?;
	a.client().await?;
	let api_a = legacy_client(&a.rpc_url()).await?;
	let rpc_a = Rpc::connect(&a.rpc_url(), Duration::from_secs(10)).await?;
	let para_bootnodes = vec![a.p2p_address(&rpc_a.peer_id().await?)];
	let mut b = start_collator(
		&binaries,
		&para.chain,
		&collator_b.args,
		&dir.join("b"),
		&para_bootnodes,
		&embedded,
	)?;
	b.client().await?;
	let rpc_b = Rpc::connect(&b.rpc_url(), Duration::from_secs(10)).await?;

	// Heads included on the relay chain, blocks finalized on both collators.
	let included = wait_for(
		"a ChaosCore head included on the relay chain",
		FIRST_BLOCKS,
		|| async {
			let head = relay.relay_para_head(para.id).await?.unwrap_or_default();
			Ok((head >= 3).then_some(head))
		},
		|| logs(&[&a, &b]) + "\n" + &relay_alice.process.log_tail(),
	)
	.await?;
	step(
		started,
		&format!("relay block #{} holds ChaosCore head #{included}", relay.number(None).await?),
	);
	let finalized_a = finalized_at_least(&rpc_a, &a, 3, PROGRESS).await?;
	let finalized_b = finalized_at_least(&rpc_b, &b, 3, PROGRESS).await?;
	step(started, &format!("para blocks finalized: #{finalized_a} on A, #{finalized_b} on B"));

	// Both collators author.
	let keys = [dev::alice().public_key().0, dev::bob().public_key().0];
	let by_a = first_block_by(&rpc_a, &keys[0], 1, PROGRESS, || logs(&[&a, &b])).await?;
	let by_b = first_block_by(&rpc_a, &keys[1], 1, PROGRESS, || logs(&[&a, &b])).await?;
	step(started, &format!("authors: #{by_a} by collator A (Alice), #{by_b} by collator B (Bob)"));

	// The open collator set: Charlie joins through the candidate list. His node boots while the
	// council shortens the session; the session rotation that makes him an author then runs
	// during the next steps.
	// Charlie's collator follows the relay chain through a validator's RPC (a minimal relay node).
	let through_rpc = RelayAccess { rpc_url: Some(relay_alice.rpc_url()), ..embedded };
	let mut c = start_collator(
		&binaries,
		&para.chain,
		&["--charlie".to_string()],
		&dir.join("c"),
		&para_bootnodes,
		&through_rpc,
	)?;
	let session = set_parameter("Collators", "SessionLength", 10);
	pass_motion(&api_a, session).await?;
	c.client().await?;
	let rpc_c = Rpc::connect(&c.rpc_url(), Duration::from_secs(10)).await?;
	let charlie = dev::charlie();
	let charlie_id: AccountId32 = charlie.public_key().into();
	let generated = rpc_c
		.call("author_rotateKeysWithOwner", rpc_params![hex::encode(&charlie_id.0)])
		.await?;
	let session_key = hex::decode(generated["keys"].as_str().ok_or("no keys")?)?;
	let proof = hex::decode(generated["proof"].as_str().ok_or("no ownership proof")?)?;
	let aura: [u8; 32] = session_key
		.as_slice()
		.try_into()
		.map_err(|_| "session keys are not one Aura key")?;
	let set_keys = subxt::dynamic::tx(
		"Session",
		"set_keys",
		vec![Value::named_composite([("aura", Value::from_bytes(aura))]), Value::from_bytes(proof)],
	);
	submit(&api_a, &set_keys, &charlie).await??;
	let reserved_before = account(&api_a, &charlie_id).await?.reserved;
	let candidacy =
		subxt::dynamic::tx("CollatorSelection", "register_as_candidate", Vec::<Value>::new());
	let registered = submit(&api_a, &candidacy, &charlie).await??;
	find_event(&registered, "CollatorSelection", "CandidateAdded")?;
	let bond = account(&api_a, &charlie_id).await?.reserved - reserved_before;
	assert_eq!(bond, 10_000 * 1_000_000_000_000, "candidacy bond");
	let (_, joined) = rpc_a.finalized().await?;
	step(
		started,
		&format!(
			"Charlie set keys and bonded {} CHAOS as candidate at #{joined}",
			bond / 1_000_000_000_000
		),
	);

	// A registration through A, found by B's discovery.
	let id = register_agent(&api_a, &dev::ferdie(), &dev::eve(), "relay-watcher").await?;
	let found = wait_for(
		"the agent in B's discovery",
		PROGRESS,
		|| async {
			let answer: Json = rpc_b
				.call("discover_search", rpc_params![json!({ "text": "relay-watcher" })])
				.await?;
			let ids: Vec<u64> = answer["agents"]
				.as_array()
				.map(|r| r.iter().filter_map(|hit| hit["id"].as_u64()).collect())
				.unwrap_or_default();
			Ok(ids.contains(&id).then_some(answer["at"]["number"].clone()))
		},
		|| b.log_tail(),
	)
	.await?;
	step(
		started,
		&format!("agent {id} registered through A, found by B's discover_search at #{found}"),
	);

	// Committees are drawn by the relay chain's BABE randomness, from a relay block newer than
	// the receipt's by the lookahead: without it the receipt would wait undrawn.
	submit_call(&api_a, verifier_call("register_verifier"), &dev::dave()).await??;
	let receipt = next_receipt_id(&api_a).await?;
	let recorded = record_receipt(&api_a, id, &dev::eve()).await??;
	let recorded_at: u64 = api_a.at_block(recorded.block).await?.block_number().into();
	let members = drawn_committee(&api_a, receipt, PROGRESS).await?;
	assert_eq!(members, vec![id_of(&dev::dave())], "the only verifier");
	let drawn_by = rpc_a.number(None).await?;
	step(
		started,
		&format!("receipt {receipt} recorded at #{recorded_at}, committee drawn by #{drawn_by}"),
	);

	// B down: the chain goes on without it.
	b.kill()?;
	let best_at_kill = rpc_a.number(None).await?;
	let alone = finalized_at_least(&rpc_a, &a, best_at_kill + 4, PROGRESS).await?;
	// A block B announced just before it died may still arrive; none of the later ones is B's
	// (Charlie's may be, once the session rotated).
	let later_authors = authors(&rpc_a, best_at_kill + 2, alone).await?;
	assert!(!later_authors.contains(&keys[1]), "a block by B while B was down");
	let by_a_alone = later_authors.iter().filter(|key| **key == keys[0]).count();
	assert!(by_a_alone > 0, "A authored nothing while B was down");
	step(
		started,
		&format!(
			"B killed at best #{best_at_kill}; #{alone} finalized without B ({by_a_alone} by A)"
		),
	);

	// B back: it catches up.
	b.start_again()?;
	let rpc_b = Rpc::connect(&b.rpc_url(), Duration::from_secs(120)).await?;
	let caught_up = finalized_at_least(&rpc_b, &b, alone, PROGRESS).await?;
	assert_eq!(
		rpc_b.block_hash(alone).await?,
		rpc_a.block_hash(alone).await?,
		"B on another chain"
	);
	step(started, &format!("B restarted, finalized #{caught_up} (A was at #{alone})"));

	let authored =
		first_block_by(&rpc_a, &aura, joined + 1, FIRST_BLOCKS, || logs(&[&a, &b, &c])).await?;
	step(started, &format!("Charlie authored block #{authored} after the session rotation"));
	assert!(!keys.contains(&aura), "Charlie's rotated key is a new one");

	Ok(())
}
