//! # ChaosCore RPC
//!
//! Builds the node's JSON-RPC extensions: `system_accountNextIndex` and friends from
//! `substrate-frame-rpc-system`, `payment_*` fee queries, and ChaosCore's own read-only
//! namespaces `agent_*`, `discover_*`, `mcp_*` and `governance_*` ([`namespaces`]), which answer
//! from the node's [`queries`] implementations and refuse parameters beyond each method's
//! signature ([`strict_params`]); [`mcp`] serves discovery as MCP tools.
//! The standard Substrate namespaces (`chain_*`, `state_*`, `author_*`, `chainHead_v1_*`, ...)
//! are added by the node's service builder.

pub mod mcp;
pub mod namespaces;
pub mod queries;
pub mod strict_params;
pub mod views;

use chaoscore_primitives::{AccountId, Balance, Block, Nonce};
use jsonrpsee::RpcModule;
use polkadot_sdk::{
	pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer},
	sc_transaction_pool_api::TransactionPool,
	sp_api::ProvideRuntimeApi,
	sp_block_builder::BlockBuilder,
	sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata},
	substrate_frame_rpc_system::{System, SystemApiServer},
};
use std::sync::Arc;

/// The RPC module type the node serves.
pub type RpcExtension = RpcModule<()>;

/// What the RPC handlers need from the node.
pub struct FullDeps<C, P> {
	/// The client, for state and runtime API calls.
	pub client: Arc<C>,
	/// The transaction pool, for nonces that count pending transactions.
	pub pool: Arc<P>,
	/// ChaosCore's query plane (`agent_*`, `discover_*`, `mcp_*`, `governance_*`).
	pub query_plane: namespaces::QueryPlane,
}

/// Builds every RPC extension of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcExtension, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: polkadot_sdk::substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ polkadot_sdk::pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>,
	P: TransactionPool<Block = Block, Hash = chaoscore_primitives::Hash> + Sync + Send + 'static,
{
	let FullDeps { client, pool, query_plane } = deps;
	let mut module = RpcExtension::new(());
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	module.merge(query_plane.into_rpc_module()?)?;
	Ok(module)
}
