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
//! block. Finally the node is restarted without its index and the full rebuild is timed.
//!
//! ```text
//! cargo run -p chaoscore-node --example discovery_bench -- \
//!     --node $CARGO_TARGET_DIR/debug/chaoscore-node --agents 10000 [--queries 200]
//!     [--scan-queries 14] [--no-rebuild] [--keep]
//! ```

use codec::Decode;
use futures::future::join_all;
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use pallet_agent_registry::{AgentMetadata, AgentRecordOf, Pallet as Registry};
use polkadot_sdk::{
	sp_core::bytes::from_hex,
	sp_io::hashing::{blake2_128, blake2_256, twox_128, twox_64},
};
use serde_json::{json, Value as Json};
use std::{
	collections::HashSet,
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	str::FromStr,
	time::{Duration, Instant},
};
use subxt::{
	config::PolkadotExtrinsicParamsBuilder as Params,
	dynamic::{self, Value},
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

type Result<T = (), E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;
type Runtime = chaoscore_runtime::Runtime;
type Metadata = AgentMetadata<Runtime>;
type Record = AgentRecordOf<Runtime>;

/// Agents per owner (`MaxAgentsPerOwner`), hence per `batch_all`.
const PER_OWNER: usize = 32;
/// Owners funded per sudo `batch_all`.
const FUND_CHUNK: usize = 500;
/// Balance given to each owner: 32 bonds of 10 CHAOS plus fees, with room to spare.
const OWNER_BALANCE: u128 = 10_000 * 1_000_000_000_000;
/// Agents submitted but not yet in a block, at most (keeps the pool under its 20 MiB default).
const IN_FLIGHT: usize = 8_000;
/// Keys per `state_getKeysPaged` page (the RPC's maximum).
const KEYS_PAGE: u32 = 1_000;
/// Page size of every query.
const PAGE: usize = 20;

const CATEGORIES: [&str; 8] =
	["coding", "translation", "analytics", "research", "support", "finance", "media", "security"];
const REGIONS: [&str; 5] = ["eu-west", "us-east", "ap-south", "sa-east", "af-north"];
const ADJECTIVES: [&str; 16] = [
	"swift", "careful", "quiet", "bold", "clever", "steady", "rapid", "precise", "rust",
	"polyglot", "frugal", "tireless", "curious", "lucid", "nimble", "stoic",
];
const NOUNS: [&str; 16] = [
	"reviewer",
	"coder",
	"translator",
	"analyst",
	"scout",
	"auditor",
	"writer",
	"planner",
	"tutor",
	"broker",
	"curator",
	"oracle",
	"sentinel",
	"crafter",
	"mapper",
	"solver",
];
const TOOLS: [&str; 16] = [
	"git.diff",
	"cargo.check",
	"sql.query",
	"web.search",
	"pdf.extract",
	"http.get",
	"shell.run",
	"image.resize",
	"csv.parse",
	"email.send",
	"calendar.read",
	"vector.search",
	"kube.apply",
	"docker.build",
	"s3.put",
	"slack.post",
];
const CAPABILITIES: [&str; 12] = [
	"code-review",
	"code-generation",
	"translation",
	"data-analysis",
	"summarization",
	"research",
	"monitoring",
	"scheduling",
	"negotiation",
	"transcription",
	"classification",
	"planning",
];

// ---------------------------------------------------------------------------------------------
// Command line

struct Args {
	node: PathBuf,
	agents: usize,
	queries: usize,
	scan_queries: Option<usize>,
	rebuild: bool,
	keep: bool,
}

fn args() -> Result<Args> {
	let mut args = Args {
		node: PathBuf::new(),
		agents: 10_000,
		queries: 200,
		scan_queries: None,
		rebuild: true,
		keep: false,
	};
	let mut it = std::env::args().skip(1);
	while let Some(arg) = it.next() {
		let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
		match arg.as_str() {
			"--node" => args.node = value()?.into(),
			"--agents" => args.agents = value()?.parse()?,
			"--queries" => args.queries = value()?.parse()?,
			"--scan-queries" => args.scan_queries = Some(value()?.parse()?),
			"--no-rebuild" => args.rebuild = false,
			"--keep" => args.keep = true,
			other => return Err(format!("unknown argument {other}").into()),
		}
	}
	if args.node.as_os_str().is_empty() {
		let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
		args.node = Path::new(&target).join("debug/chaoscore-node");
	}
	if !args.node.exists() {
		return Err(format!("no node binary at {} (pass --node)", args.node.display()).into());
	}
	Ok(args)
}

// ---------------------------------------------------------------------------------------------
// The node process

/// Three distinct free loopback ports (listeners held until all are bound).
fn free_ports() -> [u16; 3] {
	let listeners: Vec<TcpListener> = (0..3)
		.map(|_| TcpListener::bind("127.0.0.1:0").expect("a free loopback port"))
		.collect();
	std::array::from_fn(|i| listeners[i].local_addr().map(|a| a.port()).expect("bound"))
}

struct Node {
	binary: PathBuf,
	child: Option<Child>,
	base: PathBuf,
	rpc_port: u16,
	p2p_port: u16,
	mcp_port: u16,
	log: PathBuf,
	starts: u32,
}

impl Node {
	fn start(binary: &Path, base: &Path) -> Result<Self> {
		let [rpc_port, p2p_port, mcp_port] = free_ports();
		let mut node = Self {
			binary: binary.into(),
			child: None,
			base: base.into(),
			rpc_port,
			p2p_port,
			mcp_port,
			log: PathBuf::new(),
			starts: 0,
		};
		node.spawn()?;
		Ok(node)
	}

	fn spawn(&mut self) -> Result {
		self.log = self.base.join(format!("node-{}.log", self.starts));
		let child = Command::new(&self.binary)
			.arg("--dev")
			.arg("--base-path")
			.arg(&self.base)
			.args(["--rpc-port", &self.rpc_port.to_string()])
			.args(["--port", &self.p2p_port.to_string()])
			.args(["--mcp-port", &self.mcp_port.to_string()])
			.args(["--dev-block-time", "1000"])
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns", "--no-hardware-benchmarks"])
			.stdout(Stdio::null())
			.stderr(File::create(&self.log)?)
			.spawn()?;
		self.child = Some(child);
		self.starts += 1;
		Ok(())
	}

	fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// Resident memory of the node process, in MiB.
	fn rss_mib(&self) -> f64 {
		let Some(pid) = self.pid() else { return 0.0 };
		let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
		status
			.lines()
			.find_map(|l| l.strip_prefix("VmRSS:"))
			.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
			.map_or(0.0, |kb| kb / 1024.0)
	}

	fn log_text(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	fn log_tail(&self) -> String {
		let log = self.log_text();
		let lines: Vec<&str> = log.lines().collect();
		format!(
			"--- last node log lines ({}) ---\n{}",
			self.log.display(),
			lines[lines.len().saturating_sub(30)..].join("\n")
		)
	}

	/// Connects both clients once the RPC port answers.
	async fn connect(&mut self) -> Result<(OnlineClient<PolkadotConfig>, WsClient)> {
		let deadline = Instant::now() + Duration::from_secs(180);
		loop {
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				return Err(format!("node exited with {status}\n{}", self.log_tail()).into());
			}
			match OnlineClient::<PolkadotConfig>::from_insecure_url(self.url()).await {
				Ok(api) => {
					let rpc = WsClientBuilder::default()
						.max_request_size(256 << 20)
						.max_response_size(256 << 20)
						.max_concurrent_requests(1024)
						.request_timeout(Duration::from_secs(600))
						.build(self.url())
						.await?;
					return Ok((api, rpc));
				},
				Err(_) if Instant::now() < deadline =>
					tokio::time::sleep(Duration::from_millis(250)).await,
				Err(e) => return Err(format!("no RPC: {e}\n{}", self.log_tail()).into()),
			}
		}
	}

	/// SIGINT (as Ctrl-C), then waits up to 60 s for the node to exit.
	fn stop(&mut self) -> Result {
		let Some(mut child) = self.child.take() else { return Ok(()) };
		Command::new("kill").args(["-INT", &child.id().to_string()]).status()?;
		let deadline = Instant::now() + Duration::from_secs(60);
		while child.try_wait()?.is_none() {
			if Instant::now() > deadline {
				child.kill()?;
				child.wait()?;
				return Err("node ignored SIGINT for 60 s; killed".into());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		Ok(())
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if self.child.is_some() {
			let _ = self.stop();
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Raw storage over the state RPC

fn hex(bytes: &[u8]) -> String {
	use std::fmt::Write;
	let mut out = String::with_capacity(2 + 2 * bytes.len());
	out.push_str("0x");
	for b in bytes {
		let _ = write!(out, "{b:02x}");
	}
	out
}

fn prefix(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

async fn best_hash(rpc: &WsClient) -> Result<String> {
	Ok(rpc.request("chain_getBlockHash", rpc_params![]).await?)
}

async fn block_number(rpc: &WsClient, hash: &str) -> Result<u32> {
	let header: Json = rpc.request("chain_getHeader", rpc_params![hash]).await?;
	let number = header["number"].as_str().ok_or("header without number")?;
	Ok(u32::from_str_radix(number.trim_start_matches("0x"), 16)?)
}

async fn storage(rpc: &WsClient, key: &[u8], at: &str) -> Result<Option<Vec<u8>>> {
	let value: Option<String> = rpc.request("state_getStorage", rpc_params![hex(key), at]).await?;
	Ok(value.map(|v| from_hex(&v)).transpose()?)
}

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

struct Spec {
	name: String,
	category: &'static str,
	tags: Vec<String>,
	tools: Vec<&'static str>,
	capabilities: Vec<&'static str>,
	region: &'static str,
	tier: u8,
	latency_ms: u32,
	mcp: bool,
}

/// Deterministic, varied metadata of agent number `i`. The name's `n{i:07}` token is unique.
fn spec(i: usize) -> Spec {
	let mut tools = vec![TOOLS[i % 16], TOOLS[(i * 7 + 3) % 16]];
	if i % 5 == 0 {
		tools.push(TOOLS[(i * 11 + 5) % 16]);
	}
	tools.dedup();
	let mut capabilities = vec![CAPABILITIES[(i / 3) % 12]];
	if i % 2 == 0 && CAPABILITIES[(i * 5 + 1) % 12] != capabilities[0] {
		capabilities.push(CAPABILITIES[(i * 5 + 1) % 12]);
	}
	let category = CATEGORIES[(i / 7) % 8];
	Spec {
		name: format!("{} {} n{i:07}", ADJECTIVES[i % 16], NOUNS[(i / 16) % 16]),
		category,
		tags: vec!["bench".into(), category.into()],
		tools,
		capabilities,
		region: REGIONS[(i * 3 + i / 16) % 5],
		tier: (i % 4) as u8,
		latency_ms: 20 + ((i * 7919) % 1981) as u32,
		mcp: i % 3 == 0,
	}
}

impl Spec {
	/// The capability document. Its description repeats the metadata's words only, so a client
	/// that cannot see documents (they are not in state) matches text exactly like the index.
	fn document(&self) -> String {
		json!({
			"name": self.name,
			"description": format!("{} {} {}", self.name, self.category, self.capabilities.join(" ")),
			"tools": self.tools,
		})
		.to_string()
	}

	fn register_call(&self, i: usize) -> Value {
		let strings =
			|items: &[&str]| Value::unnamed_composite(items.iter().map(Value::from_bytes));
		let document = self.document();
		let endpoint = if self.mcp {
			("Mcp", format!("https://a{i}.example/mcp"))
		} else {
			("A2a", format!("https://a{i}.example/a2a"))
		};
		let tags: Vec<&str> = self.tags.iter().map(String::as_str).collect();
		let metadata = Value::named_composite([
			("name", Value::from_bytes(&self.name)),
			("category", Value::from_bytes(self.category)),
			("tags", strings(&tags)),
			("tools", strings(&self.tools)),
			("capabilities", strings(&self.capabilities)),
			(
				"endpoints",
				Value::unnamed_composite([Value::named_composite([
					("kind", Value::unnamed_variant(endpoint.0, [])),
					("url", Value::from_bytes(&endpoint.1)),
				])]),
			),
			("region", Value::from_bytes(self.region)),
			("tier", Value::u128(self.tier.into())),
			("latency_ms", Value::u128(self.latency_ms.into())),
			("document_hash", Value::from_bytes(blake2_256(document.as_bytes()))),
			("version", Value::u128(0)),
		]);
		let agent_key = blake2_256(format!("chaoscore-bench-agent-{i}").as_bytes());
		call(
			"AgentRegistry",
			"register",
			vec![
				("agent_key", Value::from_bytes(agent_key)),
				("metadata", metadata),
				("document", Value::from_bytes(document)),
			],
		)
	}
}

fn call(pallet: &str, name: &str, args: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, args)])
}

fn key(uri: &str) -> Result<Keypair> {
	Ok(Keypair::from_uri(&SecretUri::from_str(uri)?)?)
}

/// Signs `call` (a `Pallet::call` value, wrapped as the outer call) offline: immortal, `nonce`.
fn sign(
	at: &subxt::client::ClientAtBlock<
		PolkadotConfig,
		subxt::client::OnlineClientAtBlockImpl<PolkadotConfig>,
	>,
	pallet: &str,
	name: &str,
	args: Vec<Value>,
	signer: &Keypair,
	nonce: u64,
) -> Result<Vec<u8>> {
	let payload = dynamic::tx(pallet, name, args);
	let params = Params::<PolkadotConfig>::new().nonce(nonce).immortal().build();
	Ok(at.tx().create_signable_offline(&payload, params)?.sign(signer)?.into_encoded())
}

/// Submits `txs` concurrently; returns the ones the pool refused for now (full pool) and fails
/// on any other refusal.
async fn submit_all(rpc: &WsClient, txs: Vec<(usize, Vec<u8>)>) -> Result<Vec<(usize, Vec<u8>)>> {
	let answers =
		join_all(txs.iter().map(|(_, tx)| {
			rpc.request::<String, _>("author_submitExtrinsic", rpc_params![hex(tx)])
		}))
		.await;
	let mut retry = Vec::new();
	for (tx, answer) in txs.into_iter().zip(answers) {
		match answer {
			Ok(_) => {},
			Err(jsonrpsee::core::ClientError::Call(e))
				if e.code() == 1016 || e.message().contains("full") =>
				retry.push(tx),
			Err(e) => return Err(format!("transaction {} refused: {e}", tx.0).into()),
		}
	}
	Ok(retry)
}

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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
	if sorted.is_empty() {
		return Duration::ZERO;
	}
	let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
	sorted[rank - 1]
}

fn ms(d: Duration) -> String {
	let ms = d.as_secs_f64() * 1000.0;
	if ms < 10.0 {
		format!("{ms:.2} ms")
	} else if ms < 10_000.0 {
		format!("{ms:.0} ms")
	} else {
		format!("{:.1} s", ms / 1000.0)
	}
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
	let mut node = Node::start(&args.node, &base)?;
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

	// Owners.
	let prep = Instant::now();
	let owner_count = n.div_ceil(PER_OWNER);
	let owners: Vec<Keypair> =
		(0..owner_count).map(|o| key(&format!("//Owner//{o}"))).collect::<Result<_>>()?;
	let alice = dev::alice();
	let alice_id: AccountId32 = alice.public_key().into();
	let mut nonce: u64 = rpc
		.request("system_accountNextIndex", rpc_params![alice_id.to_string()])
		.await?;
	let mut funding = Vec::new();
	for (c, chunk) in owners.chunks(FUND_CHUNK).enumerate() {
		let calls = chunk.iter().map(|o| {
			let who: AccountId32 = o.public_key().into();
			call(
				"Balances",
				"force_set_balance",
				vec![
					("who", Value::unnamed_variant("Id", [Value::from_bytes(who.0)])),
					("new_free", Value::u128(OWNER_BALANCE)),
				],
			)
		});
		let batch = call("Utility", "batch_all", vec![("calls", Value::unnamed_composite(calls))]);
		funding.push((c, sign(&at, "Sudo", "sudo", vec![batch], &alice, nonce)?));
		nonce += 1;
	}
	let fund_start = Instant::now();
	let mut pending = funding;
	while !pending.is_empty() {
		pending = submit_all(&rpc, pending).await?;
	}
	let last_owner: AccountId32 = owners.last().ok_or("no owners")?.public_key().into();
	let account_key =
		[prefix("System", "Account"), blake2_128(&last_owner.0).to_vec(), last_owner.0.to_vec()]
			.concat();
	let deadline = Instant::now() + Duration::from_secs(120);
	while storage(&rpc, &account_key, &best_hash(&rpc).await?).await?.is_none() {
		if Instant::now() > deadline {
			return Err("owners not funded after 120 s (sudo batch failed?)".into());
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	println!("funded {owner_count} owners in {:.1} s", fund_start.elapsed().as_secs_f64());

	// Registrations, signed up front (not part of the measured throughput).
	let mut txs = Vec::with_capacity(owner_count);
	for (o, owner) in owners.iter().enumerate() {
		let calls = (o * PER_OWNER..((o + 1) * PER_OWNER).min(n)).map(|i| spec(i).register_call(i));
		let batch = Value::unnamed_composite(calls);
		txs.push((o, sign(&at, "Utility", "batch_all", vec![batch], owner, 0)?));
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
		for tx in submit_all(&rpc, wave).await? {
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
		let scanned = evaluate(q, &agents, number as u32);
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
