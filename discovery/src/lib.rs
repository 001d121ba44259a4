//! # ChaosCore discovery index
//!
//! The off-chain search index behind the node's agent-discovery RPC. It knows nothing about
//! Substrate: the node builds an [`AgentEntry`] per agent (on-chain metadata plus the agent's
//! capability document), [`upsert`](AgentIndex::upsert)s or [`remove`](AgentIndex::remove)s
//! entries as blocks are imported, and [`commit`](AgentIndex::commit)s them together with the
//! [`Checkpoint`] (block number and hash) they reflect. The index is a [tantivy] index in one
//! directory; everything written before a commit is invisible to readers and lost on a crash, so
//! after a restart the node resumes from [`AgentIndex::checkpoint`].
//!
//! ## Schema
//!
//! | field                                   | kind                                           | used for                       |
//! |-----------------------------------------|------------------------------------------------|--------------------------------|
//! | `id`                                    | u64, indexed + fast                            | identity (upsert/remove), ties |
//! | `name`, `description`                   | text, tokenized (`default`: split on non-alphanumerics, lower-cased) | [`Query::text`] |
//! | `tags_text`, `tools_text`, `capabilities_text` | text, tokenized as above, one value per list item | [`Query::text`]   |
//! | `category`, `tool`, `capability`, `region` | keyword (`raw`), value lower-cased, not tokenized | exact filters               |
//! | `tier`, `latency_ms`, `reputation`      | u64, indexed + fast                            | filters and sort keys          |
//! | `stale`, `mcp`                          | bool, indexed                                  | filters                        |
//! | `entry`                                 | stored JSON of the whole [`AgentEntry`] (incl. `document`) | returned in [`Hit`]  |
//!
//! The raw capability document is stored, never indexed. The schema version
//! ([`SCHEMA_VERSION`]) is written into every commit payload next to the checkpoint; an index
//! written with another version, or whose tantivy schema differs from this crate's, opens as
//! [`IndexError::Corrupt`], so the node wipes and rebuilds it ([`AgentIndex::open_or_recreate`]).
//!
//! ## Matching
//!
//! * Exact filters ([`Query::category`], [`Query::tool`], [`Query::capability`], [`Query::region`])
//!   match the *whole* value case-insensitively (both sides are lower-cased with
//!   [`str::to_lowercase`]); `tool: "search"` does not match an agent whose tool is `"web-search"`.
//!   Multi-valued fields match if any value matches.
//! * [`Query::text`] is tokenized like the indexed text (split on non-alphanumeric characters,
//!   lower-cased; no stemming, no query syntax: user text can never be a syntax error). Every token
//!   must occur in at least one of name, description, tags, tools or capabilities. Matches are
//!   scored with BM25, boosted by field (name ×3, tags/tools/capabilities ×2, description ×1). Text
//!   with no tokens (empty, only punctuation) is treated as no text. At most [`MAX_QUERY_TOKENS`]
//!   distinct tokens are used.
//! * Without text, every entry that passes the filters matches, with score `0.0`.
//! * `include_stale: false` drops entries with `stale == true`; `mcp_only` keeps entries with `mcp
//!   == true`.
//!
//! ## Ordering and pagination contract
//!
//! [`AgentIndex::search`] ranks all matching entries by a *total* order, then returns positions
//! `offset..offset + limit` of that order:
//!
//! * [`SortBy::Relevance`]: score descending, then id ascending (so without text: id ascending);
//! * [`SortBy::Reputation`]: reputation descending, then id ascending;
//! * [`SortBy::Latency`]: latency ascending, then id ascending.
//!
//! Because ids are unique the order is total and deterministic for a given committed state:
//! concatenating consecutive pages yields exactly one big page, with no duplicates and no gaps,
//! as long as no [`commit`](AgentIndex::commit) happens in between (a commit may move entries).
//! Each call costs one pass over the matching documents with a heap of `offset + limit` keys,
//! and only the returned page's stored documents are loaded; any `offset`/`limit` is accepted
//! (`limit == 0` or an offset past the end give an empty page).
//!
//! ## Concurrency
//!
//! Every method takes `&self`, and [`AgentIndex`] is `Send + Sync`: the node shares one between
//! the block follower (the only writer) and any number of RPC readers. Reads see the last commit
//! and never wait for writes, not even while a commit is being written; writes are serialized by
//! an internal lock. One directory can be opened by one
//! [`AgentIndex`] at a time (tantivy's writer lock); a second open gets
//! [`IndexError::Locked`], which is *not* treated as corruption.

#![warn(missing_docs)]

