//! A relay chain with ChaosCore collators on loopback, as `zombienet/local.toml` defines it:
//! the relay binaries from `scripts/relay-binaries.sh`, the relay chain spec built the way a
//! relay chain's operators register a parachain at genesis, the relay validators and the
//! collators, and JSON-RPC reads of both chains ([`Rpc`]).

mod definition;
mod rpc;

pub use definition::{Definition, NodeDef, ParachainDef, RelayChainDef};
pub use rpc::Rpc;

use crate::{
	client::connect, free_ports, node_key, process::output, DevNode, Process, Result,
	QUIET_NODE_FLAGS,
};
use serde_json::Value as Json;
use std::{
	path::{Path, PathBuf},
	time::Duration,
};

/// The binaries of a network: `chaoscore-node` and the relay chain's `polkadot`.
pub struct Binaries {
	/// The ChaosCore node.
	pub chaoscore_node: PathBuf,
	/// The relay chain node (its workers are next to it).
	pub polkadot: PathBuf,
}

impl Binaries {
	/// `chaoscore_node`, and the relay binaries from `$CHAOSCORE_RELAY_BIN_DIR` (set by
	/// `scripts/test.sh` from `scripts/relay-binaries.sh`), else from next to `chaoscore_node`
	/// (the workspace builds both); fails unless all three relay binaries are there.
	pub fn new(chaoscore_node: &Path) -> Result<Self> {
		let dir = match std::env::var_os("CHAOSCORE_RELAY_BIN_DIR") {
			Some(dir) => PathBuf::from(dir),
			None => chaoscore_node.parent().ok_or("chaoscore-node has no directory")?.to_path_buf(),
		};
		for binary in ["polkadot", "polkadot-prepare-worker", "polkadot-execute-worker"] {
			if !dir.join(binary).is_file() {
				return Err(format!(
					"{binary} is not in {}: run scripts/relay-binaries.sh (or `cargo test \
					 --workspace`, which builds the relay binaries)",
					dir.display()
				)
				.into());
			}
		}
		Ok(Self { chaoscore_node: chaoscore_node.to_path_buf(), polkadot: dir.join("polkadot") })
	}
}

/// Builds the raw relay-chain spec with the parachain registered at genesis, as the relay
/// chain's operators would: the parachain's genesis head and Wasm (exported by `chaoscore-node`)
/// in the relay genesis' `paras`. Returns its path in `dir`.
pub fn relay_spec(def: &Definition, binaries: &Binaries, dir: &Path) -> Result<PathBuf> {
	let para = def.parachain()?;
	let scratch = dir.join("export-genesis");
	let scratch = scratch.to_str().ok_or("non-UTF-8 path")?;
	let export = |what: &str| -> Result<String> {
		let args = [what, "--chain", &para.chain, "--base-path", scratch];
		Ok(output(&binaries.chaoscore_node, &args)?.trim().to_string())
	};
	let (genesis_head, validation_code) =
		(export("export-genesis-head")?, export("export-genesis-wasm")?);

	let polkadot = &binaries.polkadot;
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
		binaries: &Binaries,
		spec: &Path,
		node: &NodeDef,
		dir: &Path,
		bootnodes: &[String],
	) -> Result<Self> {
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
		let process = Process::start(&binaries.polkadot, args, dir, &format!("relay-{name}"))?;
		Ok(Self { process, rpc_port, p2p_port })
	}

	/// Its RPC endpoint.
	pub fn rpc_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// A JSON-RPC connection, once the node serves it; fails early with its log if it exits.
	pub async fn rpc(&mut self) -> Result<Rpc> {
		let url = self.rpc_url();
		connect(&mut self.process, &url).await?;
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

/// Starts a ChaosCore collator (`binaries.chaoscore_node`) with `args` (its dev key flag) on the
/// parachain `chain`, joining the parachain through `para_bootnodes`; its database and logs live
/// in `base`.
pub fn start_collator(
	binaries: &Binaries,
	chain: &str,
	args: &[String],
	base: &Path,
	para_bootnodes: &[String],
	relay: &RelayAccess<'_>,
) -> Result<DevNode> {
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
	DevNode::start_with(&binaries.chaoscore_node, base, mode_args)
}
