//! A `chaoscore-node` process on its own loopback ports: a dev chain, a follower of one, or a
//! collator.

use crate::{
	client::{self, connect},
	free_ports, node_key, Api, Process, Result,
};
use jsonrpsee::ws_client::WsClient;
use std::{
	path::{Path, PathBuf},
	process::ExitStatus,
	time::{Duration, Instant},
};

/// Flags every node the harness starts gets: no metrics, telemetry, mDNS or start-up hardware
/// benchmarks.
pub const QUIET_NODE_FLAGS: [&str; 4] =
	["--no-prometheus", "--no-telemetry", "--no-mdns", "--no-hardware-benchmarks"];

/// A `chaoscore-node` process on its own loopback ports; it is killed when dropped.
pub struct DevNode {
	process: Process,
	rpc_port: u16,
	p2p_port: u16,
	mcp_port: u16,
	eth_port: u16,
}

impl DevNode {
	/// Starts the dev node `binary` with its database in `base_path`, on fresh loopback ports,
	/// sealing a finalized block every second.
	pub fn start(binary: &Path, base_path: &Path) -> Result<Self> {
		Self::start_sealing(binary, base_path, &["--dev-block-time", "1000"])
	}

	/// Starts a dev node with `dev_args` after `--dev`: how it seals blocks (e.g.
	/// `["--manual-seal"]`, `["--dev-block-time", "2000"]`) and anything else it needs.
	pub fn start_sealing(binary: &Path, base_path: &Path, dev_args: &[&str]) -> Result<Self> {
		let mode_args = std::iter::once("--dev").chain(dev_args.iter().copied());
		Self::start_with(binary, base_path, mode_args.map(String::from).collect())
	}

	/// Starts a node of the dev chain that authors nothing: not a validator, it imports the
	/// blocks of its peers, the first of which is `bootnode` (a multiaddr with a peer id).
	pub fn start_follower(binary: &Path, base_path: &Path, bootnode: &str) -> Result<Self> {
		let mode_args = ["--chain", "dev", "--dev-block-time", "1000", "--bootnodes", bootnode];
		Self::start_with(binary, base_path, mode_args.map(String::from).to_vec())
	}

	/// Starts `binary` with `mode_args` (how it runs: `--dev` and its seal flags, a follower's or
	/// a collator's flags, relay-chain flags after `--`) plus its base path and fresh loopback
	/// ports. A port flag in `mode_args` (e.g. `--eth-rpc-port 0`: off) wins over the harness's.
	pub fn start_with(binary: &Path, base_path: &Path, mode_args: Vec<String>) -> Result<Self> {
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
		args.extend([
			"--rpc-port".into(),
			rpc_port.to_string(),
			"--port".into(),
			p2p_port.to_string(),
		]);
		args.extend(["--node-key".into(), node_key(p2p_port)]);
		for (flag, port) in [("--mcp-port", mcp_port), ("--eth-rpc-port", eth_port)] {
			if !parachain_args.iter().any(|a| a == flag) {
				args.extend([flag.to_string(), port.to_string()]);
			}
		}
		args.extend(QUIET_NODE_FLAGS.map(String::from));
		args.extend(relay_args.iter().cloned());
		let process = Process::start(binary, args, base_path, "node")?;
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
	pub async fn client(&mut self) -> Result<Api> {
		let url = self.rpc_url();
		connect(&mut self.process, &url).await
	}

	/// A raw JSON-RPC client for bulk work ([`client::ws_client`]); the node must be serving.
	pub async fn rpc_client(&self) -> Result<WsClient> {
		client::ws_client(&self.rpc_url()).await
	}

	/// Waits until the finalized chain reaches `height`; returns the height reached.
	pub async fn wait_for_height(&self, api: &Api, height: u64) -> Result<u64> {
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
	pub fn stop(&mut self) -> Result {
		self.process.stop()
	}

	/// Starts the node again on the same base path and ports.
	pub fn restart(&mut self) -> Result {
		self.process.stop()?;
		self.process.start_again()
	}

	/// Kills the node (SIGKILL: no shutdown, as in a crash).
	pub fn kill(&mut self) -> Result {
		self.process.kill()
	}

	/// Starts a stopped or killed node again on the same base path and ports.
	pub fn start_again(&mut self) -> Result {
		self.process.start_again()
	}

	/// The exit status if the node has exited.
	pub fn exited(&mut self) -> Option<ExitStatus> {
		self.process.exited()
	}

	/// The node's libp2p address on loopback, with `peer_id` (from `system_localPeerId`).
	pub fn p2p_address(&self, peer_id: &str) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port)
	}

	/// Resident memory of the node process in MiB.
	pub fn rss_mib(&self) -> f64 {
		self.process.rss_mib()
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

/// The discovery index directory of the chain under the base path `base`.
pub fn index_dir(base: &Path) -> Result<PathBuf> {
	for chain in std::fs::read_dir(base.join("chains"))? {
		let dir = chain?.path().join("discovery");
		if dir.join("meta.json").exists() {
			return Ok(dir);
		}
	}
	Err("no discovery index under the base path".into())
}
