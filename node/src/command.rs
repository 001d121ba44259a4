//! Parses the command line and runs the node or the chosen subcommand.

use crate::{
	chain_spec::Extensions,
	cli::{Cli, RelayChainCli, Subcommand},
	service::{self, new_partial, with_network_backend, Verification},
};
use polkadot_sdk::{
	cumulus_primitives_core::ParaId,
	frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE},
	sc_cli::{self, SubstrateCli},
	sc_service::{Configuration, PruningMode},
	sc_sysinfo,
};

/// The import queue a subcommand should use for the chain it works on.
fn verification(config: &Configuration) -> Verification {
	if config.chain_spec.chain_type() == polkadot_sdk::sc_chain_spec::ChainType::Development {
		Verification::DevSeal
	} else {
		Verification::Aura
	}
}

/// The Ethereum JSON-RPC server, on every start, indexes from the oldest block it holds to the
/// best one and needs the state of those blocks: a node serving it keeps the state of every
/// finalized block (`archive-canonical`) unless `--state-pruning` says otherwise. A database
/// created earlier keeps the mode it was created with (Substrate refuses to change it).
fn keep_state_for_eth_rpc(config: &mut Configuration) {
	if config.state_pruning.is_some() {
		return;
	}
	match config.database.path() {
		Some(path) if path.exists() => log::info!(
			"🦊 Existing database: its state pruning mode is kept; with a pruning mode, a restarted \
			 Ethereum JSON-RPC server cannot index blocks whose state was discarded"
		),
		_ => config.state_pruning = Some(PruningMode::ArchiveCanonical),
	}
}

/// The parachain id: from the chain spec's extensions, else the runtime's default.
fn para_id(config: &Configuration) -> ParaId {
	let id = Extensions::try_get(&*config.chain_spec)
		.map(|e| e.para_id)
		.unwrap_or(chaoscore_runtime::PARACHAIN_ID);
	ParaId::from(id)
}

/// Builds the partial components for a subcommand and hands them to `$body`.
macro_rules! with_partial {
	($cli:expr, $cmd:expr, |$partial:ident, $config:ident| $body:expr) => {{
		let runner = $cli.create_runner($cmd)?;
		runner.async_run(|$config| {
			let $partial = new_partial(&$config, verification(&$config))?;
			let task_manager = $partial.task_manager;
			Ok(($body, task_manager))
		})
	}};
}

/// Entry point of `chaoscore-node`.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();
	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		#[allow(deprecated)]
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let spec = cli.load_spec(&cmd.chain)?;
			cmd.run(spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			with_partial!(cli, cmd, |p, config| cmd.run(p.client, p.import_queue))
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			with_partial!(cli, cmd, |p, config| cmd.run(p.client, config.database))
		},
		Some(Subcommand::ExportState(cmd)) => {
			with_partial!(cli, cmd, |p, config| cmd.run(p.client, config.chain_spec))
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			with_partial!(cli, cmd, |p, config| cmd.run(p.client, p.import_queue))
		},
		Some(Subcommand::Revert(cmd)) => {
			with_partial!(cli, cmd, |p, config| cmd.run(p.client, p.backend, None))
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			let polkadot_cli = RelayChainCli::new(runner.config(), cli.relay_chain_args.iter());
			runner.sync_run(|config| {
				// A dev chain has no relay-chain database; `--parachain` asks for the parachain's
				// only.
				if cmd.parachain || verification(&config) == Verification::DevSeal {
					return cmd.base.run(config.database);
				}
				let polkadot_config = SubstrateCli::create_configuration(
					&polkadot_cli,
					&polkadot_cli,
					config.tokio_handle.clone(),
				)
				.map_err(|err| {
					format!(
						"Relay chain argument error: {err} (give the relay chain spec after `--`, \
						 e.g. `-- --chain relay.json`, or purge only the parachain with `--parachain`)"
					)
				})?;
				cmd.run(config, polkadot_config)
			})
		},
		Some(Subcommand::ExportGenesisHead(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let partial = new_partial(&config, verification(&config))?;
				cmd.run(partial.client)
			})
		},
		Some(Subcommand::ExportGenesisWasm(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|_config| {
				let spec = cli.load_spec(&cmd.shared_params.chain.clone().unwrap_or_default())?;
				cmd.run(&*spec)
			})
		},
		Some(Subcommand::EthRpc(cmd)) => crate::eth_rpc::serve(cmd),
		Some(Subcommand::Benchmark(cmd)) => run_benchmark(&cli, cmd),
		None => run_node(cli),
	}
}

