//! Discovery index benchmark (a plain binary, not a timed test).
//!
//! `cargo bench -p chaoscore-discovery --bench discover -- [N...]` (default: 10000 100000)
//! generates N deterministic synthetic agents, indexes them into a temporary directory and
//! prints indexing throughput, rebuild time, size on disk, reopen time, query latency
//! percentiles over ~1000 mixed queries (page size 20) and peak RSS, as a markdown table.

use std::{
	error::Error,
	path::Path,
	time::{Duration, Instant},
};

use chaoscore_discovery::{AgentEntry, AgentIndex, Checkpoint, Query, SortBy};

type Res<T> = Result<T, Box<dyn Error>>;

/// SplitMix64: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		z ^ (z >> 31)
	}
	fn below(&mut self, n: usize) -> usize {
		(self.next() % n as u64) as usize
	}
	fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
		items[self.below(items.len())]
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.next() % 100 < percent
	}
}

const CATEGORIES: &[&str] = &[
	"Finance",
	"Legal",
	"Research",
	"Coding",
	"Translation",
	"Data",
	"Security",
	"Marketing",
	"Healthcare",
	"Logistics",
	"Education",
	"Media",
];
const TOOLS: &[&str] = &[
	"web-search",
	"calculator",
	"python",
	"sql",
	"ocr",
	"pdf-reader",
	"headless-browser",
	"email",
	"calendar",
	"git",
	"docker",
	"shell",
	"vector-db",
	"image-gen",
	"speech-to-text",
	"text-to-speech",
	"translator",
	"spreadsheet",
	"crm",
	"stripe",
	"slack",
	"jira",
	"s3",
	"postgres",
	"graphql",
	"rest-client",
	"scraper",
	"maps",
	"weather",
	"price-oracle",
];
const CAPABILITIES: &[&str] = &[
	"summarization",
	"translation",
	"code-review",
	"code-generation",
	"data-analysis",
	"forecasting",
	"classification",
	"extraction",
	"question-answering",
	"planning",
	"scheduling",
	"negotiation",
	"auditing",
	"compliance-check",
	"risk-scoring",
	"monitoring",
	"alerting",
	"reporting",
	"research",
	"fact-checking",
	"transcription",
	"image-analysis",
	"sentiment-analysis",
	"recommendation",
	"routing",
	"pricing",
	"matching",
	"tutoring",
	"drafting",
	"moderation",
];
const REGIONS: &[&str] = &[
	"eu-west",
	"eu-central",
	"us-east",
	"us-west",
	"ap-south",
	"ap-northeast",
	"sa-east",
	"af-south",
];
const ADJECTIVES: &[&str] = &[
	"Swift", "Clever", "Quiet", "Bold", "Lucid", "Nimble", "Steady", "Bright", "Silent", "Rapid",
	"Keen", "Prime", "Atlas", "Nova", "Vector", "Iron", "Golden", "Arctic", "Solar", "Crimson",
];
const NOUNS: &[&str] = &[
	"Scribe",
	"Analyst",
	"Oracle",
	"Scout",
	"Broker",
	"Auditor",
	"Courier",
	"Pilot",
	"Sage",
	"Ranger",
	"Clerk",
	"Tutor",
	"Sentinel",
	"Navigator",
	"Curator",
	"Mechanic",
	"Herald",
	"Warden",
];
const WORDS: &[&str] = &[
	"fast",
	"reliable",
	"agent",
	"that",
	"handles",
	"complex",
	"workflows",
	"for",
	"teams",
	"and",
	"individuals",
	"with",
	"high",
	"accuracy",
	"low",
	"latency",
	"invoices",
	"contracts",
	"reports",
	"tickets",
	"markets",
	"portfolios",
	"customers",
	"documents",
	"pipelines",
	"datasets",
	"models",
	"regulations",
	"shipments",
	"patients",
	"students",
	"campaigns",
	"securely",
	"automatically",
	"daily",
	"realtime",
	"multilingual",
	"verified",
	"audited",
	"open",
	"source",
	"enterprise",
	"grade",
	"specialised",
	"in",
	"the",
	"european",
	"american",
	"asian",
	"market",
	"using",
	"state",
	"of",
	"art",
	"retrieval",
	"reasoning",
	"tools",
];

