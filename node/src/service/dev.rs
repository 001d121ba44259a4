//! Dev mode: the whole chain on one machine. Blocks are sealed by manual seal (on a timer, or
//! instantly per transaction) on top of a mocked relay chain, so the parachain runtime runs
//! unchanged without any relay-chain node.

use super::{new_partial, Client, Network, Verification};
use crate::cli::DevSealMode;
use chaoscore_primitives::{Block, Hash};
use codec::Encode;
use futures::FutureExt;
use polkadot_sdk::{
	cumulus_client_parachain_inherent::MockValidationDataInherentDataProvider,
	cumulus_primitives_core::{
		relay_chain::{well_known_keys as relay_well_known_keys, HeadData},
		CollectCollationInfo, ParaId,
	},
	polkadot_primitives::UpgradeGoAhead,
	sc_basic_authorship,
	sc_client_api::Backend as _,
	sc_consensus::LongestChain,
	sc_consensus_aura,
	sc_consensus_manual_seal::{
		self,
		consensus::aura::AuraConsensusDataProvider,
		rpc::{ManualSeal, ManualSealApiServer},
		EngineCommand,
	},
	sc_network::config::FullNetworkConfiguration,
	sc_offchain,
	sc_service::{self, Configuration, PartialComponents, TaskManager},
	sc_transaction_pool_api::OffchainTransactionPoolFactory,
	sp_api::ProvideRuntimeApi,
	sp_consensus_aura::SlotDuration,
	sp_io, sp_timestamp,
};
use std::{sync::Arc, time::Duration};

/// Relay-chain slot length the mocked relay chain pretends to have.
const RELAY_CHAIN_SLOT_DURATION_MILLIS: u64 = 6000;

/// Starts a dev node sealing blocks in `mode`.
pub fn start<Net: Network>(
	config: Configuration,
	mode: DevSealMode,
	para_id: ParaId,
	query_config: super::QueryPlaneConfig,
	eth_rpc: crate::eth_rpc::EthRpcConfig,
) -> sc_service::error::Result<TaskManager> {
	let PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		transaction_pool,
		other: (_, mut telemetry, _),
		..
	} = new_partial(&config, Verification::DevSeal)?;
	super::check_chain_spec(&client, para_id)?;

	let net_config = FullNetworkConfiguration::<Block, Hash, Net>::new(
		&config.network,
		config.prometheus_registry().cloned(),
	);
	let metrics = Net::register_notification_metrics(config.prometheus_registry());
	let (network, system_rpc_tx, tx_handler_controller, sync_service, _) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: None,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				is_validator: config.role.is_authority(),
				enable_http_requests: false,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-work",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let seal_commands = if config.role.is_authority() {
		start_sealing(
			&config,
			&task_manager,
			client.clone(),
			backend.clone(),
			transaction_pool.clone(),
			mode,
			para_id,
		)?
	} else {
		None
	};

	let query_plane =
		super::start_query_plane(&config, query_config, client.clone(), &backend, &task_manager)?;
	crate::eth_rpc::start(&config, eth_rpc, &task_manager);
	let rpc_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			let mut module = chaoscore_rpc::create_full(chaoscore_rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				query_plane: query_plane.clone(),
			})?;
			if let Some(commands) = &seal_commands {
				module
					.merge(ManualSealApiServer::into_rpc(ManualSeal::new(commands.clone())))
					.map_err(|e| sc_service::Error::Other(e.to_string()))?;
			}
			Ok(module)
		})
	};
	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network,
		client,
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool,
		rpc_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service,
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	Ok(task_manager)
}

/// Spawns the manual-seal authorship task; in [`DevSealMode::Manual`] returns the channel the
/// `engine_*` RPC methods send their commands to.
fn start_sealing(
	config: &Configuration,
	task_manager: &TaskManager,
	client: Arc<Client>,
	backend: Arc<super::Backend>,
	pool: Arc<super::Pool>,
	mode: DevSealMode,
	para_id: ParaId,
) -> sc_service::error::Result<Option<futures::channel::mpsc::Sender<EngineCommand<Hash>>>> {
	let proposer = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		pool.clone(),
		config.prometheus_registry(),
		None,
	);
	let slot_duration = sc_consensus_aura::slot_duration(&*client)?;
	// Digests whose Aura slot matches the timestamp inherent, as the runtime checks.
	let consensus_data_provider =
		Box::new(AuraConsensusDataProvider::<Block>::new_with_slot_duration(slot_duration));
	let create_inherent_data_providers = mock_relay_chain(client.clone(), para_id, slot_duration);
	let select_chain = LongestChain::new(backend);

	// Where seal commands come from: a timer, the `engine_*` RPC methods, or (instant seal) none.
	let (commands, rpc_commands) = match mode {
		DevSealMode::Instant => (None, None),
		DevSealMode::Interval(block_time_ms) => {
			let (mut sink, commands) = futures::channel::mpsc::channel(1024);
			task_manager
				.spawn_essential_handle()
				.spawn("dev-block-timer", None, async move {
					loop {
						futures_timer::Delay::new(Duration::from_millis(block_time_ms)).await;
						let command = EngineCommand::SealNewBlock {
							create_empty: true,
							finalize: true,
							parent_hash: None,
							sender: None,
						};
						if sink.try_send(command).is_err() {
							log::warn!("block sealing is behind; skipping one timer tick");
						}
					}
				});
			(Some(commands), None)
		},
		DevSealMode::Manual => {
			let (sink, commands) = futures::channel::mpsc::channel(1024);
			(Some(commands), Some(sink))
		},
	};
	let authorship = match commands {
		None => sc_consensus_manual_seal::run_instant_seal(
			sc_consensus_manual_seal::InstantSealParams {
				block_import: client.clone(),
				env: proposer,
				client,
				pool,
				select_chain,
				consensus_data_provider: Some(consensus_data_provider),
				create_inherent_data_providers,
			},
		)
		.boxed(),
		Some(commands) => {
			sc_consensus_manual_seal::run_manual_seal(sc_consensus_manual_seal::ManualSealParams {
				block_import: client.clone(),
				env: proposer,
				client,
				pool,
				select_chain,
				commands_stream: Box::pin(commands),
				consensus_data_provider: Some(consensus_data_provider),
				create_inherent_data_providers,
			})
			.boxed()
		},
	};
	task_manager
		.spawn_essential_handle()
		.spawn_blocking("manual-seal", None, authorship);
	Ok(rpc_commands)
}

