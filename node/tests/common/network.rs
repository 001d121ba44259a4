//! A relay chain with ChaosCore collators on loopback, as `zombienet/local.toml` defines it:
//! the relay binaries from `scripts/relay-binaries.sh`, the chain specs built the way a relay
//! chain's operators register a parachain at genesis, and JSON-RPC reads of both chains.

use super::{free_ports, node_key, DevNode, Process, TestResult, QUIET_NODE_FLAGS};
use codec::{Compact, Decode};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use polkadot_sdk::sp_io::hashing::{twox_128, twox_64};
use serde::Deserialize;
use serde_json::Value as Json;
use std::{
	path::{Path, PathBuf},
	process::Command,
	time::{Duration, Instant},
};

/// The network definition: the part of zombienet's TOML format the harness reads.
#[derive(Debug, Deserialize)]
pub struct Definition {
	/// The relay chain.
	pub relaychain: RelayChainDef,
	/// The parachains (ChaosCore: one).
	pub parachains: Vec<ParachainDef>,
}

/// The relay chain of a [`Definition`].
#[derive(Debug, Deserialize)]
pub struct RelayChainDef {
	/// Built-in chain spec the relay spec starts from (e.g. `rococo-local`).
	pub chain: String,
	/// Arguments every relay node gets.
	#[serde(default)]
	pub default_args: Vec<String>,
	/// The validators; each `name` is a dev key (`alice` runs with `--alice`).
	pub nodes: Vec<NodeDef>,
}

/// A node of a [`Definition`].
#[derive(Debug, Deserialize)]
pub struct NodeDef {
	/// Node name (for validators: the dev key).
	pub name: String,
	/// Extra arguments (for collators: the dev key flag, e.g. `--alice`).
	#[serde(default)]
	pub args: Vec<String>,
	/// A relay-chain validator (`--validator`).
	#[serde(default)]
	pub validator: bool,
}

/// A parachain of a [`Definition`].
#[derive(Debug, Deserialize)]
pub struct ParachainDef {
	/// Para id registered at relay genesis.
	pub id: u32,
	/// The parachain's chain spec (`--chain` of `chaoscore-node`).
	pub chain: String,
	/// The collators.
	pub collators: Vec<NodeDef>,
}

impl Definition {
	/// Reads `zombienet/local.toml`.
	pub fn local() -> TestResult<Self> {
		let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../zombienet/local.toml");
		let text = std::fs::read_to_string(&path)
			.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
		Ok(toml::from_str(&text)?)
	}

	/// The ChaosCore parachain.
	pub fn parachain(&self) -> TestResult<&ParachainDef> {
		Ok(self.parachains.first().ok_or("the network definition has no parachain")?)
	}
}

/// Where the relay binaries are: `$CHAOSCORE_RELAY_BIN_DIR` (set by `scripts/test.sh` from
/// `scripts/relay-binaries.sh`), else next to `chaoscore-node` (the workspace builds both).
pub fn relay_bin_dir() -> TestResult<PathBuf> {
	let dir = match std::env::var_os("CHAOSCORE_RELAY_BIN_DIR") {
		Some(dir) => PathBuf::from(dir),
		None => Path::new(env!("CARGO_BIN_EXE_chaoscore-node"))
			.parent()
			.ok_or("chaoscore-node has no directory")?
			.to_path_buf(),
	};
	for binary in ["polkadot", "polkadot-prepare-worker", "polkadot-execute-worker"] {
		if !dir.join(binary).is_file() {
			return Err(format!(
				"{binary} is not in {}: run scripts/relay-binaries.sh (or `cargo test --workspace`, \
				 which builds the relay binaries)",
				dir.display()
			)
			.into());
		}
	}
	Ok(dir)
}

/// Runs `program args` to completion and returns its stdout; fails with its stderr.
pub fn output(program: &Path, args: &[&str]) -> TestResult<String> {
	let out = Command::new(program).args(args).output()?;
	if !out.status.success() {
		return Err(format!(
			"{} {args:?} failed ({}):\n{}",
			program.display(),
			out.status,
			String::from_utf8_lossy(&out.stderr)
		)
		.into());
	}
	Ok(String::from_utf8(out.stdout)?)
}

/// The path of `chaoscore-node`.
pub fn chaoscore_node() -> &'static Path {
	Path::new(env!("CARGO_BIN_EXE_chaoscore-node"))
}

