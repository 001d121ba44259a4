//! Agent metadata as `AgentRegistry::register` / `update` take it, built field by field so that
//! each bounded field can be put at its bound or one over it, and encoded by hand to plant
//! malformed values.

use super::{
	calls::{acc, num, tx, unit, Tx},
	chain::Chain,
};
use chaoscore_harness::{consent::Consent, Result};
use codec::Encode;
use polkadot_sdk::sp_io::hashing::blake2_256;
use subxt::{dynamic::Value, utils::AccountId32};

/// The `EndpointKind` variants, by index.
pub(super) const ENDPOINT_KINDS: [&str; 4] = ["Mcp", "A2a", "Http", "Other"];

/// The bounds of the metadata fields (and of a receipt's kind), as the node's metadata states
/// them.
pub(super) struct Bounds {
	name: usize,
	category: usize,
	tags: usize,
	tag_len: usize,
	tools: usize,
	capabilities: usize,
	item_len: usize,
	endpoints: usize,
	url_len: usize,
	region: usize,
	document: usize,
	/// `ProofOfAgency::MaxKindLen`.
	pub(super) kind_len: usize,
}

impl Bounds {
	/// The bounds the node's runtime declares.
	pub(super) fn of(chain: &Chain) -> Result<Self> {
		let registry = |name| chain.constant::<u32>("AgentRegistry", name).map(|n| n as usize);
		Ok(Self {
			name: registry("MaxNameLen")?,
			category: registry("MaxCategoryLen")?,
			tags: registry("MaxTags")?,
			tag_len: registry("MaxTagLen")?,
			tools: registry("MaxTools")?,
			capabilities: registry("MaxCapabilities")?,
			item_len: registry("MaxItemLen")?,
			endpoints: registry("MaxEndpoints")?,
			url_len: registry("MaxUrlLen")?,
			region: registry("MaxRegionLen")?,
			document: registry("MaxDocumentLen")?,
			kind_len: chain.constant::<u32>("ProofOfAgency", "MaxKindLen")? as usize,
		})
	}
}

/// `AgentRegistry::register` / `update` arguments (besides the key or id).
#[derive(Clone)]
pub(super) struct Meta {
	name: Vec<u8>,
	category: Vec<u8>,
	tags: Vec<Vec<u8>>,
	tools: Vec<Vec<u8>>,
	capabilities: Vec<Vec<u8>>,
	/// `(EndpointKind variant index, url)`.
	pub(super) endpoints: Vec<(u8, Vec<u8>)>,
	region: Vec<u8>,
	document: Vec<u8>,
	/// `document_hash` if not `blake2_256(document)`.
	hash: Option<[u8; 32]>,
}

/// `n` items of `len` bytes each.
fn items(n: usize, len: usize) -> Vec<Vec<u8>> {
	(0..n).map(|i| vec![b'a' + (i % 26) as u8; len]).collect()
}

impl Meta {
	/// Valid metadata well within every bound.
	pub(super) fn valid() -> Self {
		Self {
			name: b"bad-input-agent".to_vec(),
			category: b"coding".to_vec(),
			tags: vec![b"test".to_vec()],
			tools: vec![b"git.diff".to_vec()],
			capabilities: vec![b"code-review".to_vec()],
			endpoints: vec![(0, b"https://agent.example/mcp".to_vec())],
			region: b"eu-west".to_vec(),
			document: br#"{"description":"reviews Rust code"}"#.to_vec(),
			hash: None,
		}
	}

	/// Valid metadata with an empty name.
	pub(super) fn empty_name() -> Self {
		Self { name: vec![], ..Self::valid() }
	}

	/// Valid metadata whose `document_hash` is not the document's.
	pub(super) fn wrong_hash() -> Self {
		Self { hash: Some([0xab; 32]), ..Self::valid() }
	}

