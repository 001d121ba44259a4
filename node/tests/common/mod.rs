//! Test harness: runs the real `chaoscore-node` binary on free loopback ports and connects real
//! clients (subxt) to it.

#![allow(dead_code)] // Each test binary uses a different part of the harness.

pub mod agent;
pub mod council;
pub mod escrow;
pub mod eth;
pub mod network;
pub mod process;

pub use process::Process;

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	time::{Duration, Instant},
};
use subxt::{
	dynamic::{self, At, Value},
	error::{DispatchError, TransactionEventsError, TransactionFinalizedSuccessError},
	ext::scale_decode::{self, DecodeAsType},
	extrinsics::ExtrinsicEvents,
	tx::Payload,
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// Result type of the harness and the tests.
pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// A subxt client for ChaosCore (its extrinsic format is Polkadot's).
pub type Api = OnlineClient<PolkadotConfig>;

/// How long a node may take to open its RPC port.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);

/// `N` distinct free TCP ports on loopback. The listeners are held until all are bound (so the
/// OS cannot hand out one port twice) and dropped on return, so the ports are free right after.
pub fn free_ports<const N: usize>() -> [u16; N] {
	let listeners: Vec<TcpListener> = (0..N)
		.map(|_| TcpListener::bind("127.0.0.1:0").expect("the OS hands out a free loopback port"))
		.collect();
	std::array::from_fn(|i| {
		listeners[i]
			.local_addr()
			.map(|a| a.port())
			.expect("a bound listener has an address")
	})
}

/// A `chaoscore-node` process on its own loopback ports; it is killed when dropped.
pub struct DevNode {
	process: Process,
	rpc_port: u16,
	p2p_port: u16,
	mcp_port: u16,
	eth_port: u16,
}

impl DevNode {
	/// Starts a dev node whose database lives in `base_path`, on fresh loopback ports, sealing a
	/// finalized block every second.
	pub fn start(base_path: &Path) -> TestResult<Self> {
		Self::start_sealing(base_path, &["--dev-block-time", "1000"])
	}

	/// Starts a dev node that seals blocks as `seal_args` say (e.g. `["--manual-seal"]`).
	pub fn start_sealing(base_path: &Path, seal_args: &[&str]) -> TestResult<Self> {
		let mode_args = std::iter::once("--dev").chain(seal_args.iter().copied());
		Self::start_with(base_path, mode_args.map(String::from).collect())
	}

	/// Starts a node of the dev chain that authors nothing: not a validator, it imports the
	/// blocks of its peers, the first of which is `bootnode` (a multiaddr with a peer id).
	pub fn start_follower(base_path: &Path, bootnode: &str) -> TestResult<Self> {
		let mode_args = ["--chain", "dev", "--dev-block-time", "1000", "--bootnodes", bootnode];
		Self::start_with(base_path, mode_args.map(String::from).to_vec())
	}

	/// Starts `chaoscore-node` with `mode_args` (how it runs: `--dev` and its seal flags, a
	/// follower's or a collator's flags) plus its base path and fresh loopback ports.
	pub fn start_with(base_path: &Path, mode_args: Vec<String>) -> TestResult<Self> {
		// Distinct ports: the node falls back to a random RPC port if its own is taken, e.g. by
		// its MCP endpoint.
		let [rpc_port, p2p_port, mcp_port, eth_port] = free_ports();
		std::fs::create_dir_all(base_path)?;
		let (parachain_args, relay_args) = match mode_args.iter().position(|a| a == "--") {
			Some(split) => (&mode_args[..split], &mode_args[split..]),
			None => (&mode_args[..], &[][..]),
		};
		let mut args = parachain_args.to_vec();
		args.extend(["--base-path".into(), base_path.display().to_string()]);
		args.extend(["--rpc-port".into(), rpc_port.to_string(), "--port".into(), p2p_port.to_string()]);
		args.extend(["--node-key".into(), node_key(p2p_port)]);
		for (flag, port) in [("--mcp-port", mcp_port), ("--eth-rpc-port", eth_port)] {
			// A caller's own choice (e.g. `0`: off) wins.
			if !parachain_args.iter().any(|a| a == flag) {
				args.extend([flag.to_string(), port.to_string()]);
			}
		}
		args.extend(QUIET_NODE_FLAGS.map(String::from));
		args.extend(relay_args.iter().cloned());
		let process =
			Process::start(Path::new(env!("CARGO_BIN_EXE_chaoscore-node")), args, base_path, "node")?;
		Ok(Self { process, rpc_port, p2p_port, mcp_port, eth_port })
	}

	/// The node's WebSocket/HTTP RPC endpoint.
	pub fn rpc_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The node's MCP endpoint.
	pub fn mcp_url(&self) -> String {
		format!("http://127.0.0.1:{}/mcp", self.mcp_port)
	}

	/// The Ethereum JSON-RPC endpoint the node runs next to itself.
	pub fn eth_url(&self) -> String {
		format!("http://127.0.0.1:{}", self.eth_port)
	}

	/// Connects a subxt client, waiting for the node to open its RPC port.
	pub async fn client(&mut self) -> TestResult<Api> {
		let url = self.rpc_url();
		connect(&mut self.process, &url).await
	}

	/// Waits until the finalized chain reaches `height`; returns the height reached.
	pub async fn wait_for_height(&self, api: &Api, height: u64) -> TestResult<u64> {
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			let now = api.at_current_block().await?.block_number();
			if now >= height {
				return Ok(now);
			}
			if Instant::now() > deadline {
				return Err(
					format!("stuck at block {now}, wanted {height}\n{}", self.log_tail()).into()
				);
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// Stops the node gracefully (SIGINT, as Ctrl-C) and waits for it to exit.
	pub fn stop(&mut self) -> TestResult {
		self.process.stop()
	}

	/// Starts the node again on the same base path and ports.
	pub fn restart(&mut self) -> TestResult {
		self.process.stop()?;
		self.process.start_again()
	}

	/// Kills the node (SIGKILL: no shutdown, as in a crash).
	pub fn kill(&mut self) -> TestResult {
		self.process.kill()
	}

	/// Starts a stopped or killed node again on the same base path and ports.
	pub fn start_again(&mut self) -> TestResult {
		self.process.start_again()
	}

	/// The exit status if the node has exited.
	pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
		self.process.exited()
	}

	/// The node's libp2p address on loopback, with `peer_id` (from `system_localPeerId`).
	pub fn p2p_address(&self, peer_id: &str) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port)
	}

	/// The whole log of the current run.
	pub fn log(&self) -> String {
		self.process.log()
	}

	/// The last lines of the current run's log, for failure messages.
	pub fn log_tail(&self) -> String {
		self.process.log_tail()
	}
}

