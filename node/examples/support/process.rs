//! The `chaoscore-node --dev` process under test, on free loopback ports in a given base path.

use super::Result;
use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt::{OnlineClient, PolkadotConfig};

/// Three distinct free loopback ports (listeners held until all are bound).
fn free_ports() -> Result<[u16; 3]> {
	let listeners = (0..3)
		.map(|_| TcpListener::bind("127.0.0.1:0"))
		.collect::<Result<Vec<_>, _>>()?;
	let ports = listeners
		.iter()
		.map(|l| l.local_addr().map(|a| a.port()))
		.collect::<Result<Vec<_>, _>>()?;
	Ok([ports[0], ports[1], ports[2]])
}

/// A dev node sealing a block every `block_time_ms`; stopped (SIGINT) when dropped.
pub struct Node {
	binary: PathBuf,
	child: Option<Child>,
	base: PathBuf,
	block_time_ms: u64,
	rpc_port: u16,
	p2p_port: u16,
	mcp_port: u16,
	log: PathBuf,
	starts: u32,
}

impl Node {
	/// Starts `binary --dev` with its database in `base`.
	pub fn start(binary: &Path, base: &Path, block_time_ms: u64) -> Result<Self> {
		let [rpc_port, p2p_port, mcp_port] = free_ports()?;
		let mut node = Self {
			binary: binary.into(),
			child: None,
			base: base.into(),
			block_time_ms,
			rpc_port,
			p2p_port,
			mcp_port,
			log: PathBuf::new(),
			starts: 0,
		};
		node.spawn()?;
		Ok(node)
	}

	/// Starts the process (again) on the same ports and base path; its log goes to a new file.
	pub fn spawn(&mut self) -> Result {
		self.log = self.base.join(format!("node-{}.log", self.starts));
		let child = Command::new(&self.binary)
			.arg("--dev")
			.arg("--base-path")
			.arg(&self.base)
			.args(["--rpc-port", &self.rpc_port.to_string()])
			.args(["--port", &self.p2p_port.to_string()])
			.args(["--mcp-port", &self.mcp_port.to_string()])
			.args(["--eth-rpc-port", "0"])
			.args(["--dev-block-time", &self.block_time_ms.to_string()])
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns", "--no-hardware-benchmarks"])
			.stdout(Stdio::null())
			.stderr(File::create(&self.log)?)
			.spawn()?;
		self.child = Some(child);
		self.starts += 1;
		Ok(())
	}

	/// The WebSocket RPC endpoint.
	pub fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The base path (database, index, logs).
	pub fn base(&self) -> &Path {
		&self.base
	}

	/// Resident memory of the node process, in MiB.
	pub fn rss_mib(&self) -> f64 {
		let Some(pid) = self.child.as_ref().map(Child::id) else { return 0.0 };
		let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
		status
			.lines()
			.find_map(|l| l.strip_prefix("VmRSS:"))
			.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
			.map_or(0.0, |kb| kb / 1024.0)
	}

	/// The current run's log.
	pub fn log_text(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	/// The last 30 lines of the current run's log, for error messages.
	pub fn log_tail(&self) -> String {
		let log = self.log_text();
		let lines: Vec<&str> = log.lines().collect();
		format!(
			"--- last node log lines ({}) ---\n{}",
			self.log.display(),
			lines[lines.len().saturating_sub(30)..].join("\n")
		)
	}

	/// Connects a subxt client and a raw jsonrpsee client once the RPC port answers.
	pub async fn connect(&mut self) -> Result<(OnlineClient<PolkadotConfig>, WsClient)> {
		let deadline = Instant::now() + Duration::from_secs(180);
		loop {
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				return Err(format!("node exited with {status}\n{}", self.log_tail()).into());
			}
			match OnlineClient::<PolkadotConfig>::from_insecure_url(self.url()).await {
				Ok(api) => return Ok((api, self.rpc_client().await?)),
				Err(_) if Instant::now() < deadline =>
					tokio::time::sleep(Duration::from_millis(250)).await,
				Err(e) => return Err(format!("no RPC: {e}\n{}", self.log_tail()).into()),
			}
		}
	}

	/// A raw JSON-RPC client with room for large requests, answers and many calls in flight.
	pub async fn rpc_client(&self) -> Result<WsClient> {
		Ok(WsClientBuilder::default()
			.max_request_size(256 << 20)
			.max_response_size(256 << 20)
			.max_concurrent_requests(16_384)
			.request_timeout(Duration::from_secs(600))
			.build(self.url())
			.await?)
	}

	/// SIGINT (as Ctrl-C), then waits up to 60 s for the node to exit.
	pub fn stop(&mut self) -> Result {
		let Some(mut child) = self.child.take() else { return Ok(()) };
		Command::new("kill").args(["-INT", &child.id().to_string()]).status()?;
		let deadline = Instant::now() + Duration::from_secs(60);
		while child.try_wait()?.is_none() {
			if Instant::now() > deadline {
				child.kill()?;
				child.wait()?;
				return Err("node ignored SIGINT for 60 s; killed".into());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		Ok(())
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if self.child.is_some() {
			let _ = self.stop();
		}
	}
}
