//! The node's answers to the query plane ([`AgentQueries`], [`ChainQueries`]): searches run on
//! the discovery index, and every candidate is checked against the runtime at the answer's
//! block (status and reputation), so answers never list an agent the chain does not consider
//! eligible there.

use super::{
	chain::{self, address, document_json, strings, text, Facts, Metadata},
	Discovery,
};
use chaoscore_discovery::{Query, SortBy as IndexSort};
use chaoscore_primitives::{
	agent::{AgentId, AgentStatus},
	runtime_api::{AgentApi, GovernanceApi, ReputationApi},
	settlement::ChallengeTarget,
	AccountId, Hash,
};
use chaoscore_rpc::{
	queries::{AgentQueries, ChainQueries, QueryError},
	views::*,
};
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi,
	sp_core::{crypto::Ss58Codec, hexdisplay::HexDisplay},
};
use std::sync::Arc;

/// Longest full-text query accepted, in characters.
pub const MAX_TEXT_LEN: usize = 256;
/// Longest filter value accepted, in characters.
pub const MAX_FILTER_LEN: usize = 128;
/// Most index candidates one search examines before answering with a partial page.
pub const MAX_SCAN: usize = 5_000;
/// Default and largest page of `governance_history`.
pub const HISTORY_PAGE: (u32, u32) = (100, 500);

/// The query plane over a node's discovery state.
#[derive(Clone)]
pub struct NodeQueries {
	discovery: Arc<Discovery>,
}

impl NodeQueries {
	/// Queries answered from `discovery`.
	pub fn new(discovery: Arc<Discovery>) -> Self {
		Self { discovery }
	}

	fn best(&self) -> (Hash, At) {
		let (hash, number) = self.discovery.reader.best();
		(hash, at(hash, number.into()))
	}

	fn api(
		&self,
	) -> polkadot_sdk::sp_api::ApiRef<
		'_,
		<crate::service::Client as ProvideRuntimeApi<chaoscore_primitives::Block>>::Api,
	> {
		self.discovery.reader.client().runtime_api()
	}
}

/// `0x` hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
	format!("0x{}", HexDisplay::from(&bytes))
}

fn at(hash: Hash, number: u64) -> At {
	At { hash: hex(hash.as_bytes()), number }
}

fn internal(e: impl ToString) -> QueryError {
	QueryError::Internal(e.to_string())
}

fn invalid(message: impl Into<String>) -> QueryError {
	QueryError::InvalidParams(message.into())
}

/// Parses a cursor (`o<offset>`).
fn parse_cursor(cursor: Option<&str>) -> Result<usize, QueryError> {
	match cursor {
		None => Ok(0),
		Some(c) => c.strip_prefix('o').and_then(|n| n.parse().ok()).ok_or_else(|| {
			invalid(format!("malformed cursor {c:?}: pass a nextCursor back unchanged"))
		}),
	}
}

fn cursor(offset: usize) -> String {
	format!("o{offset}")
}

fn status_name(status: AgentStatus) -> String {
	format!("{status:?}")
}

/// Checks `request` and turns it into an index query.
fn index_query(request: &SearchRequest, mcp_only: bool) -> Result<(Query, usize), QueryError> {
	let limit = request.limit.unwrap_or(DEFAULT_PAGE_SIZE);
	if limit == 0 || limit > MAX_PAGE_SIZE {
		return Err(invalid(format!("limit must be 1..={MAX_PAGE_SIZE}, got {limit}")));
	}
	if request.text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT_LEN) {
		return Err(invalid(format!("text is longer than {MAX_TEXT_LEN} characters")));
	}
	for (name, value) in [
		("category", &request.category),
		("tool", &request.tool),
		("capability", &request.capability),
		("region", &request.region),
	] {
		if value.as_ref().is_some_and(|v| v.chars().count() > MAX_FILTER_LEN) {
			return Err(invalid(format!("{name} is longer than {MAX_FILTER_LEN} characters")));
		}
	}
	if request.min_reputation.is_some_and(|r| r > 1000) {
		return Err(invalid("minReputation must be 0..=1000"));
	}
	let query = Query {
		text: request.text.clone().filter(|t| !t.trim().is_empty()),
		category: request.category.clone(),
		tool: request.tool.clone(),
		capability: request.capability.clone(),
		region: request.region.clone(),
		tier: request.tier,
		max_latency_ms: request.max_latency_ms,
		// Status and reputation are checked against the chain, not the index.
		min_reputation: None,
		include_stale: true,
		mcp_only,
		sort: match request.sort {
			SortBy::Relevance => IndexSort::Relevance,
			SortBy::Reputation => IndexSort::Reputation,
			SortBy::Latency => IndexSort::Latency,
		},
	};
	Ok((query, limit as usize))
}

