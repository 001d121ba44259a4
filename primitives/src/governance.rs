//! # Governance plane: the parameters governance watches
//!
//! The runtime's penalty and settlement parameters in one value, so that governors and auditors
//! can read them through one runtime API (`GovernanceApi::parameters`) instead of hunting for
//! constants across pallets.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_runtime::Perbill;
use scale_info::TypeInfo;

/// Penalty and settlement parameters of the runtime.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct PenaltyParameters<Balance, BlockNumber> {
	/// Bond an agent's owner must hold; below it the agent is `Underbonded`.
	pub min_agent_bond: Balance,
	/// Blocks without a heartbeat after which an agent is `Stale`.
	pub liveness_window: BlockNumber,
	/// Blocks between deregistration and the bond's release.
	pub unbonding_period: BlockNumber,
	/// Longest jail term, in blocks.
	pub max_jail_period: BlockNumber,
	/// Bond held from a challenger per open challenge.
	pub challenge_bond: Balance,
	/// Share of an upheld challenge's slash paid to the challenger.
	pub challenger_reward: Perbill,
	/// Blocks the arbiter has to resolve a challenge before it expires.
	pub resolution_period: BlockNumber,
	/// Share of a released escrow paid to the treasury.
	pub protocol_fee: Perbill,
	/// Smallest escrow amount.
	pub min_escrow_amount: Balance,
	/// Blocks a client has to review a delivery before the provider may claim.
	pub review_period: BlockNumber,
	/// Bond held from a proof-of-agency verifier.
	pub verifier_bond: Balance,
	/// Matching attestations that finalize a receipt whose committee is full (a strict majority).
	pub attestation_quorum: u32,
}
