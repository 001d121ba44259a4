//! # Agent control plane: shared types and cross-pallet traits
//!
//! The agent registry (`pallet-agent-registry`) owns agent identity, bond and liveness; the
//! slashing pallet (`pallet-slashing`) applies governance penalties; escrow and challenge pallets
//! read agent facts. They talk to each other only through the traits in this module, never through
//! another pallet's storage:
//!
//! | trait | implemented by | used by |
//! | --- | --- | --- |
//! | [`AgentInspect`] | registry | escrow (provider eligibility), slashing, challenge, runtime APIs |
//! | [`AgentPenalties`] | registry | slashing only |
//! | [`Penalize`] | slashing | challenge (upheld claims) |
//! | [`ChallengeGuard`] | challenge | registry (withdrawal guard) |
//!
//! ## Agent status
//!
//! An agent's *effective* status is computed from its record and the current block, with this
//! precedence (the first that applies wins):
//!
//! 1. [`AgentStatus::Jailed`]: a jail is recorded (`jailed_until` is `Some`). The jail lasts until
//!    it is lifted (by governance at any time, or by the owner once `jailed_until` has passed);
//!    `jailed_until` is the earliest block at which the owner may lift it.
//! 2. [`AgentStatus::Unbonding`]: the owner deregistered; the bond is returned after the unbonding
//!    period (unless the agent is jailed or challenged in the meantime).
//! 3. [`AgentStatus::Underbonded`]: the bond fell below the registry's minimum (after a slash).
//! 4. [`AgentStatus::Stale`]: no heartbeat within the liveness window.
//! 5. [`AgentStatus::Active`]: otherwise. Only `Active` agents are eligible for new work.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_core::H256,
	sp_runtime::{DispatchError, DispatchResult, Perbill},
};
use scale_info::TypeInfo;

use alloc::vec::Vec;

/// Identifier of a registered agent: sequential, assigned by the registry, never reused.
pub type AgentId = u64;

/// Prefix of the offchain-index keys under which the registry stores full capability documents.
pub const AGENT_DOC_KEY_PREFIX: &[u8] = b"chaoscore/agent-doc/";

/// Offchain-index key of the capability document of agent `id` at metadata `version`:
/// `b"chaoscore/agent-doc/" ++ id.encode() ++ version.encode()` (SCALE: little-endian `u64`,
/// `u32`).
///
/// The registry writes the document under this key with `sp_io::offchain_index::set` (the
/// document itself is not kept in state; its `blake2_256` hash is); a node started with offchain
/// indexing enabled (`--enable-offchain-indexing true`) persists it in its offchain database,
/// where the discovery index reads it.
pub fn agent_doc_offchain_key(id: AgentId, version: u32) -> Vec<u8> {
	let mut key = Vec::with_capacity(AGENT_DOC_KEY_PREFIX.len().saturating_add(12));
	key.extend_from_slice(AGENT_DOC_KEY_PREFIX);
	id.encode_to(&mut key);
	version.encode_to(&mut key);
	key
}

/// Lifecycle status of an agent (see the [module docs](self) for how the effective status is
/// derived).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum AgentStatus {
	/// Bonded, live (heartbeat within the liveness window): eligible for work.
	Active,
	/// Registered and bonded, but no heartbeat within the liveness window; a heartbeat revives it.
	Stale,
	/// Jailed by governance or an upheld challenge; not eligible, cannot heartbeat, update or
	/// leave.
	Jailed,
	/// The bond is below the minimum (after a slash); the owner tops it up to recover.
	Underbonded,
	/// Deregistered; the bond can be withdrawn once the unbonding period is over.
	Unbonding,
}

/// The consensus-critical facts about one agent, as other pallets and runtime APIs see them.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AgentFacts<AccountId, Balance, BlockNumber> {
	/// Account that controls the agent and whose funds back its bond.
	pub owner: AccountId,
	/// Account the agent itself signs with (heartbeats).
	pub agent_key: AccountId,
	/// Effective status at the block this was read at.
	pub status: AgentStatus,
	/// Bond currently held from the owner for this agent.
	pub bond: Balance,
	/// Earliest block the owner may lift a recorded jail; `Some` exactly while jailed.
	pub jailed_until: Option<BlockNumber>,
	/// Block of the last heartbeat (the registration block before the first heartbeat).
	pub last_heartbeat: BlockNumber,
}

/// Read access to agents. Implemented by the agent registry.
pub trait AgentInspect<AccountId, Balance, BlockNumber> {
	/// Facts about agent `id`, with the status effective at the current block; `None` if no such
	/// agent is registered (or it has withdrawn its bond and been removed).
	fn facts(id: AgentId) -> Option<AgentFacts<AccountId, Balance, BlockNumber>>;

	/// Whether agent `id` may be picked for new work (escrow providers): its effective status is
	/// [`AgentStatus::Active`].
	fn is_eligible(id: AgentId) -> bool {
		Self::facts(id).is_some_and(|f| f.status == AgentStatus::Active)
	}
}