/// A libp2p node key unique to the node listening on `p2p_port` (and stable across its
/// restarts). Nodes that author on a non-dev chain need one: Substrate does not generate it.
pub fn node_key(p2p_port: u16) -> String {
	format!("{p2p_port:064x}")
}

/// A subxt client over the legacy RPC methods (`author_submitAndWatchExtrinsic`, `chain_*`,
/// `state_*`) instead of `chainHead_v1`: a collator under a relay chain sees parachain forks
/// that the relay chain later resolves, and its `chainHead_v1_follow` subscriptions then end
/// with a `stop` event, which aborts subxt's transaction watch.
pub async fn legacy_client(url: &str) -> TestResult<Api> {
	let rpc = subxt::rpcs::RpcClient::from_insecure_url(url).await?;
	let backend = subxt::backend::LegacyBackend::<PolkadotConfig>::builder().build(rpc);
	Ok(Api::from_backend(std::sync::Arc::new(backend)).await?)
}

/// Flags every test node gets: no metrics, telemetry, mDNS or start-up hardware benchmarks.
pub const QUIET_NODE_FLAGS: [&str; 4] =
	["--no-prometheus", "--no-telemetry", "--no-mdns", "--no-hardware-benchmarks"];

/// Connects a subxt client to `url`, waiting for `process` to open its RPC port; fails early
/// with its log if it exits.
pub async fn connect(process: &mut Process, url: &str) -> TestResult<Api> {
	let deadline = Instant::now() + STARTUP_TIMEOUT;
	loop {
		if let Some(status) = process.exited() {
			return Err(format!("node exited with {status}:\n{}", process.log_tail()).into());
		}
		match Api::from_insecure_url(url).await {
			Ok(api) => return Ok(api),
			Err(_) if Instant::now() < deadline =>
				tokio::time::sleep(Duration::from_millis(250)).await,
			Err(e) =>
				return Err(
					format!("no RPC after {STARTUP_TIMEOUT:?}: {e}\n{}", process.log_tail()).into()
				),
		}
	}
}

/// The part of `System::Account` the tests read.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub struct AccountInfo {
	/// Balances of the account.
	pub data: AccountData,
}

/// Balances of one account.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub struct AccountData {
	/// Spendable balance.
	pub free: u128,
	/// Balance on hold (agent bonds among others).
	pub reserved: u128,
}

/// Balances of `who` at the latest finalized block.
pub async fn account(api: &Api, who: &AccountId32) -> TestResult<AccountData> {
	let at = api.at_current_block().await?;
	let address = dynamic::storage::<(AccountId32,), AccountInfo>("System", "Account");
	Ok(at.storage().fetch(address, (who.clone(),)).await?.decode()?.data)
}

/// What became of a finalized transaction: its events, or why it failed.
pub type Outcome = Result<Included, TransactionFinalizedSuccessError>;

/// A successful transaction: the block it is in and its events (it derefs to the events).
pub struct Included {
	/// Hash of the (finalized) block the transaction is in.
	pub block: subxt::utils::H256,
	/// The transaction's events.
	pub events: ExtrinsicEvents<PolkadotConfig>,
}

