//! Command-line interface: the node's own flags and subcommands, and the relay-chain flags that
//! follow `--` in collator mode.

use crate::chain_spec::Genesis;
use polkadot_sdk::{
	cumulus_client_cli, frame_benchmarking_cli, polkadot_cli,
	sc_cli::{
		self, CliConfiguration, DefaultConfigurationValues, ImportParams, KeystoreParams,
		NetworkParams, RpcEndpoint, SharedParams, SubstrateCli,
	},
	sc_service::{self, config::PrometheusConfig, BasePath},
};
use std::{
	net::{Ipv4Addr, SocketAddr},
	path::PathBuf,
};

/// Block time of `--dev` when `--dev-block-time` is not given.
pub const DEFAULT_DEV_BLOCK_TIME_MS: u64 = 2000;

/// Port of the MCP endpoint in dev mode when `--mcp-port` is not given.
pub const DEFAULT_DEV_MCP_PORT: u16 = 9955;

/// Port of the Ethereum JSON-RPC server in dev mode when `--eth-rpc-port` is not given.
pub const DEFAULT_DEV_ETH_RPC_PORT: u16 = 8545;

/// Subcommands for operators.
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
	/// Key management utilities (generate, inspect, insert session keys).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain spec (`--chain dev|local` or a file); add `--raw` for registration.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain spec of the running chain, with its current genesis.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Remove the whole chain (parachain and, in collator mode, relay-chain databases).
	PurgeChain(cumulus_client_cli::PurgeChainCmd),

	/// Export the genesis head data of the parachain, for registering it on the relay chain.
	#[command(alias = "export-genesis-state")]
	ExportGenesisHead(cumulus_client_cli::ExportGenesisHeadCommand),

	/// Export the genesis Wasm of the parachain, for registering it on the relay chain.
	ExportGenesisWasm(cumulus_client_cli::ExportGenesisWasmCommand),

	/// Run the Ethereum JSON-RPC server against a node (`--node-rpc-url`); a running node
	/// starts one by itself (see `--eth-rpc-port`).
	EthRpc(pallet_revive_eth_rpc::cli::CliCommand),

	/// Benchmarks: `pallet` (needs `--features runtime-benchmarks`), `block`, `machine`, ...
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

/// The `chaoscore-node` command line.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	/// An operator subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Flags shared by every cumulus-based parachain node.
	#[command(flatten)]
	pub run: cumulus_client_cli::RunCmd,

	/// In dev mode, seal a block every this many milliseconds (implies dev mode).
	#[arg(long, conflicts_with = "instant_seal")]
	pub dev_block_time: Option<u64>,

	/// In dev mode, seal a block as soon as a transaction arrives instead of on a timer.
	#[arg(long, conflicts_with = "dev_block_time")]
	pub instant_seal: bool,

	/// In dev mode, seal blocks only when asked over RPC (`engine_createBlock(createEmpty,
	/// finalize, parentHash)`, `engine_finalizeBlock`): for tests that build forks.
	#[arg(long, conflicts_with_all = ["dev_block_time", "instant_seal"])]
	pub manual_seal: bool,

	/// Port of the MCP endpoint (`http://127.0.0.1:<port>/mcp`: discovery as MCP tools); `0`
	/// disables it. Default: 9955 in dev mode; off otherwise, so collators sharing a machine do
	/// not contend for one port.
	#[arg(long)]
	pub mcp_port: Option<u16>,

	/// Serve the MCP endpoint on all interfaces instead of loopback only.
	#[arg(long)]
	pub mcp_external: bool,

	/// Port of the Ethereum JSON-RPC server (`eth_*`, `net_*`, `web3_*` over HTTP and WebSocket,
	/// for MetaMask) the node runs next to itself; `0` disables it. Default: 8545 in dev mode;
	/// off otherwise (an RPC node serving MetaMask users asks for it).
	#[arg(long)]
	pub eth_rpc_port: Option<u16>,

	/// Serve Ethereum JSON-RPC on all interfaces instead of loopback only.
	#[arg(long)]
	pub eth_rpc_external: bool,

	/// Skip the hardware benchmarks that run when a collator starts.
	#[arg(long)]
	pub no_hardware_benchmarks: bool,

	/// Relay-chain node flags, given after `--`.
	#[arg(raw = true)]
	pub relay_chain_args: Vec<String>,
}

