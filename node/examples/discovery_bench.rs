//! End-to-end discovery benchmark against a real dev node.
//!
//! Starts `chaoscore-node --dev` on free loopback ports in a temporary base path, registers N
//! agents (owners funded by sudo, each owner registering up to 32 agents in one
//! `Utility::batch_all`), waits for the discovery index to list them all, then times the same
//! mixed query set two ways:
//!
//! * **indexed**: `discover_search` over the node's JSON-RPC (jsonrpsee WebSocket client);
//! * **scan**: what a client without the index does: page `AgentRegistry::Metadata` keys with
//!   `state_getKeysPaged`, fetch `Metadata` and `Agents` values with `state_queryStorageAt` at one
//!   block hash, SCALE-decode, filter and sort client-side with the index's semantics.
//!
//! Every scanned query is checked to return the same agent ids as the indexed one at the same
//! block. Then many clients query at once while blocks with more registrations are imported
//! (p50/p99 latency, errors). Finally the node is restarted without its index and the full
//! rebuild is timed.
//!
//! ```text
//! cargo run -p chaoscore-node --example discovery_bench -- \
//!     --node $CARGO_TARGET_DIR/debug/chaoscore-node --agents 10000 [--queries 200]
//!     [--scan-queries 14] [--clients 32] [--client-queries 50] [--import-rate 64]
//!     [--no-rebuild] [--keep]
//! ```

mod support;

use codec::Decode;
use futures::future::join_all;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use pallet_agent_registry::{AgentMetadata, AgentRecordOf, Pallet as Registry};
use polkadot_sdk::{
	sp_core::bytes::from_hex,
	sp_io::hashing::{blake2_256, twox_64},
};
use serde_json::{json, Value as Json};
use std::{
	collections::HashSet,
	path::{Path, PathBuf},
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};
use subxt::{dynamic::Value, utils::AccountId32};
use subxt_signer::sr25519::Keypair;
use support::{
	agents::spec,
	chain::{
		account, best_hash, block_number, fund, hex, key, prefix, sign, storage, submit_all, At,
	},
	process::Node,
	stats::{ms, percentile},
	Result,
};

type Runtime = chaoscore_runtime::Runtime;
type Metadata = AgentMetadata<Runtime>;
type Record = AgentRecordOf<Runtime>;

/// Agents per owner (`MaxAgentsPerOwner`), hence per `batch_all`.
const PER_OWNER: usize = 32;
/// Balance given to each owner: 32 bonds of 10 CHAOS plus fees, with room to spare.
const OWNER_BALANCE: u128 = 10_000 * 1_000_000_000_000;
/// Agents submitted but not yet in a block, at most (keeps the pool under its 20 MiB default).
const IN_FLIGHT: usize = 8_000;
/// Keys per `state_getKeysPaged` page (the RPC's maximum).
const KEYS_PAGE: u32 = 1_000;
/// Page size of every query.
const PAGE: usize = 20;

/// The agent key of generated agent `i` (nobody holds its secret: these agents never act).
fn agent_key(i: usize) -> [u8; 32] {
	blake2_256(format!("chaoscore-bench-agent-{i}").as_bytes())
}

// ---------------------------------------------------------------------------------------------
// Command line

struct Args {
	node: PathBuf,
	agents: usize,
	queries: usize,
	scan_queries: Option<usize>,
	clients: usize,
	client_queries: usize,
	import_rate: usize,
	rebuild: bool,
	keep: bool,
}

fn args() -> Result<Args> {
	let mut args = Args {
		node: PathBuf::new(),
		agents: 10_000,
		queries: 200,
		scan_queries: None,
		clients: 32,
		client_queries: 50,
		import_rate: 64,
		rebuild: true,
		keep: false,
	};
	let mut node = None;
	support::parse_flags(|flag, value| {
		match flag {
			"--node" => node = Some(value()?.into()),
			"--agents" => args.agents = value()?.parse()?,
			"--queries" => args.queries = value()?.parse()?,
			"--scan-queries" => args.scan_queries = Some(value()?.parse()?),
			"--clients" => args.clients = value()?.parse()?,
			"--client-queries" => args.client_queries = value()?.parse()?,
			"--import-rate" => args.import_rate = value()?.parse()?,
			"--no-rebuild" => args.rebuild = false,
			"--keep" => args.keep = true,
			other => return Err(format!("unknown argument {other}").into()),
		}
		Ok(())
	})?;
	args.node = support::node_binary(node)?;
	Ok(args)
}

