//! Load tool: drives a dev node over loopback RPC with signed extrinsics from many accounts and
//! measures what the chain includes.
//!
//! Starts `chaoscore-node --dev` on free loopback ports in a temporary base path, funds
//! `--accounts` accounts (`//Load//{i}`) and as many agent keys (`//Load//{i}//agent`) with sudo,
//! then runs one phase per kind, each account (or agent key) sending one extrinsic per phase:
//!
//! 1. `balances.transfer_keep_alive` to the next account — the reference;
//! 2. `agent_registry.register` of a generated agent (≈250-byte document);
//! 3. `agent_registry.heartbeat`, signed by the agent key;
//! 4. `escrow.open` of 1 CHAOS for the next account's agent;
//! 5. `escrow.release` of that escrow by its client.
//!
//! A phase submits its (pre-signed) extrinsics with `author_submitExtrinsic`, keeping at most
//! `--in-flight` of them in the pool, and reads every new block: its extrinsics (decoded with
//! the runtime's own types), their success or failure (`System::Events`), the block's weight
//! (`System::BlockWeight`) and length. It reports per kind: extrinsics included per second and
//! per block, pool refusals, the fullest block's share of the `Normal` class limits (reference
//! time, proof size, length), and the ratio of each rate to the transfers'.
//!
//! ```text
//! cargo run -p chaoscore-node --example load -- [--node PATH] [--accounts 4000]
//!     [--block-time 2000] [--in-flight 6000] [--keep]
//! ```

use chaoscore_harness::{
	bench::{node_binary, start_node},
	bench_agents::bench_agent,
	calls::split_call,
	consent::consent,
	keys::{id_of, key},
	offline::{fund, sign, submit_all, At},
	rpc::{block_extrinsics, block_hash, block_number, storage},
	storage::prefix,
	DevNode, Result, UNIT,
};
use chaoscore_runtime::{configs, RuntimeEvent, UncheckedExtrinsic};
use clap::Parser;
use codec::Decode;
use jsonrpsee::ws_client::WsClient;
use polkadot_sdk::{
	frame_support::{
		dispatch::{DispatchClass, PerDispatchClass},
		traits::GetCallMetadata,
		weights::Weight,
	},
	frame_system::{EventRecord, Phase},
	sp_core::H256,
	sp_io::hashing::blake2_256,
};
use std::{
	collections::{BTreeMap, HashMap, VecDeque},
	path::PathBuf,
	time::{Duration, Instant},
};
use subxt::{dynamic::Value, utils::AccountId32};
use subxt_signer::sr25519::Keypair;

/// How long a phase may go without any of its extrinsics being included.
const STALL: Duration = Duration::from_secs(120);

/// Drives a dev node with signed extrinsics from many accounts and measures what the chain
/// includes.
#[derive(Parser)]
#[command(args_override_self = true)]
struct Args {
	/// The node binary [default: $CARGO_TARGET_DIR/debug/chaoscore-node].
	#[arg(long)]
	node: Option<PathBuf>,
	/// Accounts sending (at least 2: transfers and escrows go to the next one).
	#[arg(long, default_value_t = 4_000)]
	accounts: usize,
	/// The dev node's block time, in ms.
	#[arg(long = "block-time", default_value_t = 2_000)]
	block_time_ms: u64,
	/// Extrinsics a phase keeps in the pool at most.
	#[arg(long, default_value_t = 6_000)]
	in_flight: usize,
	/// Keep the node's base path.
	#[arg(long)]
	keep: bool,
}

/// The kinds of extrinsic a phase sends, by the call's pallet and function name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
	Transfer,
	Register,
	Heartbeat,
	EscrowOpen,
	EscrowRelease,
}

impl Kind {
	const ALL: [Kind; 5] =
		[Kind::Transfer, Kind::Register, Kind::Heartbeat, Kind::EscrowOpen, Kind::EscrowRelease];

