//! Types of the reputation pallet: an agent's record and score breakdown, feedback rights, and
//! the aliases that spell them with the pallet's configuration.

use super::*;

/// An outcome as this pallet's configuration spells it.
pub type OutcomeOf<T> = Outcome<<T as Config>::Balance>;

/// The scoring model's per-agent state.
pub type StateOf<T> =
	<<T as Config>::Model as ScoringModel<<T as Config>::Balance, BlockNumberFor<T>>>::State;

/// An agent's record as this pallet's configuration spells it.
pub type RecordOf<T> = Record<StateOf<T>, <T as Config>::Balance, BlockNumberFor<T>>;

/// A feedback right as this pallet's configuration spells it.
pub type FeedbackRightOf<T> = FeedbackRight<
	<T as frame_system::Config>::AccountId,
	<T as Config>::Balance,
	BlockNumberFor<T>,
>;

/// A history entry: the block an outcome was recorded at, and the outcome.
pub type HistoryEntryOf<T> = (BlockNumberFor<T>, OutcomeOf<T>);

/// What an agent's score is made of: counts (and values) of every outcome ever recorded for it.
/// Counters saturate.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct Breakdown<Balance> {
	/// Receipts finalized as verified.
	pub verified: u32,
	/// Receipts finalized as rejected.
	pub rejected: u32,
	/// Escrows released to the agent.
	pub released: u32,
	/// Escrows refunded to the client.
	pub refunded: u32,
	/// Total value of the released escrows.
	pub released_value: Balance,
	/// Total value of the refunded escrows.
	pub refunded_value: Balance,
	/// Challenges upheld against the agent.
	pub challenges_upheld: u32,
	/// Slashes of the agent's bond.
	pub slashes: u32,
	/// Total amount slashed.
	pub slashed_amount: Balance,
	/// Positive feedback received.
	pub positive_feedback: u32,
	/// Negative feedback received.
	pub negative_feedback: u32,
}

impl<Balance: Saturating + Copy + Zero> Breakdown<Balance> {
	/// Counts `outcome`.
	pub fn count(&mut self, outcome: &Outcome<Balance>) {
		let inc = |c: &mut u32| *c = c.saturating_add(1);
		match outcome {
			Outcome::Receipt { verified: true, .. } => inc(&mut self.verified),
			Outcome::Receipt { verified: false, .. } => inc(&mut self.rejected),
			Outcome::Escrow { value, outcome: EscrowOutcome::Released, .. } => {
				inc(&mut self.released);
				self.released_value = self.released_value.saturating_add(*value);
			},
			Outcome::Escrow { value, outcome: EscrowOutcome::Refunded, .. } => {
				inc(&mut self.refunded);
				self.refunded_value = self.refunded_value.saturating_add(*value);
			},
			Outcome::ChallengeUpheld => inc(&mut self.challenges_upheld),
			Outcome::Slashed { amount } => {
				inc(&mut self.slashes);
				self.slashed_amount = self.slashed_amount.saturating_add(*amount);
			},
			Outcome::Feedback { positive: true, .. } => inc(&mut self.positive_feedback),
			Outcome::Feedback { positive: false, .. } => inc(&mut self.negative_feedback),
		}
	}

	/// The number of outcomes counted.
	pub fn total(&self) -> u64 {
		[
			self.verified,
			self.rejected,
			self.released,
			self.refunded,
			self.challenges_upheld,
			self.slashes,
			self.positive_feedback,
			self.negative_feedback,
		]
		.iter()
		.fold(0u64, |acc, c| acc.saturating_add(u64::from(*c)))
	}

	/// The breakdown of `outcomes`.
	pub fn of<'a, B: 'a>(outcomes: impl IntoIterator<Item = &'a (B, Outcome<Balance>)>) -> Self
	where
		Balance: Default + 'a,
	{
		let mut breakdown = Self::default();
		for (_, outcome) in outcomes {
			breakdown.count(outcome);
		}
		breakdown
	}
}

/// An agent's reputation record.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct Record<State, Balance, BlockNumber> {
	/// The scoring model's state.
	pub state: State,
	/// Counts of every outcome ever recorded.
	pub breakdown: Breakdown<Balance>,
	/// The block of the last recorded outcome.
	pub updated_at: BlockNumber,
	/// How many outcomes were dropped from the front of the agent's [`History`] (zero: the
	/// history is complete and the score can be recomputed from it).
	pub dropped: u32,
}

/// The right of the client of a settled escrow to leave one feedback on its provider agent.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct FeedbackRight<AccountId, Balance, BlockNumber> {
	/// The escrow's client: the only account that may use the right.
	pub client: AccountId,
	/// The escrow's provider agent.
	pub agent: AgentId,
	/// The escrow's value.
	pub value: Balance,
	/// The first block at which the right can no longer be used (it is pruned at its start).
	pub expires_at: BlockNumber,
}