use parking_lot::Mutex;
use std::{fs, io, ops::Bound, path::Path, sync::Arc};

use serde::{Deserialize, Serialize};
use tantivy::{
	collector::{sort_key::NaturalComparator, SegmentSortKeyComputer, SortKeyComputer, TopDocs},
	columnar::ColumnValues,
	directory::{error::LockError, MmapDirectory},
	query::{
		AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query as TantivyQuery,
		RangeQuery, TermQuery,
	},
	schema::{
		Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED,
		STORED, STRING,
	},
	tokenizer::TextAnalyzer,
	DocAddress, DocId, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Score,
	Searcher, SegmentReader, TantivyDocument, TantivyError, Term,
};

/// Version of the index layout (schema, tokenizers, stored entry encoding). Stored in every
/// commit payload; an index with another version opens as [`IndexError::Corrupt`].
pub const SCHEMA_VERSION: u32 = 1;

/// At most this many distinct tokens of [`Query::text`] are used; the rest are ignored.
pub const MAX_QUERY_TOKENS: usize = 32;

/// Total indexing memory budget of the writer (split across [`WRITER_THREADS`]).
pub const WRITER_MEMORY_BYTES: usize = 64 * 1024 * 1024;

/// Number of indexing threads of the writer.
pub const WRITER_THREADS: usize = 2;

/// One agent as the index stores it (built by the node from on-chain metadata and the
/// capability document).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentEntry {
	/// On-chain agent id; unique key of the index.
	pub id: u64,
	/// Owner account (SS58 or hex), opaque to the index; stored, not searchable.
	pub owner: String,
	/// Display name; full-text searchable (boost 3).
	pub name: String,
	/// Free-text description from the capability document; full-text searchable.
	pub description: String,
	/// Category; exact (case-insensitive) filter.
	pub category: String,
	/// Tags; full-text searchable (boost 2).
	pub tags: Vec<String>,
	/// Tools; exact filter per value and full-text searchable (boost 2).
	pub tools: Vec<String>,
	/// Capabilities; exact filter per value and full-text searchable (boost 2).
	pub capabilities: Vec<String>,
	/// Region; exact (case-insensitive) filter.
	pub region: String,
	/// Service tier; exact filter.
	pub tier: u8,
	/// Advertised latency in milliseconds; `max_latency_ms` filter and [`SortBy::Latency`].
	pub latency_ms: u32,
	/// Reputation score, `0..=1000` (500 for no history); `min_reputation` filter and
	/// [`SortBy::Reputation`].
	pub reputation: u32,
	/// Last known liveness: `true` if the agent is stale. Excluded unless
	/// [`Query::include_stale`]; the caller gates on current on-chain status as well.
	pub stale: bool,
	/// Whether the agent has an MCP endpoint ([`Query::mcp_only`]).
	pub mcp: bool,
	/// Version of the on-chain metadata this entry was built from.
	pub metadata_version: u32,
	/// The raw capability document (JSON text); stored and returned, never indexed.
	pub document: String,
}

/// The chain position an index commit reflects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Checkpoint {
	/// Block number.
	pub number: u64,
	/// Block hash.
	pub hash: [u8; 32],
}

/// Primary ranking key of [`AgentIndex::search`]; ties are always broken by id ascending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortBy {
	/// Text relevance (BM25) descending; without text all scores are equal, i.e. id order.
	#[default]
	Relevance,
	/// Reputation descending.
	Reputation,
	/// Latency ascending.
	Latency,
}

/// A search request. `Query::default()` matches every non-stale entry, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
	/// Full-text query over name, description, capabilities, tools and tags (every token must
	/// match somewhere). `None`, or text without tokens, matches everything.
	pub text: Option<String>,
	/// Exact, case-insensitive category.
	pub category: Option<String>,
	/// Exact, case-insensitive tool (any of the agent's tools).
	pub tool: Option<String>,
	/// Exact, case-insensitive capability (any of the agent's capabilities).
	pub capability: Option<String>,
	/// Exact, case-insensitive region.
	pub region: Option<String>,
	/// Exact tier.
	pub tier: Option<u8>,
	/// Only entries with `latency_ms <= max_latency_ms`.
	pub max_latency_ms: Option<u32>,
	/// Only entries with `reputation >= min_reputation`.
	pub min_reputation: Option<u32>,
	/// Also return entries marked stale.
	pub include_stale: bool,
	/// Only entries with an MCP endpoint.
	pub mcp_only: bool,
	/// Ranking.
	pub sort: SortBy,
}

