use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

fn entry(id: u64) -> AgentEntry {
	AgentEntry {
		id,
		owner: format!("owner-{id}"),
		name: format!("Agent {id}"),
		description: "A general purpose helper".into(),
		category: "General".into(),
		tags: vec!["misc".into()],
		tools: vec!["Web-Search".into()],
		capabilities: vec!["summarize".into()],
		region: "EU-West".into(),
		tier: 1,
		latency_ms: 100,
		reputation: 500,
		stale: false,
		mcp: false,
		metadata_version: 1,
		document: format!("{{\"id\":{id}}}"),
	}
}

fn cp(number: u64) -> Checkpoint {
	let mut hash = [0u8; 32];
	hash[0] = 0xab;
	hash[31] = number as u8;
	Checkpoint { number, hash }
}

fn ids(hits: &[Hit]) -> Vec<u64> {
	hits.iter().map(|h| h.entry.id).collect()
}

fn all(index: &AgentIndex, query: &Query) -> Vec<u64> {
	ids(&index.search(query, 0, 10_000).unwrap())
}

fn q() -> Query {
	Query::default()
}

#[test]
fn agent_index_is_send_and_sync() {
	fn check<T: Send + Sync>() {}
	check::<AgentIndex>();
}

#[test]
fn a_snapshot_keeps_its_commit_while_later_commits_land() {
	let index = AgentIndex::in_ram().unwrap();
	index.upsert(entry(1)).unwrap();
	index.commit(cp(1)).unwrap();
	let first = index.snapshot();
	index.upsert(entry(2)).unwrap();
	index.remove(1).unwrap();
	index.commit(cp(2)).unwrap();
	// The older snapshot still pairs block 1 with block 1's entries.
	assert_eq!(first.checkpoint(), Some(cp(1)));
	assert_eq!(ids(&first.search(&q(), 0, 10).unwrap()), vec![1]);
	let second = index.snapshot();
	assert_eq!(second.checkpoint(), Some(cp(2)));
	assert_eq!(ids(&second.search(&q(), 0, 10).unwrap()), vec![2]);
}

#[test]
fn upsert_replace_remove() {
	let dir = tempfile::tempdir().unwrap();
	let index = AgentIndex::open(dir.path()).unwrap();
	assert_eq!(index.len().unwrap(), 0);
	assert_eq!(index.checkpoint(), None);
	for id in [3, 1, 2] {
		index.upsert(entry(id)).unwrap();
	}
	// Not visible before the commit.
	assert_eq!(index.len().unwrap(), 0);
	assert_eq!(index.get(1).unwrap(), None);
	index.commit(cp(1)).unwrap();
	assert_eq!(index.len().unwrap(), 3);
	assert_eq!(index.ids().unwrap(), vec![1, 2, 3]);
	assert_eq!(index.get(2).unwrap(), Some(entry(2)));

	// Replace: same id, new content; old terms no longer match.
	let mut replaced = entry(2);
	replaced.name = "Translator".into();
	replaced.category = "Language".into();
	index.upsert(replaced.clone()).unwrap();
	// Replacing twice in one batch keeps only the last.
	replaced.description = "Translates French".into();
	index.upsert(replaced.clone()).unwrap();
	index.commit(cp(2)).unwrap();
	assert_eq!(index.len().unwrap(), 3);
	assert_eq!(index.get(2).unwrap(), Some(replaced));
	assert_eq!(all(&index, &Query { category: Some("general".into()), ..q() }), vec![1, 3]);
	assert_eq!(all(&index, &Query { text: Some("translates".into()), ..q() }), vec![2]);

	index.remove(1).unwrap();
	index.remove(99).unwrap();
	index.commit(cp(3)).unwrap();
	assert_eq!(index.ids().unwrap(), vec![2, 3]);
	assert_eq!(index.get(1).unwrap(), None);
	assert_eq!(all(&index, &q()), vec![2, 3]);
}

