//! Collator mode: the node follows a relay chain through cumulus and, with `--collator`, authors
//! parachain blocks with Aura's lookahead collator (async backing).

use super::{new_partial, BlockImport, Client, Network, Pool, Verification};
use chaoscore_primitives::{Block, Hash};
use codec::Encode;
use polkadot_sdk::{
	cumulus_client_bootnodes::{start_bootnode_tasks, StartBootnodeTasksParams},
	cumulus_client_cli::CollatorOptions,
	cumulus_client_collator::service::CollatorService,
	cumulus_client_consensus_aura::collators::lookahead::{self as aura, Params as AuraParams},
	cumulus_client_service::{
		build_network, build_relay_chain_interface, prepare_node_config, start_relay_chain_tasks,
		BuildNetworkParams, DARecoveryProfile, ParachainTracingExecuteBlock,
		StartRelayChainTasksParams,
	},
	cumulus_primitives_core::{relay_chain::ValidationCode, ParaId},
	cumulus_relay_chain_interface::{OverseerHandle, RelayChainInterface},
	polkadot_primitives::CollatorPair,
	sc_basic_authorship,
	sc_client_api::Backend as _,
	sc_network::{config::FullNetworkConfiguration, NetworkBlock, PeerId},
	sc_service::{self, Configuration, ImportQueue, TaskManager},
	sc_sysinfo,
	sc_telemetry::TelemetryHandle,
	sc_transaction_pool_api::OffchainTransactionPoolFactory,
	sp_consensus_aura::sr25519::AuthorityPair as AuraPair,
	sp_keystore::KeystorePtr,
	substrate_prometheus_endpoint::Registry,
};
use std::{sync::Arc, time::Duration};

/// Relay-chain slot length (Polkadot, Kusama and the test relay chains all use 6 s).
const RELAY_CHAIN_SLOT_DURATION: Duration = Duration::from_secs(6);

/// Starts the parachain node, with an in-process relay-chain node (or an RPC connection to one,
/// per `--relay-chain-rpc-url`).
pub async fn start<Net: Network>(
	parachain_config: Configuration,
	polkadot_config: Configuration,
	collator_options: CollatorOptions,
	para_id: ParaId,
	hwbench: Option<sc_sysinfo::HwBench>,
	query_config: super::QueryPlaneConfig,
	eth_rpc: crate::eth_rpc::EthRpcConfig,
) -> sc_service::error::Result<TaskManager> {
	let parachain_config = prepare_node_config(parachain_config);
	let parachain_public_addresses = parachain_config.network.public_addresses.clone();
	let parachain_fork_id = parachain_config.chain_spec.fork_id().map(ToString::to_string);
	let advertise_non_global_ips = parachain_config.network.allow_non_globals_in_dht;
	let relay_chain_fork_id = polkadot_config.chain_spec.fork_id().map(ToString::to_string);

	let params = new_partial(&parachain_config, Verification::Aura)?;
	let (block_import, mut telemetry, telemetry_worker_handle) = params.other;
	let client = params.client.clone();
	super::check_chain_spec(&client, para_id)?;
	let backend = params.backend.clone();
	let mut task_manager = params.task_manager;

	let (relay_chain_interface, collator_key, relay_chain_network, paranode_rx) =
		build_relay_chain_interface(
			polkadot_config,
			&parachain_config,
			telemetry_worker_handle,
			&mut task_manager,
			collator_options.clone(),
			hwbench.clone(),
		)
		.await
		.map_err(|e| sc_service::Error::Application(Box::new(e)))?;

	let validator = parachain_config.role.is_authority();
	let prometheus_registry = parachain_config.prometheus_registry().cloned();
	let transaction_pool = params.transaction_pool.clone();
	let import_queue_service = params.import_queue.service();
	let net_config = FullNetworkConfiguration::<Block, Hash, Net>::new(
		&parachain_config.network,
		prometheus_registry.clone(),
	);
	let metrics = Net::register_notification_metrics(prometheus_registry.as_ref());

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _) =
		build_network(BuildNetworkParams {
			parachain_config: &parachain_config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			para_id,
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			relay_chain_interface: relay_chain_interface.clone(),
			import_queue: params.import_queue,
			metrics,
			gap_sync_body_policy: None,
		})
		.await?;

	if parachain_config.offchain_worker.enabled {
		use futures::FutureExt;
		let offchain_workers = polkadot_sdk::sc_offchain::OffchainWorkers::new(
			polkadot_sdk::sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				keystore: Some(params.keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				is_validator: validator,
				enable_http_requests: false,
				custom_extensions: |_| vec![],
			},
		)?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-work",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let query_plane = super::start_query_plane(
		&parachain_config,
		query_config,
		client.clone(),
		&backend,
		&task_manager,
	)?;
	crate::eth_rpc::start(&parachain_config, eth_rpc, &task_manager);
	let rpc_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			chaoscore_rpc::create_full(chaoscore_rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				query_plane: query_plane.clone(),
			})
			.map_err(Into::into)
		})
	};
	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		rpc_builder,
		client: client.clone(),
		transaction_pool: transaction_pool.clone(),
		task_manager: &mut task_manager,
		config: parachain_config,
		keystore: params.keystore_container.keystore(),
		backend: backend.clone(),
		network: network.clone(),
		sync_service: sync_service.clone(),
		system_rpc_tx,
		tx_handler_controller,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: Some(Arc::new(ParachainTracingExecuteBlock::new(client.clone()))),
	})?;

	if let Some(hwbench) = hwbench {
		sc_sysinfo::print_hwbench(&hwbench);
	}

	let announce_block = {
		let sync_service = sync_service.clone();
		Arc::new(move |hash, data| sync_service.announce_block(hash, data))
	};
	let overseer_handle = relay_chain_interface
		.overseer_handle()
		.map_err(|e| sc_service::Error::Application(Box::new(e)))?;

	start_relay_chain_tasks(StartRelayChainTasksParams {
		client: client.clone(),
		announce_block: announce_block.clone(),
		para_id,
		relay_chain_interface: relay_chain_interface.clone(),
		task_manager: &mut task_manager,
		da_recovery_profile: if validator {
			DARecoveryProfile::Collator
		} else {
			DARecoveryProfile::FullNode
		},
		import_queue: import_queue_service,
		relay_chain_slot_duration: RELAY_CHAIN_SLOT_DURATION,
		recovery_handle: Box::new(overseer_handle.clone()),
		sync_service: sync_service.clone(),
		prometheus_registry: prometheus_registry.as_ref(),
	})?;

	start_bootnode_tasks(StartBootnodeTasksParams {
		embedded_dht_bootnode: collator_options.embedded_dht_bootnode,
		dht_bootnode_discovery: collator_options.dht_bootnode_discovery,
		para_id,
		task_manager: &mut task_manager,
		relay_chain_interface: relay_chain_interface.clone(),
		relay_chain_fork_id,
		relay_chain_network: relay_chain_network.clone(),
		request_receiver: paranode_rx,
		parachain_network: network.clone(),
		advertise_non_global_ips,
		parachain_genesis_hash: client.chain_info().genesis_hash.encode(),
		parachain_fork_id,
		parachain_public_addresses,
	});

	if validator {
		let collator_key = collator_key
			.ok_or_else(|| sc_service::Error::Other("a collator needs a collator key".into()))?;
		start_aura_collator(AuraCollator {
			client,
			backend,
			block_import,
			prometheus_registry: prometheus_registry.as_ref(),
			telemetry: telemetry.as_ref().map(|t| t.handle()),
			task_manager: &task_manager,
			relay_chain_interface,
			transaction_pool,
			keystore: params.keystore_container.keystore(),
			para_id,
			collator_key,
			collator_peer_id: relay_chain_network.local_peer_id(),
			overseer_handle,
			announce_block,
		});
	}

	Ok(task_manager)
}

