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
//! Modules: `register` (funding owners, signing and submitting the registrations), `queries`
//! (the query set, `discover_search`), `scan` (the state scan and its client-side evaluation),
//! `under_load` (concurrent clients during imports), `report` (the tables).
//!
//! ```text
//! cargo run -p chaoscore-node --example discovery_bench -- \
//!     --node $CARGO_TARGET_DIR/debug/chaoscore-node --agents 10000 [--queries 200]
//!     [--scan-queries 14] [--clients 32] [--client-queries 50] [--import-rate 64]
//!     [--no-rebuild] [--keep]
//! ```

mod queries;
mod register;
mod report;
mod scan;
mod under_load;

use chaoscore_harness::{
	bench::{node_binary, start_node},
	index_dir,
	rpc::{best_hash, block_number, storage},
	stats::{ms, percentile},
	DevNode, Result,
};
use clap::Parser;
use codec::Decode;
use jsonrpsee::ws_client::WsClient;
use queries::{query_set, search, wait_indexed};
use register::{fund_owners, register_all, sign_all, PER_OWNER};
use report::{print_per_query, print_summary, Summary};
use scan::{evaluate, fetch_all, metadata_key, next_agent_id, Metadata};
use serde_json::{json, Value as Json};
use std::{
	path::{Path, PathBuf},
	time::{Duration, Instant},
};

/// Page size of every query.
const PAGE: usize = 20;