fn agent(id: u64, rng: &mut Rng) -> AgentEntry {
	let category = rng.pick(CATEGORIES).to_string();
	let tools: Vec<String> = (0..1 + rng.below(4)).map(|_| rng.pick(TOOLS).to_string()).collect();
	let capabilities: Vec<String> =
		(0..1 + rng.below(3)).map(|_| rng.pick(CAPABILITIES).to_string()).collect();
	let tags: Vec<String> = (0..rng.below(4)).map(|_| rng.pick(WORDS).to_string()).collect();
	let mut description = String::new();
	for i in 0..15 + rng.below(30) {
		if i > 0 {
			description.push(' ');
		}
		description.push_str(match rng.below(10) {
			0 => rng.pick(CAPABILITIES),
			1 => rng.pick(TOOLS),
			_ => rng.pick(WORDS),
		});
	}
	let name = format!("{} {} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS), id % 997);
	// Latency: log-uniform-ish 5ms..~5s.
	let latency_ms = 5 + (rng.below(1000) as u32).pow(2) / 200;
	let reputation = if rng.chance(30) { 500 } else { rng.below(1001) as u32 };
	let mcp = rng.chance(40);
	let document = format!(
		"{{\"name\":\"{name}\",\"description\":\"{description}\",\"category\":\"{category}\",\
		 \"tools\":{tools:?},\"capabilities\":{capabilities:?},\"endpoints\":{{\"http\":\
		 \"https://agent-{id}.example.org/v1\"{}}}}}",
		if mcp {
			format!(",\"mcp\":\"https://agent-{id}.example.org/mcp\"")
		} else {
			String::new()
		}
	);
	AgentEntry {
		id,
		owner: format!("5{:047x}", rng.next()),
		name,
		description,
		category,
		tags,
		tools,
		capabilities,
		region: rng.pick(REGIONS).to_string(),
		tier: rng.below(4) as u8,
		latency_ms,
		reputation,
		stale: rng.chance(5),
		mcp,
		metadata_version: 1 + rng.below(3) as u32,
		document,
	}
}

fn query(rng: &mut Rng, n: usize) -> Query {
	let sort = match n % 3 {
		0 => SortBy::Relevance,
		1 => SortBy::Reputation,
		_ => SortBy::Latency,
	};
	let text = match rng.below(4) {
		0 => None,
		1 => Some(rng.pick(WORDS).to_string()),
		2 => Some(format!("{} {}", rng.pick(CAPABILITIES), rng.pick(WORDS))),
		_ => Some(rng.pick(TOOLS).to_string()),
	};
	Query {
		text,
		category: rng.chance(30).then(|| rng.pick(CATEGORIES).to_lowercase()),
		tool: rng.chance(20).then(|| rng.pick(TOOLS).to_string()),
		capability: rng.chance(20).then(|| rng.pick(CAPABILITIES).to_string()),
		region: rng.chance(30).then(|| rng.pick(REGIONS).to_string()),
		tier: rng.chance(15).then(|| rng.below(4) as u8),
		max_latency_ms: rng.chance(30).then(|| 50 + rng.below(2000) as u32),
		min_reputation: rng.chance(30).then(|| rng.below(900) as u32),
		include_stale: rng.chance(10),
		mcp_only: rng.chance(20),
		sort,
	}
}

fn dir_size(dir: &Path) -> Res<u64> {
	let mut total = 0;
	for item in std::fs::read_dir(dir)? {
		let meta = item?.metadata()?;
		if meta.is_file() {
			total += meta.len();
		}
	}
	Ok(total)
}

fn peak_rss_mib() -> Option<f64> {
	let status = std::fs::read_to_string("/proc/self/status").ok()?;
	let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
	let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
	Some(kib / 1024.0)
}

fn ms(d: Duration) -> f64 {
	d.as_secs_f64() * 1000.0
}

struct Row {
	n: usize,
	index_rate: f64,
	index_s: f64,
	rebuild_s: f64,
	size_mib: f64,
	reopen_ms: f64,
	p50: f64,
	p99: f64,
	max: f64,
	deep_ms: f64,
	hits_per_query: f64,
	rss: Option<f64>,
}

fn run(n: usize) -> Res<Row> {
	let mut rng = Rng(0xC4A0_5C0E ^ n as u64);
	let agents: Vec<AgentEntry> = (0..n as u64).map(|id| agent(id, &mut rng)).collect();
	let tmp = tempfile::tempdir()?;
	let dir = tmp.path().join("discovery");
	let checkpoint = |number| Checkpoint { number, hash: [7; 32] };

	let index = AgentIndex::open(&dir)?;
	let start = Instant::now();
	for a in &agents {
		index.upsert(a.clone())?;
	}
	index.commit(checkpoint(1))?;
	let index_time = start.elapsed();

	let start = Instant::now();
	index.clear()?;
	for a in &agents {
		index.upsert(a.clone())?;
	}
	index.commit(checkpoint(2))?;
	let rebuild_time = start.elapsed();
	if index.len()? != n as u64 {
		return Err(format!("indexed {} of {n}", index.len()?).into());
	}
	drop(index);
	let size = dir_size(&dir)?;

	let start = Instant::now();
	let index = AgentIndex::open(&dir)?;
	let reopen = start.elapsed();

	let mut latencies = Vec::new();
	let mut hits = 0usize;
	for i in 0..1000 {
		let q = query(&mut rng, i);
		let offset = 20 * rng.below(5);
		let start = Instant::now();
		hits += index.search(&q, offset, 20)?.len();
		latencies.push(start.elapsed());
	}
	latencies.sort();
	let pct = |p: f64| ms(latencies[((latencies.len() - 1) as f64 * p).round() as usize]);

	// Deep page: the cost of `offset` (heap of offset + limit keys).
	let start = Instant::now();
	index.search(&Query { sort: SortBy::Reputation, ..Query::default() }, n / 2, 20)?;
	let deep = start.elapsed();

	Ok(Row {
		n,
		index_rate: n as f64 / index_time.as_secs_f64(),
		index_s: index_time.as_secs_f64(),
		rebuild_s: rebuild_time.as_secs_f64(),
		size_mib: size as f64 / (1024.0 * 1024.0),
		reopen_ms: ms(reopen),
		p50: pct(0.50),
		p99: pct(0.99),
		max: ms(*latencies.last().unwrap_or(&Duration::ZERO)),
		deep_ms: ms(deep),
		hits_per_query: hits as f64 / latencies.len() as f64,
		rss: peak_rss_mib(),
	})
}

fn main() -> Res<()> {
	let mut sizes: Vec<usize> = Vec::new();
	for arg in std::env::args().skip(1) {
		if arg.starts_with('-') {
			continue; // `--bench` from cargo
		}
		sizes.push(arg.replace('_', "").parse()?);
	}
	if sizes.is_empty() {
		sizes = vec![10_000, 100_000];
	}
	let mut rows = Vec::new();
	for n in sizes {
		eprintln!("discover bench: {n} agents ...");
		rows.push(run(n)?);
	}
	println!(
		"| agents | index (entries/s, incl. commit) | rebuild (clear+reinsert+commit) | size on \
		 disk | reopen (incl. checksums) | query p50 | query p99 | query max | offset N/2 \
		 (no text) | peak RSS (process) |"
	);
	println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
	for r in &rows {
		println!(
			"| {} | {:.0} ({:.2} s) | {:.2} s | {:.1} MiB | {:.1} ms | {:.3} ms | {:.3} ms | {:.3} \
			 ms | {:.2} ms | {} |",
			r.n,
			r.index_rate,
			r.index_s,
			r.rebuild_s,
			r.size_mib,
			r.reopen_ms,
			r.p50,
			r.p99,
			r.max,
			r.deep_ms,
			r.rss.map_or("n/a".to_string(), |m| format!("{m:.0} MiB")),
		);
	}
	for r in &rows {
		println!(
			"\n{} agents: {:.1} hits per query on average (page size 20).",
			r.n, r.hits_per_query
		);
	}
	Ok(())
}