/// One search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
	/// The stored entry.
	pub entry: AgentEntry,
	/// BM25 relevance of the text part of the query (`0.0` without text), whatever the sort.
	pub score: f32,
}

/// Errors of the discovery index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
	/// The directory is not a readable index of this [`SCHEMA_VERSION`] (garbage or missing
	/// files, checksum mismatch, other schema, foreign files). Rebuild it:
	/// [`AgentIndex::open_or_recreate`].
	#[error("discovery index is corrupt or unreadable: {0}")]
	Corrupt(String),
	/// Another writer (this or another process) holds the index directory.
	#[error("discovery index is locked by another writer: {0}")]
	Locked(String),
	/// The query was rejected. Reserved: text is tokenized rather than parsed, so
	/// [`AgentIndex::search`] currently never returns it.
	#[error("bad query: {0}")]
	BadQuery(String),
	/// Filesystem error outside tantivy (creating or wiping the directory).
	#[error("discovery index I/O error: {0}")]
	Io(#[from] io::Error),
	/// Any other tantivy error (indexing, commit, search).
	#[error("discovery index error: {0}")]
	Tantivy(#[from] TantivyError),
}

/// Result type of this crate.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;

/// Field names (also the fast-field names used by the sort keys).
mod names {
	pub const ID: &str = "id";
	pub const NAME: &str = "name";
	pub const DESCRIPTION: &str = "description";
	pub const TAGS_TEXT: &str = "tags_text";
	pub const TOOLS_TEXT: &str = "tools_text";
	pub const CAPABILITIES_TEXT: &str = "capabilities_text";
	pub const CATEGORY: &str = "category";
	pub const TOOL: &str = "tool";
	pub const CAPABILITY: &str = "capability";
	pub const REGION: &str = "region";
	pub const TIER: &str = "tier";
	pub const LATENCY: &str = "latency_ms";
	pub const REPUTATION: &str = "reputation";
	pub const STALE: &str = "stale";
	pub const MCP: &str = "mcp";
	pub const ENTRY: &str = "entry";
}

/// Handles of the schema's fields.
#[derive(Clone, Copy, Debug)]
struct Fields {
	id: Field,
	name: Field,
	description: Field,
	tags_text: Field,
	tools_text: Field,
	capabilities_text: Field,
	category: Field,
	tool: Field,
	capability: Field,
	region: Field,
	tier: Field,
	latency: Field,
	reputation: Field,
	stale: Field,
	mcp: Field,
	entry: Field,
}

impl Fields {
	/// The schema this crate writes.
	fn schema() -> Schema {
		let text = TextOptions::default().set_indexing_options(
			TextFieldIndexing::default()
				.set_tokenizer("default")
				.set_index_option(IndexRecordOption::WithFreqs),
		);
		let mut b = Schema::builder();
		b.add_u64_field(names::ID, INDEXED | FAST);
		for name in [
			names::NAME,
			names::DESCRIPTION,
			names::TAGS_TEXT,
			names::TOOLS_TEXT,
			names::CAPABILITIES_TEXT,
		] {
			b.add_text_field(name, text.clone());
		}
		for name in [names::CATEGORY, names::TOOL, names::CAPABILITY, names::REGION] {
			b.add_text_field(name, STRING);
		}
		for name in [names::TIER, names::LATENCY, names::REPUTATION] {
			b.add_u64_field(name, INDEXED | FAST);
		}
		b.add_bool_field(names::STALE, INDEXED);
		b.add_bool_field(names::MCP, INDEXED);
		b.add_text_field(names::ENTRY, STORED);
		b.build()
	}

	/// Looks the fields up in `schema`.
	fn of(schema: &Schema) -> Result<Self> {
		let f = |name: &str| {
			schema
				.get_field(name)
				.map_err(|e| IndexError::Corrupt(format!("schema lacks field `{name}`: {e}")))
		};
		Ok(Fields {
			id: f(names::ID)?,
			name: f(names::NAME)?,
			description: f(names::DESCRIPTION)?,
			tags_text: f(names::TAGS_TEXT)?,
			tools_text: f(names::TOOLS_TEXT)?,
			capabilities_text: f(names::CAPABILITIES_TEXT)?,
			category: f(names::CATEGORY)?,
			tool: f(names::TOOL)?,
			capability: f(names::CAPABILITY)?,
			region: f(names::REGION)?,
			tier: f(names::TIER)?,
			latency: f(names::LATENCY)?,
			reputation: f(names::REPUTATION)?,
			stale: f(names::STALE)?,
			mcp: f(names::MCP)?,
			entry: f(names::ENTRY)?,
		})
	}

	/// Text fields searched by [`Query::text`], with their boosts.
	fn text_fields(&self) -> [(Field, Score); 5] {
		[
			(self.name, 3.0),
			(self.tags_text, 2.0),
			(self.tools_text, 2.0),
			(self.capabilities_text, 2.0),
			(self.description, 1.0),
		]
	}
}

/// What every commit payload holds.
#[derive(Serialize, Deserialize)]
struct Payload {
	schema_version: u32,
	checkpoint: Option<StoredCheckpoint>,
}

/// [`Checkpoint`] as stored in the payload (hash as `0x`-hex).
#[derive(Serialize, Deserialize)]
struct StoredCheckpoint {
	number: u64,
	hash: String,
}

impl From<Checkpoint> for StoredCheckpoint {
	fn from(c: Checkpoint) -> Self {
		let mut hash = String::with_capacity(66);
		hash.push_str("0x");
		for b in c.hash {
			hash.push(char::from(HEX[usize::from(b >> 4)]));
			hash.push(char::from(HEX[usize::from(b & 0xf)]));
		}
		StoredCheckpoint { number: c.number, hash }
	}
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl TryFrom<StoredCheckpoint> for Checkpoint {
	type Error = String;

	fn try_from(s: StoredCheckpoint) -> Result<Self, String> {
		let digits = s.hash.strip_prefix("0x").unwrap_or(&s.hash).as_bytes();
		if digits.len() != 64 {
			return Err(format!("checkpoint hash has {} hex digits, not 64", digits.len()));
		}
		let nibble = |c: u8| match c {
			b'0'..=b'9' => Ok(c - b'0'),
			b'a'..=b'f' => Ok(c - b'a' + 10),
			b'A'..=b'F' => Ok(c - b'A' + 10),
			_ => Err(format!("checkpoint hash has a non-hex digit {:?}", char::from(c))),
		};
		let mut hash = [0u8; 32];
		for (i, pair) in digits.chunks_exact(2).enumerate() {
			hash[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
		}
		Ok(Checkpoint { number: s.number, hash })
	}
}

fn corrupt(context: &str) -> impl Fn(TantivyError) -> IndexError + '_ {
	move |e| IndexError::Corrupt(format!("{context}: {e}"))
}

/// The agent search index. See the [crate docs](crate) for schema, matching and ordering.
pub struct AgentIndex {
	index: Index,
	fields: Fields,
	/// Writes go through this lock; searches never wait for it (they read the last commit).
	writer: Mutex<IndexWriter<TantivyDocument>>,
	reader: IndexReader,
	checkpoint: Mutex<Option<Checkpoint>>,
	/// Tokenizer of the text fields, to turn [`Query::text`] into terms.
	analyzer: TextAnalyzer,
}

impl std::fmt::Debug for AgentIndex {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.debug_struct("AgentIndex")
			.field("checkpoint", &*self.checkpoint.lock())
			.finish_non_exhaustive()
	}
}

impl AgentIndex {
	/// Opens the index in `dir`, creating the directory and an empty index if it is missing or
	/// empty.
	///
	/// Errors: [`IndexError::Corrupt`] if `dir` is not a readable index of this
	/// [`SCHEMA_VERSION`] (garbage or missing files, checksum mismatch, another schema, or
	/// foreign files without `meta.json`); [`IndexError::Locked`] if another writer holds it;
	/// [`IndexError::Io`] if the directory cannot be created. Never panics.
	pub fn open(dir: &Path) -> Result<Self> {
		if !dir.exists() {
			fs::create_dir_all(dir)?;
		}
		if !dir.is_dir() {
			return Err(IndexError::Corrupt(format!("{} is not a directory", dir.display())));
		}
		let has_meta = dir.join("meta.json").exists();
		if !has_meta {
			// Empty, or only tantivy's lock files left behind: a fresh index.
			let listing = fs::read_dir(dir)
				.map_err(|e| IndexError::Corrupt(format!("cannot list {}: {e}", dir.display())))?;
			for item in listing {
				let item = item.map_err(|e| {
					IndexError::Corrupt(format!("cannot list {}: {e}", dir.display()))
				})?;
				let name = item.file_name();
				if !name.to_string_lossy().starts_with(".tantivy") {
					return Err(IndexError::Corrupt(format!(
						"{} holds {:?} but no meta.json",
						dir.display(),
						name
					)));
				}
			}
		}
		let directory = MmapDirectory::open(dir)
			.map_err(|e| IndexError::Corrupt(format!("cannot open {}: {e}", dir.display())))?;
		if has_meta {
			let index = Index::open(directory).map_err(corrupt("cannot open index"))?;
			Self::from_existing(index)
		} else {
			let index = Index::create(directory, Fields::schema(), IndexSettings::default())
				.map_err(corrupt("cannot create index"))?;
			Self::init(index, true)
		}
	}

	/// Like [`open`](Self::open), but if the index is [`IndexError::Corrupt`], deletes `dir`
	/// (all of it) and creates an empty index there. The flag is `true` if it did so; the
	/// caller must then rebuild the index from chain state (its [`checkpoint`](Self::checkpoint)
	/// is `None`). [`IndexError::Locked`] and I/O errors are returned as they are.
	pub fn open_or_recreate(dir: &Path) -> Result<(Self, bool)> {
		match Self::open(dir) {
			Ok(index) => Ok((index, false)),
			Err(IndexError::Corrupt(_)) => {
				if dir.is_dir() {
					fs::remove_dir_all(dir)?;
				} else if dir.exists() {
					fs::remove_file(dir)?;
				}
				Ok((Self::open(dir)?, true))
			},
			Err(e) => Err(e),
		}
	}

	/// An empty index in memory (tests, benches). Fails only if tantivy cannot start its
	/// writer threads.
	pub fn in_ram() -> Result<Self> {
		Self::init(Index::create_in_ram(Fields::schema()), true)
	}

	/// Validates an index opened from disk and wraps it.
	fn from_existing(index: Index) -> Result<Self> {
		let expected = serde_json::to_string(&Fields::schema())
			.map_err(|e| IndexError::Corrupt(format!("cannot encode schema: {e}")))?;
		let found = serde_json::to_string(&index.schema())
			.map_err(|e| IndexError::Corrupt(format!("cannot encode schema: {e}")))?;
		if expected != found {
			return Err(IndexError::Corrupt("index schema differs from this version's".into()));
		}
		let damaged = index.validate_checksum().map_err(corrupt("cannot verify checksums"))?;
		if !damaged.is_empty() {
			let mut files: Vec<_> = damaged.iter().map(|p| p.display().to_string()).collect();
			files.sort();
			return Err(IndexError::Corrupt(format!("checksum mismatch in {}", files.join(", "))));
		}
		Self::init(index, false)
	}

	/// Starts writer and reader; on a fresh index makes the first commit (payload without
	/// checkpoint), on an existing one reads and checks the payload.
	fn init(index: Index, fresh: bool) -> Result<Self> {
		let fields = Fields::of(&index.schema())?;
		let mut writer = index
			.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY_BYTES)
			.map_err(|e| match e {
				TantivyError::LockFailure(LockError::LockBusy, _) => {
					IndexError::Locked(e.to_string())
				},
				TantivyError::LockFailure(..) => IndexError::Tantivy(e),
				e => IndexError::Corrupt(format!("cannot start writer: {e}")),
			})?;
		let checkpoint = if fresh {
			let mut prepared = writer.prepare_commit()?;
			prepared.set_payload(&encode_payload(None)?);
			prepared.commit()?;
			None
		} else {
			let metas = index.load_metas().map_err(corrupt("cannot load metas"))?;
			let payload = metas
				.payload
				.ok_or_else(|| IndexError::Corrupt("commit has no payload".into()))?;
			let payload: Payload = serde_json::from_str(&payload)
				.map_err(|e| IndexError::Corrupt(format!("bad commit payload: {e}")))?;
			if payload.schema_version != SCHEMA_VERSION {
				return Err(IndexError::Corrupt(format!(
					"schema version {} (expected {SCHEMA_VERSION})",
					payload.schema_version
				)));
			}
			payload
				.checkpoint
				.map(Checkpoint::try_from)
				.transpose()
				.map_err(IndexError::Corrupt)?
		};
		let reader = index
			.reader_builder()
			.reload_policy(ReloadPolicy::Manual)
			.try_into()
			.map_err(corrupt("cannot open segments"))?;
		let analyzer = index.tokenizer_for_field(fields.name).map_err(corrupt("no tokenizer"))?;
		let this = AgentIndex {
			index,
			fields,
			writer: Mutex::new(writer),
			reader,
			checkpoint: Mutex::new(checkpoint),
			analyzer,
		};
		if !fresh {
			// Decode one stored entry per segment, so a damaged doc store shows up now.
			let searcher = this.reader.searcher();
			for (ord, segment) in searcher.segment_readers().iter().enumerate() {
				if let Some(doc) = segment.doc_ids_alive().next() {
					let ord = u32::try_from(ord)
						.map_err(|_| IndexError::Corrupt("too many segments".into()))?;
					this.load(&searcher, DocAddress::new(ord, doc))
						.map_err(|e| IndexError::Corrupt(e.to_string()))?;
				}
			}
		}
		Ok(this)
	}

	/// Adds `entry`, replacing any entry with the same id. Visible after the next
	/// [`commit`](Self::commit).
	pub fn upsert(&self, entry: AgentEntry) -> Result<()> {
		let f = &self.fields;
		let mut doc = TantivyDocument::default();
		doc.add_u64(f.id, entry.id);
		doc.add_text(f.name, &entry.name);
		doc.add_text(f.description, &entry.description);
		for tag in &entry.tags {
			doc.add_text(f.tags_text, tag);
		}
		for tool in &entry.tools {
			doc.add_text(f.tools_text, tool);
			doc.add_text(f.tool, tool.to_lowercase());
		}
		for capability in &entry.capabilities {
			doc.add_text(f.capabilities_text, capability);
			doc.add_text(f.capability, capability.to_lowercase());
		}
		doc.add_text(f.category, entry.category.to_lowercase());
		doc.add_text(f.region, entry.region.to_lowercase());
		doc.add_u64(f.tier, u64::from(entry.tier));
		doc.add_u64(f.latency, u64::from(entry.latency_ms));
		doc.add_u64(f.reputation, u64::from(entry.reputation));
		doc.add_bool(f.stale, entry.stale);
		doc.add_bool(f.mcp, entry.mcp);
		let json = serde_json::to_string(&entry)
			.map_err(|e| TantivyError::InvalidArgument(format!("cannot encode entry: {e}")))?;
		doc.add_text(f.entry, json);
		let writer = self.writer.lock();
		writer.delete_term(Term::from_field_u64(f.id, entry.id));
		writer.add_document(doc)?;
		Ok(())
	}

	/// Removes the entry with `id` (no-op if absent). Visible after the next
	/// [`commit`](Self::commit).
	pub fn remove(&self, id: u64) -> Result<()> {
		self.writer.lock().delete_term(Term::from_field_u64(self.fields.id, id));
		Ok(())
	}

	/// Drops every entry, including uncommitted upserts. Visible after the next
	/// [`commit`](Self::commit); until then searches still see the last commit. Typical
	/// rebuild: `clear`, `upsert` everything, `commit`.
	pub fn clear(&self) -> Result<()> {
		let mut writer = self.writer.lock();
		writer.rollback()?;
		writer.delete_all_documents()?;
		Ok(())
	}

	/// Durably commits all changes since the last commit together with `checkpoint` (the
	/// tantivy commit payload, next to [`SCHEMA_VERSION`]), and reloads the reader so the next
	/// read sees them.
	pub fn commit(&self, checkpoint: Checkpoint) -> Result<()> {
		let mut writer = self.writer.lock();
		let mut prepared = writer.prepare_commit()?;
		prepared.set_payload(&encode_payload(Some(checkpoint))?);
		prepared.commit()?;
		// Under the checkpoint's lock, so a snapshot never pairs one commit's checkpoint with
		// another commit's entries.
		let mut committed = self.checkpoint.lock();
		self.reader.reload()?;
		*committed = Some(checkpoint);
		Ok(())
	}

	/// The checkpoint of the last commit; `None` for an index never committed with one
	/// (fresh or recreated).
	pub fn checkpoint(&self) -> Option<Checkpoint> {
		*self.checkpoint.lock()
	}

	/// The last commit as one consistent view: its checkpoint and exactly the entries committed
	/// with it, however many commits follow while the snapshot is read. Answers that name the
	/// block they are valid at search a snapshot and name its checkpoint.
	pub fn snapshot(&self) -> Snapshot<'_> {
		let checkpoint = self.checkpoint.lock();
		Snapshot { index: self, checkpoint: *checkpoint, searcher: self.reader.searcher() }
	}

	/// The committed entry with `id`.
	pub fn get(&self, id: u64) -> Result<Option<AgentEntry>> {
		let searcher = self.reader.searcher();
		let query =
			TermQuery::new(Term::from_field_u64(self.fields.id, id), IndexRecordOption::Basic);
		let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
		match top.first() {
			Some((_, address)) => Ok(Some(self.load(&searcher, *address)?)),
			None => Ok(None),
		}
	}

	/// Number of committed entries.
	pub fn len(&self) -> Result<u64> {
		Ok(self.reader.searcher().num_docs())
	}

	/// Whether there are no committed entries.
	pub fn is_empty(&self) -> Result<bool> {
		Ok(self.len()? == 0)
	}

	/// Ids of all committed entries, ascending (for reconciliation against chain state).
	pub fn ids(&self) -> Result<Vec<u64>> {
		let searcher = self.reader.searcher();
		let mut ids = Vec::with_capacity(usize::try_from(searcher.num_docs()).unwrap_or(0));
		for segment in searcher.segment_readers() {
			let column = segment.fast_fields().u64(names::ID)?;
			for doc in segment.doc_ids_alive() {
				if let Some(id) = column.first(doc) {
					ids.push(id);
				}
			}
		}
		ids.sort_unstable();
		Ok(ids)
	}

	/// Positions `offset..offset + limit` of the committed entries matching `query`, in the
	/// total order of [`SortBy`] with ties broken by id ascending (see the
	/// [crate docs](crate#ordering-and-pagination-contract)). Never panics: `limit == 0` or an
	/// offset past the end give an empty page.
	pub fn search(&self, query: &Query, offset: usize, limit: usize) -> Result<Vec<Hit>> {
		self.snapshot().search(query, offset, limit)
	}

	/// Decodes the stored entry at `address`.
	fn load(&self, searcher: &Searcher, address: DocAddress) -> Result<AgentEntry> {
		let doc: TantivyDocument = searcher.doc(address)?;
		let json = doc
			.get_first(self.fields.entry)
			.and_then(|v| v.as_str())
			.ok_or_else(|| IndexError::Corrupt("document without stored entry".into()))?;
		serde_json::from_str(json)
			.map_err(|e| IndexError::Corrupt(format!("undecodable stored entry: {e}")))
	}

	/// Lower-cased tokens of `text`, deduplicated, in order, at most [`MAX_QUERY_TOKENS`].
	fn tokens(&self, text: &str) -> Vec<String> {
		let mut analyzer = self.analyzer.clone();
		let mut stream = analyzer.token_stream(text);
		let mut tokens: Vec<String> = Vec::new();
		while tokens.len() < MAX_QUERY_TOKENS && stream.advance() {
			let token = &stream.token().text;
			if !tokens.iter().any(|t| t == token) {
				tokens.push(token.clone());
			}
		}
		tokens
	}

	/// Translates `query` into tantivy queries (no parser involved).
	fn build_query(&self, query: &Query) -> Result<Box<dyn TantivyQuery>> {
		let f = &self.fields;
		let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
		let tokens = query.text.as_deref().map(|t| self.tokens(t)).unwrap_or_default();
		for token in &tokens {
			let alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = f
				.text_fields()
				.into_iter()
				.map(|(field, boost)| {
					let term = TermQuery::new(
						Term::from_field_text(field, token),
						IndexRecordOption::WithFreqs,
					);
					let q: Box<dyn TantivyQuery> = Box::new(BoostQuery::new(Box::new(term), boost));
					(Occur::Should, q)
				})
				.collect();
			clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
		}
		let scored = !clauses.is_empty();
		let mut filter = |q: Box<dyn TantivyQuery>| {
			clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))));
		};
		let keyword = |field: Field, value: &str| -> Box<dyn TantivyQuery> {
			Box::new(TermQuery::new(
				Term::from_field_text(field, &value.to_lowercase()),
				IndexRecordOption::Basic,
			))
		};
		if let Some(v) = &query.category {
			filter(keyword(f.category, v));
		}
		if let Some(v) = &query.tool {
			filter(keyword(f.tool, v));
		}
		if let Some(v) = &query.capability {
			filter(keyword(f.capability, v));
		}
		if let Some(v) = &query.region {
			filter(keyword(f.region, v));
		}
		if let Some(tier) = query.tier {
			filter(Box::new(TermQuery::new(
				Term::from_field_u64(f.tier, u64::from(tier)),
				IndexRecordOption::Basic,
			)));
		}
		if let Some(max) = query.max_latency_ms {
			filter(Box::new(RangeQuery::new(
				Bound::Unbounded,
				Bound::Included(Term::from_field_u64(f.latency, u64::from(max))),
			)));
		}
		if let Some(min) = query.min_reputation {
			filter(Box::new(RangeQuery::new(
				Bound::Included(Term::from_field_u64(f.reputation, u64::from(min))),
				Bound::Unbounded,
			)));
		}
		if !query.include_stale {
			filter(Box::new(TermQuery::new(
				Term::from_field_bool(f.stale, false),
				IndexRecordOption::Basic,
			)));
		}
		if query.mcp_only {
			filter(Box::new(TermQuery::new(
				Term::from_field_bool(f.mcp, true),
				IndexRecordOption::Basic,
			)));
		}
		Ok(match (clauses.is_empty(), scored) {
			(true, _) => Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
			(false, true) => Box::new(BooleanQuery::new(clauses)),
			(false, false) => {
				Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(clauses)), 0.0))
			},
		})
	}

	/// The underlying tantivy index (diagnostics, e.g. segment counts).
	pub fn tantivy_index(&self) -> &Index {
		&self.index
	}
}

