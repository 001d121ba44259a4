//! JSON-RPC reads of either chain of the network: blocks, finality, storage, runtime calls, the
//! relay chain's view of the parachain, and who authored a parachain block.

use crate::{hex, rpc, Result};
use codec::{Compact, Decode};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use polkadot_sdk::sp_io::hashing::twox_64;
use serde_json::Value as Json;
use std::time::{Duration, Instant};

/// A JSON-RPC connection to a node, for the reads the tests make of either chain.
pub struct Rpc(pub WsClient);

impl Rpc {
	/// Connects to `url`, waiting up to `timeout` for the node to open it.
	pub async fn connect(url: &str, timeout: Duration) -> Result<Self> {
		let deadline = Instant::now() + timeout;
		loop {
			match WsClientBuilder::default().build(url).await {
				Ok(client) => return Ok(Self(client)),
				Err(_) if Instant::now() < deadline => {
					tokio::time::sleep(Duration::from_millis(250)).await
				},
				Err(e) => return Err(format!("no RPC on {url}: {e}").into()),
			}
		}
	}

	/// A JSON-RPC call.
	pub async fn call(&self, method: &str, params: ArrayParams) -> Result<Json> {
		Ok(self.0.request(method, params).await?)
	}

	/// The node's libp2p peer id.
	pub async fn peer_id(&self) -> Result<String> {
		let id = self.call("system_localPeerId", rpc_params![]).await?;
		Ok(id.as_str().ok_or("no peer id")?.to_string())
	}

	/// Number of the block `hash` (`None`: the best block).
	pub async fn number(&self, hash: Option<&str>) -> Result<u32> {
		rpc::block_number(&self.0, hash).await
	}

	/// Hash and number of the last finalized block.
	pub async fn finalized(&self) -> Result<(String, u32)> {
		let hash = self.call("chain_getFinalizedHead", rpc_params![]).await?;
		let hash = hash.as_str().ok_or("no finalized hash")?.to_string();
		let number = self.number(Some(&hash)).await?;
		Ok((hash, number))
	}

	/// Hash of block `number` of the best chain.
	pub async fn block_hash(&self, number: u32) -> Result<String> {
		Ok(rpc::block_hash(&self.0, number)
			.await?
			.ok_or_else(|| format!("no block #{number}"))?)
	}

	/// Raw storage value under `key` at the best block.
	pub async fn storage(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
		rpc::storage(&self.0, key, None).await
	}

	/// A runtime API call (`state_call`) at block `hash`, SCALE-encoded.
	pub async fn state_call(&self, method: &str, args: &[u8], hash: &str) -> Result<Vec<u8>> {
		let args = hex::encode(args);
		let answer = self.call("state_call", rpc_params![method, args, hash]).await?;
		hex::decode(answer.as_str().ok_or("no state_call answer")?)
	}

	/// The relay chain's registered parachains (`Paras::Parachains`).
	pub async fn relay_parachains(&self) -> Result<Vec<u32>> {
		let raw = self.storage(&crate::storage::prefix("Paras", "Parachains")).await?;
		Ok(Vec::<u32>::decode(&mut &raw.unwrap_or_default()[..])?)
	}

	/// The number of the parachain head the relay chain holds for `para` (`Paras::Heads`).
	pub async fn relay_para_head(&self, para: u32) -> Result<Option<u32>> {
		let mut key = crate::storage::prefix("Paras", "Heads");
		let id = para.to_le_bytes();
		key.extend(twox_64(&id));
		key.extend(id);
		let Some(raw) = self.storage(&key).await? else { return Ok(None) };
		// `HeadData(Vec<u8>)` holding the encoded header: parent hash, then the compact number.
		let head = Vec::<u8>::decode(&mut &raw[..])?;
		let (_parent, number) = <([u8; 32], Compact<u32>)>::decode(&mut &head[..])?;
		Ok(Some(number.0))
	}

	/// The Aura key that authored parachain block `number`: the authority of its slot (from the
	/// Aura pre-runtime digest) among those of its parent (`AuraApi_authorities`).
	pub async fn aura_author(&self, number: u32) -> Result<[u8; 32]> {
		let hash = self.block_hash(number).await?;
		let header = self.call("chain_getHeader", rpc_params![&hash]).await?;
		let parent = header["parentHash"].as_str().ok_or("no parent hash")?.to_string();
		let slot = header["digest"]["logs"]
			.as_array()
			.ok_or("no digest")?
			.iter()
			.filter_map(|log| hex::decode(log.as_str()?).ok())
			.find_map(|log| aura_slot(&log))
			.ok_or_else(|| format!("block #{number} has no Aura pre-runtime digest"))?;
		let raw = self.state_call("AuraApi_authorities", &[], &parent).await?;
		let authorities = Vec::<[u8; 32]>::decode(&mut &raw[..])?;
		let index = usize::try_from(slot % authorities.len().max(1) as u64)?;
		Ok(*authorities.get(index).ok_or("no Aura authorities")?)
	}
}

/// The slot of an Aura pre-runtime digest item (`PreRuntime(*b"aura", slot.encode())`).
fn aura_slot(item: &[u8]) -> Option<u64> {
	const PRE_RUNTIME: u8 = 6;
	let (&kind, rest) = item.split_first()?;
	let rest = rest.strip_prefix(&b"aura"[..])?;
	if kind != PRE_RUNTIME {
		return None;
	}
	let slot = Vec::<u8>::decode(&mut &rest[..]).ok()?;
	u64::decode(&mut &slot[..]).ok()
}