	/// Every field at its bound.
	pub(super) fn at_bounds(b: &Bounds) -> Self {
		Self {
			name: vec![b'n'; b.name],
			category: vec![b'c'; b.category],
			tags: items(b.tags, b.tag_len),
			tools: items(b.tools, b.item_len),
			capabilities: items(b.capabilities, b.item_len),
			endpoints: (0..b.endpoints).map(|i| ((i % 4) as u8, vec![b'u'; b.url_len])).collect(),
			region: vec![b'r'; b.region],
			document: vec![b'd'; b.document],
			hash: None,
		}
	}

	/// Valid metadata with one field one element or byte over its bound, each field in turn.
	pub(super) fn oversized(b: &Bounds) -> Vec<(&'static str, Self)> {
		let valid = Self::valid;
		vec![
			("name", Self { name: vec![b'n'; b.name + 1], ..valid() }),
			("category", Self { category: vec![b'c'; b.category + 1], ..valid() }),
			("tag count", Self { tags: items(b.tags + 1, 4), ..valid() }),
			("tag length", Self { tags: items(1, b.tag_len + 1), ..valid() }),
			("tool count", Self { tools: items(b.tools + 1, 4), ..valid() }),
			("tool length", Self { tools: items(1, b.item_len + 1), ..valid() }),
			("capability count", Self { capabilities: items(b.capabilities + 1, 4), ..valid() }),
			("capability length", Self { capabilities: items(1, b.item_len + 1), ..valid() }),
			(
				"endpoint count",
				Self {
					endpoints: vec![(0, b"https://a.example".to_vec()); b.endpoints + 1],
					..valid()
				},
			),
			(
				"endpoint URL length",
				Self { endpoints: vec![(0, vec![b'u'; b.url_len + 1])], ..valid() },
			),
			("region", Self { region: vec![b'r'; b.region + 1], ..valid() }),
			("document", Self { document: vec![b'd'; b.document + 1], ..valid() }),
		]
	}

	fn hash(&self) -> [u8; 32] {
		self.hash.unwrap_or_else(|| blake2_256(&self.document))
	}

	/// The `AgentMetadata` value (tier 1, 100 ms).
	fn value(&self) -> Value {
		let strings =
			|list: &[Vec<u8>]| Value::unnamed_composite(list.iter().map(Value::from_bytes));
		let endpoints = self.endpoints.iter().map(|(kind, url)| {
			Value::named_composite([
				("kind", unit(ENDPOINT_KINDS[*kind as usize])),
				("url", Value::from_bytes(url)),
			])
		});
		Value::named_composite([
			("name", Value::from_bytes(&self.name)),
			("category", Value::from_bytes(&self.category)),
			("tags", strings(&self.tags)),
			("tools", strings(&self.tools)),
			("capabilities", strings(&self.capabilities)),
			("endpoints", Value::unnamed_composite(endpoints)),
			("region", Value::from_bytes(&self.region)),
			("tier", num(1u8)),
			("latency_ms", num(100u32)),
			("document_hash", Value::from_bytes(self.hash())),
			("version", num(0u32)),
		])
	}

	/// `AgentRegistry::register` of this metadata under agent key `key`, which gives `consent`.
	pub(super) fn register(&self, key: &AccountId32, consent: &Consent) -> Tx {
		tx(
			"AgentRegistry",
			"register",
			vec![acc(key), consent.value(), self.value(), Value::from_bytes(&self.document)],
		)
	}

	/// `AgentRegistry::update` of agent `id` to this metadata.
	pub(super) fn update(&self, id: u64) -> Tx {
		tx(
			"AgentRegistry",
			"update",
			vec![num(id), self.value(), Value::from_bytes(&self.document)],
		)
	}

	/// The SCALE bytes of `register`'s arguments, built by hand (to plant malformed values).
	pub(super) fn register_bytes(&self, key: &AccountId32, consent: &Consent) -> Vec<u8> {
		let metadata = (
			&self.name,
			&self.category,
			&self.tags,
			&self.tools,
			&self.capabilities,
			&self.endpoints,
			&self.region,
			1u8,
			100u32,
			self.hash(),
			0u32,
		);
		[key.0.to_vec(), consent.encoded(), (metadata, &self.document).encode()].concat()
	}
}