	/// Pallet and call name as in the runtime's metadata.
	fn call(self) -> (&'static str, &'static str) {
		match self {
			Kind::Transfer => ("Balances", "transfer_keep_alive"),
			Kind::Register => ("AgentRegistry", "register"),
			Kind::Heartbeat => ("AgentRegistry", "heartbeat"),
			Kind::EscrowOpen => ("Escrow", "open"),
			Kind::EscrowRelease => ("Escrow", "release"),
		}
	}

	fn name(self) -> String {
		let (pallet, call) = self.call();
		format!("{pallet}.{call}")
	}
}

/// One block as a phase saw it.
struct BlockStat {
	number: u32,
	/// Extrinsics of the phase's kind.
	count: usize,
	/// `Normal` class weight the block consumed.
	normal: Weight,
	/// Encoded length of all the block's extrinsics.
	length: usize,
}

/// What one phase measured.
struct PhaseReport {
	kind: Kind,
	sent: usize,
	succeeded: usize,
	failed: BTreeMap<String, usize>,
	refused: BTreeMap<String, usize>,
	/// Submissions the pool asked to retry (full).
	retried: usize,
	blocks: Vec<BlockStat>,
	/// From the first submission to the block holding the last extrinsic.
	elapsed: Duration,
}

impl PhaseReport {
	fn included(&self) -> usize {
		self.succeeded + self.failed.values().sum::<usize>()
	}

	fn per_second(&self) -> f64 {
		self.included() as f64 / self.elapsed.as_secs_f64().max(1e-9)
	}

	/// Mean extrinsics per block over the phase's blocks but the first and the last (which
	/// hold what arrived before the first seal and what was left) when there are three or more.
	fn per_block_mean(&self) -> f64 {
		let blocks = match self.blocks.len() {
			0..=2 => &self.blocks[..],
			n => &self.blocks[1..n - 1],
		};
		blocks.iter().map(|b| b.count).sum::<usize>() as f64 / blocks.len().max(1) as f64
	}
}

/// Reads blocks as they come and attributes them to the running phase.
struct Watcher {
	rpc: WsClient,
	next: u32,
	limits: (Weight, u32),
	/// Agent ids by agent key, and escrow ids by client, from the events seen.
	agents: HashMap<[u8; 32], u64>,
	escrows: HashMap<[u8; 32], u64>,
}

impl Watcher {
	/// Decodes every block after the last one read up to the best, counting extrinsics of
	/// `kind` into `report`; returns how many of them it found.
	async fn read_new_blocks(&mut self, kind: Kind, report: &mut PhaseReport) -> Result<usize> {
		let best = block_number(&self.rpc, None).await?;
		let mut found = 0;
		while self.next <= best {
			let hash = block_hash(&self.rpc, self.next).await?.ok_or("best block without hash")?;
			let stat = self.read_block(self.next, &hash, kind, report).await?;
			found += stat.count;
			if stat.count > 0 {
				report.blocks.push(stat);
			}
			self.next += 1;
		}
		Ok(found)
	}

	async fn read_block(
		&mut self,
		number: u32,
		hash: &str,
		kind: Kind,
		report: &mut PhaseReport,
	) -> Result<BlockStat> {
		let extrinsics = block_extrinsics(&self.rpc, hash).await?;
		let mut ours = Vec::new();
		for (index, bytes) in extrinsics.iter().enumerate() {
			let xt = UncheckedExtrinsic::decode(&mut &bytes[..])?;
			let meta = xt.0.function.get_call_metadata();
			if (meta.pallet_name, meta.function_name) == kind.call() {
				ours.push(index as u32);
			}
		}
		let raw = storage(&self.rpc, &prefix("System", "Events"), Some(hash))
			.await?
			.unwrap_or_default();
		let events = Vec::<EventRecord<RuntimeEvent, H256>>::decode(&mut &raw[..])?;
		let mut failed: HashMap<u32, String> = HashMap::new();
		for record in events {
			let Phase::ApplyExtrinsic(index) = record.phase else { continue };
			match record.event {
				RuntimeEvent::System(polkadot_sdk::frame_system::Event::ExtrinsicFailed {
					dispatch_error,
					..
				}) => {
					failed.insert(index, format!("{dispatch_error:?}"));
				},
				RuntimeEvent::AgentRegistry(pallet_agent_registry::Event::Registered {
					id,
					agent_key,
					..
				}) => {
					self.agents.insert(agent_key.into(), id);
				},
				RuntimeEvent::Escrow(pallet_escrow::Event::Opened { id, client, .. }) => {
					self.escrows.insert(client.into(), id);
				},
				_ => {},
			}
		}
		for index in &ours {
			match failed.remove(index) {
				Some(error) => *report.failed.entry(error).or_default() += 1,
				None => report.succeeded += 1,
			}
		}
		let raw = storage(&self.rpc, &prefix("System", "BlockWeight"), Some(hash))
			.await?
			.unwrap_or_default();
		let weight = PerDispatchClass::<Weight>::decode(&mut &raw[..])?;
		Ok(BlockStat {
			number,
			count: ours.len(),
			normal: *weight.get(DispatchClass::Normal),
			length: extrinsics.iter().map(Vec::len).sum(),
		})
	}
}

