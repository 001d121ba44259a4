//! Clients of a node: subxt (waiting for the node to open its RPC port) and jsonrpsee.

use crate::{Process, Result};
use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use std::{
	sync::Arc,
	time::{Duration, Instant},
};
use subxt::{OnlineClient, PolkadotConfig};

/// A subxt client for ChaosCore (its extrinsic format is Polkadot's).
pub type Api = OnlineClient<PolkadotConfig>;

/// How long a node may take to open its RPC port.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(180);

/// Connects a subxt client to `url`, waiting for `process` to open its RPC port; fails early
/// with its log if it exits.
pub async fn connect(process: &mut Process, url: &str) -> Result<Api> {
	let deadline = Instant::now() + STARTUP_TIMEOUT;
	loop {
		if let Some(status) = process.exited() {
			return Err(format!("node exited with {status}:\n{}", process.log_tail()).into());
		}
		match Api::from_insecure_url(url).await {
			Ok(api) => return Ok(api),
			Err(_) if Instant::now() < deadline => {
				tokio::time::sleep(Duration::from_millis(250)).await
			},
			Err(e) => {
				return Err(format!(
					"no RPC after {STARTUP_TIMEOUT:?}: {e}\n{}",
					process.log_tail()
				)
				.into())
			},
		}
	}
}

/// A subxt client over the legacy RPC methods (`author_submitAndWatchExtrinsic`, `chain_*`,
/// `state_*`) instead of `chainHead_v1`: a collator under a relay chain sees parachain forks
/// that the relay chain later resolves, and its `chainHead_v1_follow` subscriptions then end
/// with a `stop` event, which aborts subxt's transaction watch.
pub async fn legacy_client(url: &str) -> Result<Api> {
	let rpc = subxt::rpcs::RpcClient::from_insecure_url(url).await?;
	let backend = subxt::backend::LegacyBackend::<PolkadotConfig>::builder().build(rpc);
	Ok(Api::from_backend(Arc::new(backend)).await?)
}

/// A raw JSON-RPC client with room for large requests and answers (256 MiB), many calls in
/// flight and slow answers (10 min), for bulk submission and whole-state reads.
pub async fn ws_client(url: &str) -> Result<WsClient> {
	Ok(WsClientBuilder::default()
		.max_request_size(256 << 20)
		.max_response_size(256 << 20)
		.max_concurrent_requests(16_384)
		.request_timeout(Duration::from_secs(600))
		.build(url)
		.await?)
}
