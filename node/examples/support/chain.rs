//! Raw chain access over JSON-RPC, offline signing, bulk submission and account funding.

use super::Result;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use polkadot_sdk::{
	sp_core::bytes::from_hex,
	sp_io::hashing::{blake2_128, twox_128},
};
use serde_json::Value as Json;
use std::{
	str::FromStr,
	time::{Duration, Instant},
};
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockImpl},
	config::PolkadotExtrinsicParamsBuilder as Params,
	dynamic::{self, Value},
	utils::AccountId32,
	PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

/// A subxt view of the chain at one block, used to sign offline.
pub type At = ClientAtBlock<PolkadotConfig, OnlineClientAtBlockImpl<PolkadotConfig>>;

/// `0x`-prefixed lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
	use std::fmt::Write;
	let mut out = String::with_capacity(2 + 2 * bytes.len());
	out.push_str("0x");
	for b in bytes {
		let _ = write!(out, "{b:02x}");
	}
	out
}

/// The storage key prefix of `pallet`'s `item`.
pub fn prefix(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

/// The best block's hash.
pub async fn best_hash(rpc: &WsClient) -> Result<String> {
	Ok(rpc.request("chain_getBlockHash", rpc_params![]).await?)
}

/// The hash of block `number`, if the node has it.
pub async fn hash_of(rpc: &WsClient, number: u32) -> Result<Option<String>> {
	Ok(rpc.request("chain_getBlockHash", rpc_params![number]).await?)
}

/// The number of the block `hash`.
pub async fn block_number(rpc: &WsClient, hash: &str) -> Result<u32> {
	let header: Json = rpc.request("chain_getHeader", rpc_params![hash]).await?;
	let number = header["number"].as_str().ok_or("header without number")?;
	Ok(u32::from_str_radix(number.trim_start_matches("0x"), 16)?)
}

/// The raw value at storage `key` in block `at`.
pub async fn storage(rpc: &WsClient, key: &[u8], at: &str) -> Result<Option<Vec<u8>>> {
	let value: Option<String> = rpc.request("state_getStorage", rpc_params![hex(key), at]).await?;
	Ok(value.map(|v| from_hex(&v)).transpose()?)
}

/// The encoded extrinsics of block `hash`.
pub async fn block_extrinsics(rpc: &WsClient, hash: &str) -> Result<Vec<Vec<u8>>> {
	let block: Json = rpc.request("chain_getBlock", rpc_params![hash]).await?;
	let extrinsics = block["block"]["extrinsics"].as_array().ok_or("block without extrinsics")?;
	extrinsics
		.iter()
		.map(|x| Ok(from_hex(x.as_str().ok_or("extrinsic is not a string")?)?))
		.collect()
}

/// The runtime call `pallet::name(args)` as a value (e.g. to batch it).
pub fn call(pallet: &str, name: &str, args: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, args)])
}

/// The sr25519 key of a secret URI such as `//Load//7`.
pub fn key(uri: &str) -> Result<Keypair> {
	Ok(Keypair::from_uri(&SecretUri::from_str(uri)?)?)
}

/// The account id of `key`.
pub fn account(key: &Keypair) -> AccountId32 {
	key.public_key().into()
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
	let payload = dynamic::tx(pallet, name, args);
	let params = Params::<PolkadotConfig>::new().nonce(nonce).immortal().build();
	Ok(at.tx().create_signable_offline(&payload, params)?.sign(signer)?.into_encoded())
}

/// What the pool answered to one [`submit_all`] wave.
#[derive(Default)]
pub struct Submitted<T> {
	/// Refused for now because the pool is full: submit again later.
	pub retry: Vec<(T, Vec<u8>)>,
	/// Refused for good, with the pool's error.
	pub refused: Vec<(T, String)>,
}

/// Submits `txs` concurrently with `author_submitExtrinsic`.
pub async fn submit_all<T>(rpc: &WsClient, txs: Vec<(T, Vec<u8>)>) -> Submitted<T> {
	let answers =
		futures::future::join_all(txs.iter().map(|(_, tx)| {
			rpc.request::<String, _>("author_submitExtrinsic", rpc_params![hex(tx)])
		}))
		.await;
	let mut out = Submitted { retry: Vec::new(), refused: Vec::new() };
	for (tx, answer) in txs.into_iter().zip(answers) {
		match answer {
			Ok(_) => {},
			Err(jsonrpsee::core::ClientError::Call(e))
				if e.code() == 1016 || e.message().contains("full") =>
				out.retry.push(tx),
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
		.request("system_accountNextIndex", rpc_params![account(&alice).to_string()])
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
	let last = who.last().ok_or("nobody to fund")?;
	let key = [prefix("System", "Account"), blake2_128(&last.0).to_vec(), last.0.to_vec()].concat();
	let deadline = Instant::now() + Duration::from_secs(300);
	while storage(rpc, &key, &best_hash(rpc).await?).await?.is_none() {
		if Instant::now() > deadline {
			return Err("accounts not funded after 300 s (a sudo batch failed?)".into());
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	Ok(())
}
