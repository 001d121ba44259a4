//! Bad extrinsics against the real dev node: a generated table of cases over the calls of every
//! ChaosCore pallet (and the governance calls that steer them) where a client can get it wrong.
//!
//! - **Oversized** metadata: every bounded field of `AgentRegistry::register` / `update` (name,
//!   category, tag count and length, tool / capability count and length, endpoint count and URL
//!   length, region, document) and the receipt kind of `ProofOfAgency::record_receipt`, one element
//!   or byte over its bound (bounds read from the node's metadata; the same fields at their bounds
//!   are registered and updated successfully during set-up).
//! - **Malformed** call bytes: truncated or trailing bytes, unknown enum variants, a bool of 2, a
//!   `Perbill` above 100%.
//! - **Invalid metadata** that decodes: empty name, document hash mismatch.
//! - **Wrong origins**: governance calls signed by a plain account or a lone council member,
//!   agent-key calls signed by the owner or a stranger, owner calls signed by the agent key or a
//!   stranger, escrow calls signed by the wrong party, sudo by a non-sudo key.
//! - **Wrong states**: jailed / unbonding / challenged / underbonded / unknown agents, keys in use,
//!   full owner lists, unknown / settled / disputed / submitted / late escrows, unknown / resolved
//!   / duplicate challenges, unknown / finalized / already attested receipts, missing feedback
//!   rights, governance (Root via sudo) rulings on bad targets, too-poor signers.
//!
//! For every case it proves:
//!
//! (a) the outcome. An oversized or malformed transaction is refused by the node's pool: JSON-RPC
//! error 1002 ("Verification Error: Runtime error: … wasm trap …" in
//! `TaggedTransactionQueue_validate_transaction`), and the node logs for it that the runtime got
//! "Bad input data provided to validate_transaction: Codec error" — the JSON-RPC error itself
//! does not say the transaction could not be decoded. Any other case is included and fails with
//! exactly the named error: `Pallet::Error` or `BadOrigin`; for Root calls, the error in
//! `Sudo::Sudid` (the sudo transaction itself succeeds and, by design, pays no fee).
//!
//! (b) no state change but the fee. The node seals blocks on demand (`--manual-seal`), one block
//! per case, and the whole state (every key; the runtime code by its hash) before and after the
//! block is compared. Allowed are only block bookkeeping (System except accounts, Timestamp,
//! ParachainSystem, Aura, AuraExt, Authorship, the author's `CollatorSelection::LastAuthoredBlock`,
//! `TransactionPayment::NextFeeMultiplier`, pallet-revive's per-block Ethereum block and hash, the
//! registry's liveness-sweep cursor) and the fee's path, exactly: the signer's nonce +1 and free
//! balance −fee (`TransactionFeePaid`), the collators' pot +fee, the block author's reward of
//! half the pot (less the existential deposit) from it. Nothing else in any account (reserved,
//! frozen, providers…), no hold, no other storage item of any pallet. A refused transaction
//! costs nothing: its signer's account does not change at all.
//!
//! Boundaries are exact: bounds, minimums and maximum periods come from the node's metadata, the
//! same metadata fields and receipt kind at their bounds are accepted during set-up, and cases
//! about "now" know the block they run in.
//!
//! Not cases, because the runtime accepts them by design: metadata contents beyond a non-empty
//! name and the document hash (strings and URLs are "not validated on-chain": invalid UTF-8,
//! duplicate tags or a URL that is not one are registered as given).

mod common;

use codec::{Decode, Encode};
use common::{call, DevNode, TestResult};
use jsonrpsee::{
	core::{client::ClientT, ClientError},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use polkadot_sdk::sp_io::hashing::{blake2_256, twox_128};
use serde_json::Value as Json;
use std::{
	collections::{BTreeMap, BTreeSet},
	time::{Duration, Instant},
};
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockImpl},
	config::PolkadotExtrinsicParamsBuilder,
	dynamic::{self, Value},
	error::DispatchError,
	events::{Events, Phase},
	ext::scale_encode::{self, EncodeAsFields, FieldIter, TypeResolver},
	tx::DynamicPayload,
	utils::AccountId32,
	PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	DeriveJunction,
};

/// One CHAOS in planck.
const UNIT: u128 = 1_000_000_000_000;
/// An id no agent, escrow, challenge or receipt has.
const UNKNOWN: u64 = 999_999;

// ---------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------

/// Call arguments: dynamic values encoded by subxt against the metadata, or raw bytes written
/// verbatim (malformed calls subxt would refuse to encode).
#[derive(Clone)]
enum Args {
	Values(Vec<Value>),
	Raw(Vec<u8>),
}

impl EncodeAsFields for Args {
	fn encode_as_fields_to<R: TypeResolver>(
		&self,
		fields: &mut dyn FieldIter<'_, R::TypeId>,
		types: &R,
		out: &mut Vec<u8>,
	) -> Result<(), scale_encode::Error> {
		match self {
			Args::Values(values) => values.encode_as_fields_to(fields, types, out),
			Args::Raw(bytes) => {
				out.extend_from_slice(bytes);
				Ok(())
			},
		}
	}
}

type Tx = DynamicPayload<Args>;

fn tx(pallet: &str, name: &str, args: Vec<Value>) -> Tx {
	dynamic::tx(pallet, name, Args::Values(args))
}

fn raw_tx(pallet: &str, name: &str, bytes: Vec<u8>) -> Tx {
	dynamic::tx(pallet, name, Args::Raw(bytes))
}

fn num(n: impl Into<u128>) -> Value {
	Value::u128(n.into())
}

fn acc(who: &AccountId32) -> Value {
	Value::from_bytes(who.0)
}

fn some(v: Value) -> Value {
	Value::unnamed_variant("Some", [v])
}

fn none() -> Value {
	Value::unnamed_variant("None", [])
}

fn unit(name: &str) -> Value {
	Value::unnamed_variant(name, [])
}

fn id_of(k: &Keypair) -> AccountId32 {
	k.public_key().into()
}

/// `Sudo::sudo(inner)`.
fn sudo(inner: Value) -> Tx {
	tx("Sudo", "sudo", vec![inner])
}

fn heartbeat(id: u64) -> Tx {
	tx("AgentRegistry", "heartbeat", vec![num(id)])
}

fn escrow_open(
	provider: u64,
	amount: u128,
	evaluator: Option<(&AccountId32, u128)>,
	deadline: u64,
	spec: u8,
) -> Tx {
	let evaluator = evaluator
		.map_or_else(none, |(who, fee)| some(Value::unnamed_composite([acc(who), num(fee)])));
	tx(
		"Escrow",
		"open",
		vec![num(provider), num(amount), evaluator, num(deadline), Value::from_bytes([spec; 32])],
	)
}

fn escrow(name: &str, id: u64) -> Tx {
	tx("Escrow", name, vec![num(id)])
}

fn escrow_submit(id: u64, deliverable: Value) -> Tx {
	tx("Escrow", "submit", vec![num(id), deliverable])
}

fn dispute(id: u64) -> Tx {
	tx("Escrow", "dispute", vec![num(id), Value::from_bytes([3u8; 32]), unit("BadDeliverable")])
}

fn challenge(target: &str, id: u64) -> Tx {
	tx(
		"Challenge",
		"open",
		vec![
			Value::unnamed_variant(target, [num(id)]),
			Value::from_bytes([4u8; 32]),
			unit("Misconduct"),
		],
	)
}

fn resolve(id: u64, ruling: Value) -> Value {
	call("Challenge", "resolve", vec![("id", num(id)), ("ruling", ruling)])
}

fn upheld_without_penalty() -> Value {
	Value::named_variant("Upheld", [("slash", none()), ("jail_until", none())])
}

fn slash(id: u64, amount: Value) -> Value {
	call(
		"Slashing",
		"slash",
		vec![
			("id", num(id)),
			("amount", amount),
			("reason", unit("Governance")),
			("evidence", none()),
		],
	)
}

fn jail(id: u64, until: u64) -> Value {
	call("Slashing", "jail", vec![("id", num(id)), ("until", num(until))])
}

