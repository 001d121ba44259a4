//! Types of the escrow pallet: the stored escrow record, its state and the reasons reported by
//! its events.

use super::*;

/// Balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Stored escrow as this pallet's configuration spells it.
pub type EscrowOf<T> =
	EscrowRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// Where an unsettled escrow is in its life (settled escrows are removed).
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
pub enum EscrowState<BlockNumber> {
	/// Opened by the client; the provider has not committed to the job.
	Open,
	/// The provider delivered `deliverable` at block `at` (a submission also accepts the job).
	Submitted {
		/// What was delivered.
		deliverable: Deliverable,
		/// Block of the submission (the review period runs from here).
		at: BlockNumber,
	},
	/// The provider accepted the job at block `at`; nothing delivered yet.
	Accepted {
		/// Block of the acceptance.
		at: BlockNumber,
	},
}

impl<BlockNumber> EscrowState<BlockNumber> {
	/// Whether the provider has committed to the job (accepted it or delivered): only then does
	/// the settlement count for its reputation.
	pub fn committed(&self) -> bool {
		!matches!(self, Self::Open)
	}
}

/// Whether an escrow was disputed. Encoded like the `bool` it replaced (`false`: `None`, `true`:
/// `Frozen`), so escrows stored before version 2 decode unchanged.
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
	Default,
)]
pub enum DisputeStatus {
	/// Never disputed.
	#[default]
	None,
	/// Frozen by an open challenge: no transition until the challenge pallet settles it.
	Frozen,
	/// Disputed once; the challenge ended without a refund. It cannot be disputed again, so a
	/// client cannot keep a delivered job, and the provider's bond, frozen by disputing anew.
	Resumed,
}

/// One escrow: a client's payment for a job by a provider agent.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct EscrowRecord<AccountId, Balance, BlockNumber> {
	/// Who pays; `amount` and the evaluator fee are held from it.
	pub client: AccountId,
	/// The provider agent.
	pub provider: AgentId,
	/// The provider agent's owner when the escrow was opened: the payee if the agent has left the
	/// registry by the time of payment.
	pub provider_owner: AccountId,
	/// Payment for the job (the protocol fee is taken from it).
	pub amount: Balance,
	/// Optional evaluator and its fee (held from the client on top of `amount`).
	pub evaluator: Option<(AccountId, Balance)>,
	/// First block at which the job is overdue.
	pub deadline: BlockNumber,
	/// Hash of the job specification, kept off-chain by the parties.
	pub job_spec: H256,
	/// Open, accepted or submitted.
	pub state: EscrowState<BlockNumber>,
	/// Whether it is, or was, disputed.
	pub dispute: DisputeStatus,
	/// Block of opening.
	pub opened_at: BlockNumber,
}

impl<AccountId, Balance: Saturating + Zero + Copy, BlockNumber>
	EscrowRecord<AccountId, Balance, BlockNumber>
{
	/// The evaluator fee (zero without an evaluator).
	pub fn evaluator_fee(&self) -> Balance {
		self.evaluator.as_ref().map_or_else(Zero::zero, |(_, fee)| *fee)
	}

	/// Everything held from the client for this escrow: `amount + evaluator fee`.
	pub fn deposit(&self) -> Balance {
		self.amount.saturating_add(self.evaluator_fee())
	}

	/// Whether an open challenge freezes it.
	pub fn frozen(&self) -> bool {
		self.dispute == DisputeStatus::Frozen
	}
}

/// Who released an escrow to its provider.
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
pub enum ReleaseKind {
	/// The client released it (the evaluator fee went back to the client).
	Client,
	/// The evaluator approved the submission (and was paid its fee).
	Evaluator,
	/// Claimed after the review period (the evaluator fee went back to the client).
	Claim,
}

/// Why an escrow was refunded to its client.
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
pub enum RefundReason {
	/// The deadline was reached with nothing delivered.
	Expired,
	/// The evaluator rejected the deliverable (and was paid its fee).
	Rejected,
	/// The client's dispute was upheld.
	DisputeUpheld,
	/// The client withdrew the offer before the provider accepted it.
	Withdrawn,
}