/// Builds the raw relay-chain spec with the parachain registered at genesis, as the relay
/// chain's operators would: the parachain's genesis head and Wasm (exported by `chaoscore-node`)
/// in the relay genesis' `paras`. Returns its path in `dir`.
pub fn relay_spec(def: &Definition, polkadot: &Path, dir: &Path) -> TestResult<PathBuf> {
	let para = def.parachain()?;
	let scratch = dir.join("export-genesis");
	let scratch = scratch.to_str().ok_or("non-UTF-8 path")?;
	let export = |what: &str| -> TestResult<String> {
		let args = [what, "--chain", &para.chain, "--base-path", scratch];
		Ok(output(chaoscore_node(), &args)?.trim().to_string())
	};
	let (genesis_head, validation_code) = (export("export-genesis-head")?, export("export-genesis-wasm")?);

	let plain = output(
		polkadot,
		&["build-spec", "--chain", &def.relaychain.chain, "--disable-default-bootnode"],
	)?;
	let mut spec: Json = serde_json::from_str(&plain)?;
	let patch = spec
		.pointer_mut("/genesis/runtimeGenesis/patch")
		.ok_or("the relay spec has no genesis patch")?;
	patch["paras"]["paras"] = serde_json::json!([[
		para.id,
		{ "genesis_head": genesis_head, "validation_code": validation_code, "parachain": true }
	]]);
	// Async backing, as on Polkadot and Kusama: candidates may build on relay parents up to two
	// blocks old and three deep, so the collators author a block every 6 s (`rococo-local`
	// disables it by default).
	patch["configuration"]["config"]["async_backing_params"] =
		serde_json::json!({ "max_candidate_depth": 3, "allowed_ancestry_len": 2 });
	let plain_path = dir.join("relay-plain.json");
	std::fs::write(&plain_path, serde_json::to_string(&spec)?)?;

	let plain_path = plain_path.to_str().ok_or("non-UTF-8 path")?;
	let raw = output(
		polkadot,
		&["build-spec", "--chain", plain_path, "--raw", "--disable-default-bootnode"],
	)?;
	let raw_path = dir.join("relay-raw.json");
	std::fs::write(&raw_path, raw)?;
	Ok(raw_path)
}

/// A JSON-RPC connection to a node, for the reads the tests make of either chain.
pub struct Rpc(pub WsClient);

impl Rpc {
	/// Connects to `url`, waiting up to `timeout` for the node to open it.
	pub async fn connect(url: &str, timeout: Duration) -> TestResult<Self> {
		let deadline = Instant::now() + timeout;
		loop {
			match WsClientBuilder::default().build(url).await {
				Ok(client) => return Ok(Self(client)),
				Err(_) if Instant::now() < deadline =>
					tokio::time::sleep(Duration::from_millis(250)).await,
				Err(e) => return Err(format!("no RPC on {url}: {e}").into()),
			}
		}
	}

	/// A JSON-RPC call.
	pub async fn call(&self, method: &str, params: ArrayParams) -> TestResult<Json> {
		Ok(self.0.request(method, params).await?)
	}

	/// The node's libp2p peer id.
	pub async fn peer_id(&self) -> TestResult<String> {
		let id = self.call("system_localPeerId", rpc_params![]).await?;
		Ok(id.as_str().ok_or("no peer id")?.to_string())
	}

	/// Number of the block `hash` (`None`: the best block).
	pub async fn number(&self, hash: Option<&str>) -> TestResult<u32> {
		let header = self.call("chain_getHeader", rpc_params![hash]).await?;
		let number = header["number"].as_str().ok_or("no block number")?;
		Ok(u32::from_str_radix(number.trim_start_matches("0x"), 16)?)
	}

	/// Hash and number of the last finalized block.
	pub async fn finalized(&self) -> TestResult<(String, u32)> {
		let hash = self.call("chain_getFinalizedHead", rpc_params![]).await?;
		let hash = hash.as_str().ok_or("no finalized hash")?.to_string();
		let number = self.number(Some(&hash)).await?;
		Ok((hash, number))
	}

	/// Hash of block `number` of the best chain.
	pub async fn block_hash(&self, number: u32) -> TestResult<String> {
		let hash = self.call("chain_getBlockHash", rpc_params![number]).await?;
		Ok(hash.as_str().ok_or_else(|| format!("no block #{number}"))?.to_string())
	}

	/// Raw storage value under `key` at the best block.
	pub async fn storage(&self, key: &[u8]) -> TestResult<Option<Vec<u8>>> {
		let key = format!("0x{}", hex(key));
		let value = self.call("state_getStorage", rpc_params![key]).await?;
		value.as_str().map(from_hex).transpose()
	}