fn unjail(id: u64) -> Value {
	call("Slashing", "unjail", vec![("id", num(id))])
}

/// A runtime call (`Pallet::call { args }`, as governance would dispatch it) as a transaction.
fn signed(runtime_call: Value) -> Tx {
	use subxt::ext::scale_value::ValueDef::Variant;
	let Variant(pallet) = &runtime_call.value else { panic!("not a runtime call") };
	let Some(Variant(call)) = pallet.values.values().next().map(|v| &v.value) else {
		panic!("not a runtime call")
	};
	tx(&pallet.name, &call.name, call.values.values().cloned().collect())
}

/// `AgentRegistry::<name>(id)`.
fn reg(name: &str, id: u64) -> Tx {
	tx("AgentRegistry", name, vec![num(id)])
}

fn rotate_owner(id: u64, to: &AccountId32) -> Tx {
	tx("AgentRegistry", "rotate_owner", vec![num(id), acc(to)])
}

fn rotate_key(id: u64, to: &AccountId32) -> Tx {
	tx("AgentRegistry", "rotate_agent_key", vec![num(id), acc(to)])
}

fn zero_hash() -> Value {
	Value::from_bytes([0u8; 32])
}

/// `Council::<name>(hash)` of a motion that does not exist.
fn council(name: &str) -> Tx {
	tx("Council", name, vec![zero_hash()])
}

/// `Council::vote` on a motion that does not exist.
fn council_vote() -> Tx {
	tx("Council", "vote", vec![zero_hash(), num(0u32), Value::bool(true)])
}

/// `Council::close` of a motion that does not exist.
fn council_close() -> Tx {
	let weight = Value::named_composite([
		("ref_time", num(1_000_000_000u64)),
		("proof_size", num(10_000u64)),
	]);
	tx("Council", "close", vec![zero_hash(), num(0u32), weight, num(10_000u32)])
}

fn record_receipt(agent: u64, kind: &[u8]) -> Tx {
	tx(
		"ProofOfAgency",
		"record_receipt",
		vec![
			num(agent),
			Value::from_bytes(kind),
			Value::from_bytes([1u8; 32]),
			Value::from_bytes([2u8; 32]),
			none(),
			none(),
		],
	)
}

fn attest(receipt: u64, valid: bool) -> Tx {
	tx("ProofOfAgency", "attest", vec![num(receipt), Value::bool(valid)])
}

fn anchor(agent: u64, leaves: u32) -> Tx {
	tx("ProofOfAgency", "anchor", vec![num(agent), Value::from_bytes([5u8; 32]), num(leaves)])
}

fn feedback(escrow: u64) -> Tx {
	tx("Reputation", "give_feedback", vec![num(escrow), Value::bool(true)])
}

fn transfer(to: &AccountId32, amount: u128) -> Tx {
	tx(
		"Balances",
		"transfer_keep_alive",
		vec![Value::unnamed_variant("Id", [acc(to)]), num(amount)],
	)
}

/// `Parameters::set_parameter`: the liveness window becomes 1,200 blocks.
fn set_liveness_window() -> Tx {
	tx(
		"Parameters",
		"set_parameter",
		vec![Value::unnamed_variant(
			"Agents",
			[Value::unnamed_variant(
				"LivenessWindow",
				[Value::unnamed_composite([]), some(num(1_200u32))],
			)],
		)],
	)
}

// ---------------------------------------------------------------------------------------------
// Agent metadata
// ---------------------------------------------------------------------------------------------

/// The bounds of the metadata fields, as the node's metadata states them.
struct Bounds {
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
	kind_len: usize,
}

/// `AgentRegistry::register` / `update` arguments (besides the key or id).
#[derive(Clone)]
struct Meta {
	name: Vec<u8>,
	category: Vec<u8>,
	tags: Vec<Vec<u8>>,
	tools: Vec<Vec<u8>>,
	capabilities: Vec<Vec<u8>>,
	/// `(EndpointKind variant index, url)`.
	endpoints: Vec<(u8, Vec<u8>)>,
	region: Vec<u8>,
	document: Vec<u8>,
	/// `document_hash` if not `blake2_256(document)`.
	hash: Option<[u8; 32]>,
}

const ENDPOINT_KINDS: [&str; 4] = ["Mcp", "A2a", "Http", "Other"];

/// `n` items of `len` bytes each.
fn items(n: usize, len: usize) -> Vec<Vec<u8>> {
	(0..n).map(|i| vec![b'a' + (i % 26) as u8; len]).collect()
}

impl Meta {
	fn valid() -> Self {
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

	/// Every field at its bound.
	fn at_bounds(b: &Bounds) -> Self {
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

	/// One field one element or byte over its bound, each in turn.
	fn oversized(b: &Bounds) -> Vec<(&'static str, Self)> {
		let v = Self::valid;
		vec![
			("name", Self { name: vec![b'n'; b.name + 1], ..v() }),
			("category", Self { category: vec![b'c'; b.category + 1], ..v() }),
			("tag count", Self { tags: items(b.tags + 1, 4), ..v() }),
			("tag length", Self { tags: items(1, b.tag_len + 1), ..v() }),
			("tool count", Self { tools: items(b.tools + 1, 4), ..v() }),
			("tool length", Self { tools: items(1, b.item_len + 1), ..v() }),
			("capability count", Self { capabilities: items(b.capabilities + 1, 4), ..v() }),
			("capability length", Self { capabilities: items(1, b.item_len + 1), ..v() }),
			(
				"endpoint count",
				Self {
					endpoints: vec![(0, b"https://a.example".to_vec()); b.endpoints + 1],
					..v()
				},
			),
			(
				"endpoint URL length",
				Self { endpoints: vec![(0, vec![b'u'; b.url_len + 1])], ..v() },
			),
			("region", Self { region: vec![b'r'; b.region + 1], ..v() }),
			("document", Self { document: vec![b'd'; b.document + 1], ..v() }),
		]
	}

	fn hash(&self) -> [u8; 32] {
		self.hash.unwrap_or_else(|| blake2_256(&self.document))
	}

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

	fn register(&self, key: &AccountId32) -> Tx {
		tx(
			"AgentRegistry",
			"register",
			vec![acc(key), self.value(), Value::from_bytes(&self.document)],
		)
	}

	fn update(&self, id: u64) -> Tx {
		tx(
			"AgentRegistry",
			"update",
			vec![num(id), self.value(), Value::from_bytes(&self.document)],
		)
	}

	/// The SCALE bytes of `register`'s arguments, built by hand (to plant malformed values).
	fn register_bytes(&self, key: &AccountId32) -> Vec<u8> {
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
		(key.0, metadata, &self.document).encode()
	}
}

// ---------------------------------------------------------------------------------------------
// The chain: a manually sealed dev node, whole-state snapshots
// ---------------------------------------------------------------------------------------------

type At = ClientAtBlock<PolkadotConfig, OnlineClientAtBlockImpl<PolkadotConfig>>;
/// The whole state at a block: key -> value (`:code` -> hash of the code).
type Snapshot = BTreeMap<Vec<u8>, Vec<u8>>;

/// `frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>`.
#[derive(Decode, Default, Debug, PartialEq, Clone, Copy)]
struct RawAccount {
	nonce: u32,
	consumers: u32,
	providers: u32,
	sufficients: u32,
	free: u128,
	reserved: u128,
	frozen: u128,
	flags: u128,
}

/// What the runtime logs when `validate_transaction` cannot decode a transaction (the JSON-RPC
/// error only says the runtime trapped).
const CODEC_PANIC: &str = "Bad input data provided to validate_transaction: Codec error";
/// The outcome of an undecodable transaction.
const UNDECODABLE: &str = "runtime trap: Bad input data provided to validate_transaction";

/// A JSON-RPC refusal of a transaction.
#[derive(Debug)]
struct Refusal {
	code: i32,
	message: String,
	data: String,
}

impl std::fmt::Display for Refusal {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{} {} ({})", self.code, self.message, self.data)
	}
}

fn hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + 2 * bytes.len());
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