/// Penalty primitives on an agent's bond and jail state. Implemented by the agent registry and
/// meant to be used by the slashing pallet only (other pallets go through [`Penalize`]).
pub trait AgentPenalties<AccountId, Balance, BlockNumber> {
	/// Moves up to `amount` of agent `id`'s held bond to `to` as free balance and returns the
	/// amount moved (at most the recorded bond). The recorded bond shrinks accordingly; below the
	/// minimum bond the agent becomes [`AgentStatus::Underbonded`] (unless jailed or unbonding).
	fn seize_bond(id: AgentId, amount: Balance, to: &AccountId) -> Result<Balance, DispatchError>;

	/// Records a jail until `until` (`Some`; replaces any earlier jail) or lifts it (`None`).
	fn set_jail(id: AgentId, until: Option<BlockNumber>) -> DispatchResult;

	/// Holds more of the owner's free balance so the bond reaches the minimum again; returns the
	/// amount newly held (zero if the bond already meets the minimum).
	fn top_up_bond(id: AgentId) -> Result<Balance, DispatchError>;
}

/// How much of an agent's bond a slash takes. Either way, at most the whole bond is taken.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum SlashAmount<Balance> {
	/// A fixed amount (capped at the bond).
	Absolute(Balance),
	/// A fraction of the agent's current bond.
	FractionOfBond(Perbill),
}

/// Why an agent was slashed; recorded in the slashing pallet's events for the audit trail.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum SlashReason {
	/// A governance decision outside any challenge.
	Governance,
	/// A challenge against the agent was upheld.
	ChallengeUpheld,
	/// The agent failed to deliver on an escrowed job.
	FailedDelivery,
	/// The agent submitted a receipt that verifiers rejected (proof of agency).
	InvalidReceipt,
	/// The agent misbehaved in a way not covered above (evidence hash says what).
	Misconduct,
}

/// Penalties as other pallets (the challenge pallet) apply them. Implemented by the slashing
/// pallet, which records and emits every penalty and routes slashed funds.
pub trait Penalize<AccountId, Balance, BlockNumber> {
	/// Slashes agent `id`'s bond by `amount` (capped at the bond). If `reward` is
	/// `Some((challenger, share))`, `share` of the slashed amount goes to `challenger` (to the
	/// treasury instead if the challenger cannot receive it, e.g. below the existential deposit);
	/// the rest goes to the treasury. `evidence` is an optional hash of the evidence, recorded in
	/// the event. Returns the total amount slashed. All or nothing: on error nothing changed.
	fn slash(
		id: AgentId,
		amount: SlashAmount<Balance>,
		reason: SlashReason,
		evidence: Option<H256>,
		reward: Option<(AccountId, Perbill)>,
	) -> Result<Balance, DispatchError>;

	/// Jails agent `id` until `until`, which must be in the future and at most the slashing
	/// pallet's `MaxJailPeriod` ahead.
	fn jail(id: AgentId, until: BlockNumber) -> DispatchResult;
}

/// Whether an agent has a pending challenge, which blocks bond withdrawal and owner rotation.
/// Implemented by the challenge pallet; `()` means "never challenged".
pub trait ChallengeGuard {
	/// `true` while agent `id` has at least one unresolved challenge.
	fn is_challenged(id: AgentId) -> bool;
}

impl ChallengeGuard for () {
	fn is_challenged(_id: AgentId) -> bool {
		false
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn offchain_key_layout() {
		let key = agent_doc_offchain_key(0x0102, 7);
		let mut expected = b"chaoscore/agent-doc/".to_vec();
		expected.extend_from_slice(&[0x02, 0x01, 0, 0, 0, 0, 0, 0]);
		expected.extend_from_slice(&[7, 0, 0, 0]);
		assert_eq!(key, expected);
	}

	#[test]
	fn unit_challenge_guard_never_challenges() {
		assert!(!<() as ChallengeGuard>::is_challenged(0));
		assert!(!<() as ChallengeGuard>::is_challenged(AgentId::MAX));
	}

	struct OneAgent;
	impl AgentInspect<u64, u128, u32> for OneAgent {
		fn facts(id: AgentId) -> Option<AgentFacts<u64, u128, u32>> {
			let status = match id {
				0 => AgentStatus::Active,
				1 => AgentStatus::Stale,
				_ => return None,
			};
			Some(AgentFacts {
				owner: 1,
				agent_key: 2,
				status,
				bond: 10,
				jailed_until: None,
				last_heartbeat: 0,
			})
		}
	}

	#[test]
	fn eligible_means_active() {
		assert!(OneAgent::is_eligible(0));
		assert!(!OneAgent::is_eligible(1));
		assert!(!OneAgent::is_eligible(2));
	}

	#[test]
	fn status_encoding_is_stable() {
		// The discovery index and runtime APIs decode these bytes: the order is part of the API.
		let all = [
			AgentStatus::Active,
			AgentStatus::Stale,
			AgentStatus::Jailed,
			AgentStatus::Underbonded,
			AgentStatus::Unbonding,
		];
		for (i, s) in all.iter().enumerate() {
			assert_eq!(s.encode(), vec![i as u8]);
		}
		assert_eq!(AgentStatus::max_encoded_len(), 1);
	}
}