	/// A runtime API call (`state_call`) at block `hash`, SCALE-encoded.
	pub async fn state_call(&self, method: &str, args: &[u8], hash: &str) -> TestResult<Vec<u8>> {
		let args = format!("0x{}", hex(args));
		let answer = self.call("state_call", rpc_params![method, args, hash]).await?;
		from_hex(answer.as_str().ok_or("no state_call answer")?)
	}

	/// The relay chain's registered parachains (`Paras::Parachains`).
	pub async fn relay_parachains(&self) -> TestResult<Vec<u32>> {
		let raw = self.storage(&plain_key(b"Paras", b"Parachains")).await?.unwrap_or_default();
		Ok(Vec::<u32>::decode(&mut &raw[..])?)
	}

	/// The number of the parachain head the relay chain holds for `para` (`Paras::Heads`).
	pub async fn relay_para_head(&self, para: u32) -> TestResult<Option<u32>> {
		let mut key = plain_key(b"Paras", b"Heads");
		let id = para.to_le_bytes();
		key.extend(twox_64(&id));
		key.extend(id);
		let Some(raw) = self.storage(&key).await? else { return Ok(None) };
		// `HeadData(Vec<u8>)` holding the encoded header: parent hash, then the compact number.
		let head = Vec::<u8>::decode(&mut &raw[..])?;
		let (_parent, number) = <([u8; 32], Compact<u32>)>::decode(&mut &head[..])?;
		Ok(Some(number.0))
	}

	/// The Aura key that authored parachain block `number`: the authority of its slot (from the
	/// Aura pre-runtime digest) among those of its parent (`AuraApi_authorities`).
	pub async fn aura_author(&self, number: u32) -> TestResult<[u8; 32]> {
		let hash = self.block_hash(number).await?;
		let header = self.call("chain_getHeader", rpc_params![&hash]).await?;
		let parent = header["parentHash"].as_str().ok_or("no parent hash")?.to_string();
		let slot = header["digest"]["logs"]
			.as_array()
			.ok_or("no digest")?
			.iter()
			.filter_map(|log| from_hex(log.as_str()?).ok())
			.find_map(|log| aura_slot(&log))
			.ok_or_else(|| format!("block #{number} has no Aura pre-runtime digest"))?;
		let raw = self.state_call("AuraApi_authorities", &[], &parent).await?;
		let authorities = Vec::<[u8; 32]>::decode(&mut &raw[..])?;
		let index = usize::try_from(slot % authorities.len().max(1) as u64)?;
		Ok(*authorities.get(index).ok_or("no Aura authorities")?)
	}
}

/// The slot of an Aura pre-runtime digest item (`PreRuntime(*b"aura", slot.encode())`).
fn aura_slot(item: &[u8]) -> Option<u64> {
	const PRE_RUNTIME: u8 = 6;
	let (&kind, rest) = item.split_first()?;
	let rest = rest.strip_prefix(&b"aura"[..])?;
	if kind != PRE_RUNTIME {
		return None;
	}
	let slot = Vec::<u8>::decode(&mut &rest[..]).ok()?;
	u64::decode(&mut &slot[..]).ok()
}

/// Storage key of a plain storage value.
fn plain_key(pallet: &[u8], item: &[u8]) -> Vec<u8> {
	[twox_128(pallet), twox_128(item)].concat()
}

/// Lower-case hex of `bytes`, without `0x`.
pub fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of a hex string, with or without `0x`.
pub fn from_hex(text: &str) -> TestResult<Vec<u8>> {
	let text = text.trim_start_matches("0x");
	(0..text.len())
		.step_by(2)
		.map(|i| Ok(u8::from_str_radix(text.get(i..i + 2).ok_or("odd hex")?, 16)?))
		.collect()
}

/// A relay-chain validator process.
pub struct RelayNode {
	/// The `polkadot` process.
	pub process: Process,
	/// Its RPC port.
	pub rpc_port: u16,
	/// Its p2p port.
	pub p2p_port: u16,
}