/// One commit of an [`AgentIndex`]: its checkpoint and its entries ([`AgentIndex::snapshot`]).
pub struct Snapshot<'a> {
	index: &'a AgentIndex,
	checkpoint: Option<Checkpoint>,
	searcher: Searcher,
}

impl Snapshot<'_> {
	/// The block this snapshot's entries were committed at (`None` for an index never committed
	/// with a checkpoint).
	pub fn checkpoint(&self) -> Option<Checkpoint> {
		self.checkpoint
	}

	/// [`AgentIndex::search`] over this snapshot's entries.
	pub fn search(&self, query: &Query, offset: usize, limit: usize) -> Result<Vec<Hit>> {
		let total = usize::try_from(self.searcher.num_docs()).unwrap_or(usize::MAX);
		let end = offset.saturating_add(limit).min(total);
		if offset >= end {
			return Ok(Vec::new());
		}
		let tantivy_query = self.index.build_query(query)?;
		let collector = TopDocs::for_doc_range(offset..end).order_by(RankBy { sort: query.sort });
		let top = self.searcher.search(tantivy_query.as_ref(), &collector)?;
		top.into_iter()
			.map(|((_, score), address)| {
				Ok(Hit { entry: self.index.load(&self.searcher, address)?, score })
			})
			.collect()
	}
}

