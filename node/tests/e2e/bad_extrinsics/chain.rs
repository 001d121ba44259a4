//! The chain under test: a dev node that seals a block only when asked (`--manual-seal`), the
//! whole state after each block, and transactions signed here with tracked nonces.

use super::{
	calls::Tx,
	state_diff::{self, RawAccount, Snapshot, StorageNames},
};
use chaoscore_harness::{
	hex,
	keys::id_of,
	offline::{sign_payload, At},
	DevNode, Result,
};
use codec::Decode;
use jsonrpsee::{
	core::{client::ClientT, ClientError},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value as Json;
use std::{
	collections::BTreeMap,
	path::Path,
	time::{Duration, Instant},
};
use subxt::{error::DispatchError, events::Events, utils::AccountId32, PolkadotConfig};
use subxt_signer::sr25519::Keypair;

/// A JSON-RPC refusal of a transaction.
#[derive(Debug)]
pub(super) struct Refusal {
	pub(super) code: i32,
	pub(super) message: String,
	pub(super) data: String,
}

impl std::fmt::Display for Refusal {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{} {} ({})", self.code, self.message, self.data)
	}
}

/// A manually sealed dev node and what the test knows of it.
pub(super) struct Chain {
	node: DevNode,
	rpc: WsClient,
	/// The chain at genesis, to sign with and to read the metadata of.
	pub(super) at: At,
	/// Names of the storage items.
	names: StorageNames,
	/// `Balances::ExistentialDeposit`.
	pub(super) existential_deposit: u128,
	/// The next nonce of each signer.
	nonces: BTreeMap<AccountId32, u64>,
	/// The state at the best (last sealed) block.
	state: Snapshot,
	/// The number of the best (last sealed) block.
	pub(super) height: u64,
	/// How much of the node's log has been searched.
	log_seen: usize,
}

impl Chain {
	/// Starts `binary` as a manually sealed dev node in `dir` and reads its genesis state.
	pub(super) async fn start(binary: &Path, dir: &Path) -> Result<Self> {
		let mut node = DevNode::start_sealing(binary, dir, &["--manual-seal"])?;
		let api = node.client().await?;
		let rpc = WsClientBuilder::default()
			.max_request_size(64 * 1024 * 1024)
			.max_response_size(64 * 1024 * 1024)
			.build(node.rpc_url())
			.await?;
		let at = api.at_current_block().await?;
		let names = StorageNames::of(at.metadata_ref());
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
	pub(super) fn constant<T: Decode>(&self, pallet: &str, name: &str) -> Result<T> {
		let metadata = self.at.metadata();
		let constant = metadata
			.pallet_by_name(pallet)
			.and_then(|p| p.constant_by_name(name))
			.ok_or_else(|| format!("no constant {pallet}::{name}"))?;
		Ok(T::decode(&mut constant.value())?)
	}

	/// Every key and value of the state at block `at` (the code by its hash).
	async fn snapshot(&self, at: &str) -> Result<Snapshot> {
		let code_key = hex::encode(b":code");
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
				snapshot.insert(hex::decode(k)?, hex::decode(v)?);
			}
		}
		let code: Option<String> =
			self.rpc.request("state_getStorageHash", rpc_params![code_key, at]).await?;
		snapshot.insert(b":code".to_vec(), hex::decode(&code.ok_or("no code")?)?);
		Ok(snapshot)
	}

	/// Seals a finalized block with what the pool holds; the pool must be empty afterwards.
	/// Returns the state before it.
	pub(super) async fn seal(&mut self) -> Result<Snapshot> {
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
	pub(super) fn next(&self) -> u64 {
		self.height + 1
	}

	/// Signs `call` with `signer` (next nonce, immortal) and hands it to the pool.
	pub(super) async fn submit(
		&mut self,
		call: &Tx,
		signer: &Keypair,
	) -> Result<Result<(), Refusal>> {
		let who = id_of(signer);
		let state = &self.state;
		let nonce = *self
			.nonces
			.entry(who)
			.or_insert_with(|| RawAccount::of(state, &who).nonce.into());
		let signed = sign_payload(&self.at, call, signer, nonce)?;
		let sent: Result<String, _> = self
			.rpc
			.request("author_submitExtrinsic", rpc_params![hex::encode(&signed)])
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
	pub(super) async fn logged_since(&mut self, text: &str) -> bool {
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
	pub(super) fn events(&self) -> Result<Events<PolkadotConfig>> {
		let key = chaoscore_harness::storage::prefix("System", "Events");
		let bytes = self.state.get(&key).cloned().unwrap_or_default();
		Ok(self.at.events().from_bytes(bytes))
	}

	/// `Pallet::Error` (or the variant) of an encoded `DispatchError`.
	pub(super) fn error_name(&self, bytes: &[u8]) -> String {
		match DispatchError::decode_from(bytes, self.at.metadata()) {
			Ok(DispatchError::Module(e)) => e.details_string(),
			Ok(other) => format!("{other:?}"),
			Err(e) => format!("undecodable dispatch error ({e})"),
		}
	}

	/// Submits `txs` and seals them in one block; each must succeed (a sudo call: its call too).
	pub(super) async fn batch(
		&mut self,
		txs: Vec<(Tx, &Keypair)>,
	) -> Result<Events<PolkadotConfig>> {
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

	/// What changed from `before` to the best state that neither block bookkeeping nor the fee
	/// (`fee`: who paid how much; `None` for a refused transaction) explains.
	pub(super) fn unexplained(
		&self,
		before: &Snapshot,
		fee: Option<(&AccountId32, u128)>,
	) -> Vec<String> {
		state_diff::unexplained(&self.names, before, &self.state, fee, self.existential_deposit)
	}
}