impl RelayNode {
	/// Starts relay node `node` (named for its dev key) of the relay chain `spec`, with the
	/// definition's default arguments and `bootnodes`.
	pub fn start(
		def: &Definition,
		polkadot: &Path,
		spec: &Path,
		node: &NodeDef,
		dir: &Path,
		bootnodes: &[String],
	) -> TestResult<Self> {
		let [rpc_port, p2p_port] = free_ports();
		let name = &node.name;
		let mut args: Vec<String> = vec![
			"--chain".into(),
			spec.display().to_string(),
			format!("--{name}"),
			"--base-path".into(),
			dir.join(name).display().to_string(),
			"--rpc-port".into(),
			rpc_port.to_string(),
			"--port".into(),
			p2p_port.to_string(),
			"--node-key".into(),
			node_key(p2p_port),
		];
		if node.validator {
			args.push("--validator".into());
		}
		args.extend(QUIET_NODE_FLAGS.map(String::from));
		args.extend(def.relaychain.default_args.iter().cloned());
		args.extend(node.args.iter().cloned());
		for bootnode in bootnodes {
			args.extend(["--bootnodes".into(), bootnode.clone()]);
		}
		let process = Process::start(polkadot, args, dir, &format!("relay-{name}"))?;
		Ok(Self { process, rpc_port, p2p_port })
	}

	/// Its RPC endpoint.
	pub fn rpc_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// A JSON-RPC connection, once the node serves it; fails early with its log if it exits.
	pub async fn rpc(&mut self) -> TestResult<Rpc> {
		let url = self.rpc_url();
		super::connect(&mut self.process, &url).await?;
		Rpc::connect(&url, Duration::from_secs(10)).await
	}

	/// Its libp2p address with `peer_id`.
	pub fn p2p_address(&self, peer_id: &str) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port)
	}
}

/// How a collator reaches the relay chain: its spec and bootnodes, and optionally a relay
/// node's RPC to use instead of an embedded relay-chain node (`--relay-chain-rpc-url`: the
/// collator then runs a minimal relay node, which still joins the relay network by p2p to
/// hand its collations to the validators).
pub struct RelayAccess<'a> {
	/// The relay chain's raw spec.
	pub spec: &'a Path,
	/// Relay nodes to join through.
	pub bootnodes: &'a [String],
	/// A relay node's RPC endpoint, or `None` for an embedded relay-chain node.
	pub rpc_url: Option<String>,
}

/// Starts a ChaosCore collator with `args` (its dev key flag) on the parachain `chain`, joining
/// the parachain through `para_bootnodes`; its database and logs live in `base`.
pub fn start_collator(
	chain: &str,
	args: &[String],
	base: &Path,
	para_bootnodes: &[String],
	relay: &RelayAccess<'_>,
) -> TestResult<DevNode> {
	let mut mode_args: Vec<String> = args.to_vec();
	mode_args.extend(["--collator".into(), "--chain".into(), chain.into()]);
	// A collator serves neither MCP nor Ethereum JSON-RPC unless asked.
	mode_args.extend(["--eth-rpc-port".into(), "0".into(), "--mcp-port".into(), "0".into()]);
	for bootnode in para_bootnodes {
		mode_args.extend(["--bootnodes".into(), bootnode.clone()]);
	}
	if let Some(url) = &relay.rpc_url {
		mode_args.extend(["--relay-chain-rpc-url".into(), url.clone()]);
	}
	let [relay_rpc, relay_p2p] = free_ports();
	mode_args.extend([
		"--".into(),
		"--chain".into(),
		relay.spec.display().to_string(),
		"--rpc-port".into(),
		relay_rpc.to_string(),
		"--port".into(),
		relay_p2p.to_string(),
	]);
	mode_args.extend(["--no-prometheus".into(), "--no-telemetry".into(), "--no-mdns".into()]);
	for bootnode in relay.bootnodes {
		mode_args.extend(["--bootnodes".into(), bootnode.clone()]);
	}
	DevNode::start_with(base, mode_args)
}

/// Polls `probe` every second until it returns `Some`, for at most `timeout`; `what` names the
/// wait in the error, followed by `context()` (e.g. node logs).
pub async fn wait_for<T, F, Fut>(
	what: &str,
	timeout: Duration,
	mut probe: F,
	context: impl Fn() -> String,
) -> TestResult<T>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = TestResult<Option<T>>>,
{
	let deadline = Instant::now() + timeout;
	let mut last_error = String::new();
	loop {
		match probe().await {
			Ok(Some(value)) => return Ok(value),
			Ok(None) => {},
			Err(e) => last_error = e.to_string(),
		}
		if Instant::now() > deadline {
			return Err(format!(
				"timed out after {timeout:?} waiting for {what} (last error: {last_error})\n{}",
				context()
			)
			.into());
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}