/// Submits `txs` (all of `kind`) keeping at most `in_flight` in the pool, until every one
/// accepted is in a block.
async fn run_phase(
	rpc: &WsClient,
	watcher: &mut Watcher,
	kind: Kind,
	txs: Vec<(usize, Vec<u8>)>,
	in_flight: usize,
) -> Result<PhaseReport> {
	let mut report = PhaseReport {
		kind,
		sent: txs.len(),
		succeeded: 0,
		failed: BTreeMap::new(),
		refused: BTreeMap::new(),
		retried: 0,
		blocks: Vec::new(),
		elapsed: Duration::ZERO,
	};
	// Blocks before the phase are not its own.
	watcher.next = block_number(rpc, None).await? + 1;
	let mut queue: VecDeque<_> = txs.into();
	let (mut pending, mut included) = (0usize, 0usize);
	let start = Instant::now();
	let mut last_progress = start;
	let mut last_inclusion = start;
	loop {
		let room = (included + in_flight).saturating_sub(pending);
		let wave: Vec<_> = queue.drain(..room.min(queue.len())).collect();
		pending += wave.len();
		let answer = submit_all(rpc, wave).await;
		pending -= answer.retry.len() + answer.refused.len();
		report.retried += answer.retry.len();
		for tx in answer.retry.into_iter().rev() {
			queue.push_front(tx);
		}
		for (_, error) in answer.refused {
			*report.refused.entry(error).or_default() += 1;
		}
		let found = watcher.read_new_blocks(kind, &mut report).await?;
		if found > 0 {
			included += found;
			last_progress = Instant::now();
			last_inclusion = last_progress;
		}
		if queue.is_empty() && included >= pending {
			break;
		}
		if last_progress.elapsed() > STALL {
			return Err(format!(
				"{}: {included} of {pending} accepted extrinsics included, none for {STALL:?}",
				kind.name()
			)
			.into());
		}
		tokio::time::sleep(Duration::from_millis(50)).await;
	}
	report.elapsed = last_inclusion - start;
	Ok(report)
}