/// An eligible agent found by a search.
struct Found {
	id: AgentId,
	facts: Facts,
	metadata: Metadata,
	document: String,
	score: u32,
	relevance: f32,
}

impl NodeQueries {
	/// Runs `request` on the index and keeps the candidates eligible at the best block.
	fn gated_search(
		&self,
		request: &SearchRequest,
		mcp_only: bool,
	) -> Result<(At, Vec<Found>, Option<String>), QueryError> {
		let (query, limit) = index_query(request, mcp_only)?;
		let mut offset = parse_cursor(request.cursor.as_deref())?;
		// The index lags imports by a moment: the answer is valid at the block the searched
		// commit indexed, and statuses and scores are read there too.
		let snapshot = self.discovery.index.snapshot();
		let (hash, at) = match snapshot.checkpoint() {
			Some(checkpoint) => {
				let hash = Hash::from(checkpoint.hash);
				(hash, at(hash, checkpoint.number))
			},
			None => self.best(),
		};
		let batch = (limit * 2).max(32);
		let mut found = Vec::new();
		let mut scanned = 0;
		loop {
			let hits = snapshot.search(&query, offset, batch).map_err(internal)?;
			let ids: Vec<AgentId> = hits.iter().map(|h| h.entry.id).collect();
			let statuses = self.discovery.reader.statuses(hash, ids.clone()).map_err(internal)?;
			let scores = self.discovery.reader.scores(hash, ids).map_err(internal)?;
			for ((hit, (_, status)), (_, score)) in hits.iter().zip(statuses).zip(scores) {
				let eligible = match status {
					Some(AgentStatus::Active) => true,
					Some(AgentStatus::Stale) => request.include_stale,
					_ => false,
				};
				if !eligible || request.min_reputation.is_some_and(|min| score < min) {
					offset += 1;
					continue;
				}
				if found.len() == limit {
					return Ok((at, found, Some(cursor(offset))));
				}
				let Some((facts, metadata)) =
					self.discovery.reader.agent(hash, hit.entry.id).map_err(internal)?
				else {
					offset += 1;
					continue;
				};
				found.push(Found {
					id: hit.entry.id,
					facts,
					metadata,
					document: hit.entry.document.clone(),
					score,
					relevance: hit.score,
				});
				offset += 1;
			}
			scanned += hits.len();
			if hits.len() < batch {
				return Ok((at, found, None));
			}
			if scanned >= MAX_SCAN {
				// Bounded work per call: the client continues from here.
				return Ok((at, found, Some(cursor(offset))));
			}
		}
	}
}

fn endpoints(metadata: &Metadata) -> Vec<EndpointView> {
	metadata
		.endpoints
		.iter()
		.map(|e| EndpointView { kind: format!("{:?}", e.kind).to_lowercase(), url: text(&e.url) })
		.collect()
}

fn summary(found: Found) -> AgentSummary {
	let endpoints = endpoints(&found.metadata);
	let status = status_name(found.facts.status);
	// The index entry of the agent as it is at the answer's block.
	let entry = chain::entry(
		found.id,
		&found.facts,
		&found.metadata,
		found.score,
		Some(found.document.into_bytes()),
	);
	AgentSummary {
		id: entry.id,
		owner: entry.owner,
		name: entry.name,
		description: entry.description,
		category: entry.category,
		tags: entry.tags,
		tools: entry.tools,
		capabilities: entry.capabilities,
		region: entry.region,
		tier: entry.tier,
		latency_ms: entry.latency_ms,
		endpoints,
		status,
		reputation: entry.reputation,
		relevance: found.relevance,
	}
}

fn reputation_view(
	answer: Option<(u32, pallet_reputation::Breakdown<chaoscore_primitives::Balance>)>,
) -> ReputationView {
	let has_history = answer.is_some();
	let (score, b) = answer.unwrap_or((500, Default::default()));
	ReputationView {
		score,
		has_history,
		verified: b.verified,
		rejected: b.rejected,
		released: b.released,
		refunded: b.refunded,
		released_value: b.released_value.to_string(),
		refunded_value: b.refunded_value.to_string(),
		challenges_upheld: b.challenges_upheld,
		slashes: b.slashes,
		slashed_amount: b.slashed_amount.to_string(),
		positive_feedback: b.positive_feedback,
		negative_feedback: b.negative_feedback,
	}
}