#[test]
fn clear_and_rebuild() {
	let index = AgentIndex::in_ram().unwrap();
	for id in 0..10 {
		index.upsert(entry(id)).unwrap();
	}
	index.commit(cp(1)).unwrap();
	index.upsert(entry(100)).unwrap();
	index.clear().unwrap();
	// The last commit stays visible until the clear is committed.
	assert_eq!(index.len().unwrap(), 10);
	for id in 20..25 {
		index.upsert(entry(id)).unwrap();
	}
	index.commit(cp(2)).unwrap();
	assert_eq!(index.ids().unwrap(), vec![20, 21, 22, 23, 24]);
	assert_eq!(index.checkpoint(), Some(cp(2)));
	index.clear().unwrap();
	index.commit(cp(3)).unwrap();
	assert!(index.is_empty().unwrap());
	assert_eq!(all(&index, &q()), Vec::<u64>::new());
}

fn filter_fixture() -> AgentIndex {
	let index = AgentIndex::in_ram().unwrap();
	let mut e = entry(1);
	e.category = "Finance".into();
	e.tools = vec!["Web-Search".into(), "calculator".into()];
	e.capabilities = vec!["price-feed".into()];
	e.region = "US-East".into();
	e.tier = 2;
	e.latency_ms = 50;
	e.reputation = 900;
	e.mcp = true;
	index.upsert(e).unwrap();
	let mut e = entry(2);
	e.category = "finance tools".into();
	e.tools = vec!["search".into()];
	e.capabilities = vec!["Price-Feed".into(), "audit".into()];
	e.region = "us-east-1".into();
	e.tier = 1;
	e.latency_ms = 200;
	e.reputation = 300;
	index.upsert(e).unwrap();
	let mut e = entry(3);
	e.category = "FINANCE".into();
	e.tools = vec!["WEB-SEARCH".into()];
	e.region = "us-east".into();
	e.tier = 2;
	e.latency_ms = 200;
	e.reputation = 700;
	e.stale = true;
	e.mcp = true;
	index.upsert(e).unwrap();
	let mut e = entry(4);
	e.latency_ms = 10;
	e.reputation = 1000;
	index.upsert(e).unwrap();
	index.commit(cp(1)).unwrap();
	index
}

#[test]
fn every_filter() {
	let index = filter_fixture();
	let stale = |query: Query| Query { include_stale: true, ..query };
	// Default excludes stale entries.
	assert_eq!(all(&index, &q()), vec![1, 2, 4]);
	assert_eq!(all(&index, &stale(q())), vec![1, 2, 3, 4]);
	// Category: case-insensitive, whole value (not "finance tools").
	assert_eq!(all(&index, &stale(Query { category: Some("fInAnCe".into()), ..q() })), vec![1, 3]);
	assert_eq!(all(&index, &Query { category: Some("finance tools".into()), ..q() }), vec![2]);
	assert_eq!(all(&index, &Query { category: Some("tools".into()), ..q() }), Vec::<u64>::new());
	// Tool: any value, whole value.
	assert_eq!(
		all(&index, &stale(Query { tool: Some("web-search".into()), ..q() })),
		vec![1, 3, 4]
	);
	assert_eq!(all(&index, &stale(Query { tool: Some("search".into()), ..q() })), vec![2]);
	assert_eq!(all(&index, &Query { tool: Some("Calculator".into()), ..q() }), vec![1]);
	// Capability.
	assert_eq!(all(&index, &Query { capability: Some("price-feed".into()), ..q() }), vec![1, 2]);
	assert_eq!(all(&index, &Query { capability: Some("price".into()), ..q() }), Vec::<u64>::new());
	assert_eq!(all(&index, &Query { capability: Some("AUDIT".into()), ..q() }), vec![2]);
	// Region.
	assert_eq!(all(&index, &stale(Query { region: Some("US-EAST".into()), ..q() })), vec![1, 3]);
	assert_eq!(all(&index, &Query { region: Some("us-east-1".into()), ..q() }), vec![2]);
	// Tier.
	assert_eq!(all(&index, &stale(Query { tier: Some(2), ..q() })), vec![1, 3]);
	assert_eq!(all(&index, &Query { tier: Some(1), ..q() }), vec![2, 4]);
	assert_eq!(all(&index, &Query { tier: Some(7), ..q() }), Vec::<u64>::new());
	// Latency (inclusive bound).
	assert_eq!(all(&index, &Query { max_latency_ms: Some(50), ..q() }), vec![1, 4]);
	assert_eq!(all(&index, &Query { max_latency_ms: Some(9), ..q() }), Vec::<u64>::new());
	assert_eq!(all(&index, &stale(Query { max_latency_ms: Some(200), ..q() })), vec![1, 2, 3, 4]);
	// Reputation (inclusive bound).
	assert_eq!(all(&index, &Query { min_reputation: Some(900), ..q() }), vec![1, 4]);
	assert_eq!(all(&index, &stale(Query { min_reputation: Some(700), ..q() })), vec![1, 3, 4]);
	assert_eq!(all(&index, &Query { min_reputation: Some(1001), ..q() }), Vec::<u64>::new());
	// MCP.
	assert_eq!(all(&index, &Query { mcp_only: true, ..q() }), vec![1]);
	assert_eq!(all(&index, &stale(Query { mcp_only: true, ..q() })), vec![1, 3]);
	// Combined.
	let combined = Query {
		category: Some("finance".into()),
		tool: Some("web-search".into()),
		region: Some("us-east".into()),
		tier: Some(2),
		max_latency_ms: Some(100),
		min_reputation: Some(800),
		mcp_only: true,
		..q()
	};
	assert_eq!(all(&index, &combined), vec![1]);
	// Filters combine with text.
	assert_eq!(
		all(&index, &Query { text: Some("agent".into()), tier: Some(1), ..q() }),
		vec![2, 4]
	);
}

