//! Raw reads of a node over JSON-RPC (`chain_*`, `state_*`), with block hashes as hex strings.

use crate::{hex, Result};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use serde_json::Value as Json;

/// The best block's hash.
pub async fn best_hash(rpc: &WsClient) -> Result<String> {
	Ok(rpc.request("chain_getBlockHash", rpc_params![]).await?)
}

/// The hash of block `number` of the best chain, if the node has it.
pub async fn block_hash(rpc: &WsClient, number: u32) -> Result<Option<String>> {
	Ok(rpc.request("chain_getBlockHash", rpc_params![number]).await?)
}

/// The number of block `hash` (`None`: the best block).
pub async fn block_number(rpc: &WsClient, hash: Option<&str>) -> Result<u32> {
	let header: Json = rpc.request("chain_getHeader", rpc_params![hash]).await?;
	let number = header["number"].as_str().ok_or("header without number")?;
	Ok(u32::from_str_radix(number.trim_start_matches("0x"), 16)?)
}

/// The raw value at storage `key` in block `at` (`None`: the best block).
pub async fn storage(rpc: &WsClient, key: &[u8], at: Option<&str>) -> Result<Option<Vec<u8>>> {
	let value: Option<String> =
		rpc.request("state_getStorage", rpc_params![hex::encode(key), at]).await?;
	value.as_deref().map(hex::decode).transpose()
}

/// The encoded extrinsics of block `hash`.
pub async fn block_extrinsics(rpc: &WsClient, hash: &str) -> Result<Vec<Vec<u8>>> {
	let block: Json = rpc.request("chain_getBlock", rpc_params![hash]).await?;
	let extrinsics = block["block"]["extrinsics"].as_array().ok_or("block without extrinsics")?;
	extrinsics
		.iter()
		.map(|x| hex::decode(x.as_str().ok_or("extrinsic is not a string")?))
		.collect()
}
