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
	/// Opened; nothing delivered yet.
	Open,
	/// The provider delivered `deliverable` at block `at`.
	Submitted {
		/// What was delivered.
		deliverable: Deliverable,
		/// Block of the submission (the review period runs from here).
		at: BlockNumber,
	},
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
	/// Open or submitted.
	pub state: EscrowState<BlockNumber>,
	/// Frozen by a dispute: no transition until the challenge pallet settles it.
	pub disputed: bool,
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
	/// The evaluator rejected the job (and was paid its fee).
	Rejected,
	/// The client's dispute was upheld.
	DisputeUpheld,
}
