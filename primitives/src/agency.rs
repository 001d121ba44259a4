//! # Proof of agency and reputation: shared types and the traits between their pallets
//!
//! `pallet-proof-of-agency` records receipts of agent actions and has bonded verifiers attest them;
//! `pallet-reputation` turns verified outcomes into a decaying score per agent. Pallets report
//! outcomes to reputation only through [`ReputationSink`], and read receipts only through
//! [`ReceiptInspect`]:
//!
//! | trait | implemented by | used by |
//! | --- | --- | --- |
//! | [`ReceiptInspect`] | proof-of-agency | escrow (a deliverable may reference a receipt) |
//! | [`ReputationSink`] | reputation | proof-of-agency, escrow, challenge, slashing |
//!
//! Every method of [`ReputationSink`] is infallible and bounded: reporting an outcome can never
//! make a settlement or a penalty fail.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::{
	agent::AgentId,
	settlement::{EscrowId, ReceiptId},
};

/// Where a receipt's verification stands.
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
pub enum ReceiptStatus {
	/// Recorded; verifiers are attesting and the quorum has not been reached.
	Pending,
	/// A quorum of verifiers attested the action valid.
	Verified,
	/// A quorum of verifiers attested the action invalid.
	Rejected,
	/// The attestation deadline passed without a quorum.
	Expired,
}

/// Read access to receipts. Implemented by the proof-of-agency pallet.
pub trait ReceiptInspect {
	/// The agent that recorded receipt `id` and its status; `None` if there is no such receipt.
	/// Finalized receipts stay answerable after their full record is pruned from state.
	fn receipt(id: ReceiptId) -> Option<(AgentId, ReceiptStatus)>;
}

/// No receipts (for runtimes and mocks without the proof-of-agency pallet).
impl ReceiptInspect for () {
	fn receipt(_id: ReceiptId) -> Option<(AgentId, ReceiptStatus)> {
		None
	}
}

/// How an escrow ended, as reputation counts it.
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
pub enum EscrowOutcome {
	/// The provider was paid (by the client, the evaluator or a claim).
	Released,
	/// The client was refunded (expiry, evaluator rejection or an upheld dispute).
	Refunded,
}

/// Outcomes reported to reputation. Implemented by the reputation pallet; `()` ignores them.
pub trait ReputationSink<AccountId, Balance> {
	/// Receipt `receipt` of `agent` was finalized as verified (`true`) or rejected (`false`).
	fn receipt_finalized(agent: AgentId, receipt: ReceiptId, verified: bool);

	/// Escrow `escrow` between `client` and provider `agent`, worth `value`, was settled. This
	/// also grants `client` the right to leave feedback on `agent` for this escrow.
	fn escrow_settled(
		agent: AgentId,
		escrow: EscrowId,
		client: &AccountId,
		value: Balance,
		outcome: EscrowOutcome,
	);

	/// A challenge against `agent` (or an escrow it provided) was upheld.
	fn challenge_upheld(agent: AgentId);

	/// `amount` of `agent`'s bond was slashed.
	fn slashed(agent: AgentId, amount: Balance);
}

impl<AccountId, Balance> ReputationSink<AccountId, Balance> for () {
	fn receipt_finalized(_agent: AgentId, _receipt: ReceiptId, _verified: bool) {}
	fn escrow_settled(
		_agent: AgentId,
		_escrow: EscrowId,
		_client: &AccountId,
		_value: Balance,
		_outcome: EscrowOutcome,
	) {
	}
	fn challenge_upheld(_agent: AgentId) {}
	fn slashed(_agent: AgentId, _amount: Balance) {}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn unit_impls_know_nothing_and_ignore_outcomes() {
		assert_eq!(<() as ReceiptInspect>::receipt(0), None);
		<() as ReputationSink<u64, u128>>::escrow_settled(0, 0, &1, 5, EscrowOutcome::Released);
		<() as ReputationSink<u64, u128>>::slashed(0, 5);
	}

	#[test]
	fn status_encoding_is_stable() {
		// Runtime APIs and RPC clients decode these bytes: variant order is part of the API.
		let all = [
			ReceiptStatus::Pending,
			ReceiptStatus::Verified,
			ReceiptStatus::Rejected,
			ReceiptStatus::Expired,
		];
		for (i, s) in all.iter().enumerate() {
			assert_eq!(s.encode(), vec![i as u8]);
		}
	}
}