// ---------------------------------------------------------------------------------------------
// Raw storage over the state RPC

/// `AgentRegistry::NextAgentId` at `at`.
async fn next_agent_id(rpc: &WsClient, at: &str) -> Result<u64> {
	let raw = storage(rpc, &prefix("AgentRegistry", "NextAgentId"), at).await?;
	Ok(raw.map(|r| u64::decode(&mut &r[..])).transpose()?.unwrap_or(0))
}

fn metadata_key(id: u64) -> Vec<u8> {
	let id = id.to_le_bytes();
	[prefix("AgentRegistry", "Metadata"), twox_64(&id).to_vec()]
		.concat()
		.into_iter()
		.chain(id)
		.collect()
}

/// Values of `keys` at `at` (`state_queryStorageAt`), in the order of `keys`.
async fn values(rpc: &WsClient, keys: &[String], at: &str) -> Result<Vec<Option<Vec<u8>>>> {
	let sets: Vec<Json> = rpc.request("state_queryStorageAt", rpc_params![keys, at]).await?;
	let mut by_key = std::collections::HashMap::new();
	for set in &sets {
		for change in set["changes"].as_array().ok_or("no changes")? {
			let key = change[0].as_str().ok_or("no key")?.to_string();
			let value = change[1].as_str().map(from_hex).transpose()?;
			by_key.insert(key, value);
		}
	}
	Ok(keys.iter().map(|k| by_key.remove(k).flatten()).collect())
}

/// One agent as a state scan sees it.
struct Scanned {
	id: u64,
	metadata: Metadata,
	record: Record,
	/// Lower-cased tokens of name, tags, tools and capabilities.
	tokens: HashSet<String>,
}

/// Every agent at `at`, read the way a client without the index must.
async fn fetch_all(rpc: &WsClient, at: &str) -> Result<(Vec<Scanned>, usize)> {
	let metadata_prefix = hex(&prefix("AgentRegistry", "Metadata"));
	let agents_prefix = hex(&prefix("AgentRegistry", "Agents"));
	// Reputation records: a client needs them for scores (none here: every agent has 500).
	let reputations: Vec<String> = rpc
		.request(
			"state_getKeysPaged",
			rpc_params![
				hex(&prefix("Reputation", "Reputations")),
				KEYS_PAGE,
				Option::<String>::None,
				at
			],
		)
		.await?;
	let mut out = Vec::new();
	let mut start: Option<String> = None;
	loop {
		let keys: Vec<String> = rpc
			.request("state_getKeysPaged", rpc_params![&metadata_prefix, KEYS_PAGE, &start, at])
			.await?;
		if keys.is_empty() {
			break;
		}
		// Same map hasher (Twox64Concat of the id), so the record key is the same suffix.
		let record_keys: Vec<String> = keys
			.iter()
			.map(|k| format!("{agents_prefix}{}", &k[metadata_prefix.len()..]))
			.collect();
		let (metadata, records) =
			futures::join!(values(rpc, &keys, at), values(rpc, &record_keys, at));
		for ((key, metadata), record) in keys.iter().zip(metadata?).zip(records?) {
			let (Some(metadata), Some(record)) = (metadata, record) else { continue };
			let raw = from_hex(key)?;
			let id = u64::from_le_bytes(raw[raw.len() - 8..].try_into()?);
			let metadata = Metadata::decode(&mut &metadata[..])?;
			let record = Record::decode(&mut &record[..])?;
			let mut tokens = HashSet::new();
			for text in std::iter::once(&metadata.name[..])
				.chain(metadata.tags.iter().map(|t| &t[..]))
				.chain(metadata.tools.iter().map(|t| &t[..]))
				.chain(metadata.capabilities.iter().map(|t| &t[..]))
			{
				tokens.extend(tokenize(&String::from_utf8_lossy(text)));
			}
			out.push(Scanned { id, metadata, record, tokens });
		}
		if keys.len() < KEYS_PAGE as usize {
			break;
		}
		start = keys.last().cloned();
	}
	Ok((out, reputations.len()))
}