fn unhex(s: &str) -> Vec<u8> {
	let s = s.trim_start_matches("0x");
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("the node answers hex"))
		.collect()
}

fn prefix(pallet: &str, entry: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(entry.as_bytes())].concat()
}

/// The collators' staking pot (`PalletId(*b"PotStake")`), which receives the fees.
fn pot() -> AccountId32 {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(b"modl");
	raw[4..12].copy_from_slice(b"PotStake");
	AccountId32(raw)
}

struct Chain {
	node: DevNode,
	rpc: WsClient,
	at: At,
	/// Storage prefixes (pallet ++ entry) and their names.
	names: Vec<(Vec<u8>, String)>,
	existential_deposit: u128,
	nonces: BTreeMap<AccountId32, u64>,
	/// The state at the best (last sealed) block.
	state: Snapshot,
	height: u64,
	log_seen: usize,
}

impl Chain {
	async fn start(dir: &std::path::Path) -> TestResult<Self> {
		let mut node = DevNode::start_sealing(dir, &["--manual-seal"])?;
		let api = node.client().await?;
		let rpc = WsClientBuilder::default()
			.max_request_size(64 * 1024 * 1024)
			.max_response_size(64 * 1024 * 1024)
			.build(node.rpc_url())
			.await?;
		let at = api.at_current_block().await?;
		let metadata = at.metadata();
		let mut names = Vec::new();
		for pallet in metadata.pallets() {
			if let Some(storage) = pallet.storage() {
				for entry in storage.entries() {
					let name = format!("{}::{}", pallet.name(), entry.name());
					names.push((prefix(storage.prefix(), entry.name()), name));
				}
			}
		}
		let mut chain = Self {
			node,
			rpc,
			at,
			names,
			existential_deposit: 0,
			nonces: BTreeMap::new(),
			state: Snapshot::new(),
			height: 0,
			log_seen: 0,
		};
		chain.existential_deposit = chain.constant("Balances", "ExistentialDeposit")?;
		let genesis: String = chain.rpc.request("chain_getBlockHash", rpc_params![0]).await?;
		chain.state = chain.snapshot(&genesis).await?;
		Ok(chain)
	}

	/// A constant of the runtime, from the node's metadata.
	fn constant<T: Decode>(&self, pallet: &str, name: &str) -> TestResult<T> {
		let metadata = self.at.metadata();
		let c = metadata
			.pallet_by_name(pallet)
			.and_then(|p| p.constant_by_name(name))
			.ok_or_else(|| format!("no constant {pallet}::{name}"))?;
		Ok(T::decode(&mut c.value())?)
	}

	fn bounds(&self) -> TestResult<Bounds> {
		let c = |name| self.constant::<u32>("AgentRegistry", name).map(|n| n as usize);
		Ok(Bounds {
			name: c("MaxNameLen")?,
			category: c("MaxCategoryLen")?,
			tags: c("MaxTags")?,
			tag_len: c("MaxTagLen")?,
			tools: c("MaxTools")?,
			capabilities: c("MaxCapabilities")?,
			item_len: c("MaxItemLen")?,
			endpoints: c("MaxEndpoints")?,
			url_len: c("MaxUrlLen")?,
			region: c("MaxRegionLen")?,
			document: c("MaxDocumentLen")?,
			kind_len: self.constant::<u32>("ProofOfAgency", "MaxKindLen")? as usize,
		})
	}

	/// Every key and value of the state at block `at` (the code by its hash).
	async fn snapshot(&self, at: &str) -> TestResult<Snapshot> {
		let code_key = hex(b":code");
		let mut keys: Vec<String> = Vec::new();
		loop {
			let start = keys.last().cloned();
			let page: Vec<String> = self
				.rpc
				.request("state_getKeysPaged", rpc_params!["0x", 1000, start, at])
				.await?;
			let done = page.len() < 1000;
			keys.extend(page);
			if done {
				break;
			}
		}
		keys.retain(|k| *k != code_key);
		let sets: Json = self.rpc.request("state_queryStorageAt", rpc_params![keys, at]).await?;
		let mut snapshot = Snapshot::new();
		for change in sets[0]["changes"].as_array().ok_or("no changes in state_queryStorageAt")? {
			if let (Some(k), Some(v)) = (change[0].as_str(), change[1].as_str()) {
				snapshot.insert(unhex(k), unhex(v));
			}
		}
		let code: Option<String> =
			self.rpc.request("state_getStorageHash", rpc_params![code_key, at]).await?;
		snapshot.insert(b":code".to_vec(), unhex(&code.ok_or("no code")?));
		Ok(snapshot)
	}

	/// Seals a finalized block with what the pool holds; the pool must be empty afterwards.
	/// Returns the state before it.
	async fn seal(&mut self) -> TestResult<Snapshot> {
		let created: Json = self
			.rpc
			.request("engine_createBlock", rpc_params![true, true, Option::<String>::None])
			.await?;
		let hash = created["hash"].as_str().ok_or("engine_createBlock gave no hash")?.to_string();
		let header: Json = self.rpc.request("chain_getHeader", rpc_params![&hash]).await?;
		let number = header["number"].as_str().ok_or("no block number")?;
		self.height = u64::from_str_radix(number.trim_start_matches("0x"), 16)?;
		// The pool forgets included transactions asynchronously, after the import.
		let deadline = Instant::now() + Duration::from_secs(10);
		loop {
			let pending: Vec<String> =
				self.rpc.request("author_pendingExtrinsics", rpc_params![]).await?;
			if pending.is_empty() {
				break;
			}
			if Instant::now() > deadline {
				return Err(format!(
					"{} transactions left in the pool\n{}",
					pending.len(),
					self.node.log_tail()
				)
				.into());
			}
			tokio::time::sleep(Duration::from_millis(20)).await;
		}
		let after = self.snapshot(&hash).await?;
		Ok(std::mem::replace(&mut self.state, after))
	}

	/// The number the next sealed block will have (what `now` is for the calls in it).
	fn next(&self) -> u64 {
		self.height + 1
	}

	fn account(state: &Snapshot, who: &AccountId32) -> RawAccount {
		let key = [
			prefix("System", "Account"),
			polkadot_sdk::sp_io::hashing::blake2_128(&who.0).to_vec(),
			who.0.to_vec(),
		]
		.concat();
		state
			.get(&key)
			.map(|v| RawAccount::decode(&mut &v[..]).expect("System::Account decodes"))
			.unwrap_or_default()
	}

	/// Signs `call` with `signer` (next nonce, immortal) and hands it to the pool.
	async fn submit(&mut self, call: &Tx, signer: &Keypair) -> TestResult<Result<(), Refusal>> {
		let who = id_of(signer);
		let state = &self.state;
		let nonce = *self
			.nonces
			.entry(who)
			.or_insert_with(|| Self::account(state, &who).nonce.into());
		let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new()
			.nonce(nonce)
			.immortal()
			.build();
		let signed = self.at.tx().create_signable_offline(call, params)?.sign(signer)?;
		let sent: Result<String, _> = self
			.rpc
			.request("author_submitExtrinsic", rpc_params![hex(signed.encoded())])
			.await;
		match sent {
			Ok(_) => {
				self.nonces.insert(who, nonce + 1);
				Ok(Ok(()))
			},
			Err(ClientError::Call(e)) => Ok(Err(Refusal {
				code: e.code(),
				message: e.message().to_string(),
				data: e.data().map(|d| d.get().to_string()).unwrap_or_default(),
			})),
			Err(e) => Err(e.into()),
		}
	}

	/// Whether the node logged `text` since the last call (waiting up to 5 s for the log).
	async fn logged_since(&mut self, text: &str) -> bool {
		let deadline = Instant::now() + Duration::from_secs(5);
		loop {
			let log = self.node.log();
			if log.get(self.log_seen..).is_some_and(|new| new.contains(text)) {
				self.log_seen = log.len();
				return true;
			}
			if Instant::now() > deadline {
				self.log_seen = log.len();
				return false;
			}
			tokio::time::sleep(Duration::from_millis(50)).await;
		}
	}