fn encode_payload(checkpoint: Option<Checkpoint>) -> Result<String> {
	serde_json::to_string(&Payload {
		schema_version: SCHEMA_VERSION,
		checkpoint: checkpoint.map(StoredCheckpoint::from),
	})
	.map_err(|e| TantivyError::InvalidArgument(format!("cannot encode payload: {e}")).into())
}

/// Sort key computer implementing the [`SortBy`] order: one `u128` per document, primary key
/// in the high 64 bits and `u64::MAX - id` in the low ones (so larger is better and ids
/// ascend on ties), carrying the relevance score along.
struct RankBy {
	sort: SortBy,
}

/// Per-segment part of [`RankBy`].
struct RankBySegment {
	sort: SortBy,
	id: Arc<dyn ColumnValues<u64>>,
	primary: Option<Arc<dyn ColumnValues<u64>>>,
}

/// Order-preserving map of a score to `u32` (total order, larger is better).
fn score_bits(score: Score) -> u32 {
	let bits = score.to_bits();
	if bits >> 31 == 1 {
		!bits
	} else {
		bits | 0x8000_0000
	}
}

impl SortKeyComputer for RankBy {
	type SortKey = (u128, Score);
	type Child = RankBySegment;
	type Comparator = NaturalComparator;

	fn requires_scoring(&self) -> bool {
		true
	}