/// Inherent data for a dev block: a timestamp one parachain slot after the parent's and
/// validation data from a mocked relay chain whose block numbers and slots advance with it.
///
/// The mocked relay chain starts two hours in the past, so a chain restarted later keeps moving
/// forward in time and never stamps blocks ahead of the wall clock for long.
fn mock_relay_chain(
	client: Arc<Client>,
	para_id: ParaId,
	slot_duration: SlotDuration,
) -> impl Fn(
	Hash,
	(),
) -> futures::future::Ready<
	Result<
		(sp_timestamp::InherentDataProvider, MockValidationDataInherentDataProvider<()>),
		Box<dyn std::error::Error + Send + Sync>,
	>,
> + Send
       + Sync {
	let now_ms = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default();
	let initial_relay_slot =
		now_ms.saturating_sub(2 * 60 * 60 * 1000) / RELAY_CHAIN_SLOT_DURATION_MILLIS;
	let relay_blocks_per_para_block =
		(slot_duration.as_millis() / RELAY_CHAIN_SLOT_DURATION_MILLIS).max(1) as u32;

	move |parent: Hash, ()| {
		futures::future::ready(inherents_for(
			&client,
			parent,
			para_id,
			initial_relay_slot,
			relay_blocks_per_para_block,
		))
	}
}

/// The storage entry of the mocked relay block at `slot` that holds its BABE randomness (which
/// draws proof-of-agency committees): a hash of the slot. Predictable, as everything on a chain
/// with a single author is.
fn relay_block_randomness(slot: u64) -> (Vec<u8>, Vec<u8>) {
	let randomness =
		sp_io::hashing::blake2_256(&(b"chaoscore/dev-relay-randomness", slot).encode());
	(relay_well_known_keys::CURRENT_BLOCK_RANDOMNESS.to_vec(), Some(randomness).encode())
}

/// Computes one block's dev inherents (see [`mock_relay_chain`]).
fn inherents_for(
	client: &Client,
	parent: Hash,
	para_id: ParaId,
	initial_relay_slot: u64,
	relay_blocks_per_para_block: u32,
) -> Result<
	(sp_timestamp::InherentDataProvider, MockValidationDataInherentDataProvider<()>),
	Box<dyn std::error::Error + Send + Sync>,
> {
	let parent_header = client
		.header(parent)?
		.ok_or_else(|| format!("parent block {parent} not found"))?;
	// A pending runtime upgrade is applied only after the relay chain's go-ahead signal.
	let upgrade_pending = client
		.runtime_api()
		.collect_collation_info(parent, &parent_header)
		.map(|info| info.new_validation_code.is_some())
		.unwrap_or_default();
	let block_number = parent_header.number + 1;
	let target_relay_slot =
		initial_relay_slot + u64::from(block_number) * u64::from(relay_blocks_per_para_block);
	let relay_offset =
		(target_relay_slot as u32).saturating_sub(relay_blocks_per_para_block * block_number);

	let validation_data = MockValidationDataInherentDataProvider::<()> {
		current_para_block: block_number,
		para_id,
		current_para_block_head: Some(HeadData(parent_header.encode())),
		relay_blocks_per_para_block,
		relay_offset,
		para_blocks_per_relay_epoch: 10,
		upgrade_go_ahead: upgrade_pending.then_some(UpgradeGoAhead::GoAhead),
		additional_key_values: Some(vec![relay_block_randomness(target_relay_slot)]),
		..Default::default()
	};
	let timestamp = sp_timestamp::InherentDataProvider::new(
		(target_relay_slot * RELAY_CHAIN_SLOT_DURATION_MILLIS).into(),
	);
	Ok((timestamp, validation_data))
}