impl std::ops::Deref for Included {
	type Target = ExtrinsicEvents<PolkadotConfig>;
	fn deref(&self) -> &Self::Target {
		&self.events
	}
}

/// Signs `call` with `signer`, submits it and waits until it is finalized. The outer error is
/// the pool refusing the transaction; the inner result is the dispatch outcome.
pub async fn submit<Call: Payload>(
	api: &Api,
	call: &Call,
	signer: &Keypair,
) -> TestResult<Outcome> {
	let progress = api
		.at_current_block()
		.await?
		.tx()
		.sign_and_submit_then_watch_default(call, signer)
		.await?;
	let outcome = async {
		let in_block = progress.wait_for_finalized().await?;
		let events = in_block.wait_for_success().await?;
		Ok::<_, TransactionFinalizedSuccessError>(Included { block: in_block.block_hash(), events })
	};
	Ok(outcome.await)
}

/// `Pallet::Error` name of a failed transaction's module error (e.g. `AgentRegistry::AgentJailed`).
pub fn module_error(outcome: Outcome) -> String {
	match outcome {
		Err(TransactionFinalizedSuccessError::SuccessError(
			TransactionEventsError::ExtrinsicFailed(DispatchError::Module(e)),
		)) => e.details_string(),
		Err(other) => panic!("expected a module error, got {other}"),
		Ok(_) => panic!("expected the transaction to fail, it succeeded"),
	}
}

/// Dispatches `call` (a runtime call as a `Value`) as Root through `Sudo::sudo`, signed by Alice,
/// and fails unless the inner call succeeded.
pub async fn sudo(api: &Api, call: Value) -> TestResult<Included> {
	let alice = subxt_signer::sr25519::dev::alice();
	let events = submit(api, &dynamic::tx("Sudo", "sudo", vec![call]), &alice).await??;
	expect_dispatched(&events, ("Sudo", "Sudid", "sudo_result"), "sudo call")?;
	Ok(events)
}

/// Fails unless the event `(pallet, event, result field)` among `events` reports that the call
/// dispatched on someone's behalf (by sudo, a motion, the whitelist) succeeded; `what` names
/// that call in the error.
pub fn expect_dispatched(
	events: &ExtrinsicEvents<PolkadotConfig>,
	(pallet, event, field): (&str, &str, &str),
	what: &str,
) -> TestResult {
	let result = event_field(&find_event(events, pallet, event)?, field)?;
	if variant_name(&result) != Some("Ok") {
		return Err(format!("{what} failed: {result}").into());
	}
	Ok(())
}

/// The first event `pallet::name` among `events`.
pub fn find_event<'a>(
	events: &'a ExtrinsicEvents<PolkadotConfig>,
	pallet: &str,
	name: &str,
) -> TestResult<subxt::events::Event<'a, PolkadotConfig>> {
	events
		.iter()
		.filter_map(Result::ok)
		.find(|e| (e.pallet_name(), e.event_name()) == (pallet, name))
		.ok_or_else(|| format!("no {pallet}::{name} event").into())
}

/// The fee (plus tip) the signer of a transaction paid, from its `TransactionFeePaid` event.
pub fn fee_paid(events: &ExtrinsicEvents<PolkadotConfig>) -> TestResult<u128> {
	let paid = find_event(events, "TransactionPayment", "TransactionFeePaid")?;
	let amount = |field: &str| -> TestResult<u128> {
		event_field(&paid, field)?
			.as_u128()
			.ok_or_else(|| format!("{field} is not a number").into())
	};
	Ok(amount("actual_fee")? + amount("tip")?)
}

/// A runtime call as a `Value`: `Pallet::call { args }` with named arguments.
pub fn call(pallet: &str, name: &str, args: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, args)])
}

/// Field `name` of an event, as a dynamic value.
pub fn event_field(
	event: &subxt::events::Event<'_, PolkadotConfig>,
	name: &str,
) -> TestResult<Value> {
	// The outer event enum: `Pallet(Event { fields })`.
	let outer: Value = event.decode_as()?;
	let field = outer.at(0).and_then(|inner| inner.at(name)).ok_or_else(|| {
		format!("{}::{} has no field {name}", event.pallet_name(), event.event_name())
	})?;
	Ok(field.clone())
}

/// The variant name of an enum value (`Ok`, `Some`, `Active`, ...).
pub fn variant_name<Ctx>(value: &Value<Ctx>) -> Option<&str> {
	match &value.value {
		subxt::ext::scale_value::ValueDef::Variant(v) => Some(v.name.as_str()),
		_ => None,
	}
}

/// The discovery index directory of the dev chain under `base`.
pub fn index_dir(base: &Path) -> TestResult<PathBuf> {
	for chain in std::fs::read_dir(base.join("chains"))? {
		let dir = chain?.path().join("discovery");
		if dir.join("meta.json").exists() {
			return Ok(dir);
		}
	}
	Err("no discovery index under the base path".into())
}