	fn segment_sort_key_computer(&self, segment: &SegmentReader) -> tantivy::Result<RankBySegment> {
		let fast = segment.fast_fields();
		let id = fast.u64(names::ID)?.first_or_default_col(0);
		let primary = match self.sort {
			SortBy::Relevance => None,
			SortBy::Reputation => Some(fast.u64(names::REPUTATION)?.first_or_default_col(0)),
			SortBy::Latency => Some(fast.u64(names::LATENCY)?.first_or_default_col(u64::MAX)),
		};
		Ok(RankBySegment { sort: self.sort, id, primary })
	}
}

impl SegmentSortKeyComputer for RankBySegment {
	type SortKey = (u128, Score);
	type SegmentSortKey = (u128, Score);
	type SegmentComparator = NaturalComparator;

	fn segment_sort_key(&mut self, doc: DocId, score: Score) -> (u128, Score) {
		let id = self.id.get_val(doc);
		let value = self.primary.as_ref().map_or(0, |column| column.get_val(doc));
		let primary = match self.sort {
			SortBy::Relevance => u64::from(score_bits(score)),
			SortBy::Reputation => value,
			SortBy::Latency => u64::MAX - value,
		};
		((u128::from(primary) << 64) | u128::from(u64::MAX - id), score)
	}

	fn convert_segment_sort_key(&self, key: (u128, Score)) -> (u128, Score) {
		key
	}
}

#[cfg(test)]
mod tests;
