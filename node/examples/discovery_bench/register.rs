//! Registering the generated agents: owners funded by sudo, each registering up to 32 agents in
//! one `Utility::batch_all`, signed up front (not part of the measured throughput) and submitted
//! keeping at most `IN_FLIGHT` agents in the pool.

use chaoscore_harness::{
	bench_agents::bench_agent,
	consent::consent,
	keys::{id_of, key},
	offline::{fund, sign, submit_all, At},
	rpc::{best_hash, block_number},
	DevNode, Result, UNIT,
};
use jsonrpsee::ws_client::WsClient;
use polkadot_sdk::sp_io::hashing::blake2_256;
use std::{
	collections::VecDeque,
	ops::Range,
	time::{Duration, Instant},
};
use subxt::{dynamic::Value, utils::AccountId32};
use subxt_signer::sr25519::Keypair;

use crate::scan::next_agent_id;

/// Agents per owner (`MaxAgentsPerOwner`), hence per `batch_all`.
pub const PER_OWNER: usize = 32;
/// Balance given to each owner: 32 bonds of 10 CHAOS plus fees, with room to spare.
const OWNER_BALANCE: u128 = 10_000 * UNIT;
/// Agents submitted but not yet in a block, at most (keeps the pool under its 20 MiB default).
const IN_FLIGHT: usize = 8_000;

/// The agent key of generated agent `i` (these agents never act; the key only consents).
fn agent_key(i: usize) -> Result<Keypair> {
	Ok(Keypair::from_secret_key(blake2_256(format!("chaoscore-bench-agent-{i}").as_bytes()))?)
}

/// One signed `Utility::batch_all` registering the generated agents `range`, by `owner`; their
/// keys' consents are valid for as long as the runtime allows from `at`.
pub fn registrations(at: &At, owner: &Keypair, range: Range<usize>) -> Result<Vec<u8>> {
	let calls = range
		.map(|i| {
			let key = agent_key(i)?;
			let consent = consent(at, &id_of(owner), None, &key)?;
			Ok(bench_agent(i).register_call(i, id_of(&key).0, consent))
		})
		.collect::<Result<Vec<_>>>()?;
	sign(at, "Utility", "batch_all", vec![Value::unnamed_composite(calls)], owner, 0)
}

/// `count` owners (`//Owner//{o}`), funded with sudo.
pub async fn fund_owners(at: &At, rpc: &WsClient, count: usize) -> Result<Vec<Keypair>> {
	let owners: Vec<Keypair> =
		(0..count).map(|o| key(&format!("//Owner//{o}"))).collect::<Result<_>>()?;
	let fund_start = Instant::now();
	let who: Vec<AccountId32> = owners.iter().map(id_of).collect();
	fund(at, rpc, &who, OWNER_BALANCE).await?;
	println!("funded {} owners in {:.1} s", owners.len(), fund_start.elapsed().as_secs_f64());
	Ok(owners)
}

/// The registrations of agents `0..n`, one batch per owner, labelled with the owner's number.
pub fn sign_all(at: &At, owners: &[Keypair], n: usize) -> Result<Vec<(usize, Vec<u8>)>> {
	let mut txs = Vec::with_capacity(owners.len());
	for (o, owner) in owners.iter().enumerate() {
		txs.push((o, registrations(at, owner, o * PER_OWNER..((o + 1) * PER_OWNER).min(n))?));
	}
	Ok(txs)
}

/// How the registration of all agents went.
pub struct Registered {
	/// When the first batch was submitted.
	pub start: Instant,
	/// When the block completing the registration was seen.
	pub done_at: Instant,
	/// That block's hash.
	pub done_hash: String,
	/// Seconds from `start` to `done_at`.
	pub secs: f64,
	/// Agents registered per second.
	pub rate: f64,
	/// Agents per block, over the blocks with registrations.
	pub per_block: f64,
}

/// Submits the registration batches `txs` of `n` agents, the first of which gets id
/// `first_id`, until all are in blocks; reports the throughput.
pub async fn register_all(
	rpc: &WsClient,
	node: &DevNode,
	txs: Vec<(usize, Vec<u8>)>,
	n: usize,
	first_id: u64,
) -> Result<Registered> {
	// Agents in the batch of owner `o`.
	let agents_of = |o: usize| (n - o * PER_OWNER).min(PER_OWNER);
	let start = Instant::now();
	let start_block = block_number(rpc, None).await?;
	let mut queue: VecDeque<(usize, Vec<u8>)> = txs.into();
	let mut submitted = 0usize;
	let (mut included, mut last_progress) = (0usize, Instant::now());
	let mut first_inclusion: Option<(Instant, u32)> = None;
	let mut samples = Vec::new();
	let (done_at, done_block, done_hash) = loop {
		let hash = best_hash(rpc).await?;
		let number = block_number(rpc, Some(&hash)).await?;
		let now = (next_agent_id(rpc, &hash).await? - first_id) as usize;
		if now > included {
			included = now;
			last_progress = Instant::now();
			first_inclusion.get_or_insert((Instant::now(), number));
			samples.push((start.elapsed(), number, included));
		}
		if included >= n {
			break (Instant::now(), number, hash);
		}
		let mut wave = Vec::new();
		while let Some(tx) = queue.front() {
			let agents = agents_of(tx.0);
			if submitted + agents > included + IN_FLIGHT {
				break;
			}
			submitted += agents;
			wave.push(queue.pop_front().expect("front exists"));
		}
		let answer = submit_all(rpc, wave).await;
		if let Some((o, e)) = answer.refused.first() {
			return Err(format!("registration batch {o} refused: {e}").into());
		}
		for tx in answer.retry {
			submitted -= agents_of(tx.0);
			queue.push_front(tx);
		}
		if last_progress.elapsed() > Duration::from_secs(90) {
			return Err(format!(
				"registration stalled at {included}/{n} agents (a batch failed?)\n{}",
				node.log_tail()
			)
			.into());
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	};
	let secs = (done_at - start).as_secs_f64();
	let rate = n as f64 / secs;
	let per_block =
		n as f64 / (done_block - first_inclusion.map_or(start_block, |f| f.1) + 1) as f64;
	println!(
		"registered {n} agents in {secs:.1} s ({rate:.0} agents/s; blocks #{start_block}..#{done_block}, {per_block:.0} agents per block with agents)"
	);
	for (t, b, c) in samples.iter().step_by((samples.len() / 12).max(1)) {
		println!("  t={:>6.1}s #{b:<5} {c:>7} agents", t.as_secs_f64());
	}
	Ok(Registered { start, done_at, done_hash, secs, rate, per_block })
}
