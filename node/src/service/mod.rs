//! The node's services: the parts every mode shares (client, database, pool, import queue) and
//! the two ways to run them — [`dev`] alone, [`collator`] under a relay chain.

pub mod collator;
pub mod dev;

use chaoscore_primitives::Block;
use chaoscore_runtime::RuntimeApi;
use polkadot_sdk::{
	cumulus_client_consensus_aura::equivocation_import_queue,
	cumulus_client_consensus_common::ParachainBlockImport as TParachainBlockImport,
	cumulus_client_service,
	cumulus_primitives_core::{GetParachainInfo, ParaId},
	sc_consensus::DefaultImportQueue,
	sc_consensus_manual_seal,
	sc_executor::{HeapAllocStrategy, WasmExecutor, DEFAULT_HEAP_ALLOC_STRATEGY},
	sc_network::NetworkBackend,
	sc_service::{self, Configuration, PartialComponents, TFullBackend, TFullClient, TaskManager},
	sc_telemetry::{Telemetry, TelemetryHandle, TelemetryWorker, TelemetryWorkerHandle},
	sc_transaction_pool,
	sp_api::{self, ProvideRuntimeApi},
	sp_blockchain::HeaderBackend,
	sp_consensus_aura::{sr25519::AuthorityPair as AuraPair, AuraApi},
	sp_timestamp,
};
use std::sync::Arc;

/// Host functions the runtime may call: cumulus' set (with storage-proof size for weight
/// reclaim), plus the benchmarking ones when benchmarks are compiled in.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type HostFunctions = cumulus_client_service::ParachainHostFunctions;
/// Host functions the runtime may call, with the benchmarking ones.
#[cfg(feature = "runtime-benchmarks")]
pub type HostFunctions = (
	cumulus_client_service::ParachainHostFunctions,
	polkadot_sdk::frame_benchmarking::benchmarking::HostFunctions,
);

/// The full client over the ChaosCore runtime.
pub type Client = TFullClient<Block, RuntimeApi, WasmExecutor<HostFunctions>>;
/// The RocksDB-backed database backend.
pub type Backend = TFullBackend<Block>;
/// Block import that tracks the parachain's unincluded segment.
pub type BlockImport = TParachainBlockImport<Block, Arc<Client>, Backend>;
/// The transaction pool.
pub type Pool = sc_transaction_pool::TransactionPoolHandle<Block, Client>;

/// The components built before the node decides how it runs.
pub type Partial = PartialComponents<
	Client,
	Backend,
	(),
	DefaultImportQueue<Block>,
	Pool,
	(BlockImport, Option<Telemetry>, Option<TelemetryWorkerHandle>),
>;

/// Which import queue the node verifies incoming blocks with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
	/// Blocks of a dev chain: sealed by manual seal, not signed by an Aura authority.
	DevSeal,
	/// Blocks of a real network: Aura-signed, inherents checked.
	Aura,
}

/// Builds the client, database, transaction pool and import queue.
pub fn new_partial(
	config: &Configuration,
	verification: Verification,
) -> sc_service::error::Result<Partial> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|endpoints| !endpoints.is_empty())
		.map(|endpoints| -> Result<_, polkadot_sdk::sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let heap_pages = config
		.executor
		.default_heap_pages
		.map_or(DEFAULT_HEAP_ALLOC_STRATEGY, |h| HeapAllocStrategy::Static { extra_pages: h as _ });
	let executor = WasmExecutor::<HostFunctions>::builder()
		.with_execution_method(config.executor.wasm_method)
		.with_max_runtime_instances(config.executor.max_runtime_instances)
		.with_runtime_cache_size(config.executor.runtime_cache_size)
		.with_onchain_heap_alloc_strategy(heap_pages)
		.with_offchain_heap_alloc_strategy(heap_pages)
		.build();

	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts_record_import::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			true,
			Default::default(),
		)?;
	let client = Arc::new(client);

	let telemetry_worker_handle = telemetry.as_ref().map(|(worker, _)| worker.handle());
	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let block_import = BlockImport::new(client.clone(), backend.clone());
	let import_queue = match verification {
		Verification::DevSeal => sc_consensus_manual_seal::import_queue(
			Box::new(block_import.clone()),
			&task_manager.spawn_essential_handle(),
			config.prometheus_registry(),
		),
		Verification::Aura => aura_import_queue(
			client.clone(),
			block_import.clone(),
			config,
			telemetry.as_ref().map(|telemetry| telemetry.handle()),
			&task_manager,
		),
	};

	Ok(PartialComponents {
		backend,
		client,
		import_queue,
		keystore_container,
		task_manager,
		transaction_pool,
		select_chain: (),
		other: (block_import, telemetry, telemetry_worker_handle),
	})
}