/// Where a side server listens: the port given (`0`: nowhere), else `dev_default` in dev mode
/// and nowhere otherwise; on all interfaces if `external`, else on loopback only.
fn side_server_addr(
	port: Option<u16>,
	dev_default: u16,
	dev: bool,
	external: bool,
) -> Option<SocketAddr> {
	let port = port.unwrap_or(if dev { dev_default } else { 0 });
	let ip = if external { Ipv4Addr::UNSPECIFIED } else { Ipv4Addr::LOCALHOST };
	(port != 0).then(|| SocketAddr::from((ip, port)))
}

/// How a dev node seals blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevSealMode {
	/// A block as soon as the pool has a transaction.
	Instant,
	/// A block every this many milliseconds, with or without transactions.
	Interval(u64),
	/// Blocks only on `engine_createBlock` RPC calls (on any parent, so forks can be built).
	Manual,
}

impl Cli {
	/// Where the query plane is served besides JSON-RPC (`--mcp-port`, `--mcp-external`).
	pub fn query_plane(&self) -> crate::service::QueryPlaneConfig {
		crate::service::QueryPlaneConfig {
			mcp: side_server_addr(
				self.mcp_port,
				DEFAULT_DEV_MCP_PORT,
				self.dev_mode().is_some(),
				self.mcp_external,
			),
		}
	}

	/// Where the Ethereum JSON-RPC server listens (`--eth-rpc-port`, `--eth-rpc-external`).
	pub fn eth_rpc(&self) -> crate::eth_rpc::EthRpcConfig {
		crate::eth_rpc::EthRpcConfig {
			addr: side_server_addr(
				self.eth_rpc_port,
				DEFAULT_DEV_ETH_RPC_PORT,
				self.dev_mode().is_some(),
				self.eth_rpc_external,
			),
		}
	}

	/// The seal mode when the node runs alone (`--dev`, `--dev-block-time`, `--instant-seal`,
	/// `--manual-seal`).
	pub fn dev_mode(&self) -> Option<DevSealMode> {
		if self.manual_seal {
			Some(DevSealMode::Manual)
		} else if self.instant_seal {
			Some(DevSealMode::Instant)
		} else if let Some(ms) = self.dev_block_time {
			Some(DevSealMode::Interval(ms))
		} else if self.run.base.is_dev().unwrap_or(false) {
			Some(DevSealMode::Interval(DEFAULT_DEV_BLOCK_TIME_MS))
		} else {
			None
		}
	}
}

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"ChaosCore Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		format!(
			"ChaosCore collator node.\n\nRun alone with `--dev`, or as a collator: \
			 {} [parachain-args] -- [relay-chain-args]",
			Self::executable_name()
		)
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/chaoscore/chaoscore/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		// A plain spec that is printed names the preset; raw specs and running nodes get the
		// state built natively.
		let genesis = match &self.subcommand {
			Some(Subcommand::BuildSpec(cmd)) if !cmd.raw => Genesis::Preset,
			Some(Subcommand::ExportChainSpec(cmd)) if !cmd.raw => Genesis::Preset,
			_ => Genesis::Native,
		};
		crate::chain_spec::load(id, genesis)
	}
}

/// The relay-chain half of a collator's command line (the flags after `--`).
#[derive(Debug)]
pub struct RelayChainCli {
	/// The parsed relay-chain flags.
	pub base: polkadot_cli::RunCmd,
	/// Relay chain id from the parachain spec's extensions, used when `--chain` is not given.
	pub chain_id: Option<String>,
	/// Relay-chain database location: `<parachain base path>/polkadot` unless overridden.
	pub base_path: Option<PathBuf>,
}

impl RelayChainCli {
	/// Parses the relay-chain flags in the context of the parachain's configuration.
	pub fn new<'a>(
		para_config: &sc_service::Configuration,
		relay_chain_args: impl Iterator<Item = &'a String>,
	) -> Self {
		let extension = crate::chain_spec::Extensions::try_get(&*para_config.chain_spec);
		let chain_id = extension.map(|e| e.relay_chain.clone());
		let base_path = para_config.base_path.path().join("polkadot");
		let matches = <polkadot_cli::RunCmd as clap::CommandFactory>::command()
			.no_binary_name(true)
			.get_matches_from(relay_chain_args);
		let base = <polkadot_cli::RunCmd as clap::FromArgMatches>::from_arg_matches(&matches)
			.unwrap_or_else(|e| e.exit());
		Self { base, chain_id, base_path: Some(base_path) }
	}
}