#[test]
fn sort_orders_with_ties() {
	let index = AgentIndex::in_ram().unwrap();
	// (id, reputation, latency)
	for (id, reputation, latency) in
		[(5, 700, 30), (1, 700, 90), (9, 900, 30), (3, 100, 10), (7, 700, 30), (2, 900, 90)]
	{
		let mut e = entry(id);
		e.reputation = reputation;
		e.latency_ms = latency;
		index.upsert(e).unwrap();
	}
	index.commit(cp(1)).unwrap();
	let sorted = |sort| all(&index, &Query { sort, ..q() });
	assert_eq!(sorted(SortBy::Relevance), vec![1, 2, 3, 5, 7, 9]);
	assert_eq!(sorted(SortBy::Reputation), vec![2, 9, 1, 5, 7, 3]);
	assert_eq!(sorted(SortBy::Latency), vec![3, 5, 7, 9, 1, 2]);
	// Without text all scores are 0.
	assert!(index.search(&q(), 0, 10).unwrap().iter().all(|h| h.score == 0.0));

	// Relevance with text: better matches first, equal scores by id.
	let index = AgentIndex::in_ram().unwrap();
	for id in [8, 4, 6] {
		let mut e = entry(id);
		e.name = "Plain".into();
		e.description = "invoice parser".into();
		index.upsert(e).unwrap();
	}
	let mut e = entry(10);
	e.name = "Invoice".into();
	e.description = "invoice parser".into();
	index.upsert(e).unwrap();
	index.commit(cp(1)).unwrap();
	let hits = index.search(&Query { text: Some("invoice".into()), ..q() }, 0, 10).unwrap();
	assert_eq!(ids(&hits), vec![10, 4, 6, 8]);
	assert!(hits[0].score > hits[1].score);
	assert_eq!(hits[1].score, hits[2].score);
	assert_eq!(hits[2].score, hits[3].score);
	// Other sorts still report the relevance score.
	let hits = index
		.search(&Query { text: Some("invoice".into()), sort: SortBy::Latency, ..q() }, 0, 10)
		.unwrap();
	assert_eq!(ids(&hits), vec![4, 6, 8, 10]);
	assert!(hits[3].score > hits[0].score);
}

