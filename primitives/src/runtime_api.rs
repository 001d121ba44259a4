//! Runtime APIs the node and its RPC layer call into the ChaosCore runtime.

use crate::agent::{AgentFacts, AgentId, AgentStatus};
use alloc::vec::Vec;
use codec::Codec;

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
	}
}
