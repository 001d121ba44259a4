//! Runtime APIs the node and its RPC layer call into the ChaosCore runtime.

use crate::{
	agency::{AnchorId, ReceiptStatus},
	agent::{AgentFacts, AgentId, AgentStatus},
	governance::PenaltyParameters,
	settlement::{ChallengeId, ReceiptId},
};
use alloc::vec::Vec;
use codec::Codec;
use polkadot_sdk::sp_core::H256;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Agent registry queries, answered at the block the call is made at.
	///
	/// `Metadata` is the registry's bounded capability metadata type
	/// (`pallet_agent_registry::AgentMetadata<Runtime>`).
	pub trait AgentApi<AccountId, Balance, BlockNumber, Metadata>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		Metadata: Codec,
	{
		/// On-chain facts (with the effective status) and capability metadata of agent `id`.
		fn agent(id: AgentId) -> Option<(AgentFacts<AccountId, Balance, BlockNumber>, Metadata)>;
		/// Effective status of each agent in `ids`; `None` for ids with no registered agent.
		fn statuses(ids: Vec<AgentId>) -> Vec<(AgentId, Option<AgentStatus>)>;
		/// Ids of the agents owned by `owner`.
		fn agents_of(owner: AccountId) -> Vec<AgentId>;
		/// Up to `limit` registered agent ids in storage order, after `after` (the last id of
		/// the previous page; `None` for the first page).
		fn agent_ids(after: Option<AgentId>, limit: u32) -> Vec<AgentId>;
	}

	/// Proof-of-agency queries: receipts and anchored action logs.
	pub trait AgencyApi {
		/// The agent that recorded receipt `id` and its status (`Pending` until a quorum of
		/// verifiers finalizes it); `None` if there is no such receipt.
		fn receipt(id: ReceiptId) -> Option<(AgentId, ReceiptStatus)>;
		/// Whether `leaf` is leaf number `index` of the batch anchored as `anchor`, given its
		/// Merkle `proof` (sibling hashes, leaf level first; BlakeTwo256 binary Merkle tree).
		fn verify_leaf(anchor: AnchorId, leaf: H256, index: u32, proof: Vec<H256>) -> bool;
	}

	/// Reputation queries.
	///
	/// `Breakdown` is the reputation pallet's per-agent outcome counts
	/// (`pallet_reputation::Breakdown<Balance>`).
	pub trait ReputationApi<Breakdown>
	where
		Breakdown: Codec,
	{
		/// The score of `agent` (0..=1000, decayed to this block) and the counts behind it;
		/// `None` if no outcome was ever recorded for it (the score is then neutral, 500).
		fn score(agent: AgentId) -> Option<(u32, Breakdown)>;
		/// The score of each of `ids` at this block, in order (500 for agents without any
		/// recorded outcome).
		fn scores(ids: Vec<AgentId>) -> Vec<(AgentId, u32)>;
	}

	/// Governance queries: open challenges, jailed agents and the penalty parameters.
	///
	/// `Challenge` is the challenge pallet's record (`pallet_challenge::ChallengeOf<Runtime>`).
	pub trait GovernanceApi<Balance, BlockNumber, Challenge>
	where
		Balance: Codec,
		BlockNumber: Codec,
		Challenge: Codec,
	{
		/// Every open challenge, by id.
		fn open_challenges() -> Vec<(ChallengeId, Challenge)>;
		/// Every jailed agent with the earliest block its owner may lift the jail.
		fn jailed_agents() -> Vec<(AgentId, BlockNumber)>;
		/// The penalty and settlement parameters.
		fn parameters() -> PenaltyParameters<Balance, BlockNumber>;
	}
}
