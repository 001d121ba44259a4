//! Transactions in bulk: signed offline with explicit nonces (no round trip per transaction),
//! submitted concurrently with `author_submitExtrinsic`, and accounts funded that way.

use crate::{
	call, hex,
	keys::id_of,
	rpc::{best_hash, storage},
	storage::account_key,
	Result,
};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use std::time::{Duration, Instant};
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockImpl},
	config::PolkadotExtrinsicParamsBuilder,
	dynamic::{self, Value},
	tx::Payload,
	utils::AccountId32,
	PolkadotConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

/// A subxt view of the chain at one block, used to sign offline.
pub type At = ClientAtBlock<PolkadotConfig, OnlineClientAtBlockImpl<PolkadotConfig>>;

/// Signs `payload` offline for `signer` with `nonce`, immortal; returns the encoded extrinsic.
pub fn sign_payload<Call: Payload>(
	at: &At,
	payload: &Call,
	signer: &Keypair,
	nonce: u64,
) -> Result<Vec<u8>> {
	let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new()
		.nonce(nonce)
		.immortal()
		.build();
	Ok(at.tx().create_signable_offline(payload, params)?.sign(signer)?.into_encoded())
}

/// Signs `pallet::name(args)` offline for `signer` with `nonce`, immortal.
pub fn sign(
	at: &At,
	pallet: &str,
	name: &str,
	args: Vec<Value>,
	signer: &Keypair,
	nonce: u64,
) -> Result<Vec<u8>> {
	sign_payload(at, &dynamic::tx(pallet, name, args), signer, nonce)
}

/// What the pool answered to one [`submit_all`] wave.
#[derive(Default)]
pub struct Submitted<T> {
	/// Refused for now because the pool is full: submit again later.
	pub retry: Vec<(T, Vec<u8>)>,
	/// Refused for good, with the pool's error.
	pub refused: Vec<(T, String)>,
}

/// Submits `txs` (each with a label `T`) concurrently with `author_submitExtrinsic`.
pub async fn submit_all<T>(rpc: &WsClient, txs: Vec<(T, Vec<u8>)>) -> Submitted<T> {
	let answers = futures::future::join_all(txs.iter().map(|(_, tx)| {
		rpc.request::<String, _>("author_submitExtrinsic", rpc_params![hex::encode(tx)])
	}))
	.await;
	let mut out = Submitted { retry: Vec::new(), refused: Vec::new() };
	for (tx, answer) in txs.into_iter().zip(answers) {
		match answer {
			Ok(_) => {},
			Err(jsonrpsee::core::ClientError::Call(e))
				if e.code() == 1016 || e.message().contains("full") =>
			{
				out.retry.push(tx)
			},
			Err(e) => out.refused.push((tx.0, e.to_string())),
		}
	}
	out
}

/// Sets the free balance of every account in `who` to `balance` with sudo (Alice) batches of
/// 500, and waits until the last one is funded.
pub async fn fund(at: &At, rpc: &WsClient, who: &[AccountId32], balance: u128) -> Result {
	let alice = dev::alice();
	let mut nonce: u64 = rpc
		.request("system_accountNextIndex", rpc_params![id_of(&alice).to_string()])
		.await?;
	let mut pending = Vec::new();
	for (c, chunk) in who.chunks(500).enumerate() {
		let calls = chunk.iter().map(|who| {
			call(
				"Balances",
				"force_set_balance",
				vec![
					("who", Value::unnamed_variant("Id", [Value::from_bytes(who.0)])),
					("new_free", Value::u128(balance)),
				],
			)
		});
		let batch = call("Utility", "batch_all", vec![("calls", Value::unnamed_composite(calls))]);
		pending.push((c, sign(at, "Sudo", "sudo", vec![batch], &alice, nonce)?));
		nonce += 1;
	}
	while !pending.is_empty() {
		let answer = submit_all(rpc, pending).await;
		if let Some((c, e)) = answer.refused.first() {
			return Err(format!("funding batch {c} refused: {e}").into());
		}
		pending = answer.retry;
	}
	let last = account_key(who.last().ok_or("nobody to fund")?);
	let deadline = Instant::now() + Duration::from_secs(300);
	while storage(rpc, &last, Some(&best_hash(rpc).await?)).await?.is_none() {
		if Instant::now() > deadline {
			return Err("accounts not funded after 300 s (a sudo batch failed?)".into());
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	Ok(())
}