/// Refuses to run a chain whose chain spec names another para id (its `paraId` extension) than
/// the runtime's state holds (`ParachainInfo`): its blocks would be built for one parachain and
/// validated as another's, and under a relay chain no block would ever be included.
///
/// Also refuses a chain without collators (the unfilled `live` template): nobody could author.
pub fn check_chain_spec(client: &Client, spec_para_id: ParaId) -> sc_service::error::Result<()> {
	let best = client.info().best_hash;
	let api_error = |what: &str, e: sp_api::ApiError| {
		sc_service::Error::Other(format!("cannot read {what}: {e}"))
	};
	let runtime_para_id = client
		.runtime_api()
		.parachain_id(best)
		.map_err(|e| api_error("the para id", e))?;
	let authorities = client
		.runtime_api()
		.authorities(best)
		.map_err(|e| api_error("the collators", e))?;
	if authorities.is_empty() {
		return Err(sc_service::Error::Other(
			"the chain has no collators: fill in `collatorSelection.invulnerables` and \
			 `session.keys` in the chain spec's genesis (docs/operator.md, \"A chain spec\")"
				.into(),
		));
	}
	if runtime_para_id != spec_para_id {
		return Err(sc_service::Error::Other(format!(
			"the chain spec's para id ({spec_para_id}, extension `paraId`) differs from the \
			 runtime's ({runtime_para_id}, `parachainInfo.parachainId` in the genesis): fix the \
			 chain spec so both name the id registered on the relay chain"
		)));
	}
	Ok(())
}

/// Import queue that checks each block's Aura seal, author and inherents.
fn aura_import_queue(
	client: Arc<Client>,
	block_import: BlockImport,
	config: &Configuration,
	telemetry: Option<TelemetryHandle>,
	task_manager: &TaskManager,
) -> DefaultImportQueue<Block> {
	equivocation_import_queue::fully_verifying_import_queue::<AuraPair, _, _, _, _>(
		client,
		block_import,
		move |_, _| async move { Ok(sp_timestamp::InherentDataProvider::from_system_time()) },
		&task_manager.spawn_essential_handle(),
		config.prometheus_registry(),
		telemetry,
	)
}

/// Evaluates `$body` with the type alias `$net` set to the network backend the configuration
/// asks for (libp2p or litep2p), so generic start functions get a concrete type.
macro_rules! with_network_backend {
	($config:expr, |$net:ident| $body:expr) => {{
		let backend = $config.network.network_backend;
		match backend {
			polkadot_sdk::sc_network::config::NetworkBackendType::Libp2p => {
				type $net = polkadot_sdk::sc_network::NetworkWorker<
					chaoscore_primitives::Block,
					chaoscore_primitives::Hash,
				>;
				$body
			},
			polkadot_sdk::sc_network::config::NetworkBackendType::Litep2p => {
				type $net = polkadot_sdk::sc_network::Litep2pNetworkBackend;
				$body
			},
		}
	}};
}
pub(crate) use with_network_backend;

/// Bound shared by the generic start functions.
pub trait Network:
	NetworkBackend<Block, <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash>
{
}
impl<T: NetworkBackend<Block, <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash>> Network
	for T
{
}

/// Where ChaosCore's query plane is served besides the node's JSON-RPC server.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryPlaneConfig {
	/// Address of the MCP endpoint; `None` disables it.
	pub mcp: Option<std::net::SocketAddr>,
}

/// Opens the discovery index under the node's base path, starts following the chain and the
/// MCP endpoint, and returns the query plane the RPC server serves.
pub fn start_query_plane(
	config: &Configuration,
	query_config: QueryPlaneConfig,
	client: Arc<Client>,
	backend: &Backend,
	task_manager: &TaskManager,
) -> sc_service::error::Result<chaoscore_rpc::namespaces::QueryPlane> {
	let dir = config.base_path.config_dir(config.chain_spec.id()).join("discovery");
	let discovery = crate::discovery::Discovery::open(client, backend, &dir)
		.map_err(sc_service::Error::Other)?;
	discovery.spawn(task_manager);
	let queries = Arc::new(crate::discovery::answers::NodeQueries::new(discovery));
	let mcp_url = query_config.mcp.map(|addr| {
		let agent_queries: Arc<dyn chaoscore_rpc::queries::AgentQueries> = queries.clone();
		task_manager.spawn_handle().spawn("mcp-endpoint", Some("rpc"), async move {
			match chaoscore_rpc::mcp::serve(addr, agent_queries).await {
				Ok(server) => {
					log::info!("🤖 MCP endpoint on {}", server.url());
					// Serve until the node stops (dropping the handle stops the server).
					futures::future::pending::<()>().await;
					drop(server);
				},
				Err(e) => log::error!("MCP endpoint on {addr} failed to start: {e}"),
			}
		});
		format!("http://{addr}{}", chaoscore_rpc::mcp::MCP_PATH)
	});
	Ok(chaoscore_rpc::namespaces::QueryPlane::new(queries.clone(), queries, mcp_url))
}