/// End-to-end discovery benchmark against a real dev node: registration, indexing, indexed
/// queries against state scans, concurrent clients, index rebuild.
#[derive(Parser)]
#[command(args_override_self = true)]
struct Args {
	/// The node binary [default: $CARGO_TARGET_DIR/debug/chaoscore-node].
	#[arg(long)]
	node: Option<PathBuf>,
	/// Agents to register.
	#[arg(long, default_value_t = 10_000)]
	agents: usize,
	/// Timed `discover_search` calls (the query set in turn).
	#[arg(long, default_value_t = 200)]
	queries: usize,
	/// Queries answered by a state scan too [default: the whole query set].
	#[arg(long)]
	scan_queries: Option<usize>,
	/// Clients querying at once while blocks are imported.
	#[arg(long, default_value_t = 32)]
	clients: usize,
	/// `discover_search` calls of each of those clients.
	#[arg(long, default_value_t = 50)]
	client_queries: usize,
	/// Agents registered per second meanwhile.
	#[arg(long, default_value_t = 64)]
	import_rate: usize,
	/// Skip the index rebuild on restart.
	#[arg(long)]
	no_rebuild: bool,
	/// Keep the node's base path.
	#[arg(long)]
	keep: bool,
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result {
	let args = Args::parse();
	let binary = node_binary(args.node.clone())?;
	let n = args.agents;
	let temp = tempfile::Builder::new().prefix("discovery-bench-").tempdir()?;
	let base = temp.path().to_path_buf();
	println!("# discovery_bench: {n} agents, node {}, base {}", binary.display(), base.display());
	let mut node = start_node(&binary, &base, 1000)?;
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

async fn run(args: &Args, node: &mut DevNode, base: &Path) -> Result {
	let n = args.agents;
	let api = node.client().await?;
	let rpc = node.rpc_client().await?;
	// Wait for the first block.
	while block_number(&rpc, None).await? < 1 {
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	let rss_start = node.rss_mib();
	let at = api.at_current_block().await?;
	let first_id = next_agent_id(&rpc, &best_hash(&rpc).await?).await?;

	// Owners: those registering the N agents, and those registering more while queries run.
	let prep = Instant::now();
	let owner_count = n.div_ceil(PER_OWNER);
	let extra_owners = args.import_rate.div_ceil(PER_OWNER) * 600;
	let owners = fund_owners(&at, &rpc, owner_count + extra_owners).await?;
	let (owners, extra_owners) = owners.split_at(owner_count);

	// Registrations, signed up front (not part of the measured throughput).
	let txs = sign_all(&at, owners, n)?;
	let tx_bytes: usize = txs.iter().map(|(_, t)| t.len()).sum();
	println!(
		"signed {} registration batches ({:.1} MiB) in {:.1} s (owners derived and funded included)",
		txs.len(),
		tx_bytes as f64 / (1 << 20) as f64,
		prep.elapsed().as_secs_f64()
	);
	let registered = register_all(&rpc, node, txs, n, first_id).await?;

	// Indexing: the last registered agent (highest id) becomes searchable.
	let last = last_agent(&rpc, first_id + n as u64 - 1, &registered.done_hash).await?;
	let indexed_at = wait_indexed(&rpc, last.spec, last.id, Duration::from_secs(1800)).await?;
	let lag = indexed_at.saturating_duration_since(registered.done_at);
	let index_rate = n as f64 / (indexed_at - registered.start).as_secs_f64();
	let rss_loaded = node.rss_mib();
	let index_bytes = index_dir(base).map_or(0, |d| dir_size(&d));
	println!(
		"indexed: last agent searchable {} after the block that completed registration; {index_rate:.0} agents/s end to end; index {:.1} MiB; node RSS {rss_start:.0} -> {rss_loaded:.0} MiB",
		ms(lag),
		index_bytes as f64 / (1 << 20) as f64
	);

	let queries = query_set(n);
	let indexed = time_indexed(args, &rpc, &queries).await?;
	page_size_sweep(&rpc).await?;
	let scans = scan_and_compare(args, &rpc, &queries).await?;
	let scan_p50 = percentile(&scans.durations, 0.5);
	let rss_after = node.rss_mib();

	// Many clients at once while blocks with registrations are imported.
	let concurrent =
		under_load::under_load(args, node, &rpc, &at, extra_owners, n, &queries).await?;
	println!("{concurrent}");

	// Full rebuild on restart without an index.
	let rebuild = if args.no_rebuild { None } else { Some(rebuild(node, base, &last).await?) };

	print_per_query(&queries, &indexed.per_query, &scans.per_query);
	print_summary(&Summary {
		agents: n,
		registered: &registered,
		lag,
		p50: indexed.p50,
		p99: indexed.p99,
		max: indexed.max,
		scan_p50,
		scans: scans.durations.len(),
		ratio: scan_p50.as_secs_f64() / indexed.p50.as_secs_f64(),
		rss_after,
		index_bytes,
		rebuild: rebuild.as_ref(),
	});
	if scans.mismatches > 0 {
		return Err(format!(
			"{} scanned queries answered differently from the index",
			scans.mismatches
		)
		.into());
	}
	println!(
		"\nall {} scanned queries returned the same ids as discover_search",
		scans.durations.len()
	);
	Ok(())
}

/// The last registered agent: its id, and its number among the generated agents.
struct LastAgent {
	id: u64,
	spec: usize,
}

/// The agent `id` at block `at`, with its generated number read from its name's `n{i:07}`.
async fn last_agent(rpc: &WsClient, id: u64, at: &str) -> Result<LastAgent> {
	let metadata = storage(rpc, &metadata_key(id), Some(at))
		.await?
		.ok_or("no metadata for the last agent")?;
	let name = String::from_utf8_lossy(&Metadata::decode(&mut &metadata[..])?.name).into_owned();
	let spec = name
		.rsplit(' ')
		.next()
		.and_then(|t| t.strip_prefix('n'))
		.and_then(|t| t.parse().ok())
		.ok_or("unexpected name")?;
	Ok(LastAgent { id, spec })
}

/// Timings of the indexed queries.
struct Indexed {
	/// Each query's durations, by its place in the query set.
	per_query: Vec<Vec<Duration>>,
	p50: Duration,
	p99: Duration,
	max: Duration,
}

/// `args.queries` `discover_search` calls, the query set in turn (after one warm-up round).
async fn time_indexed(args: &Args, rpc: &WsClient, queries: &[Json]) -> Result<Indexed> {
	for q in queries {
		search(rpc, q).await?; // warm-up
	}
	let mut indexed = Vec::with_capacity(args.queries);
	let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
	for k in 0..args.queries {
		let q = &queries[k % queries.len()];
		let t = Instant::now();
		search(rpc, q).await?;
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
	Ok(Indexed { per_query, p50, p99, max })
}

/// Cost per returned agent: the same query with growing pages.
async fn page_size_sweep(rpc: &WsClient) -> Result {
	let mut sweep = Vec::new();
	for limit in [1, 5, 20, 100] {
		let q = json!({ "includeStale": true, "limit": limit });
		let mut d = Vec::new();
		for _ in 0..20 {
			let t = Instant::now();
			search(rpc, &q).await?;
			d.push(t.elapsed());
		}
		d.sort();
		sweep.push(format!("limit {limit}: {}", ms(percentile(&d, 0.5))));
	}
	println!("discover_search p50 by page size (no filter, 20 calls each): {}", sweep.join(", "));
	Ok(())
}

/// The state scans.
struct Scans {
	/// Each scan's duration, sorted.
	durations: Vec<Duration>,
	/// The last scan of each query of the set: its duration and the agents it read.
	per_query: Vec<Option<(Duration, usize)>>,
	/// Scans that answered differently from the index.
	mismatches: usize,
}

/// Answers queries by scanning state, each checked against the indexed answer at the same
/// block.
async fn scan_and_compare(args: &Args, rpc: &WsClient, queries: &[Json]) -> Result<Scans> {
	let scan_count = args.scan_queries.unwrap_or(queries.len());
	let mut scans = Vec::new();
	let mut per_query: Vec<Option<(Duration, usize)>> = vec![None; queries.len()];
	let mut mismatches = 0;
	let mut reputation_records = 0;
	for k in 0..scan_count {
		let q = &queries[k % queries.len()];
		let (mut ids, hash, number, mut next) = search(rpc, q).await?;
		// Follow cursors if the node answered a partial page (its per-call scan bound).
		while ids.len() < PAGE {
			let Some(cursor) = next.take() else { break };
			let mut q2 = q.clone();
			q2["cursor"] = json!(cursor);
			let (more, _, _, n2) = search(rpc, &q2).await?;
			ids.extend(more);
			next = n2;
		}
		ids.truncate(PAGE);
		let t = Instant::now();
		let (agents, reputations) = fetch_all(rpc, &hash).await?;
		let fetched = t.elapsed();
		// `effective_status` reads the liveness window, a governance parameter, from storage: an
		// empty state gives its default, which the bench chain never changes.
		let scanned = polkadot_sdk::sp_io::TestExternalities::default()
			.execute_with(|| evaluate(q, &agents, number as u32));
		let d = t.elapsed();
		reputation_records = reputations;
		scans.push(d);
		per_query[k % queries.len()] = Some((d, agents.len()));
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
	Ok(Scans { durations: scans, per_query, mismatches })
}

/// Restarts the node without its index and times the rebuild until the last agent is
/// searchable again; returns the node's rebuild log line and that time.
async fn rebuild(node: &mut DevNode, base: &Path, last: &LastAgent) -> Result<(String, Duration)> {
	node.stop()?;
	if let Ok(dir) = index_dir(base) {
		std::fs::remove_dir_all(&dir)?;
	}
	let restarted = Instant::now();
	node.start_again()?;
	let _api = node.client().await?;
	let rpc = node.rpc_client().await?;
	let found = wait_indexed(&rpc, last.spec, last.id, Duration::from_secs(1800)).await?;
	// The node logs the rebuild right after committing it: give the line a moment.
	let mut line = None;
	for _ in 0..300 {
		line = node
			.log()
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
	Ok((line, found - restarted))
}

/// The bytes of the files under `path`.
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