/// Runs a `benchmark` subcommand.
fn run_benchmark(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	match cmd {
		// Runs the benchmarks of a runtime built with `runtime-benchmarks` (`--runtime <wasm>`, see
		// `scripts/benchmark/run.sh`); the node itself needs no special build for that.
		BenchmarkCmd::Pallet(cmd) => {
			// No runner sets up logging here; without a logger a failing benchmark says nothing.
			sc_cli::LoggerBuilder::new(cmd.shared_params.log_filters().join(","))
				.init()
				.map_err(|e| sc_cli::Error::Application(Box::new(e)))?;
			let chain = cmd.shared_params.chain.as_ref().map(|c| cli.load_spec(c)).transpose()?;
			cmd.run_with_spec::<
				polkadot_sdk::sp_runtime::traits::HashingFor<chaoscore_primitives::Block>,
				polkadot_sdk::cumulus_client_service::storage_proof_size::HostFunctions,
			>(chain)
		},
		BenchmarkCmd::Block(cmd) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let partial = new_partial(&config, verification(&config))?;
				cmd.run(partial.client)
			})
		},
		BenchmarkCmd::Machine(cmd) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()))
		},
		#[allow(unreachable_patterns)]
		_ => Err(
			"this benchmark is not supported by chaoscore-node; use `pallet`, `block` or `machine`"
				.into(),
		),
	}
}

/// Runs the node: alone in dev mode, or as a parachain node under a relay chain.
fn run_node(cli: Cli) -> sc_cli::Result<()> {
	let runner = cli.create_runner(&cli.run.normalize())?;
	let collator_options = cli.run.collator_options();
	let dev_mode = cli.dev_mode();
	let polkadot_cli = RelayChainCli::new(runner.config(), cli.relay_chain_args.iter());
	let no_hardware_benchmarks = cli.no_hardware_benchmarks;
	let query_config = cli.query_plane();
	let eth_rpc = cli.eth_rpc();

	runner.run_node_until_exit(|mut config| async move {
		// Discovery reads capability documents from the offchain index: always on.
		config.offchain_worker.indexing_enabled = true;
		if eth_rpc.addr.is_some() {
			keep_state_for_eth_rpc(&mut config);
		}
		let para_id = para_id(&config);
		if let Some(mode) = dev_mode {
			log::info!("🧪 Dev mode ({mode:?}): no relay chain, parachain id {para_id:?}");
			return with_network_backend!(config, |Net| service::dev::start::<Net>(
				config,
				mode,
				para_id,
				query_config,
				eth_rpc
			))
			.map_err(Into::into);
		}

		let hwbench = (!no_hardware_benchmarks)
			.then(|| {
				config.database.path().map(|database_path| {
					let _ = std::fs::create_dir_all(database_path);
					sc_sysinfo::gather_hwbench(Some(database_path), &SUBSTRATE_REFERENCE_HARDWARE)
				})
			})
			.flatten();
		let polkadot_config = SubstrateCli::create_configuration(
			&polkadot_cli,
			&polkadot_cli,
			config.tokio_handle.clone(),
		)
		.map_err(|err| format!("Relay chain argument error: {err}"))?;
		log::info!("🪪 Parachain id: {para_id:?}");
		log::info!("✍️ Is collating: {}", if config.role.is_authority() { "yes" } else { "no" });

		with_network_backend!(config, |Net| service::collator::start::<Net>(
			config,
			polkadot_config,
			collator_options,
			para_id,
			hwbench,
			query_config,
			eth_rpc
		)
		.await)
		.map_err(Into::into)
	})
}
