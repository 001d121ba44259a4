//! Reading what discovery needs from the chain at one block: events, agents (through the
//! runtime APIs) and capability documents (from the offchain database, where the registry's
//! offchain indexing put them).

use crate::service::{Backend, Client};
use chaoscore_discovery::AgentEntry;
use chaoscore_primitives::{
	agent::{agent_doc_offchain_key, AgentFacts, AgentId, AgentStatus},
	runtime_api::{AgentApi, ReputationApi},
	AccountId, Balance, Block, BlockNumber, Hash,
};
use chaoscore_runtime::{Runtime, RuntimeEvent};
use codec::Decode;
use polkadot_sdk::{
	frame_system::EventRecord,
	sc_client_api::{Backend as _, StorageProvider},
	sp_api::ProvideRuntimeApi,
	sp_core::{crypto::Ss58Codec, offchain::OffchainStorage, storage::StorageKey},
};
use std::sync::Arc;

/// The registry's capability metadata type.
pub type Metadata = pallet_agent_registry::AgentMetadata<Runtime>;
/// Agent facts as the runtime spells them.
pub type Facts = AgentFacts<AccountId, Balance, BlockNumber>;
/// One event of a block.
pub type Record = EventRecord<RuntimeEvent, Hash>;

/// Agents read per runtime call while rebuilding.
pub const REBUILD_PAGE: u32 = 1_000;

/// Read access to the chain for discovery.
#[derive(Clone)]
pub struct ChainReader {
	client: Arc<Client>,
	offchain: Option<<Backend as polkadot_sdk::sc_client_api::Backend<Block>>::OffchainStorage>,
}

/// A failure to read the chain, as text (the caller logs it or turns it into an RPC error).
pub type ReadError = String;

impl ChainReader {
	/// A reader over `client` and the offchain database of `backend`.
	pub fn new(client: Arc<Client>, backend: &Backend) -> Self {
		Self { client, offchain: backend.offchain_storage() }
	}

	/// The client.
	pub fn client(&self) -> &Arc<Client> {
		&self.client
	}

	/// The best block: hash and number.
	pub fn best(&self) -> (Hash, BlockNumber) {
		let info = polkadot_sdk::sp_blockchain::HeaderBackend::info(&*self.client);
		(info.best_hash, info.best_number)
	}

	/// The events of block `hash`, in order.
	pub fn events(&self, hash: Hash) -> Result<Vec<Record>, ReadError> {
		let key = StorageKey(
			polkadot_sdk::frame_support::storage::storage_prefix(b"System", b"Events").to_vec(),
		);
		let Some(data) = self.client.storage(hash, &key).map_err(|e| e.to_string())? else {
			return Ok(Vec::new());
		};
		Vec::<Record>::decode(&mut &data.0[..]).map_err(|e| format!("events of {hash}: {e}"))
	}

	/// Facts and metadata of agent `id` at `hash`.
	pub fn agent(&self, hash: Hash, id: AgentId) -> Result<Option<(Facts, Metadata)>, ReadError> {
		self.client.runtime_api().agent(hash, id).map_err(|e| e.to_string())
	}

	/// Effective status of each of `ids` at `hash`.
	pub fn statuses(
		&self,
		hash: Hash,
		ids: Vec<AgentId>,
	) -> Result<Vec<(AgentId, Option<AgentStatus>)>, ReadError> {
		self.client.runtime_api().statuses(hash, ids).map_err(|e| e.to_string())
	}

	/// Reputation score of each of `ids` at `hash`.
	pub fn scores(&self, hash: Hash, ids: Vec<AgentId>) -> Result<Vec<(AgentId, u32)>, ReadError> {
		self.client.runtime_api().scores(hash, ids).map_err(|e| e.to_string())
	}

	/// Every registered agent id at `hash`.
	pub fn all_agent_ids(&self, hash: Hash) -> Result<Vec<AgentId>, ReadError> {
		let api = self.client.runtime_api();
		let mut ids = Vec::new();
		let mut after = None;
		loop {
			let page = api.agent_ids(hash, after, REBUILD_PAGE).map_err(|e| e.to_string())?;
			let Some(last) = page.last().copied() else { break };
			ids.extend(page);
			after = Some(last);
		}
		Ok(ids)
	}

