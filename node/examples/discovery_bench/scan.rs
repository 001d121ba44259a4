//! What a client without the index must do: read every agent from storage over the state RPC
//! and filter and sort them itself, with the index's semantics.

use chaoscore_harness::{hex, rpc::storage, storage::prefix, Result};
use codec::Decode;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use pallet_agent_registry::{AgentMetadata, AgentRecordOf, Pallet as Registry};
use polkadot_sdk::sp_io::hashing::twox_64;
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};

use crate::PAGE;

type Runtime = chaoscore_runtime::Runtime;
/// `AgentRegistry::Metadata` values.
pub type Metadata = AgentMetadata<Runtime>;
type Record = AgentRecordOf<Runtime>;

/// Keys per `state_getKeysPaged` page (the RPC's maximum).
const KEYS_PAGE: u32 = 1_000;

/// `AgentRegistry::NextAgentId` at `at`.
pub async fn next_agent_id(rpc: &WsClient, at: &str) -> Result<u64> {
	let raw = storage(rpc, &prefix("AgentRegistry", "NextAgentId"), Some(at)).await?;
	Ok(raw.map(|r| u64::decode(&mut &r[..])).transpose()?.unwrap_or(0))
}

/// The storage key of `AgentRegistry::Metadata` of agent `id`.
pub fn metadata_key(id: u64) -> Vec<u8> {
	let id = id.to_le_bytes();
	[prefix("AgentRegistry", "Metadata"), twox_64(&id).to_vec()]
		.concat()
		.into_iter()
		.chain(id)
		.collect()
}

/// Values of `keys` at `at` (`state_queryStorageAt`), in the order of `keys`.
async fn values(rpc: &WsClient, keys: &[String], at: &str) -> Result<Vec<Option<Vec<u8>>>> {
	let sets: Vec<Json> = rpc.request("state_queryStorageAt", rpc_params![keys, at]).await?;
	let mut by_key = HashMap::new();
	for set in &sets {
		for change in set["changes"].as_array().ok_or("no changes")? {
			let key = change[0].as_str().ok_or("no key")?.to_string();
			let value = change[1].as_str().map(hex::decode).transpose()?;
			by_key.insert(key, value);
		}
	}
	Ok(keys.iter().map(|k| by_key.remove(k).flatten()).collect())
}

/// One agent as a state scan sees it.
pub struct Scanned {
	id: u64,
	metadata: Metadata,
	record: Record,
	/// Lower-cased tokens of name, tags, tools and capabilities.
	tokens: HashSet<String>,
}

/// Every agent at `at`, read the way a client without the index must, and the number of
/// reputation records (a client needs them for scores).
pub async fn fetch_all(rpc: &WsClient, at: &str) -> Result<(Vec<Scanned>, usize)> {
	let metadata_prefix = hex::encode(&prefix("AgentRegistry", "Metadata"));
	let agents_prefix = hex::encode(&prefix("AgentRegistry", "Agents"));
	// Reputation records: a client needs them for scores (none here: every agent has 500).
	let reputations: Vec<String> = rpc
		.request(
			"state_getKeysPaged",
			rpc_params![
				hex::encode(&prefix("Reputation", "Reputations")),
				KEYS_PAGE,
				Option::<String>::None,
				at
			],
		)
		.await?;
	let mut out = Vec::new();
	let mut start: Option<String> = None;
	loop {
		let keys: Vec<String> = rpc
			.request("state_getKeysPaged", rpc_params![&metadata_prefix, KEYS_PAGE, &start, at])
			.await?;
		if keys.is_empty() {
			break;
		}
		// Same map hasher (Twox64Concat of the id), so the record key is the same suffix.
		let record_keys: Vec<String> = keys
			.iter()
			.map(|k| format!("{agents_prefix}{}", &k[metadata_prefix.len()..]))
			.collect();
		let (metadata, records) =
			futures::join!(values(rpc, &keys, at), values(rpc, &record_keys, at));
		for ((key, metadata), record) in keys.iter().zip(metadata?).zip(records?) {
			let (Some(metadata), Some(record)) = (metadata, record) else { continue };
			let raw = hex::decode(key)?;
			let id = u64::from_le_bytes(raw[raw.len() - 8..].try_into()?);
			let metadata = Metadata::decode(&mut &metadata[..])?;
			let record = Record::decode(&mut &record[..])?;
			let mut tokens = HashSet::new();
			for text in std::iter::once(&metadata.name[..])
				.chain(metadata.tags.iter().map(|t| &t[..]))
				.chain(metadata.tools.iter().map(|t| &t[..]))
				.chain(metadata.capabilities.iter().map(|t| &t[..]))
			{
				tokens.extend(tokenize(&String::from_utf8_lossy(text)));
			}
			out.push(Scanned { id, metadata, record, tokens });
		}
		if keys.len() < KEYS_PAGE as usize {
			break;
		}
		start = keys.last().cloned();
	}
	Ok((out, reputations.len()))
}