#[test]
fn pagination_concatenates() {
	let index = AgentIndex::in_ram().unwrap();
	for id in 0..257u64 {
		let mut e = entry(id * 7 % 263);
		e.reputation = (id % 5) as u32 * 100;
		e.latency_ms = (id % 3) as u32 * 10;
		if id % 4 == 0 {
			e.description = "invoice invoice parser".into();
		}
		index.upsert(e).unwrap();
	}
	// Several commits: several segments.
	index.commit(cp(1)).unwrap();
	for id in 300..340u64 {
		let mut e = entry(id);
		e.description = "parser".into();
		index.upsert(e).unwrap();
		if id % 10 == 0 {
			index.commit(cp(id)).unwrap();
		}
	}
	index.commit(cp(400)).unwrap();
	for sort in [SortBy::Relevance, SortBy::Reputation, SortBy::Latency] {
		for text in [None, Some("parser".to_string()), Some("invoice parser".to_string())] {
			let query = Query { sort, text, ..q() };
			let big = all(&index, &query);
			assert!(!big.is_empty());
			for page in [1, 7, 20, 64] {
				let mut pages = Vec::new();
				let mut offset = 0;
				loop {
					let hits = index.search(&query, offset, page).unwrap();
					assert!(hits.len() <= page);
					if hits.is_empty() {
						break;
					}
					offset += hits.len();
					pages.extend(ids(&hits));
				}
				assert_eq!(pages, big, "{sort:?} page {page}");
			}
			let mut unique = big.clone();
			unique.sort();
			unique.dedup();
			assert_eq!(unique.len(), big.len());
		}
	}
}

#[test]
fn search_never_panics_on_offsets() {
	let index = AgentIndex::in_ram().unwrap();
	assert!(index.search(&q(), 0, 10).unwrap().is_empty());
	for id in 0..5 {
		index.upsert(entry(id)).unwrap();
	}
	index.commit(cp(1)).unwrap();
	for (offset, limit) in [
		(0, 0),
		(0, usize::MAX),
		(usize::MAX, usize::MAX),
		(usize::MAX, 1),
		(5, 1),
		(4, usize::MAX),
	] {
		let hits = index.search(&q(), offset, limit).unwrap();
		assert_eq!(hits.len(), 5usize.saturating_sub(offset).min(limit), "{offset} {limit}");
	}
}

#[test]
fn text_search() {
	let index = AgentIndex::in_ram().unwrap();
	let mut e = entry(1);
	e.name = "PolyGlot".into();
	e.description = "Translates legal contracts between languages".into();
	e.tools = vec!["deepl_api".into()];
	e.capabilities = vec!["translation".into()];
	e.tags = vec!["Legal".into()];
	index.upsert(e).unwrap();
	let mut e = entry(2);
	e.name = "Scout".into();
	e.description = "Finds things on the web".into();
	e.tools = vec!["web-search".into(), "headless-browser".into()];
	e.capabilities = vec!["research".into(), "price-comparison".into()];
	e.tags = vec!["shopping".into()];
	index.upsert(e).unwrap();
	index.commit(cp(1)).unwrap();
	let text = |t: &str| all(&index, &Query { text: Some(t.into()), ..q() });
	// Name, description, tools, capabilities, tags; case-insensitive.
	assert_eq!(text("polyglot"), vec![1]);
	assert_eq!(text("CONTRACTS"), vec![1]);
	assert_eq!(text("deepl"), vec![1]);
	assert_eq!(text("translation"), vec![1]);
	assert_eq!(text("legal"), vec![1]);
	assert_eq!(text("browser"), vec![2]);
	assert_eq!(text("web-search"), vec![2]);
	assert_eq!(text("comparison"), vec![2]);
	assert_eq!(text("Shopping"), vec![2]);
	// Every token must match somewhere (across fields).
	assert_eq!(text("scout research shopping"), vec![2]);
	assert_eq!(text("scout legal"), Vec::<u64>::new());
	assert_eq!(text("agent"), Vec::<u64>::new());
	// Words shared by all entries.
	assert_eq!(text("the"), vec![2]);
	// Query syntax is not syntax: no error, no panic.
	for weird in ["\"unterminated", "a AND OR", "field:value", "(((", "*", "+-~^", "[1 TO"] {
		index.search(&Query { text: Some(weird.into()), ..q() }, 0, 10).unwrap();
	}
	assert_eq!(text("name:scout"), Vec::<u64>::new());
	assert_eq!(text("(scout)"), vec![2]);
	// No tokens: all entries.
	assert_eq!(text(""), vec![1, 2]);
	assert_eq!(text(" !!! "), vec![1, 2]);
	// Owner and document are not searchable.
	assert_eq!(text("owner"), Vec::<u64>::new());
	assert_eq!(text("id"), Vec::<u64>::new());
	// The raw document is returned verbatim.
	assert_eq!(index.get(1).unwrap().unwrap().document, "{\"id\":1}");
}