	/// The events of the best block.
	fn events(&self) -> TestResult<Events<PolkadotConfig>> {
		let key = prefix("System", "Events");
		let bytes = self.state.get(&key).cloned().unwrap_or_default();
		Ok(self.at.events().from_bytes(bytes))
	}

	fn error_name(&self, bytes: &[u8]) -> String {
		match DispatchError::decode_from(bytes, self.at.metadata()) {
			Ok(DispatchError::Module(e)) => e.details_string(),
			Ok(other) => format!("{other:?}"),
			Err(e) => format!("undecodable dispatch error ({e})"),
		}
	}

	/// Submits `txs` and seals them in one block; each must succeed (a sudo call: its call too).
	async fn batch(&mut self, txs: Vec<(Tx, &Keypair)>) -> TestResult<Events<PolkadotConfig>> {
		let count = txs.len();
		for (call, signer) in &txs {
			if let Err(refusal) = self.submit(call, signer).await? {
				return Err(format!(
					"set-up {}::{} refused: {refusal}",
					call.pallet_name(),
					call.call_name()
				)
				.into());
			}
		}
		self.seal().await?;
		let events = self.events()?;
		let mut paid = 0;
		for ev in events.iter() {
			let ev = ev?;
			match (ev.pallet_name(), ev.event_name()) {
				("System", "ExtrinsicFailed") => {
					let error = self.error_name(ev.field_bytes());
					return Err(format!("set-up transaction failed: {error}").into());
				},
				("Sudo", "Sudid") if ev.field_bytes()[0] != 0 => {
					let error = self.error_name(&ev.field_bytes()[1..]);
					return Err(format!("set-up sudo call failed: {error}").into());
				},
				("TransactionPayment", "TransactionFeePaid") => paid += 1,
				_ => {},
			}
		}
		if paid != count {
			return Err(format!("{paid} of {count} set-up transactions included").into());
		}
		Ok(events)
	}

	/// Name of a storage key: `Pallet::Entry`, or the raw key.
	fn name_of(&self, key: &[u8]) -> String {
		self.names
			.iter()
			.find(|(p, _)| key.starts_with(p))
			.map(|(_, n)| n.clone())
			.unwrap_or_else(|| format!("{:?}", String::from_utf8_lossy(key)))
	}

	/// What changed from `before` to the best state that neither block bookkeeping nor the fee
	/// (`payer` paid `fee`) explains.
	fn unexplained(
		&self,
		before: &Snapshot,
		payer: Option<&AccountId32>,
		fee: u128,
	) -> Vec<String> {
		let after = &self.state;
		let account_prefix = prefix("System", "Account");
		let authored_prefix = prefix("CollatorSelection", "LastAuthoredBlock");
		let keys: BTreeSet<&Vec<u8>> = before.keys().chain(after.keys()).collect();
		let mut problems = Vec::new();
		let mut accounts = BTreeSet::new();
		let mut author = None;
		for key in keys {
			if before.get(key) == after.get(key) {
				continue;
			}
			if key.starts_with(&account_prefix) {
				accounts.insert(AccountId32(key[key.len() - 32..].try_into().expect("32 bytes")));
				continue;
			}
			if key.starts_with(&authored_prefix) {
				author = Some(AccountId32(key[key.len() - 32..].try_into().expect("32 bytes")));
				continue;
			}
			let name = self.name_of(key);
			let bookkeeping = match name.split_once("::") {
				Some(("System", entry)) => entry != "Account",
				Some(("Timestamp" | "ParachainSystem" | "Aura" | "AuraExt" | "Authorship", _)) =>
					true,
				Some(("TransactionPayment", entry)) => entry == "NextFeeMultiplier",
				// The Ethereum view of each block (pallet-revive).
				Some(("Revive", entry)) => ["EthereumBlock", "BlockHash"].contains(&entry),
				// Moved by `on_initialize` every block once there are more agents than one sweep.
				Some(("AgentRegistry", entry)) => entry == "SweepCursor",
				_ => false,
			};
			if !bookkeeping {
				let show = |v: Option<&Vec<u8>>| {
					v.map_or("(none)".to_string(), |v| {
						let h = hex(v);
						if h.len() > 80 {
							format!("{}…", &h[..80])
						} else {
							h
						}
					})
				};
				problems.push(format!(
					"{name} {}: {} -> {}",
					hex(&key[key.len().saturating_sub(8)..]),
					show(before.get(key)),
					show(after.get(key))
				));
			}
		}

		// The fee's path: payer -fee, pot +fee; the author takes half of the pot (less the
		// existential deposit) as it was before the block.
		let Some(author) = author else {
			problems.push("no CollatorSelection::LastAuthoredBlock change: author unknown".into());
			return problems;
		};
		let pot = pot();
		let reward = Self::account(before, &pot).free.saturating_sub(self.existential_deposit) / 2;
		let mut expected: BTreeMap<AccountId32, i128> = BTreeMap::new();
		if let Some(payer) = payer {
			*expected.entry(*payer).or_default() -= fee as i128;
		}
		*expected.entry(pot).or_default() += fee as i128 - reward as i128;
		*expected.entry(author).or_default() += reward as i128;
		accounts.extend(expected.keys().cloned());
		for who in accounts {
			let (b, a) = (Self::account(before, &who), Self::account(after, &who));
			let nonce = if Some(&who) == payer { b.nonce + 1 } else { b.nonce };
			let want_free = (b.free as i128 + expected.get(&who).copied().unwrap_or(0)) as u128;
			let want = RawAccount { nonce, free: want_free, ..b };
			if a != want {
				problems.push(format!("System::Account {who}: {b:?} -> {a:?}, expected {want:?}"));
			}
		}
		problems
	}
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Category {
	Oversized,
	Malformed,
	InvalidMetadata,
	WrongOrigin,
	WrongState,
}

#[derive(Clone, Debug)]
enum Expect {
	/// Refused by the node: it cannot decode the transaction.
	Undecodable,
	/// Included; fails with this error.
	Fails(String),
	/// Included (`Sudo::sudo` by the sudo key); the Root call fails with this error.
	RootFails(String),
}

struct Case {
	category: Category,
	what: String,
	call: Tx,
	signer: Keypair,
	expect: Expect,
}

/// The cases, run in order, one block each.
struct Table {
	cases: Vec<Case>,
	/// The block the first case runs in.
	first_block: u64,
}

impl Table {
	/// The block the next case added will run in (`now` for its call).
	fn now(&self) -> u64 {
		self.first_block + self.cases.len() as u64
	}

	fn add(
		&mut self,
		category: Category,
		what: impl Into<String>,
		call: Tx,
		signer: &Keypair,
		expect: Expect,
	) {
		self.cases
			.push(Case { category, what: what.into(), call, signer: signer.clone(), expect });
	}

	/// The node must refuse the transaction: it cannot decode it.
	fn refused(&mut self, category: Category, what: impl Into<String>, call: Tx, signer: &Keypair) {
		self.add(category, what, call, signer, Expect::Undecodable);
	}

	/// The transaction must fail with `error`.
	fn fails(
		&mut self,
		category: Category,
		what: impl Into<String>,
		call: Tx,
		signer: &Keypair,
		error: &str,
	) {
		self.add(category, what, call, signer, Expect::Fails(error.into()));
	}

	/// Rows `(error, what, call, signer)` that must fail with `pallet::error` (`error` alone if
	/// `pallet` is empty).
	fn group<const N: usize>(
		&mut self,
		category: Category,
		pallet: &str,
		rows: [(&str, &str, Tx, &Keypair); N],
	) {
		for (error, what, call, signer) in rows {
			let error =
				if pallet.is_empty() { error.to_string() } else { format!("{pallet}::{error}") };
			self.fails(category, what, call, signer, &error);
		}
	}