/// The index's text analysis: split on non-alphanumeric characters, lower-case, drop tokens
/// longer than 40 bytes.
fn tokenize(text: &str) -> Vec<String> {
	text.split(|c: char| !c.is_alphanumeric())
		.filter(|t| !t.is_empty() && t.len() <= 40)
		.map(str::to_lowercase)
		.collect()
}

/// `query` evaluated over scanned agents with the node's semantics (filters, on-chain status
/// gate at block `now`, sort with id tie-break, cursor offset, page of 20).
fn evaluate(query: &Json, agents: &[Scanned], now: u32) -> Vec<u64> {
	let lower = |k: &str| query[k].as_str().map(str::to_lowercase);
	let text = query["text"].as_str().map(tokenize).unwrap_or_default();
	let mut seen = HashSet::new();
	let text: Vec<String> = text.into_iter().filter(|t| seen.insert(t.clone())).take(32).collect();
	let (category, tool, capability, region) =
		(lower("category"), lower("tool"), lower("capability"), lower("region"));
	let tier = query["tier"].as_u64();
	let max_latency = query["maxLatencyMs"].as_u64();
	let min_reputation = query["minReputation"].as_u64();
	let include_stale = query["includeStale"].as_bool().unwrap_or(false);
	let s = |b: &[u8]| String::from_utf8_lossy(b).to_lowercase();
	let reputation = 500u64;
	let mut hits: Vec<&Scanned> = agents
		.iter()
		.filter(|a| {
			let m = &a.metadata;
			text.iter().all(|t| a.tokens.contains(t)) &&
				category.as_ref().is_none_or(|c| *c == s(&m.category)) &&
				tool.as_ref().is_none_or(|t| m.tools.iter().any(|x| *t == s(x))) &&
				capability.as_ref().is_none_or(|c| m.capabilities.iter().any(|x| *c == s(x))) &&
				region.as_ref().is_none_or(|r| *r == s(&m.region)) &&
				tier.is_none_or(|t| t == m.tier as u64) &&
				max_latency.is_none_or(|l| m.latency_ms as u64 <= l) &&
				min_reputation.is_none_or(|r| reputation >= r) &&
				match Registry::<Runtime>::effective_status(&a.record, now) {
					chaoscore_primitives::agent::AgentStatus::Active => true,
					chaoscore_primitives::agent::AgentStatus::Stale => include_stale,
					_ => false,
				}
		})
		.collect();
	match query["sort"].as_str().unwrap_or("relevance") {
		"latency" => hits.sort_by_key(|a| (a.metadata.latency_ms, a.id)),
		// Every reputation is 500 (no history), so reputation order is id order.
		_ => hits.sort_by_key(|a| a.id),
	}
	let offset = query["cursor"]
		.as_str()
		.and_then(|c| c.strip_prefix('o'))
		.and_then(|n| n.parse().ok())
		.unwrap_or(0);
	hits.iter().skip(offset).take(PAGE).map(|a| a.id).collect()
}

// ---------------------------------------------------------------------------------------------
// Agents and transactions

// ---------------------------------------------------------------------------------------------
// Queries