#[test]
fn survives_reopen() {
	let dir = tempfile::tempdir().unwrap();
	{
		let index = AgentIndex::open(dir.path()).unwrap();
		for id in 0..50 {
			index.upsert(entry(id)).unwrap();
		}
		index.commit(cp(41)).unwrap();
		index.remove(7).unwrap();
		index.commit(cp(42)).unwrap();
		// Uncommitted work is lost.
		index.upsert(entry(1000)).unwrap();
	}
	let (index, recreated) = AgentIndex::open_or_recreate(dir.path()).unwrap();
	assert!(!recreated);
	assert_eq!(index.checkpoint(), Some(cp(42)));
	assert_eq!(index.len().unwrap(), 49);
	assert_eq!(index.get(8).unwrap(), Some(entry(8)));
	assert_eq!(index.get(7).unwrap(), None);
	assert_eq!(index.get(1000).unwrap(), None);
	assert_eq!(all(&index, &Query { text: Some("agent 12".into()), ..q() }), vec![12]);
	drop(index);
	// A fresh index never committed with a checkpoint reopens without one.
	let fresh = tempfile::tempdir().unwrap();
	let path = fresh.path().join("nested/index");
	drop(AgentIndex::open(&path).unwrap());
	let index = AgentIndex::open(&path).unwrap();
	assert_eq!(index.checkpoint(), None);
	assert!(index.is_empty().unwrap());
}

#[test]
fn second_writer_is_locked_not_corrupt() {
	let dir = tempfile::tempdir().unwrap();
	let _first = AgentIndex::open(dir.path()).unwrap();
	assert!(matches!(AgentIndex::open(dir.path()), Err(IndexError::Locked(_))));
	assert!(matches!(AgentIndex::open_or_recreate(dir.path()), Err(IndexError::Locked(_))));
}

fn populated(dir: &Path) {
	let index = AgentIndex::open(dir).unwrap();
	for id in 0..20 {
		index.upsert(entry(id)).unwrap();
	}
	index.commit(cp(5)).unwrap();
}

fn assert_corrupt_then_recreated(dir: &Path) {
	match AgentIndex::open(dir) {
		Err(IndexError::Corrupt(_)) => {},
		other => panic!("expected Corrupt, got {other:?}"),
	}
	let (index, recreated) = AgentIndex::open_or_recreate(dir).unwrap();
	assert!(recreated);
	assert!(index.is_empty().unwrap());
	assert_eq!(index.checkpoint(), None);
	drop(index);
	let index = AgentIndex::open(dir).unwrap();
	assert!(index.is_empty().unwrap());
}

#[test]
fn garbage_meta_is_corrupt() {
	let dir = tempfile::tempdir().unwrap();
	populated(dir.path());
	fs::write(dir.path().join("meta.json"), b"\x00garbage{{{").unwrap();
	assert_corrupt_then_recreated(dir.path());
}

#[test]
fn missing_segment_files_are_corrupt() {
	let dir = tempfile::tempdir().unwrap();
	populated(dir.path());
	let mut deleted = 0;
	for item in fs::read_dir(dir.path()).unwrap() {
		let path = item.unwrap().path();
		let name = path.file_name().unwrap().to_string_lossy().to_string();
		if name.ends_with(".store") || name.ends_with(".idx") {
			fs::remove_file(&path).unwrap();
			deleted += 1;
		}
	}
	assert!(deleted > 0);
	assert_corrupt_then_recreated(dir.path());
}

#[test]
fn damaged_segment_files_are_corrupt() {
	let dir = tempfile::tempdir().unwrap();
	populated(dir.path());
	for item in fs::read_dir(dir.path()).unwrap() {
		let path = item.unwrap().path();
		if path.extension().is_some_and(|e| e == "store") {
			let mut bytes = fs::read(&path).unwrap();
			for b in bytes.iter_mut().take(16) {
				*b ^= 0x5a;
			}
			fs::write(&path, bytes).unwrap();
		}
	}
	assert_corrupt_then_recreated(dir.path());
}