/// The signed extrinsics of `kind`, one per account (or agent key); escrow deadlines are
/// spread over blocks after `now` (at most `MaxDeadlinesPerBlock` = 16 share one).
fn sign_phase(
	at: &At,
	kind: Kind,
	accounts: &[Keypair],
	agent_keys: &[Keypair],
	watcher: &Watcher,
	now: u32,
) -> Result<Vec<(usize, Vec<u8>)>> {
	let n = accounts.len();
	let (pallet, name) = kind.call();
	let id_in = |map: &HashMap<[u8; 32], u64>, who: &Keypair, what: &str| {
		map.get(&id_of(who).0)
			.copied()
			.ok_or_else(|| format!("no {what} for {}", id_of(who)))
	};
	(0..n)
		.map(|i| {
			let next = (i + 1) % n;
			let (signer, nonce, args) = match kind {
				Kind::Transfer => (
					&accounts[i],
					0,
					vec![
						Value::unnamed_variant("Id", [Value::from_bytes(id_of(&accounts[next]).0)]),
						Value::u128(UNIT),
					],
				),
				Kind::Register => {
					let key = &agent_keys[i];
					let consent = consent(at, &id_of(&accounts[i]), None, key)?;
					let call = bench_agent(i).register_call(i, id_of(key).0, consent);
					(&accounts[i], 1, split_call(call)?.2)
				},
				Kind::Heartbeat => (
					&agent_keys[i],
					0,
					vec![Value::u128(id_in(&watcher.agents, &agent_keys[i], "agent")?.into())],
				),
				Kind::EscrowOpen => (
					&accounts[i],
					2,
					vec![
						Value::u128(id_in(&watcher.agents, &agent_keys[next], "agent")?.into()),
						Value::u128(UNIT),
						Value::unnamed_variant("None", []),
						Value::u128((now + 1_000 + i as u32 / 16).into()),
						Value::from_bytes(blake2_256(&i.to_le_bytes())),
					],
				),
				Kind::EscrowRelease => (
					&accounts[i],
					3,
					vec![Value::u128(id_in(&watcher.escrows, &accounts[i], "escrow")?.into())],
				),
			};
			Ok((i, sign(at, pallet, name, args, signer, nonce)?))
		})
		.collect()
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result {
	let args = Args::parse();
	if args.accounts < 2 {
		return Err(
			"--accounts must be at least 2 (transfers and escrows go to the next one)".into()
		);
	}
	let binary = node_binary(args.node.clone())?;
	let temp = tempfile::Builder::new().prefix("load-").tempdir()?;
	println!(
		"# load: {} accounts, {} ms blocks, at most {} extrinsics in flight, node {}",
		args.accounts,
		args.block_time_ms,
		args.in_flight,
		binary.display()
	);
	let mut node = start_node(&binary, temp.path(), args.block_time_ms)?;
	let result = run(&args, &mut node).await;
	if let Err(e) = &result {
		eprintln!("FAILED: {e}\n{}", node.log_tail());
	}
	node.stop()?;
	if args.keep {
		println!("kept {}", temp.keep().display());
	}
	result
}

async fn run(args: &Args, node: &mut DevNode) -> Result {
	let api = node.client().await?;
	let rpc = node.rpc_client().await?;
	while block_number(&rpc, None).await? < 1 {
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	let at = api.at_current_block().await?;
	let accounts: Vec<Keypair> = (0..args.accounts)
		.map(|i| key(&format!("//Load//{i}")))
		.collect::<Result<_>>()?;
	let agent_keys: Vec<Keypair> = (0..args.accounts)
		.map(|i| key(&format!("//Load//{i}//agent")))
		.collect::<Result<_>>()?;
	let everyone: Vec<AccountId32> = accounts.iter().chain(&agent_keys).map(id_of).collect();
	let funding = Instant::now();
	fund(&at, &rpc, &everyone, 1_000 * UNIT).await?;
	println!("funded {} accounts in {:.1} s", everyone.len(), funding.elapsed().as_secs_f64());

	let weights = configs::RuntimeBlockWeights::get();
	let normal_max = weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
	let length_max = *configs::RuntimeBlockLength::get().max.get(DispatchClass::Normal);
	let mut watcher = Watcher {
		rpc: node.rpc_client().await?,
		next: block_number(&rpc, None).await? + 1,
		limits: (normal_max, length_max),
		agents: HashMap::new(),
		escrows: HashMap::new(),
	};
	let mut reports = Vec::new();
	for kind in Kind::ALL {
		let now = block_number(&rpc, None).await?;
		let txs = sign_phase(&at, kind, &accounts, &agent_keys, &watcher, now)?;
		let report = run_phase(&rpc, &mut watcher, kind, txs, args.in_flight).await?;
		print_phase(&report, watcher.limits);
		reports.push(report);
	}
	print_table(&reports, watcher.limits, args.block_time_ms);
	let failed: usize = reports.iter().map(|r| r.failed.values().sum::<usize>()).sum();
	if failed > 0 {
		return Err(format!("{failed} extrinsics failed in their blocks").into());
	}
	Ok(())
}

/// Share of `limit` used by `used`, in percent.
fn percent(used: u64, limit: u64) -> f64 {
	100.0 * used as f64 / limit.max(1) as f64
}

impl BlockStat {
	/// Shares of the `Normal` class limits the block used: (ref time %, proof %, length %).
	fn shares(&self, (weight, length): (Weight, u32)) -> (f64, f64, f64) {
		(
			percent(self.normal.ref_time(), weight.ref_time()),
			percent(self.normal.proof_size(), weight.proof_size()),
			percent(self.length as u64, length.into()),
		)
	}
}

/// The largest of the three shares.
fn top((time, proof, length): (f64, f64, f64)) -> f64 {
	time.max(proof).max(length)
}

impl PhaseReport {
	/// The phase's block that used the largest share of any limit.
	fn fullest(&self, limits: (Weight, u32)) -> Option<&BlockStat> {
		self.blocks
			.iter()
			.max_by(|a, b| top(a.shares(limits)).total_cmp(&top(b.shares(limits))))
	}

	/// Extrinsics of this kind a block holds when one limit is reached, projected linearly
	/// from the fullest block (equal to its count when that block was full).
	fn capacity(&self, limits: (Weight, u32)) -> f64 {
		self.fullest(limits)
			.map_or(0.0, |b| b.count as f64 * 100.0 / top(b.shares(limits)).max(1e-9))
	}
}

/// What stops a block from holding more of the phase's extrinsics: the limit its fullest
/// block reached (≥ 90 %), else the supply of transactions (pool admission, submission).
fn bound_by((time, proof, length): (f64, f64, f64)) -> &'static str {
	let top = time.max(proof).max(length);
	if top < 90.0 {
		"transaction supply (blocks not full)"
	} else if top == time {
		"block weight: ref time"
	} else if top == proof {
		"block weight: proof size"
	} else {
		"block length"
	}
}

fn print_phase(report: &PhaseReport, limits: (Weight, u32)) {
	println!(
		"{}: {} sent, {} included ({} failed) in {:.1} s over {} blocks; {} refused by the pool, {} retries (pool full)",
		report.kind.name(),
		report.sent,
		report.included(),
		report.failed.values().sum::<usize>(),
		report.elapsed.as_secs_f64(),
		report.blocks.len(),
		report.refused.values().sum::<usize>(),
		report.retried,
	);
	for block in &report.blocks {
		let (time, proof, length) = block.shares(limits);
		println!(
			"  #{:<5} {:>6} extrinsics  ref time {time:>5.1} %  proof {proof:>5.1} %  length {length:>5.1} %",
			block.number, block.count,
		);
	}
	for (error, count) in report.refused.iter().chain(&report.failed) {
		println!("  {count} x {error}");
	}
}

fn print_table(reports: &[PhaseReport], limits: (Weight, u32), block_time_ms: u64) {
	let transfer = reports.iter().find(|r| r.kind == Kind::Transfer);
	let reference = transfer.map_or(1.0, |r| r.capacity(limits));
	println!();
	println!("| extrinsic | included | blocks | per block (mean / max) | per full block | vs transfer | per second at {block_time_ms} ms blocks | included per second (wall) | pool refusals | fullest block: ref time / proof / length | bound by |");
	println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
	for r in reports {
		let shares = r.fullest(limits).map_or((0.0, 0.0, 0.0), |b| b.shares(limits));
		let capacity = r.capacity(limits);
		println!(
			"| `{}` | {} | {} | {:.0} / {} | {:.0} | {:.2} | {:.0} | {:.0} | {} | {:.1} % / {:.1} % / {:.1} % | {} |",
			r.kind.name(),
			r.included(),
			r.blocks.len(),
			r.per_block_mean(),
			r.blocks.iter().map(|b| b.count).max().unwrap_or(0),
			capacity,
			capacity / reference,
			capacity * 1000.0 / block_time_ms as f64,
			r.per_second(),
			r.refused.values().sum::<usize>(),
			shares.0,
			shares.1,
			shares.2,
			bound_by(shares),
		);
	}
}