/// The index's text analysis: split on non-alphanumeric characters, lower-case, drop tokens
/// longer than 40 bytes.
fn tokenize(text: &str) -> Vec<String> {
	text.split(|c: char| !c.is_alphanumeric())
		.filter(|t| !t.is_empty() && t.len() <= 40)
		.map(str::to_lowercase)
		.collect()
}

/// `query` evaluated over scanned agents with the node's semantics (filters, on-chain status
/// gate at block `now`, sort with id tie-break, cursor offset, page of 20).
pub fn evaluate(query: &Json, agents: &[Scanned], now: u32) -> Vec<u64> {
	let lower = |k: &str| query[k].as_str().map(str::to_lowercase);
	let text = query["text"].as_str().map(tokenize).unwrap_or_default();
	let mut seen = HashSet::new();
	let text: Vec<String> = text.into_iter().filter(|t| seen.insert(t.clone())).take(32).collect();
	let (category, tool, capability, region) =
		(lower("category"), lower("tool"), lower("capability"), lower("region"));
	let tier = query["tier"].as_u64();
	let max_latency = query["maxLatencyMs"].as_u64();
	let min_reputation = query["minReputation"].as_u64();
	let include_stale = query["includeStale"].as_bool().unwrap_or(false);
	let s = |b: &[u8]| String::from_utf8_lossy(b).to_lowercase();
	let reputation = 500u64;
	let mut hits: Vec<&Scanned> = agents
		.iter()
		.filter(|a| {
			let m = &a.metadata;
			text.iter().all(|t| a.tokens.contains(t))
				&& category.as_ref().is_none_or(|c| *c == s(&m.category))
				&& tool.as_ref().is_none_or(|t| m.tools.iter().any(|x| *t == s(x)))
				&& capability.as_ref().is_none_or(|c| m.capabilities.iter().any(|x| *c == s(x)))
				&& region.as_ref().is_none_or(|r| *r == s(&m.region))
				&& tier.is_none_or(|t| t == m.tier as u64)
				&& max_latency.is_none_or(|l| m.latency_ms as u64 <= l)
				&& min_reputation.is_none_or(|r| reputation >= r)
				&& match Registry::<Runtime>::effective_status(&a.record, now) {
					chaoscore_primitives::agent::AgentStatus::Active => true,
					chaoscore_primitives::agent::AgentStatus::Stale => include_stale,
					_ => false,
				}
		})
		.collect();
	match query["sort"].as_str().unwrap_or("relevance") {
		"latency" => hits.sort_by_key(|a| (a.metadata.latency_ms, a.id)),
		// Every reputation is 500 (no history), so reputation order is id order.
		_ => hits.sort_by_key(|a| a.id),
	}
	let offset = query["cursor"]
		.as_str()
		.and_then(|c| c.strip_prefix('o'))
		.and_then(|n| n.parse().ok())
		.unwrap_or(0);
	hits.iter().skip(offset).take(PAGE).map(|a| a.id).collect()
}
