//! Replay: a signed transaction that was included cannot be included again. The exact bytes of
//! an included transfer are resubmitted through `author_submitExtrinsic`; the pool refuses them
//! (temporarily banned as just included, or invalid because its nonce is used), and the
//! recipient was paid once.

use std::time::{Duration, Instant};

use crate::chaoscore_node;
use chaoscore_harness::{account, DevNode, Result};
use jsonrpsee::{
	core::{client::ClientT, ClientError},
	rpc_params,
	ws_client::WsClientBuilder,
};
use serde_json::Value as Json;
use subxt::{
	dynamic::{self, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::dev;

#[tokio::test(flavor = "multi_thread")]
async fn an_included_transaction_replayed_is_refused() -> Result {
	let dir = tempfile::tempdir()?;
	// 3 s blocks: time to read the transfer from the pool before it is included.
	let mut node =
		DevNode::start_sealing(chaoscore_node(), dir.path(), &["--dev-block-time", "3000"])?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;
	let rpc = WsClientBuilder::default().build(node.rpc_url()).await?;

	let ferdie: AccountId32 = dev::ferdie().public_key().into();
	let before = account(&api, &ferdie).await?.free;
	let amount = 1_000_000_000_000u128;
	let transfer = dynamic::tx(
		"Balances",
		"transfer_keep_alive",
		vec![Value::unnamed_variant("Id", [Value::from_bytes(ferdie.0)]), Value::u128(amount)],
	);
	api.at_current_block()
		.await?
		.tx()
		.sign_and_submit_default(&transfer, &dev::alice())
		.await?;

	// Its exact bytes, while it waits in the pool.
	let pending: Json = rpc.request("author_pendingExtrinsics", rpc_params![]).await?;
	let bytes = pending[0].as_str().ok_or("the transfer is not in the pool")?.to_string();

	// Wait until it is included.
	let deadline = Instant::now() + Duration::from_secs(30);
	while account(&api, &ferdie).await?.free == before {
		assert!(Instant::now() < deadline, "the transfer was not included");
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	assert_eq!(account(&api, &ferdie).await?.free, before + amount);

	// The same bytes again: refused by the pool.
	let replay = rpc.request::<Json, _>("author_submitExtrinsic", rpc_params![bytes]).await;
	match replay {
		// The pool bans the hashes of transactions it just saw included (1012) for a while;
		// after that, or on another node, the used nonce makes it invalid (1010, outdated).
		Err(ClientError::Call(e)) if e.code() == 1012 => {
			assert!(e.message().contains("banned"), "{e:?}");
		},
		Err(ClientError::Call(e)) if e.code() == 1010 => {
			let data = e.data().map(|d| d.get().to_string()).unwrap_or_default();
			assert!(data.contains("outdated") || data.contains("Stale"), "{e:?}");
		},
		other => panic!("the replay was not refused: {other:?}"),
	}

	// Nothing was paid twice.
	let height = api.at_current_block().await?.block_number();
	node.wait_for_height(&api, height + 2).await?;
	assert_eq!(account(&api, &ferdie).await?.free, before + amount);
	node.stop()
}
