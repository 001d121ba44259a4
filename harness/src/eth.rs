//! Ethereum clients: the well-known dev keys, alloy providers that sign with them, and the example
//! contract's bindings.

use crate::{DevNode, Result};
use alloy::{
	network::EthereumWallet,
	primitives::{Address, U256},
	providers::{Provider, ProviderBuilder},
	signers::local::PrivateKeySigner,
	sol,
};
use chaoscore_runtime::configs::revive::NATIVE_TO_ETH_RATIO;
use std::time::{Duration, Instant};

sol!(
	#[sol(rpc, all_derives)]
	JobBoard,
	"../contracts/artifacts/JobBoard.json"
);

/// Private key of Alith, a well-known Ethereum dev account (public knowledge; dev chains only).
pub const ALITH: &str = "0x5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133";
/// Private key of Baltathar (well-known dev account).
pub const BALTATHAR: &str = "0x8075991ce870b93a8870eca0c0f91913d12f47948ca0fd25b49c6fa7cdbeee8b";
/// Private key of Charleth (well-known dev account).
pub const CHARLETH: &str = "0x0b6e18cafb6ed99687ec547bd28139cafdd2bffe70e6b688025de6b445aa5c5b";

/// `planck` native units in wei.
pub fn wei(planck: u128) -> U256 {
	U256::from(planck) * U256::from(NATIVE_TO_ETH_RATIO)
}

/// A provider at `url` that signs with `key`, and the key's address.
pub fn wallet(url: &str, key: &str) -> Result<(impl Provider + Clone, Address)> {
	let signer: PrivateKeySigner = key.parse()?;
	let address = signer.address();
	let provider = ProviderBuilder::new()
		.wallet(EthereumWallet::from(signer))
		.connect_http(url.parse()?);
	Ok((provider, address))
}

/// Waits until the node's Ethereum JSON-RPC server answers `eth_chainId`; returns the chain id.
pub async fn eth_ready(node: &DevNode, provider: &impl Provider) -> Result<u64> {
	let deadline = Instant::now() + Duration::from_secs(120);
	loop {
		match provider.get_chain_id().await {
			Ok(id) => return Ok(id),
			Err(_) if Instant::now() < deadline => {
				tokio::time::sleep(Duration::from_millis(100)).await
			},
			Err(e) => return Err(format!("no Ethereum JSON-RPC: {e}\n{}", node.log_tail()).into()),
		}
	}
}