impl SubstrateCli for RelayChainCli {
	fn impl_name() -> String {
		Cli::impl_name()
	}

	fn impl_version() -> String {
		Cli::impl_version()
	}

	fn description() -> String {
		Cli::description()
	}

	fn author() -> String {
		Cli::author()
	}

	fn support_url() -> String {
		Cli::support_url()
	}

	fn copyright_start_year() -> i32 {
		Cli::copyright_start_year()
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		polkadot_cli::Cli::from_iter([Self::executable_name()].iter()).load_spec(id)
	}
}

impl DefaultConfigurationValues for RelayChainCli {
	fn p2p_listen_port() -> u16 {
		30334
	}

	fn rpc_listen_port() -> u16 {
		9945
	}

	fn prometheus_listen_port() -> u16 {
		9616
	}
}

impl CliConfiguration<Self> for RelayChainCli {
	fn shared_params(&self) -> &SharedParams {
		self.base.base.shared_params()
	}

	fn import_params(&self) -> Option<&ImportParams> {
		self.base.base.import_params()
	}

	fn network_params(&self) -> Option<&NetworkParams> {
		self.base.base.network_params()
	}

	fn keystore_params(&self) -> Option<&KeystoreParams> {
		self.base.base.keystore_params()
	}

	fn base_path(&self) -> sc_cli::Result<Option<BasePath>> {
		Ok(self
			.shared_params()
			.base_path()?
			.or_else(|| self.base_path.clone().map(Into::into)))
	}

	fn rpc_addr(&self, default_listen_port: u16) -> sc_cli::Result<Option<Vec<RpcEndpoint>>> {
		self.base.base.rpc_addr(default_listen_port)
	}

	fn prometheus_config(
		&self,
		default_listen_port: u16,
		chain_spec: &Box<dyn sc_service::ChainSpec>,
	) -> sc_cli::Result<Option<PrometheusConfig>> {
		self.base.base.prometheus_config(default_listen_port, chain_spec)
	}

	fn init<F>(&self, _: &String, _: &String, _: F) -> sc_cli::Result<()>
	where
		F: FnOnce(&mut sc_cli::LoggerBuilder),
	{
		// The parachain side initialises logging once for the whole process.
		Ok(())
	}

	fn chain_id(&self, is_dev: bool) -> sc_cli::Result<String> {
		let chain_id = self.base.base.chain_id(is_dev)?;
		Ok(if chain_id.is_empty() { self.chain_id.clone().unwrap_or_default() } else { chain_id })
	}

	fn role(&self, is_dev: bool) -> sc_cli::Result<sc_service::Role> {
		self.base.base.role(is_dev)
	}

	fn transaction_pool(
		&self,
		is_dev: bool,
	) -> sc_cli::Result<sc_service::config::TransactionPoolOptions> {
		self.base.base.transaction_pool(is_dev)
	}

	fn trie_cache_maximum_size(&self) -> sc_cli::Result<Option<usize>> {
		self.base.base.trie_cache_maximum_size()
	}

	fn rpc_methods(&self) -> sc_cli::Result<sc_service::config::RpcMethods> {
		self.base.base.rpc_methods()
	}

	fn rpc_max_connections(&self) -> sc_cli::Result<u32> {
		self.base.base.rpc_max_connections()
	}

	fn rpc_cors(&self, is_dev: bool) -> sc_cli::Result<Option<Vec<String>>> {
		self.base.base.rpc_cors(is_dev)
	}

	fn default_heap_pages(&self) -> sc_cli::Result<Option<u64>> {
		self.base.base.default_heap_pages()
	}

	fn force_authoring(&self) -> sc_cli::Result<bool> {
		self.base.base.force_authoring()
	}

	fn disable_grandpa(&self) -> sc_cli::Result<bool> {
		self.base.base.disable_grandpa()
	}

	fn max_runtime_instances(&self) -> sc_cli::Result<Option<usize>> {
		self.base.base.max_runtime_instances()
	}

	fn announce_block(&self) -> sc_cli::Result<bool> {
		self.base.base.announce_block()
	}

	fn telemetry_endpoints(
		&self,
		chain_spec: &Box<dyn sc_service::ChainSpec>,
	) -> sc_cli::Result<Option<polkadot_sdk::sc_telemetry::TelemetryEndpoints>> {
		self.base.base.telemetry_endpoints(chain_spec)
	}

	fn node_name(&self) -> sc_cli::Result<String> {
		self.base.base.node_name()
	}
}