	/// The capability document of agent `id` at metadata `version`, if this node has it.
	pub fn document(&self, id: AgentId, version: u32) -> Option<Vec<u8>> {
		let key = agent_doc_offchain_key(id, version);
		self.offchain
			.as_ref()?
			.get(polkadot_sdk::sp_core::offchain::STORAGE_PREFIX, &key)
	}

	/// The index entries of `ids` at `hash`; ids with no registered agent are left out.
	pub fn entries(&self, hash: Hash, ids: &[AgentId]) -> Result<Vec<AgentEntry>, ReadError> {
		let scores = self.scores(hash, ids.to_vec())?;
		let mut entries = Vec::with_capacity(ids.len());
		for (id, score) in scores {
			if let Some((facts, metadata)) = self.agent(hash, id)? {
				let document = self.document(id, metadata.version);
				entries.push(entry(id, &facts, &metadata, score, document));
			}
		}
		Ok(entries)
	}
}

/// Lossy UTF-8 of an on-chain byte string.
pub fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// Lossy UTF-8 of each of a list of on-chain byte strings.
pub fn strings<S: polkadot_sdk::sp_core::Get<u32>>(
	items: &[polkadot_sdk::sp_runtime::BoundedVec<u8, S>],
) -> Vec<String> {
	items.iter().map(|i| text(i)).collect()
}

/// The SS58 address of `account`.
pub fn address(account: &AccountId) -> String {
	account.to_ss58check()
}

/// The capability document as JSON, if it is JSON.
pub fn document_json(document: &[u8]) -> Option<serde_json::Value> {
	serde_json::from_slice(document).ok()
}

/// The index entry of one agent.
pub fn entry(
	id: AgentId,
	facts: &Facts,
	metadata: &Metadata,
	reputation: u32,
	document: Option<Vec<u8>>,
) -> AgentEntry {
	let json = document.as_deref().and_then(document_json);
	let description = json
		.as_ref()
		.and_then(|doc| doc.get("description"))
		.and_then(|d| d.as_str())
		.unwrap_or_default()
		.to_string();
	AgentEntry {
		id,
		owner: address(&facts.owner),
		name: text(&metadata.name),
		description,
		category: text(&metadata.category),
		tags: strings(&metadata.tags),
		tools: strings(&metadata.tools),
		capabilities: strings(&metadata.capabilities),
		region: text(&metadata.region),
		tier: metadata.tier,
		latency_ms: metadata.latency_ms,
		reputation,
		stale: facts.status == AgentStatus::Stale,
		mcp: metadata
			.endpoints
			.iter()
			.any(|e| e.kind == pallet_agent_registry::EndpointKind::Mcp),
		metadata_version: metadata.version,
		document: document.map(|d| text(&d)).unwrap_or_default(),
	}
}

/// The agent whose index entry event `event` may change (registry events other than heartbeats,
/// and reputation score updates); `None` for every other event.
pub fn reindexes(event: &RuntimeEvent) -> Option<AgentId> {
	match event {
		RuntimeEvent::AgentRegistry(pallet_agent_registry::Event::Heartbeat { .. }) => None,
		RuntimeEvent::AgentRegistry(e) => e.agent(),
		RuntimeEvent::Reputation(e @ pallet_reputation::Event::ScoreUpdated { .. }) => e.agent(),
		_ => None,
	}
}

/// The agent whose audit history event `event` belongs to: every event of the registry,
/// slashing, escrow, challenge, proof-of-agency and reputation pallets that names an agent,
/// heartbeats excepted.
pub fn history_agent(event: &RuntimeEvent) -> Option<AgentId> {
	match event {
		RuntimeEvent::AgentRegistry(pallet_agent_registry::Event::Heartbeat { .. }) => None,
		RuntimeEvent::AgentRegistry(e) => e.agent(),
		RuntimeEvent::Slashing(e) => e.agent(),
		RuntimeEvent::Escrow(e) => e.agent(),
		RuntimeEvent::Challenge(e) => e.agent(),
		RuntimeEvent::ProofOfAgency(e) => e.agent(),
		RuntimeEvent::Reputation(e) => e.agent(),
		_ => None,
	}
}
