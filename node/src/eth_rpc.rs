//! The Ethereum JSON-RPC server (`pallet-revive-eth-rpc`) for MetaMask and Ethereum tooling.
//!
//! `chaoscore-node eth-rpc …` is the server itself: it talks to a node over its WebSocket RPC
//! and keeps receipts and logs in SQLite. A running node starts it as a child process of the same
//! binary, pointed at its own RPC server (`--eth-rpc-port`, default 8545 on loopback), so one
//! command serves both. The node restarts the server if it exits, and takes it down when the node
//! stops or dies.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use pallet_revive_eth_rpc::cli::CliCommand;
use polkadot_sdk::{
	sc_cli,
	sc_service::{Configuration, TaskManager},
};

/// Where the node serves Ethereum JSON-RPC; `None` disables it.
#[derive(Debug, Clone, Copy, Default)]
pub struct EthRpcConfig {
	/// Listen address of the server.
	pub addr: Option<SocketAddr>,
}

/// Runs the server in this process (the `eth-rpc` subcommand).
pub fn serve(cmd: &CliCommand) -> sc_cli::Result<()> {
	// `run` takes its command by value and `CliCommand` is not `Clone`; its parts are.
	let cmd = CliCommand {
		node_rpc_url: cmd.node_rpc_url.clone(),
		eth_pruning: cmd.eth_pruning,
		shared_params: cmd.shared_params.clone(),
		rpc_params: cmd.rpc_params.clone(),
		prometheus_params: cmd.prometheus_params.clone(),
		allow_unprotected_txs: cmd.allow_unprotected_txs,
	};
	pallet_revive_eth_rpc::cli::run(cmd).map_err(|e| sc_cli::Error::Application(e.into()))
}

/// How the supervised server is started.
struct Launch {
	/// The server's listen address.
	addr: SocketAddr,
	/// The node's RPC port on loopback.
	node_rpc_port: u16,
	/// Directory of the server's SQLite database.
	base_path: PathBuf,
	/// Whether the chain is a development chain (dev accounts, permissive CORS).
	dev: bool,
}

impl Launch {
	/// The server's command line.
	fn command(&self) -> tokio::process::Command {
		// The binary the node runs, even after its file was replaced or deleted (an upgrade, a
		// rebuild): `current_exe()` then names a file that is gone, and no restart would succeed.
		let mut command = tokio::process::Command::new("/proc/self/exe");
		command
			.arg0(env!("CARGO_BIN_NAME"))
			.arg("eth-rpc")
			.arg(format!("--node-rpc-url=ws://127.0.0.1:{}", self.node_rpc_port))
			.arg(format!("--rpc-port={}", self.addr.port()))
			.arg("--base-path")
			.arg(&self.base_path)
			// Receipts of every block, kept on disk: a restarted server catches up.
			.arg("--eth-pruning=archive")
			.arg("--no-prometheus")
			.arg("--rpc-cors=all")
			.kill_on_drop(true);
		if !self.addr.ip().is_loopback() {
			command.arg("--rpc-external");
		}
		if self.dev {
			command.arg("--dev");
		}
		// SAFETY: `prctl` is async-signal-safe and touches no memory of the parent.
		unsafe {
			command.pre_exec(|| {
				// The server dies with the node, even if the node is killed.
				if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == 0 {
					Ok(())
				} else {
					Err(std::io::Error::last_os_error())
				}
			});
		}
		command
	}

	/// Waits until the node's RPC server accepts connections.
	async fn node_rpc_ready(&self) {
		let addr = SocketAddr::from(([127, 0, 0, 1], self.node_rpc_port));
		while tokio::net::TcpStream::connect(addr).await.is_err() {
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// Runs the server until the node stops, restarting it (with a growing pause, up to 30 s)
	/// whenever it exits.
	async fn supervise(self) {
		let mut pause = Duration::from_secs(1);
		loop {
			self.node_rpc_ready().await;
			let started = std::time::Instant::now();
			match self.command().spawn() {
				Ok(mut child) => {
					log::info!("🦊 Ethereum JSON-RPC on http://{} (ws too)", self.addr);
					match child.wait().await {
						Ok(status) => log::warn!("Ethereum JSON-RPC server exited ({status})"),
						Err(e) => log::warn!("Ethereum JSON-RPC server lost: {e}"),
					}
				},
				Err(e) => log::error!("cannot start the Ethereum JSON-RPC server: {e}"),
			}
			if started.elapsed() > Duration::from_secs(60) {
				pause = Duration::from_secs(1);
			}
			log::info!("restarting the Ethereum JSON-RPC server in {pause:?}");
			tokio::time::sleep(pause).await;
			pause = (pause * 2).min(Duration::from_secs(30));
		}
	}
}

/// Starts (and keeps) the Ethereum JSON-RPC server next to the node, if enabled and if the node
/// serves RPC.
pub fn start(config: &Configuration, eth_rpc: EthRpcConfig, task_manager: &TaskManager) {
	let Some(addr) = eth_rpc.addr else { return };
	let Some(node_rpc_port) = config
		.rpc
		.addr
		.as_ref()
		.and_then(|endpoints| endpoints.first())
		.map(|endpoint| endpoint.listen_addr.port())
	else {
		log::warn!("the node serves no RPC, so no Ethereum JSON-RPC either");
		return;
	};
	let launch = Launch {
		addr,
		node_rpc_port,
		base_path: config.base_path.config_dir(config.chain_spec.id()).join("eth-rpc"),
		dev: config.chain_spec.chain_type() == polkadot_sdk::sc_chain_spec::ChainType::Development,
	};
	task_manager.spawn_handle().spawn("eth-rpc", Some("rpc"), launch.supervise());
}