#[test]
fn foreign_files_are_corrupt() {
	let dir = tempfile::tempdir().unwrap();
	fs::write(dir.path().join("notes.txt"), b"hello").unwrap();
	assert_corrupt_then_recreated(dir.path());
	// A plain file where the directory should be.
	let file = dir.path().join("file");
	fs::write(&file, b"x").unwrap();
	assert_corrupt_then_recreated(&file);
}

/// Rewrites the payload of the index in `dir` (as another version of this crate would).
fn rewrite_payload(dir: &Path, payload: &str) {
	let index = Index::open_in_dir(dir).unwrap();
	let mut writer: IndexWriter<TantivyDocument> =
		index.writer_with_num_threads(1, 15_000_000).unwrap();
	let mut prepared = writer.prepare_commit().unwrap();
	prepared.set_payload(payload);
	prepared.commit().unwrap();
}

#[test]
fn schema_version_mismatch_is_corrupt() {
	let dir = tempfile::tempdir().unwrap();
	populated(dir.path());
	rewrite_payload(
		dir.path(),
		&format!("{{\"schema_version\":{},\"checkpoint\":null}}", SCHEMA_VERSION + 1),
	);
	assert_corrupt_then_recreated(dir.path());

	populated(dir.path());
	rewrite_payload(dir.path(), "not json");
	assert_corrupt_then_recreated(dir.path());

	// Another tantivy schema altogether.
	let other = tempfile::tempdir().unwrap();
	let mut builder = Schema::builder();
	builder.add_u64_field("id", INDEXED);
	let index = Index::create_in_dir(other.path(), builder.build()).unwrap();
	drop(index);
	assert_corrupt_then_recreated(other.path());
}

#[test]
fn checkpoint_hex_round_trip() {
	let c = Checkpoint { number: u64::MAX, hash: core::array::from_fn(|i| (i * 37) as u8) };
	let stored = StoredCheckpoint::from(c);
	assert_eq!(stored.hash.len(), 66);
	assert_eq!(Checkpoint::try_from(stored).unwrap(), c);
	assert!(Checkpoint::try_from(StoredCheckpoint { number: 1, hash: "0x12".into() }).is_err());
	assert!(Checkpoint::try_from(StoredCheckpoint {
		number: 1,
		hash: format!("0x{}", "g".repeat(64))
	})
	.is_err());
}

// ---- property test against a BTreeMap model ----

const CATEGORIES: [&str; 3] = ["Finance", "finance", "Legal"];
const TOOLS: [&str; 3] = ["web-search", "Calculator", "ocr"];
const REGIONS: [&str; 2] = ["eu", "US"];
const WORDS: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

#[derive(Clone, Debug)]
enum Op {
	Upsert(Box<AgentEntry>),
	Remove(u64),
	Commit,
	Clear,
}

fn arb_entry() -> impl Strategy<Value = AgentEntry> {
	(
		0u64..24,
		0usize..3,
		proptest::collection::vec(0usize..3, 0..3),
		0usize..2,
		0u8..3,
		0u32..4,
		0u32..4,
		any::<bool>(),
		any::<bool>(),
		0usize..4,
	)
		.prop_map(|(id, cat, tools, region, tier, lat, rep, stale, mcp, word)| AgentEntry {
			id,
			name: format!("agent {}", WORDS[word]),
			category: CATEGORIES[cat].into(),
			tools: tools.into_iter().map(|t| TOOLS[t].to_string()).collect(),
			region: REGIONS[region].into(),
			tier,
			latency_ms: lat * 100,
			reputation: rep * 250,
			stale,
			mcp,
			..AgentEntry::default()
		})
}

fn arb_op() -> impl Strategy<Value = Op> {
	prop_oneof![
		6 => arb_entry().prop_map(|e| Op::Upsert(Box::new(e))),
		2 => (0u64..24).prop_map(Op::Remove),
		2 => Just(Op::Commit),
		1 => Just(Op::Clear),
	]
}