	/// Root (Alice's `Sudo::sudo`) dispatching `call` must fail with `error`.
	fn root_fails(&mut self, what: &str, call: Value, error: &str) {
		let what = format!("Root: {what}");
		self.add(
			Category::WrongState,
			what,
			sudo(call),
			&dev::alice(),
			Expect::RootFails(error.into()),
		);
	}
}

/// What became of a case's transaction.
#[derive(Debug, PartialEq)]
enum Outcome {
	Refused(i32, String),
	Failed(String),
	RootFailed(String),
	Succeeded,
}

impl Chain {
	/// Runs `case` in a block of its own; returns what happened or why the case failed.
	async fn run(&mut self, case: &Case) -> TestResult<Result<String, String>> {
		let payer = id_of(&case.signer);
		let submitted = self.submit(&case.call, &case.signer).await?;
		let before = self.seal().await?;
		let (outcome, fee) = match submitted {
			Err(refusal) => {
				let undecodable = refusal.code == 1002 &&
					refusal.message.starts_with("Verification Error: Runtime error") &&
					refusal.data.contains("TaggedTransactionQueue_validate_transaction") &&
					self.logged_since(CODEC_PANIC).await;
				let reason =
					if undecodable { UNDECODABLE.to_string() } else { refusal.to_string() };
				(Outcome::Refused(refusal.code, reason), None)
			},
			Ok(()) => {
				let events = self.events()?;
				let mut index = None;
				let mut fee = 0;
				for ev in events.iter() {
					let ev = ev?;
					if (ev.pallet_name(), ev.event_name()) ==
						("TransactionPayment", "TransactionFeePaid")
					{
						let (who, actual, tip) =
							<([u8; 32], u128, u128)>::decode(&mut ev.field_bytes())?;
						if who != payer.0 {
							return Ok(Err(format!("fee paid by {}", AccountId32(who))));
						}
						index = Some(ev.phase());
						fee = actual + tip;
					}
				}
				let Some(Phase::ApplyExtrinsic(i)) = index else {
					return Ok(Err("no TransactionFeePaid event".into()));
				};
				let mut outcome = None;
				let mut sudid = None;
				for ev in events.iter() {
					let ev = ev?;
					if ev.phase() != Phase::ApplyExtrinsic(i) {
						continue;
					}
					match (ev.pallet_name(), ev.event_name()) {
						("System", "ExtrinsicFailed") =>
							outcome = Some(Outcome::Failed(self.error_name(ev.field_bytes()))),
						("System", "ExtrinsicSuccess") => outcome = Some(Outcome::Succeeded),
						("Sudo", "Sudid") =>
							sudid = (ev.field_bytes()[0] != 0)
								.then(|| self.error_name(&ev.field_bytes()[1..])),
						_ => {},
					}
				}
				let outcome = match (outcome, sudid) {
					(Some(Outcome::Succeeded), Some(error)) => Outcome::RootFailed(error),
					(Some(outcome), _) => outcome,
					(None, _) => return Ok(Err("no ExtrinsicSuccess/Failed event".into())),
				};
				(outcome, Some(fee))
			},
		};
		let expected = match &case.expect {
			Expect::Undecodable => Outcome::Refused(1002, UNDECODABLE.into()),
			Expect::Fails(e) => Outcome::Failed(e.clone()),
			Expect::RootFails(e) => Outcome::RootFailed(e.clone()),
		};
		let mut problems = Vec::new();
		if outcome != expected {
			problems.push(format!("expected {expected:?}, got {outcome:?}"));
		}
		let payer = fee.map(|_| &payer);
		problems.extend(self.unexplained(&before, payer, fee.unwrap_or(0)));
		Ok(if problems.is_empty() {
			Ok(format!("{outcome:?}{}", fee.map_or(String::new(), |f| format!(", fee {f}"))))
		} else {
			Err(problems.join("\n    "))
		})
	}
}

// ---------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------

fn derive(name: &str) -> Keypair {
	dev::alice().derive([DeriveJunction::hard(name)])
}

/// `Escrow::Opened` after the id: client, provider, amount, evaluator, deadline, job spec.
type OpenedFields = ([u8; 32], u64, u128, Option<([u8; 32], u128)>, u32, [u8; 32]);

/// Ids, keyed by their label, of the `pallet::event` events among `events`: the id is the
/// event's first field; `label` reads the rest of its fields.
fn ids<K: Decode + Ord>(
	events: &Events<PolkadotConfig>,
	pallet: &str,
	event: &str,
) -> TestResult<BTreeMap<K, u64>> {
	let mut found = BTreeMap::new();
	for ev in events.iter() {
		let ev = ev?;
		if (ev.pallet_name(), ev.event_name()) == (pallet, event) {
			let (id, label) = <(u64, K)>::decode(&mut ev.field_bytes())?;
			found.insert(label, id);
		}
	}
	Ok(found)
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_extrinsics_are_rejected_with_the_named_error_and_change_no_state() -> TestResult {
	let started = Instant::now();
	let dir = tempfile::tempdir()?;
	let mut chain = Chain::start(dir.path()).await?;
	let b = chain.bounds()?;

	// Actors. Alice is the sudo key and, with Bob, a collator; Charlie is a council member.
	let alice = dev::alice();
	let charlie = dev::charlie();
	let owner = derive("owner");
	let client = derive("client");
	let evaluator = derive("evaluator");
	let stranger = derive("stranger");
	let poor = derive("poor");
	let crowded = derive("crowded");
	let (v1, v2) = (derive("verifier-1"), derive("verifier-2"));
	let key = |name: &str| derive(&format!("key-{name}"));
	let [ka, kj, ku, kuj, kuc, kc, kb, km, kp] =
		["A", "J", "U", "UJ", "UC", "C", "B", "M", "P"].map(key);
	let fresh = key("fresh");
	let nobody = derive("nobody"); // never funded: no account
	let crowd_keys: Vec<Keypair> = (0..32).map(|i| key(&format!("crowd-{i}"))).collect();

	// 1. Funds.
	let mut funding = vec![
		(transfer(&id_of(&owner), 10_000 * UNIT), &alice),
		(transfer(&id_of(&client), 10_000 * UNIT), &alice),
		(transfer(&id_of(&crowded), 1_000 * UNIT), &alice),
		(transfer(&id_of(&poor), 12 * UNIT), &alice),
	];
	for who in [&evaluator, &stranger, &v1, &v2, &ka, &kj, &ku, &kuj, &kuc, &kc, &kb] {
		funding.push((transfer(&id_of(who), 100 * UNIT), &alice));
	}
	chain.batch(funding).await?;

	// 2. Agents; the max agent's metadata is at every bound (and so is a receipt kind later).
	let valid = Meta::valid();
	let max = Meta::at_bounds(&b);
	let mut registrations: Vec<(Tx, &Keypair)> = [&ka, &kj, &ku, &kuj, &kuc, &kc, &kb]
		.into_iter()
		.map(|k| (valid.register(&id_of(k)), &owner))
		.collect();
	registrations.push((max.register(&id_of(&km)), &owner));
	registrations.push((valid.register(&id_of(&kp)), &poor));
	registrations.extend(crowd_keys.iter().map(|k| (valid.register(&id_of(k)), &crowded)));
	for verifier in [&v1, &v2, &owner] {
		registrations.push((tx("ProofOfAgency", "register_verifier", vec![]), verifier));
	}
	let events = chain.batch(registrations).await?;
	let agents: BTreeMap<([u8; 32], [u8; 32]), u64> = ids(&events, "AgentRegistry", "Registered")?;
	let agent = |k: &Keypair| -> u64 {
		*agents
			.iter()
			.find(|((_, key), _)| *key == id_of(k).0)
			.map(|(_, id)| id)
			.expect("registered")
	};
	let [a, j, u, uj, uc, c, bb, m, p] = [&ka, &kj, &ku, &kuj, &kuc, &kc, &kb, &km, &kp].map(agent);

	// 3. States: J jailed, U/UJ/UC unbonding, C and M challenged, P underbonded, escrows,
	// receipts (one with a kind at its bound), M updated with metadata at every bound.
	let far = chain.next() + 1_000;
	let late_deadline = chain.next() + 2;
	let max_kind = vec![b'k'; b.kind_len];
	let ev_fee = Some((&id_of(&evaluator), UNIT));
	let events = chain
		.batch(vec![
			(sudo(jail(j, far)), &alice),
			(
				sudo(slash(p, Value::unnamed_variant("FractionOfBond", [num(500_000_000u32)]))),
				&alice,
			),
			(tx("AgentRegistry", "deregister", vec![num(u)]), &owner),
			(tx("AgentRegistry", "deregister", vec![num(uj)]), &owner),
			(tx("AgentRegistry", "deregister", vec![num(uc)]), &owner),
			(max.update(m), &owner),
			(challenge("Agent", c), &stranger),
			(challenge("Agent", m), &stranger),
			(escrow_open(a, 10 * UNIT, ev_fee, far, 1), &client),
			(escrow_open(a, 10 * UNIT, ev_fee, far, 2), &client),
			(escrow_open(a, 10 * UNIT, None, far, 3), &client),
			(escrow_open(a, 10 * UNIT, None, far, 4), &client),
			(escrow_open(bb, 10 * UNIT, None, far, 5), &client),
			(escrow_open(a, 10 * UNIT, None, late_deadline, 6), &client),
			(escrow_open(a, UNIT, None, far, 7), &poor),
			(record_receipt(a, &max_kind), &ka),
			(record_receipt(a, b"attested"), &ka),
			(record_receipt(a, b"rejected"), &ka),
			(record_receipt(c, b"of-c"), &kc),
		])
		.await?;
	let escrows: BTreeMap<OpenedFields, u64> = ids(&events, "Escrow", "Opened")?;
	let escrow_id = |spec: u8| -> u64 {
		*escrows
			.iter()
			.find(|(k, _)| k.5 == [spec; 32])
			.map(|(_, id)| id)
			.expect("opened")
	};
	let [e_open, e_sub, e_disp, e_rel, e_b, e_late, e_poor] = [1, 2, 3, 4, 5, 6, 7].map(escrow_id);
	let receipts: BTreeMap<(u64, [u8; 32], Vec<u8>), u64> =
		ids(&events, "ProofOfAgency", "ReceiptRecorded")?;
	let receipt = |kind: &[u8]| -> u64 {
		*receipts.iter().find(|(k, _)| k.2 == kind).map(|(_, id)| id).expect("recorded")
	};
	let (r_pend, r_att, r_rej, r_c) =
		(receipt(&max_kind), receipt(b"attested"), receipt(b"rejected"), receipt(b"of-c"));
	let challenges: BTreeMap<([u8; 32], u8, u64), u64> = ids(&events, "Challenge", "Opened")?;
	let challenge_of = |agent: u64| -> u64 {
		*challenges
			.iter()
			.find(|(k, _)| (k.1, k.2) == (0, agent))
			.map(|(_, id)| id)
			.expect("opened")
	};
	let (ch_c, ch_m) = (challenge_of(c), challenge_of(m));

	// 4. More states: UJ jailed while unbonding, UC challenged while unbonding; E_sub submitted,
	// E_disp disputed, E_rel and E_b released (their clients get feedback rights); a receipt
	// rejected, one attested once; the challenge on M resolved.
	chain
		.batch(vec![
			(sudo(jail(uj, far)), &alice),
			(sudo(resolve(ch_m, unit("Rejected"))), &alice),
			(challenge("Agent", uc), &stranger),
			(
				escrow_submit(
					e_sub,
					Value::unnamed_variant("Hash", [Value::from_bytes([9u8; 32])]),
				),
				&ka,
			),
			(dispute(e_disp), &client),
			(escrow("release", e_rel), &client),
			(escrow("release", e_b), &client),
			(attest(r_rej, false), &v1),
			(attest(r_rej, false), &v2),
			(attest(r_att, true), &v1),
		])
		.await?;
	// 5. B moves to its client, who thereby holds a feedback right on its own agent.
	chain.batch(vec![(rotate_owner(bb, &id_of(&client)), &owner)]).await?;
	assert!(chain.next() > late_deadline, "E_late's deadline has passed");
	let setup_time = started.elapsed();

	// ---- The table: one block per case, in order ----
	use Category::*;
	let mut t = Table { cases: Vec::new(), first_block: chain.next() };
	let (fid, oid, cid, sid) = (id_of(&fresh), id_of(&owner), id_of(&client), id_of(&stranger));
	let max_jail: u32 = chain.constant("Slashing", "MaxJailPeriod")?;
	let max_deadline: u32 = chain.constant("Escrow", "MaxDeadline")?;
	let min_escrow: u128 = chain.constant("Escrow", "MinEscrowAmount")?;
	let (crowded_id, nobody_id) = (id_of(&crowded), id_of(&nobody));
	let ed = chain.existential_deposit;
	let hash = || Value::unnamed_variant("Hash", [Value::from_bytes([9u8; 32])]);
	let deliver = |r: u64| escrow_submit(e_open, Value::unnamed_variant("Receipt", [num(r)]));
	let absolute = |amount: u128| Value::unnamed_variant("Absolute", [num(amount)]);
	let verifier = |name: &str| tx("ProofOfAgency", name, vec![]);
	let unverify = verifier("deregister_verifier");
	let open = |provider: u64, amount: u128| escrow_open(provider, amount, None, far, 8);
	let open_with =
		|evaluator: &AccountId32, fee: u128| escrow_open(a, UNIT, Some((evaluator, fee)), far, 8);

	// Oversized: each bounded field one element or byte over its bound.
	for (field, meta) in Meta::oversized(&b) {
		t.refused(Oversized, format!("register: {field}"), meta.register(&fid), &owner);
		t.refused(Oversized, format!("update: {field}"), meta.update(a), &owner);
	}
	let long_kind = vec![b'k'; b.kind_len + 1];
	t.refused(Oversized, "record_receipt: kind", record_receipt(a, &long_kind), &ka);

	// Malformed call bytes (the hand-built `register` arguments are subxt's when well-formed).
	let good = valid.register_bytes(&fid);
	assert_eq!(chain.at.tx().call_data(&valid.register(&fid))?[2..], good[..]);
	let mut bad_kind = valid.clone();
	bad_kind.endpoints[0].0 = ENDPOINT_KINDS.len() as u8;
	let register = |bytes| raw_tx("AgentRegistry", "register", bytes);
	let over_100 = Value::unnamed_variant("FractionOfBond", [num(1_000_000_001u32)]);
	for (what, call, signer) in [
		("register: unknown endpoint kind", register(bad_kind.register_bytes(&fid)), &owner),
		("register: trailing byte", register([&good[..], &[0]].concat()), &owner),
		("register: truncated", register(good[..good.len() - 1].to_vec()), &owner),
		("heartbeat: 4-byte id", raw_tx("AgentRegistry", "heartbeat", (a as u32).encode()), &ka),
		("attest: bool 2", raw_tx("ProofOfAgency", "attest", (r_pend, 2u8).encode()), &v1),
		("escrow open: Option tag 2", raw_tx("Escrow", "open", (a, UNIT, 2u8).encode()), &client),
		("challenge: unknown target", raw_tx("Challenge", "open", (2u8, a).encode()), &stranger),
		("slash: Perbill over 100%", signed(slash(a, over_100)), &stranger),
	] {
		t.refused(Malformed, what, call, signer);
	}

	// Invalid but decodable metadata.
	let empty_name = Meta { name: vec![], ..valid.clone() };
	let wrong_hash = Meta { hash: Some([0xab; 32]), ..valid.clone() };
	let rows = [
		("EmptyName", "register: empty name", empty_name.register(&fid), &owner),
		("DocumentHashMismatch", "register: hash mismatch", wrong_hash.register(&fid), &owner),
		("EmptyName", "update: empty name", empty_name.update(a), &owner),
		("DocumentHashMismatch", "update: hash mismatch", wrong_hash.update(a), &owner),
	];
	t.group(InvalidMetadata, "AgentRegistry", rows);

	// Wrong origins: agent-key, owner and party calls signed by someone else.
	let rows = [
		("NotAgentKey", "heartbeat by the owner", heartbeat(a), &owner),
		("NotAgentKey", "heartbeat by a stranger", heartbeat(a), &stranger),
		("NotAgentKey", "heartbeat by another agent's key", heartbeat(a), &kj),
		("NotOwner", "update by the agent key", valid.update(a), &ka),
		("NotOwner", "update by a stranger", valid.update(a), &stranger),
		("NotOwner", "deregister by the agent key", reg("deregister", a), &ka),
		("NotOwner", "deregister by a stranger", reg("deregister", a), &stranger),
		("NotOwner", "withdraw_bond by a stranger", reg("withdraw_bond", u), &stranger),
		("NotOwner", "rotate_owner by a stranger", rotate_owner(a, &sid), &stranger),
		("NotOwner", "rotate_agent_key by the key", rotate_key(a, &fid), &ka),
		("NotOwner", "rotate_agent_key by a stranger", rotate_key(a, &fid), &stranger),
		("NotOwner", "top_up_bond by a stranger", reg("top_up_bond", p), &stranger),
	];
	t.group(WrongOrigin, "AgentRegistry", rows);
	let rows = [
		("NotProvider", "submit by a stranger", escrow_submit(e_open, hash()), &stranger),
		("NotAuthorized", "release by a stranger", escrow("release", e_open), &stranger),
		("NotAuthorized", "release by the provider", escrow("release", e_open), &ka),
		("DeadlineNotReached", "refund by a stranger", escrow("refund", e_open), &stranger),
		("NotClient", "dispute by a stranger", dispute(e_open), &stranger),
		("SelfDealing", "open by the provider's owner", open(a, UNIT), &owner),
		("SelfDealing", "open by the provider's key", open(a, UNIT), &ka),
	];
	t.group(WrongOrigin, "Escrow", rows);
	let rows = [
		("NotEscrowClient", "challenge another's escrow", challenge("Escrow", e_open), &stranger),
		("ChallengerIsOwner", "challenge one's own agent", challenge("Agent", a), &owner),
	];
	t.group(WrongOrigin, "Challenge", rows);
	let rows = [
		("NotAgentController", "record_receipt by a stranger", record_receipt(a, b"x"), &stranger),
		("NotAgentController", "anchor by a stranger", anchor(a, 1), &stranger),
		("NotVerifier", "attest by a non-verifier", attest(r_pend, true), &stranger),
		("SelfAttestation", "attest by the agent's owner", attest(r_pend, true), &owner),
		("NotVerifier", "deregister_verifier by a non-verifier", unverify, &stranger),
	];
	t.group(WrongOrigin, "ProofOfAgency", rows);
	let propose = tx("Council", "propose", vec![num(2u32), jail(a, far), num(10_000u32)]);
	let members = vec![Value::unnamed_composite([acc(&sid)]), none(), num(3u32)];
	let set_members = tx("Council", "set_members", members);
	let rows = [
		("Reputation::NotTheClient", "feedback by a non-client", feedback(e_rel), &stranger),
		("Slashing::NotOwner", "unjail by a stranger", signed(unjail(j)), &stranger),
		("Sudo::RequireSudo", "sudo by a non-sudo key", sudo(jail(a, far)), &stranger),
		("Council::NotMember", "council propose by a non-member", propose, &stranger),
		("Council::NotMember", "council vote by a non-member", council_vote(), &stranger),
		("BadOrigin", "council set_members by a stranger", set_members, &stranger),
	];
	t.group(WrongOrigin, "", rows);
	// Governance calls (Root or half the council) signed by an account, member or not.
	let governance = || {
		[
			("slash", signed(slash(a, absolute(UNIT)))),
			("jail", signed(jail(a, far))),
			("resolve", signed(resolve(ch_c, unit("Rejected")))),
			("set_parameter", set_liveness_window()),
			("council disapprove_proposal", council("disapprove_proposal")),
			("council kill", council("kill")),
		]
	};
	for (who, signer) in
		[("a stranger", &stranger), ("the owner", &owner), ("a councillor", &charlie)]
	{
		for (what, call) in governance() {
			t.fails(WrongOrigin, format!("{what} by {who}"), call, signer, "BadOrigin");
		}
	}

	// Wrong states: the registry.
	let rows = [
		("AgentKeyInUse", "register with a key in use", valid.register(&id_of(&ka)), &owner),
		("TooManyAgents", "register beyond the agents per owner", valid.register(&fid), &crowded),
		("InsufficientBalance", "register without the bond", valid.register(&fid), &poor),
		("UnknownAgent", "update an unknown agent", valid.update(UNKNOWN), &owner),
		("AgentJailed", "update a jailed agent", valid.update(j), &owner),
		("AgentUnbonding", "update an unbonding agent", valid.update(u), &owner),
		("UnknownAgent", "heartbeat of an unknown agent", heartbeat(UNKNOWN), &ka),
		("AgentJailed", "heartbeat of a jailed agent", heartbeat(j), &kj),
		("AgentUnbonding", "heartbeat of a deregistered agent", heartbeat(u), &ku),
		("UnknownAgent", "deregister an unknown agent", reg("deregister", UNKNOWN), &owner),
		("AgentJailed", "deregister a jailed agent", reg("deregister", j), &owner),
		("AgentUnbonding", "deregister twice", reg("deregister", u), &owner),
		("AgentChallenged", "deregister a challenged agent", reg("deregister", c), &owner),
		("NotUnbonding", "withdraw_bond before deregistering", reg("withdraw_bond", a), &owner),
		("UnbondingNotOver", "withdraw_bond while unbonding", reg("withdraw_bond", u), &owner),
		("AgentJailed", "withdraw_bond while jailed", reg("withdraw_bond", uj), &owner),
		("AgentChallenged", "withdraw_bond while challenged", reg("withdraw_bond", uc), &owner),
		("SameOwner", "rotate_owner to the owner", rotate_owner(a, &oid), &owner),
		("AgentJailed", "rotate_owner of a jailed agent", rotate_owner(j, &cid), &owner),
		("AgentUnbonding", "rotate_owner of an unbonding agent", rotate_owner(u, &cid), &owner),
		("AgentChallenged", "rotate_owner of a challenged agent", rotate_owner(c, &cid), &owner),
		("TooManyAgents", "rotate_owner to a full owner", rotate_owner(m, &crowded_id), &owner),
		("NewOwnerCannotHold", "rotate_owner to no account", rotate_owner(m, &nobody_id), &owner),
		("AgentKeyInUse", "rotate_agent_key to a key in use", rotate_key(a, &id_of(&kj)), &owner),
		("BondAlreadySufficient", "top_up_bond of a full bond", reg("top_up_bond", a), &owner),
		("AgentUnbonding", "top_up_bond of an unbonding agent", reg("top_up_bond", u), &owner),
		("UnknownAgent", "top_up_bond of an unknown agent", reg("top_up_bond", UNKNOWN), &owner),
		("InsufficientBalance", "top_up_bond without the funds", reg("top_up_bond", p), &poor),
	];
	t.group(WrongState, "AgentRegistry", rows);

	// Wrong states: penalties and rulings, by the owner and by Root; council motions.
	let rows = [
		("Slashing::JailTermNotOver", "unjail before the term", signed(unjail(j)), &owner),
		("Slashing::NotJailed", "unjail an agent not jailed", signed(unjail(a)), &owner),
		("Slashing::UnknownAgent", "unjail an unknown agent", signed(unjail(UNKNOWN)), &owner),
		("Council::ProposalMissing", "council close of no motion", council_close(), &charlie),
		("Council::ProposalMissing", "council vote on no motion", council_vote(), &charlie),
	];
	t.group(WrongState, "", rows);
	t.root_fails("unjail an agent not jailed", unjail(a), "Slashing::NotJailed");
	t.root_fails("slash no agent", slash(UNKNOWN, absolute(UNIT)), "Slashing::UnknownAgent");
	t.root_fails("slash nothing", slash(a, absolute(0)), "Slashing::NothingToSlash");
	t.root_fails("jail an unknown agent", jail(UNKNOWN, far), "Slashing::UnknownAgent");
	t.root_fails("jail until now", jail(a, t.now()), "Slashing::JailInPast");
	let too_long = t.now() + u64::from(max_jail) + 1;
	t.root_fails("jail one block too long", jail(a, too_long), "Slashing::JailTooLong");
	let unknown = "Challenge::UnknownChallenge";
	t.root_fails("resolve an unknown challenge", resolve(UNKNOWN, unit("Rejected")), unknown);
	t.root_fails("resolve a resolved challenge", resolve(ch_m, upheld_without_penalty()), unknown);

	// Wrong states: challenges and escrows.
	let disputed = challenge("Escrow", e_disp);
	let rows = [
		("UnknownAgent", "challenge an unknown agent", challenge("Agent", UNKNOWN), &stranger),
		("UnknownEscrow", "challenge an unknown escrow", challenge("Escrow", UNKNOWN), &client),
		("UnknownEscrow", "challenge a settled escrow", challenge("Escrow", e_rel), &client),
		("TargetAlreadyChallenged", "challenge a challenged agent", challenge("Agent", c), &client),
		("TargetAlreadyChallenged", "challenge a disputed escrow", disputed, &client),
		("InsufficientBalance", "challenge without the bond", challenge("Agent", a), &poor),
		// The challenge pallet freezes the escrow before it fails to hold the bond.
		("InsufficientBalance", "dispute without the challenge bond", dispute(e_poor), &poor),
	];
	t.group(WrongState, "Challenge", rows);
	let rows = [
		("UnknownProvider", "open for an unknown provider", open(UNKNOWN, UNIT), &client),
		("ProviderNotEligible", "open for a jailed provider", open(j, UNIT), &client),
		("ProviderNotEligible", "open for an unbonding provider", open(u, UNIT), &client),
		("ProviderNotEligible", "open for an underbonded provider", open(p, UNIT), &client),
		("AmountTooLow", "open one planck below the minimum", open(a, min_escrow - 1), &client),
		("InvalidEvaluator", "open with the client as evaluator", open_with(&cid, UNIT), &client),
		("InvalidEvaluator", "open with the owner as evaluator", open_with(&oid, UNIT), &client),
		("EvaluatorFeeBelowMinimum", "open with a dust fee", open_with(&sid, ed - 1), &client),
		("InsufficientBalance", "open without the funds", open(a, 1_000 * UNIT), &poor),
		("UnknownEscrow", "submit to an unknown escrow", escrow_submit(UNKNOWN, hash()), &ka),
		("Disputed", "submit to a disputed escrow", escrow_submit(e_disp, hash()), &ka),
		("WrongState", "submit twice", escrow_submit(e_sub, hash()), &ka),
		("DeadlinePassed", "submit after the deadline", escrow_submit(e_late, hash()), &ka),
		("UnknownReceipt", "submit an unknown receipt", deliver(UNKNOWN), &ka),
		("ReceiptOfAnotherAgent", "submit another's receipt", deliver(r_c), &ka),
		("ReceiptNotValid", "submit a rejected receipt", deliver(r_rej), &ka),
		("UnknownEscrow", "release an unknown escrow", escrow("release", UNKNOWN), &client),
		("UnknownEscrow", "release twice", escrow("release", e_rel), &client),
		("Disputed", "release a disputed escrow", escrow("release", e_disp), &client),
		("WrongState", "evaluator releases too early", escrow("release", e_open), &evaluator),
		("DeadlineNotReached", "refund before the deadline", escrow("refund", e_open), &client),
		("WrongState", "refund after submission", escrow("refund", e_sub), &client),
		("Disputed", "refund a disputed escrow", escrow("refund", e_disp), &client),
		("UnknownEscrow", "refund an unknown escrow", escrow("refund", UNKNOWN), &client),
		("UnknownEscrow", "refund a settled escrow", escrow("refund", e_rel), &client),
		("AlreadyDisputed", "dispute twice", dispute(e_disp), &client),
		("UnknownEscrow", "dispute an unknown escrow", dispute(UNKNOWN), &client),
		("UnknownEscrow", "dispute a settled escrow", dispute(e_rel), &client),
		("WrongState", "claim before submission", escrow("claim", e_open), &ka),
		("ReviewPeriodNotOver", "claim during the review period", escrow("claim", e_sub), &ka),
		("Disputed", "claim a disputed escrow", escrow("claim", e_disp), &ka),
		("UnknownEscrow", "claim an unknown escrow", escrow("claim", UNKNOWN), &ka),
		("UnknownEscrow", "claim a settled escrow", escrow("claim", e_rel), &ka),
	];
	t.group(WrongState, "Escrow", rows);
	// Deadlines relative to the block the case runs in.
	let invalid = "Escrow::InvalidDeadline";
	let now = escrow_open(a, UNIT, None, t.now(), 8);
	t.fails(WrongState, "open with a deadline of now", now, &client, invalid);
	let too_far = escrow_open(a, UNIT, None, t.now() + u64::from(max_deadline) + 1, 8);
	t.fails(WrongState, "open one block past the longest deadline", too_far, &client, invalid);

	// Wrong states: proof of agency and reputation.
	let rows = [
		("UnknownAgent", "record_receipt for an unknown agent", record_receipt(UNKNOWN, b"x"), &ka),
		("AgentJailed", "record_receipt for a jailed agent", record_receipt(j, b"x"), &kj),
		("AgentUnbonding", "record_receipt for an unbonding agent", record_receipt(u, b"x"), &ku),
		("EmptyKind", "record_receipt with an empty kind", record_receipt(a, b""), &ka),
		("EmptyBatch", "anchor an empty batch", anchor(a, 0), &ka),
		("UnknownAgent", "anchor for an unknown agent", anchor(UNKNOWN, 1), &ka),
		("AgentJailed", "anchor for a jailed agent", anchor(j, 1), &kj),
		("AgentUnbonding", "anchor for an unbonding agent", anchor(u, 1), &ku),
		("AlreadyVerifier", "register_verifier twice", verifier("register_verifier"), &v1),
		(
			"InsufficientBalance",
			"register_verifier, too poor",
			verifier("register_verifier"),
			&poor,
		),
		("UnknownReceipt", "attest an unknown receipt", attest(UNKNOWN, true), &v1),
		("ReceiptFinalized", "attest a finalized receipt", attest(r_rej, true), &v1),
		("AlreadyAttested", "attest twice", attest(r_att, true), &v1),
	];
	t.group(WrongState, "ProofOfAgency", rows);
	let rows = [
		("NoFeedbackRight", "feedback without a right", feedback(UNKNOWN), &client),
		("NoFeedbackRight", "feedback on an unsettled escrow", feedback(e_open), &client),
		("SelfFeedback", "feedback on one's own agent", feedback(e_b), &client),
	];
	t.group(WrongState, "Reputation", rows);

	// Run the table, one block per case.
	let mut failures = Vec::new();
	let mut counts: BTreeMap<Category, usize> = BTreeMap::new();
	let table_started = Instant::now();
	for (i, case) in t.cases.iter().enumerate() {
		*counts.entry(case.category).or_default() += 1;
		let mut result = chain.run(case).await?;
		let block = t.first_block + i as u64;
		if result.is_ok() && chain.height != block {
			result = Err(format!("ran in block {}, not {block}", chain.height));
		}
		let line = format!("{:?} {}: ", case.category, case.what);
		match result {
			Ok(observed) => println!("ok   {line}{observed}"),
			Err(problem) => {
				println!("FAIL {line}{problem}");
				failures.push(format!("{line}{problem}"));
			},
		}
	}
	println!(
		"{} cases {counts:?}; set-up {setup_time:?}, table {:?}, total {:?}",
		t.cases.len(),
		table_started.elapsed(),
		started.elapsed()
	);
	assert!(
		failures.is_empty(),
		"{} of {} cases failed:\n{}",
		failures.len(),
		t.cases.len(),
		failures.join("\n")
	);
	Ok(())
}
