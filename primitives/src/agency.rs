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
//! make a settlement or a penalty fail. Its worst-case cost is public
//! ([`ReputationSink::outcome_weight`], [`ReputationSink::settlement_weight`]) so every reporter
//! charges it in its own call weights.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_runtime::Weight;
use scale_info::TypeInfo;

use crate::{
	agent::AgentId,
	settlement::{EscrowId, ReceiptId},
};

/// Identifier of an anchored batch of off-chain action logs: sequential, never reused.
pub type AnchorId = u64;

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
	/// also grants `client` the right to leave feedback on `agent` for this escrow: the caller
	/// guarantees that `client` was neither the agent's owner nor its key when the escrow opened.
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

	/// Worst-case weight of one [`Self::receipt_finalized`], [`Self::challenge_upheld`] or
	/// [`Self::slashed`] report.
	fn outcome_weight() -> Weight;

	/// Worst-case weight of one [`Self::escrow_settled`] report.
	fn settlement_weight() -> Weight;
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
	fn outcome_weight() -> Weight {
		Weight::zero()
	}
	fn settlement_weight() -> Weight {
		Weight::zero()
	}
}

/// One report a [`ReputationSink`] received.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub enum Report<AccountId, Balance> {
	/// [`ReputationSink::receipt_finalized`].
	Receipt { agent: AgentId, receipt: ReceiptId, verified: bool },
	/// [`ReputationSink::escrow_settled`].
	Escrow {
		agent: AgentId,
		escrow: EscrowId,
		client: AccountId,
		value: Balance,
		outcome: EscrowOutcome,
	},
	/// [`ReputationSink::challenge_upheld`].
	ChallengeUpheld { agent: AgentId },
	/// [`ReputationSink::slashed`].
	Slashed { agent: AgentId, amount: Balance },
}

/// Test double of the reputation pallet for pallet mocks: records every report, per thread.
#[cfg(feature = "std")]
pub mod recording {
	use super::*;
	use alloc::vec::Vec;
	use core::cell::RefCell;

	std::thread_local! {
		static REPORTS: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
	}

	/// A [`ReputationSink`] that records each report (read them with [`reports`]); its weights are
	/// zero.
	pub struct RecordingReputation;

	fn push<A: Encode, B: Encode>(report: Report<A, B>) {
		REPORTS.with(|r| r.borrow_mut().push(report.encode()));
	}

	/// Every report this thread's [`RecordingReputation`] received, oldest first, decoded with
	/// the account and balance types the sink was used with.
	pub fn reports<A: Decode, B: Decode>() -> Vec<Report<A, B>> {
		REPORTS
			.with(|r| r.borrow().iter().filter_map(|b| Decode::decode(&mut &b[..]).ok()).collect())
	}

	/// Forgets this thread's reports (mock externalities call it when they are built).
	pub fn clear() {
		REPORTS.with(|r| r.borrow_mut().clear());
	}

	impl<A: Encode + Clone, B: Encode> ReputationSink<A, B> for RecordingReputation {
		fn receipt_finalized(agent: AgentId, receipt: ReceiptId, verified: bool) {
			push::<A, B>(Report::Receipt { agent, receipt, verified });
		}
		fn escrow_settled(
			agent: AgentId,
			escrow: EscrowId,
			client: &A,
			value: B,
			outcome: EscrowOutcome,
		) {
			push(Report::Escrow { agent, escrow, client: client.clone(), value, outcome });
		}
		fn challenge_upheld(agent: AgentId) {
			push::<A, B>(Report::ChallengeUpheld { agent });
		}
		fn slashed(agent: AgentId, amount: B) {
			push::<A, B>(Report::Slashed { agent, amount });
		}
		fn outcome_weight() -> Weight {
			Weight::zero()
		}
		fn settlement_weight() -> Weight {
			Weight::zero()
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn unit_impls_know_nothing_and_ignore_outcomes() {
		assert_eq!(<() as ReceiptInspect>::receipt(0), None);
		<() as ReputationSink<u64, u128>>::escrow_settled(0, 0, &1, 5, EscrowOutcome::Released);
		<() as ReputationSink<u64, u128>>::slashed(0, 5);
		assert_eq!(<() as ReputationSink<u64, u128>>::settlement_weight(), Weight::zero());
	}

	#[test]
	fn recording_sink_keeps_reports_in_order() {
		use recording::{clear, reports, RecordingReputation as R};
		clear();
		<R as ReputationSink<u64, u128>>::challenge_upheld(3);
		<R as ReputationSink<u64, u128>>::slashed(3, 7);
		assert_eq!(
			reports::<u64, u128>(),
			vec![Report::ChallengeUpheld { agent: 3 }, Report::Slashed { agent: 3, amount: 7 }]
		);
		clear();
		assert!(reports::<u64, u128>().is_empty());
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