/// Everything the Aura collator task needs.
struct AuraCollator<'a> {
	client: Arc<Client>,
	backend: Arc<super::Backend>,
	block_import: BlockImport,
	prometheus_registry: Option<&'a Registry>,
	telemetry: Option<TelemetryHandle>,
	task_manager: &'a TaskManager,
	relay_chain_interface: Arc<dyn RelayChainInterface>,
	transaction_pool: Arc<Pool>,
	keystore: KeystorePtr,
	para_id: ParaId,
	collator_key: CollatorPair,
	collator_peer_id: PeerId,
	overseer_handle: OverseerHandle,
	announce_block: Arc<dyn Fn(Hash, Option<Vec<u8>>) + Send + Sync>,
}

/// Spawns the lookahead Aura collator, which builds on every relay-chain block it may.
fn start_aura_collator(c: AuraCollator<'_>) {
	let proposer = sc_basic_authorship::ProposerFactory::new(
		c.task_manager.spawn_handle(),
		c.client.clone(),
		c.transaction_pool,
		c.prometheus_registry,
		c.telemetry,
	);
	let collator_service =
		CollatorService::new(c.client.clone(), c.announce_block, c.client.clone());
	let code_hash_client = c.client.clone();
	let params = AuraParams {
		create_inherent_data_providers: move |_, ()| async move { Ok(()) },
		block_import: c.block_import,
		para_client: c.client,
		para_backend: c.backend,
		relay_client: c.relay_chain_interface,
		code_hash_provider: move |block_hash| {
			code_hash_client
				.code_at(block_hash)
				.ok()
				.map(|c| ValidationCode::from(c).hash())
		},
		keystore: c.keystore,
		collator_key: c.collator_key,
		collator_peer_id: c.collator_peer_id,
		para_id: c.para_id,
		overseer_handle: c.overseer_handle,
		relay_chain_slot_duration: RELAY_CHAIN_SLOT_DURATION,
		proposer,
		collator_service,
		authoring_duration: Duration::from_millis(2000),
		reinitialize: false,
		max_pov_percentage: None,
	};
	let collation = aura::run::<Block, AuraPair, _, _, _, _, _, _, _, _>(params);
	c.task_manager.spawn_essential_handle().spawn("aura", None, collation);
}