/// The mixed query set (text + filters + sorts, page size 20).
fn query_set(agents: usize) -> Vec<Json> {
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
async fn search(rpc: &WsClient, query: &Json) -> Result<(Vec<u64>, String, u64, Option<String>)> {
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

fn dir_size(path: &Path) -> u64 {
	let Ok(entries) = std::fs::read_dir(path) else { return 0 };
	entries
		.filter_map(|e| e.ok())
		.map(|e| match e.metadata() {
			Ok(m) if m.is_dir() => dir_size(&e.path()),
			Ok(m) => m.len(),
			Err(_) => 0,
		})
		.sum()
}

fn discovery_dir(base: &Path) -> Option<PathBuf> {
	std::fs::read_dir(base.join("chains"))
		.ok()?
		.filter_map(|e| e.ok())
		.map(|e| e.path().join("discovery"))
		.find(|p| p.exists())
}

/// Polls `discover_search` for the unique name token of agent `id` (spec number `i`) until the
/// index lists it; returns when.
async fn wait_indexed(rpc: &WsClient, i: usize, id: u64, timeout: Duration) -> Result<Instant> {
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

// ---------------------------------------------------------------------------------------------

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result {
	let args = args()?;
	let n = args.agents;
	let temp = tempfile::Builder::new().prefix("discovery-bench-").tempdir()?;
	let base = temp.path().to_path_buf();
	println!(
		"# discovery_bench: {n} agents, node {}, base {}",
		args.node.display(),
		base.display()
	);
	let mut node = Node::start(&args.node, &base, 1000)?;
	let result = run(&args, &mut node, &base).await;
	if let Err(e) = &result {
		eprintln!("FAILED: {e}\n{}", node.log_tail());
	}
	node.stop()?;
	if args.keep {
		println!("kept {}", temp.keep().display());
	}
	result
}

async fn run(args: &Args, node: &mut Node, base: &Path) -> Result {
	let n = args.agents;
	let (api, rpc) = node.connect().await?;
	// Wait for the first block.
	while block_number(&rpc, &best_hash(&rpc).await?).await? < 1 {
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	let rss_start = node.rss_mib();
	let at = api.at_current_block().await?;
	let first_id = next_agent_id(&rpc, &best_hash(&rpc).await?).await?;

	// Owners: those registering the N agents, and those registering more while queries run.
	let prep = Instant::now();
	let owner_count = n.div_ceil(PER_OWNER);
	let extra_owners = args.import_rate.div_ceil(PER_OWNER) * 600;
	let owners: Vec<Keypair> = (0..owner_count + extra_owners)
		.map(|o| key(&format!("//Owner//{o}")))
		.collect::<Result<_>>()?;
	let fund_start = Instant::now();
	let who: Vec<AccountId32> = owners.iter().map(account).collect();
	fund(&at, &rpc, &who, OWNER_BALANCE).await?;
	println!("funded {} owners in {:.1} s", owners.len(), fund_start.elapsed().as_secs_f64());
	let (owners, extra_owners) = owners.split_at(owner_count);

	// Registrations, signed up front (not part of the measured throughput).
	let mut txs = Vec::with_capacity(owner_count);
	for (o, owner) in owners.iter().enumerate() {
		txs.push((o, registrations(&at, owner, o * PER_OWNER..((o + 1) * PER_OWNER).min(n))?));
	}
	let tx_bytes: usize = txs.iter().map(|(_, t)| t.len()).sum();
	println!(
		"signed {} registration batches ({:.1} MiB) in {:.1} s (owners derived and funded included)",
		txs.len(),
		tx_bytes as f64 / (1 << 20) as f64,
		prep.elapsed().as_secs_f64()
	);

	let start = Instant::now();
	let start_block = block_number(&rpc, &best_hash(&rpc).await?).await?;
	let mut queue: std::collections::VecDeque<(usize, Vec<u8>)> = txs.into();
	let mut submitted = 0usize;
	let (mut included, mut last_progress) = (0usize, Instant::now());
	let mut first_inclusion: Option<(Instant, u32)> = None;
	let mut samples = Vec::new();
	let (done_at, done_block, done_hash) = loop {
		let hash = best_hash(&rpc).await?;
		let number = block_number(&rpc, &hash).await?;
		let now = (next_agent_id(&rpc, &hash).await? - first_id) as usize;
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
			let agents = (n - tx.0 * PER_OWNER).min(PER_OWNER);
			if submitted + agents > included + IN_FLIGHT {
				break;
			}
			submitted += agents;
			wave.push(queue.pop_front().expect("front exists"));
		}
		let answer = submit_all(&rpc, wave).await;
		if let Some((o, e)) = answer.refused.first() {
			return Err(format!("registration batch {o} refused: {e}").into());
		}
		for tx in answer.retry {
			submitted -= (n - tx.0 * PER_OWNER).min(PER_OWNER);
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
	let reg_secs = (done_at - start).as_secs_f64();
	let reg_rate = n as f64 / reg_secs;
	let per_block =
		n as f64 / (done_block - first_inclusion.map_or(start_block, |f| f.1) + 1) as f64;
	println!(
		"registered {n} agents in {reg_secs:.1} s ({reg_rate:.0} agents/s; blocks #{start_block}..#{done_block}, {per_block:.0} agents per block with agents)"
	);
	for (t, b, c) in samples.iter().step_by((samples.len() / 12).max(1)) {
		println!("  t={:>6.1}s #{b:<5} {c:>7} agents", t.as_secs_f64());
	}

	// Indexing: the last registered agent (highest id) becomes searchable.
	let last_id = first_id + n as u64 - 1;
	let last_meta = storage(&rpc, &metadata_key(last_id), &done_hash)
		.await?
		.ok_or("no metadata for the last agent")?;
	let last_name =
		String::from_utf8_lossy(&Metadata::decode(&mut &last_meta[..])?.name).into_owned();
	let last_i: usize = last_name
		.rsplit(' ')
		.next()
		.and_then(|t| t.strip_prefix('n'))
		.and_then(|t| t.parse().ok())
		.ok_or("unexpected name")?;
	let indexed_at = wait_indexed(&rpc, last_i, last_id, Duration::from_secs(1800)).await?;
	let lag = indexed_at.saturating_duration_since(done_at);
	let index_rate = n as f64 / (indexed_at - start).as_secs_f64();
	let rss_loaded = node.rss_mib();
	let index_bytes = discovery_dir(base).map_or(0, |d| dir_size(&d));
	println!(
		"indexed: last agent searchable {} after the block that completed registration; {index_rate:.0} agents/s end to end; index {:.1} MiB; node RSS {rss_start:.0} -> {rss_loaded:.0} MiB",
		ms(lag),
		index_bytes as f64 / (1 << 20) as f64
	);

	// Indexed queries.
	let queries = query_set(n);
	for q in &queries {
		search(&rpc, q).await?; // warm-up
	}
	let mut indexed = Vec::with_capacity(args.queries);
	let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
	for k in 0..args.queries {
		let q = &queries[k % queries.len()];
		let t = Instant::now();
		search(&rpc, q).await?;
		let d = t.elapsed();
		indexed.push(d);
		per_query[k % queries.len()].push(d);
	}
	indexed.sort();
	let (p50, p99, max) = (
		percentile(&indexed, 0.5),
		percentile(&indexed, 0.99),
		*indexed.last().unwrap_or(&Duration::ZERO),
	);
	println!(
		"indexed discover_search x{}: p50 {} p99 {} max {}",
		args.queries,
		ms(p50),
		ms(p99),
		ms(max)
	);

	// Cost per returned agent: the same query with growing pages.
	let mut sweep = Vec::new();
	for limit in [1, 5, 20, 100] {
		let q = json!({ "includeStale": true, "limit": limit });
		let mut d = Vec::new();
		for _ in 0..20 {
			let t = Instant::now();
			search(&rpc, &q).await?;
			d.push(t.elapsed());
		}
		d.sort();
		sweep.push(format!("limit {limit}: {}", ms(percentile(&d, 0.5))));
	}
	println!("discover_search p50 by page size (no filter, 20 calls each): {}", sweep.join(", "));

	// Scans, each checked against the indexed answer at the same block.
	let scan_count = args.scan_queries.unwrap_or(queries.len());
	let mut scans = Vec::new();
	let mut per_query_scan: Vec<Option<(Duration, usize)>> = vec![None; queries.len()];
	let mut mismatches = 0;
	let mut reputation_records = 0;
	for k in 0..scan_count {
		let q = &queries[k % queries.len()];
		let (mut ids, hash, number, mut next) = search(&rpc, q).await?;
		// Follow cursors if the node answered a partial page (its per-call scan bound).
		while ids.len() < PAGE {
			let Some(cursor) = next.take() else { break };
			let mut q2 = q.clone();
			q2["cursor"] = json!(cursor);
			let (more, _, _, n2) = search(&rpc, &q2).await?;
			ids.extend(more);
			next = n2;
		}
		ids.truncate(PAGE);
		let t = Instant::now();
		let (agents, reputations) = fetch_all(&rpc, &hash).await?;
		let fetched = t.elapsed();
		// `effective_status` reads the liveness window, a governance parameter, from storage: an
		// empty state gives its default, which the bench chain never changes.
		let scanned = polkadot_sdk::sp_io::TestExternalities::default()
			.execute_with(|| evaluate(q, &agents, number as u32));
		let d = t.elapsed();
		reputation_records = reputations;
		scans.push(d);
		per_query_scan[k % queries.len()] = Some((d, agents.len()));
		let comparable = q["text"].is_string() && q["sort"].is_null();
		let same = if comparable {
			let (mut a, mut b) = (ids.clone(), scanned.clone());
			a.sort();
			b.sort();
			a == b
		} else {
			ids == scanned
		};
		println!(
			"scan {k:>2}: {} ({} fetch+decode, {} agents at #{number}) {}{}",
			ms(d),
			ms(fetched),
			agents.len(),
			if same { "same ids" } else { "MISMATCH" },
			if same {
				String::new()
			} else {
				format!(": {q}\n  indexed {ids:?}\n  scan    {scanned:?}")
			}
		);
		if !same {
			mismatches += 1;
		}
	}
	if reputation_records > 0 {
		println!(
			"WARNING: {reputation_records} reputation records exist; the scan assumed 500 for all"
		);
	}
	scans.sort();
	let scan_p50 = percentile(&scans, 0.5);
	let ratio = scan_p50.as_secs_f64() / p50.as_secs_f64();
	let rss_after = node.rss_mib();

	// Many clients at once while blocks with registrations are imported.
	let concurrent = under_load(args, node, &rpc, &at, extra_owners, n, &queries).await?;
	println!("{concurrent}");

	// Full rebuild on restart without an index.
	let mut rebuild = None;
	if args.rebuild {
		node.stop()?;
		if let Some(dir) = discovery_dir(base) {
			std::fs::remove_dir_all(&dir)?;
		}
		let restarted = Instant::now();
		node.spawn()?;
		let (_api2, rpc2) = node.connect().await?;
		let found = wait_indexed(&rpc2, last_i, last_id, Duration::from_secs(1800)).await?;
		// The node logs the rebuild right after committing it: give the line a moment.
		let mut line = None;
		for _ in 0..300 {
			line = node
				.log_text()
				.lines()
				.find(|l| l.contains("index rebuilt at"))
				.map(|l| l[l.find("index rebuilt").unwrap_or(0)..].trim().to_string());
			if line.is_some() {
				break;
			}
			tokio::time::sleep(Duration::from_millis(100)).await;
		}
		let line = line.unwrap_or_else(|| "no rebuild line in the log".into());
		println!("rebuild: {line}; searchable {} after restart", ms(found - restarted));
		rebuild = Some((line, found - restarted));
	}

	println!();
	println!("| query | indexed p50 | scan | agents scanned |");
	println!("|---|---|---|---|");
	for (k, q) in queries.iter().enumerate() {
		let mut d = per_query[k].clone();
		d.sort();
		let mut q = q.clone();
		q.as_object_mut().map(|o| o.remove("limit"));
		let scan = per_query_scan[k].map_or(("-".into(), 0), |(d, a)| (ms(d), a));
		println!("| `{q}` | {} | {} | {} |", ms(percentile(&d, 0.5)), scan.0, scan.1);
	}
	println!();
	println!("| agents | registration | index lag after last block | indexed p50 | indexed p99 | indexed max | scan p50 (n) | scan / indexed | node RSS | index size | rebuild |");
	println!("|---|---|---|---|---|---|---|---|---|---|---|");
	println!(
		"| {n} | {reg_rate:.0} agents/s ({reg_secs:.0} s, {per_block:.0}/block) | {} | {} | {} | {} | {} ({}) | {ratio:.0}x | {rss_after:.0} MiB | {:.1} MiB | {} |",
		ms(lag),
		ms(p50),
		ms(p99),
		ms(max),
		ms(scan_p50),
		scans.len(),
		index_bytes as f64 / (1 << 20) as f64,
		rebuild.as_ref().map_or("-".into(), |(line, d)| format!(
			"{} (searchable {} after restart)",
			line.split(": ").nth(1).unwrap_or(line),
			ms(*d)
		)),
	);
	if mismatches > 0 {
		return Err(
			format!("{mismatches} scanned queries answered differently from the index").into()
		);
	}
	println!("\nall {} scanned queries returned the same ids as discover_search", scans.len());
	Ok(())
}

/// One signed `Utility::batch_all` registering the generated agents `range`, by `owner`.
fn registrations(at: &At, owner: &Keypair, range: std::ops::Range<usize>) -> Result<Vec<u8>> {
	let calls = range.map(|i| spec(i).register_call(i, agent_key(i)));
	sign(at, "Utility", "batch_all", vec![Value::unnamed_composite(calls)], owner, 0)
}

/// `args.clients` clients, each with its own connection, send `args.client_queries`
/// `discover_search` calls each (the query set in turn) at the same time, while `extra_owners`
/// register `args.import_rate` more agents per second (agents numbered from `first_spec`);
/// returns the summary line.
async fn under_load(
	args: &Args,
	node: &Node,
	rpc: &WsClient,
	at: &At,
	extra_owners: &[Keypair],
	first_spec: usize,
	queries: &[Json],
) -> Result<String> {
	let batches: Vec<Vec<u8>> = extra_owners
		.iter()
		.enumerate()
		.map(|(o, owner)| {
			let first = first_spec + o * PER_OWNER;
			registrations(at, owner, first..first + PER_OWNER)
		})
		.collect::<Result<_>>()?;
	let mut clients = Vec::with_capacity(args.clients);
	for _ in 0..args.clients {
		clients.push(node.rpc_client().await?);
	}
	let start_hash = best_hash(rpc).await?;
	let (start_block, start_agents) =
		(block_number(rpc, &start_hash).await?, next_agent_id(rpc, &start_hash).await?);

	let stop = Arc::new(AtomicBool::new(false));
	let writer = {
		let (stop, rpc, per_second) =
			(stop.clone(), node.rpc_client().await?, args.import_rate.div_ceil(PER_OWNER));
		tokio::spawn(async move {
			let mut queue = batches.into_iter().enumerate();
			let mut refused = 0;
			while !stop.load(Ordering::Relaxed) {
				let wave: Vec<_> = queue.by_ref().take(per_second).collect();
				refused += submit_all(&rpc, wave).await.refused.len();
				tokio::time::sleep(Duration::from_secs(1)).await;
			}
			refused
		})
	};
	let started = Instant::now();
	let readers = clients.into_iter().enumerate().map(|(c, client)| {
		let queries: Vec<Json> = (0..args.client_queries)
			.map(|k| queries[(c + k) % queries.len()].clone())
			.collect();
		tokio::spawn(async move {
			let mut latencies = Vec::with_capacity(queries.len());
			let mut errors = Vec::new();
			for q in &queries {
				let t = Instant::now();
				match search(&client, q).await {
					Ok(_) => latencies.push(t.elapsed()),
					Err(e) => errors.push(e.to_string()),
				}
			}
			(latencies, errors)
		})
	});
	let mut latencies = Vec::new();
	let mut errors = Vec::new();
	for reader in join_all(readers).await {
		let (l, e) = reader?;
		latencies.extend(l);
		errors.extend(e);
	}
	let elapsed = started.elapsed();
	stop.store(true, Ordering::Relaxed);
	let refused = writer.await?;
	let end_hash = best_hash(rpc).await?;
	let (end_block, end_agents) =
		(block_number(rpc, &end_hash).await?, next_agent_id(rpc, &end_hash).await?);
	latencies.sort();
	if let Some(e) = errors.first() {
		println!("first of {} query errors: {e}", errors.len());
	}
	Ok(format!(
		"under load: {} clients x {} discover_search in {:.1} s ({:.0} queries/s): p50 {} p99 {} max {}, {} errors; meanwhile {} blocks imported with {} new agents ({} registration batches refused)",
		args.clients,
		args.client_queries,
		elapsed.as_secs_f64(),
		latencies.len() as f64 / elapsed.as_secs_f64(),
		ms(percentile(&latencies, 0.5)),
		ms(percentile(&latencies, 0.99)),
		ms(latencies.last().copied().unwrap_or_default()),
		errors.len(),
		end_block - start_block,
		end_agents - start_agents,
		refused,
	))
}