/// The MCP server an agent declares: the document's `mcp` object where present, else its
/// first on-chain MCP endpoint and on-chain tools.
fn mcp_server(found: Found) -> Option<McpServerView> {
	let manifest = document_json(found.document.as_bytes())
		.and_then(|doc| doc.get("mcp").cloned())
		.unwrap_or(serde_json::Value::Null);
	let on_chain = found
		.metadata
		.endpoints
		.iter()
		.find(|e| e.kind == pallet_agent_registry::EndpointKind::Mcp)
		.map(|e| text(&e.url));
	let endpoint = manifest
		.get("endpoint")
		.and_then(|e| e.as_str())
		.map(str::to_string)
		.or(on_chain)?;
	let tools = match manifest.get("tools").and_then(|t| t.as_array()) {
		Some(tools) => tools.clone(),
		None => strings(&found.metadata.tools)
			.into_iter()
			.map(serde_json::Value::from)
			.collect(),
	};
	Some(McpServerView {
		agent: found.id,
		name: text(&found.metadata.name),
		endpoint,
		transport: manifest
			.get("transport")
			.and_then(|t| t.as_str())
			.unwrap_or("streamable-http")
			.to_string(),
		protocol_version: manifest
			.get("protocolVersion")
			.and_then(|v| v.as_str())
			.map(str::to_string),
		tools,
		document_hash: hex(found.metadata.document_hash.as_bytes()),
		reputation: found.score,
		status: status_name(found.facts.status),
	})
}

impl AgentQueries for NodeQueries {
	fn search(&self, request: SearchRequest) -> Result<SearchPage, QueryError> {
		let (at, found, next_cursor) = self.gated_search(&request, false)?;
		Ok(SearchPage { at, agents: found.into_iter().map(summary).collect(), next_cursor })
	}

	fn profile(&self, id: AgentId) -> Result<Option<AgentProfile>, QueryError> {
		let (hash, at) = self.best();
		let Some((facts, metadata)) = self.discovery.reader.agent(hash, id).map_err(internal)?
		else {
			return Ok(None);
		};
		let reputation = reputation_view(self.api().score(hash, id).map_err(internal)?);
		let document = self.discovery.reader.document(id, metadata.version).map(|bytes| {
			document_json(&bytes).unwrap_or_else(|| serde_json::Value::String(text(&bytes)))
		});
		Ok(Some(AgentProfile {
			at,
			id,
			owner: address(&facts.owner),
			agent_key: address(&facts.agent_key),
			status: status_name(facts.status),
			bond: facts.bond.to_string(),
			last_heartbeat: facts.last_heartbeat.into(),
			jailed_until: facts.jailed_until.map(Into::into),
			metadata_version: metadata.version,
			name: text(&metadata.name),
			category: text(&metadata.category),
			tags: strings(&metadata.tags),
			tools: strings(&metadata.tools),
			capabilities: strings(&metadata.capabilities),
			endpoints: endpoints(&metadata),
			region: text(&metadata.region),
			tier: metadata.tier,
			latency_ms: metadata.latency_ms,
			document_hash: hex(metadata.document_hash.as_bytes()),
			document,
			reputation,
		}))
	}

	fn reputation(&self, id: AgentId) -> Result<Option<(At, ReputationView)>, QueryError> {
		let (hash, at) = self.best();
		let registered = self.discovery.reader.statuses(hash, vec![id]).map_err(internal)?;
		if registered.first().and_then(|(_, s)| *s).is_none() {
			return Ok(None);
		}
		let score = self.api().score(hash, id).map_err(internal)?;
		Ok(Some((at, reputation_view(score))))
	}
}

impl ChainQueries for NodeQueries {
	fn status(&self, id: AgentId) -> Result<Option<StatusAt>, QueryError> {
		let (hash, at) = self.best();
		let statuses = self.discovery.reader.statuses(hash, vec![id]).map_err(internal)?;
		Ok(statuses.first().and_then(|(_, s)| *s).map(|status| StatusAt {
			at,
			agent: AgentStatusView { id, status: status_name(status) },
		}))
	}

	fn agents_by_owner(&self, owner: &str) -> Result<OwnerAgents, QueryError> {
		let account = AccountId::from_ss58check(owner)
			.map_err(|e| invalid(format!("owner {owner:?} is not an SS58 address: {e:?}")))?;
		let (hash, at) = self.best();
		let ids = self.api().agents_of(hash, account.clone()).map_err(internal)?;
		let statuses = self.discovery.reader.statuses(hash, ids).map_err(internal)?;
		Ok(OwnerAgents {
			at,
			owner: address(&account),
			agents: statuses
				.into_iter()
				.filter_map(|(id, s)| s.map(|s| AgentStatusView { id, status: status_name(s) }))
				.collect(),
		})
	}