fn arb_query() -> impl Strategy<Value = Query> {
	(
		proptest::option::of(0usize..3),
		proptest::option::of(0usize..3),
		proptest::option::of(0usize..2),
		proptest::option::of(0u8..3),
		proptest::option::of(0u32..4),
		proptest::option::of(0u32..4),
		any::<bool>(),
		any::<bool>(),
		prop_oneof![Just(SortBy::Relevance), Just(SortBy::Reputation), Just(SortBy::Latency)],
		proptest::option::of(0usize..4),
	)
		.prop_map(|(cat, tool, region, tier, lat, rep, include_stale, mcp_only, sort, word)| {
			Query {
				text: word.map(|w| WORDS[w].to_uppercase()),
				category: cat.map(|c| CATEGORIES[c].to_uppercase()),
				tool: tool.map(|t| TOOLS[t].to_lowercase()),
				capability: None,
				region: region.map(|r| REGIONS[r].to_lowercase()),
				tier,
				max_latency_ms: lat.map(|l| l * 100),
				min_reputation: rep.map(|r| r * 250),
				include_stale,
				mcp_only,
				sort,
			}
		})
}

fn model_search(model: &BTreeMap<u64, AgentEntry>, query: &Query) -> Vec<u64> {
	let eq = |a: &str, b: &Option<String>| {
		b.as_ref().is_none_or(|b| a.to_lowercase() == b.to_lowercase())
	};
	let mut hits: Vec<&AgentEntry> =
		model
			.values()
			.filter(|e| {
				query
					.text
					.as_ref()
					.is_none_or(|t| e.name.to_lowercase().contains(&t.to_lowercase()))
					&& eq(&e.category, &query.category)
					&& query.tool.as_ref().is_none_or(|t| {
						e.tools.iter().any(|x| x.to_lowercase() == *t.to_lowercase())
					}) && eq(&e.region, &query.region)
					&& query.tier.is_none_or(|t| e.tier == t)
					&& query.max_latency_ms.is_none_or(|l| e.latency_ms <= l)
					&& query.min_reputation.is_none_or(|r| e.reputation >= r)
					&& (query.include_stale || !e.stale)
					&& (!query.mcp_only || e.mcp)
			})
			.collect();
	// Ties by id: `model` iterates in id order and the sorts are stable.
	match query.sort {
		// All matches of one single-word text score alike (same name length, same term).
		SortBy::Relevance => {},
		SortBy::Reputation => hits.sort_by_key(|e| std::cmp::Reverse(e.reputation)),
		SortBy::Latency => hits.sort_by_key(|e| e.latency_ms),
	}
	hits.into_iter().map(|e| e.id).collect()
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

	#[test]
	fn random_ops_match_model(
		ops in proptest::collection::vec(arb_op(), 1..60),
		queries in proptest::collection::vec(arb_query(), 8),
	) {
		let index = AgentIndex::in_ram().unwrap();
		let mut committed: BTreeMap<u64, AgentEntry> = BTreeMap::new();
		let mut pending = committed.clone();
		for (n, op) in ops.into_iter().enumerate() {
			match op {
				Op::Upsert(e) => {
					pending.insert(e.id, (*e).clone());
					index.upsert(*e).unwrap();
				},
				Op::Remove(id) => {
					pending.remove(&id);
					index.remove(id).unwrap();
				},
				Op::Clear => {
					pending.clear();
					index.clear().unwrap();
				},
				Op::Commit => {
					index.commit(cp(n as u64)).unwrap();
					committed = pending.clone();
				},
			}
			// Reads always reflect the last commit.
			prop_assert_eq!(index.ids().unwrap(), committed.keys().copied().collect::<Vec<_>>());
		}
		index.commit(cp(1000)).unwrap();
		let model = pending;
		prop_assert_eq!(index.ids().unwrap(), model.keys().copied().collect::<Vec<_>>());
		prop_assert_eq!(index.len().unwrap(), model.len() as u64);
		for (id, e) in &model {
			prop_assert_eq!(index.get(*id).unwrap(), Some(e.clone()));
		}
		for query in &queries {
			let expected = model_search(&model, query);
			prop_assert_eq!(all(&index, query), expected.clone(), "{:?}", query);
			// Two pages concatenate to the same answer.
			let mut paged = ids(&index.search(query, 0, 3).unwrap());
			paged.extend(ids(&index.search(query, 3, 100).unwrap()));
			prop_assert_eq!(paged, expected);
		}
	}
}
