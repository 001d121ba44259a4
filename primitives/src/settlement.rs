//! # Settlement plane: escrow and challenge types and the traits between their pallets
//!
//! `pallet-escrow` holds a client's payment for a job done by a provider agent;
//! `pallet-challenge` runs bonded claims against an agent or an escrow and applies the arbiter's
//! ruling. They call each other only through the traits here:
//!
//! | trait | implemented by | used by |
//! | --- | --- | --- |
//! | [`EscrowDisputes`] | escrow | challenge (freeze an escrow, apply a ruling to it) |
//! | [`OpenChallenge`] | challenge | escrow (`dispute` opens a challenge on the client's behalf) |
//!
//! ## A dispute, end to end
//!
//! 1. The client calls `escrow.dispute(id, evidence, reason)`; escrow asks the challenge pallet to
//!    [`OpenChallenge::open`] a challenge with target [`ChallengeTarget::Escrow`], the client as
//!    challenger (its challenge bond is held).
//! 2. The challenge pallet calls [`EscrowDisputes::freeze`]: the escrow can no longer be submitted,
//!    released or refunded.
//! 3. The arbiter rules (or the challenge's deadline passes); the challenge pallet applies any
//!    penalty to the provider agent and calls [`EscrowDisputes::settle_dispute`] with
//!    [`DisputeOutcome::RefundClient`] (upheld) or [`DisputeOutcome::Resume`] (rejected or
//!    expired).
//!
//! A challenge may also be opened directly through the challenge pallet; for an escrow target the
//! challenger must be the escrow's client (the only party an escrow ruling can make whole).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_core::H256,
	sp_runtime::{DispatchError, DispatchResult, Weight},
};
use scale_info::TypeInfo;

use crate::agent::{AgentId, SlashAmount};

/// Identifier of an escrow: sequential, assigned by the escrow pallet, never reused.
pub type EscrowId = u64;

/// Identifier of a challenge: sequential, assigned by the challenge pallet, never reused.
pub type ChallengeId = u64;

/// Identifier of a proof-of-agency receipt (an escrow deliverable may reference one).
pub type ReceiptId = u64;

/// What a provider delivers for an escrowed job.
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
pub enum Deliverable {
	/// Hash of the deliverable, kept off-chain by the parties.
	Hash(H256),
	/// A proof-of-agency receipt recorded by the provider agent.
	Receipt(ReceiptId),
}

/// What a challenge is about. At most one challenge per target is open at a time.
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
pub enum ChallengeTarget {
	/// An agent's conduct in general (any signed account may challenge).
	Agent(AgentId),
	/// The outcome of an escrow: its client claims the provider agent failed the job.
	Escrow(EscrowId),
}

/// The claim a challenger makes; recorded with the challenge and in its events.
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
pub enum ChallengeReason {
	/// The agent did not deliver what it was paid for.
	FailedDelivery,
	/// The deliverable does not match the job specification.
	BadDeliverable,
	/// The agent recorded a receipt of an action it did not perform (proof of agency).
	InvalidReceipt,
	/// Any other misconduct; the evidence hash says what.
	Misconduct,
}

/// The arbiter's decision on a challenge.
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
pub enum Ruling<Balance, BlockNumber> {
	/// The claim holds: the challenger's bond is returned, the agent (for an escrow target: its
	/// provider) is slashed by `slash` (a share goes to the challenger) and/or jailed until
	/// `jail_until`; an escrow target is refunded to its client.
	Upheld {
		/// How much of the agent's bond to slash, if any.
		slash: Option<SlashAmount<Balance>>,
		/// Block until which to jail the agent, if at all.
		jail_until: Option<BlockNumber>,
	},
	/// The claim fails: the challenger's bond is slashed; an escrow target resumes.
	Rejected,
}

/// How a dispute ends for the escrow it froze.
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
pub enum DisputeOutcome {
	/// Everything the client deposited (payment and any evaluator fee) goes back to the client.
	RefundClient,
	/// The escrow is unfrozen and continues from the state it was frozen in.
	Resume,
}

/// Escrow side of disputes. Implemented by the escrow pallet; used by the challenge pallet.
pub trait EscrowDisputes<AccountId> {
	/// Client and provider agent of the unsettled escrow `id`; `None` if there is no such escrow
	/// or it has been settled.
	fn parties(id: EscrowId) -> Option<(AccountId, AgentId)>;

	/// Freezes escrow `id` for a dispute raised by `challenger`, who must be its client. Fails if
	/// the escrow does not exist, is settled or is already frozen.
	fn freeze(id: EscrowId, challenger: &AccountId) -> DispatchResult;

	/// Ends the freeze of escrow `id` with `outcome`. Fails if the escrow is not frozen.
	fn settle_dispute(id: EscrowId, outcome: DisputeOutcome) -> DispatchResult;
}

/// Challenge side of disputes. Implemented by the challenge pallet; used by the escrow pallet.
pub trait OpenChallenge<AccountId> {
	/// Opens a challenge by `challenger` (whose challenge bond is held) against `target`, with the
	/// hash of the evidence; returns its id. All or nothing.
	fn open(
		challenger: AccountId,
		target: ChallengeTarget,
		evidence: H256,
		reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError>;

	/// Worst-case weight of one [`Self::open`]: what a call that opens a challenge must charge
	/// on top of its own work.
	fn open_weight() -> Weight;
}

/// No escrows: every dispute fails (for runtimes and mocks without an escrow pallet).
impl<AccountId> EscrowDisputes<AccountId> for () {
	fn parties(_id: EscrowId) -> Option<(AccountId, AgentId)> {
		None
	}
	fn freeze(_id: EscrowId, _challenger: &AccountId) -> DispatchResult {
		Err(DispatchError::Other("no escrow pallet"))
	}
	fn settle_dispute(_id: EscrowId, _outcome: DisputeOutcome) -> DispatchResult {
		Err(DispatchError::Other("no escrow pallet"))
	}
}

/// No challenges: opening one fails (for runtimes and mocks without a challenge pallet).
impl<AccountId> OpenChallenge<AccountId> for () {
	fn open(
		_challenger: AccountId,
		_target: ChallengeTarget,
		_evidence: H256,
		_reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError> {
		Err(DispatchError::Other("no challenge pallet"))
	}
	fn open_weight() -> Weight {
		Weight::zero()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn unit_impls_refuse_everything() {
		assert_eq!(<() as EscrowDisputes<u64>>::parties(0), None);
		assert!(<() as EscrowDisputes<u64>>::freeze(0, &1).is_err());
		assert!(<() as EscrowDisputes<u64>>::settle_dispute(0, DisputeOutcome::Resume).is_err());
		assert!(<() as OpenChallenge<u64>>::open(
			1,
			ChallengeTarget::Agent(0),
			H256::zero(),
			ChallengeReason::Misconduct
		)
		.is_err());
	}

	#[test]
	fn target_encoding_is_stable() {
		// RPC clients decode these bytes: variant order is part of the API.
		assert_eq!(ChallengeTarget::Agent(1).encode()[0], 0);
		assert_eq!(ChallengeTarget::Escrow(1).encode()[0], 1);
		assert_eq!(ChallengeTarget::max_encoded_len(), 9);
	}
}