	fn open_challenges(&self) -> Result<OpenChallenges, QueryError> {
		let (hash, at) = self.best();
		let open = self.api().open_challenges(hash).map_err(internal)?;
		let challenges = open
			.into_iter()
			.map(|(id, c)| {
				let (target_kind, target_id) = match c.target {
					ChallengeTarget::Agent(a) => ("agent", a),
					ChallengeTarget::Escrow(e) => ("escrow", e),
				};
				ChallengeView {
					id,
					challenger: address(&c.challenger),
					target_kind: target_kind.into(),
					target_id,
					agent: c.agent,
					reason: format!("{:?}", c.reason),
					evidence: hex(c.evidence.as_bytes()),
					bond: c.bond.to_string(),
					opened_at: c.opened_at.into(),
					deadline: c.deadline.into(),
				}
			})
			.collect();
		Ok(OpenChallenges { at, challenges })
	}

	fn jailed_agents(&self) -> Result<JailedAgents, QueryError> {
		let (hash, at) = self.best();
		let mut jailed = self.api().jailed_agents(hash).map_err(internal)?;
		jailed.sort();
		Ok(JailedAgents {
			at,
			agents: jailed
				.into_iter()
				.map(|(id, until)| JailedAgent { id, jailed_until: until.into() })
				.collect(),
		})
	}

	fn parameters(&self) -> Result<PenaltyParametersView, QueryError> {
		let (hash, at) = self.best();
		let p = self.api().parameters(hash).map_err(internal)?;
		Ok(PenaltyParametersView {
			at,
			min_agent_bond: p.min_agent_bond.to_string(),
			liveness_window: p.liveness_window.into(),
			unbonding_period: p.unbonding_period.into(),
			max_jail_period: p.max_jail_period.into(),
			challenge_bond: p.challenge_bond.to_string(),
			challenger_reward_per_billion: p.challenger_reward.deconstruct(),
			resolution_period: p.resolution_period.into(),
			protocol_fee_per_billion: p.protocol_fee.deconstruct(),
			min_escrow_amount: p.min_escrow_amount.to_string(),
			review_period: p.review_period.into(),
			verifier_bond: p.verifier_bond.to_string(),
			attestation_quorum: p.attestation_quorum,
		})
	}

	fn history(
		&self,
		agent: AgentId,
		cursor_in: Option<String>,
		limit: Option<u32>,
	) -> Result<HistoryPage, QueryError> {
		let (default, max) = HISTORY_PAGE;
		let limit = limit.unwrap_or(default);
		if limit == 0 || limit > max {
			return Err(invalid(format!("limit must be 1..={max}, got {limit}")));
		}
		let offset = parse_cursor(cursor_in.as_deref())?;
		let history = self
			.discovery
			.history
			.as_ref()
			.ok_or_else(|| internal("this node keeps no history (no offchain database)"))?
			.lock();
		let (head, number) = history.head().unwrap_or((self.discovery.genesis, 0));
		let entries = history.entries(agent);
		drop(history);
		let end = offset.saturating_add(limit as usize).min(entries.len());
		let page = entries.get(offset.min(end)..end).unwrap_or_default();
		Ok(HistoryPage {
			at: at(head, number.into()),
			agent,
			entries: page
				.iter()
				.map(|e| HistoryEntry {
					block: e.block.into(),
					block_hash: hex(e.hash.as_bytes()),
					event_index: e.index,
					pallet: e.pallet.clone(),
					event: e.event.clone(),
					fields: serde_json::from_str(&e.fields).unwrap_or(serde_json::Value::Null),
				})
				.collect(),
			next_cursor: (end < entries.len()).then(|| cursor(end)),
		})
	}

	fn mcp_servers(&self, request: SearchRequest) -> Result<McpServersPage, QueryError> {
		let (at, found, next_cursor) = self.gated_search(&request, true)?;
		Ok(McpServersPage {
			at,
			servers: found.into_iter().filter_map(mcp_server).collect(),
			next_cursor,
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn cursors_round_trip_and_garbage_is_refused() {
		assert_eq!(parse_cursor(None), Ok(0));
		assert_eq!(parse_cursor(Some(&cursor(42))), Ok(42));
		for bad in ["", "42", "o", "o-1", "ox", "o99999999999999999999999"] {
			assert!(matches!(parse_cursor(Some(bad)), Err(QueryError::InvalidParams(_))), "{bad}");
		}
	}

	#[test]
	fn search_requests_are_checked() {
		let ok = SearchRequest::default();
		assert_eq!(index_query(&ok, false).map(|(_, limit)| limit), Ok(20));
		let bad = [
			SearchRequest { limit: Some(0), ..Default::default() },
			SearchRequest { limit: Some(MAX_PAGE_SIZE + 1), ..Default::default() },
			SearchRequest { text: Some("x".repeat(MAX_TEXT_LEN + 1)), ..Default::default() },
			SearchRequest { tool: Some("x".repeat(MAX_FILTER_LEN + 1)), ..Default::default() },
			SearchRequest { min_reputation: Some(1001), ..Default::default() },
		];
		for request in bad {
			assert!(matches!(index_query(&request, false), Err(QueryError::InvalidParams(_))));
		}
	}
}
