//! # Reputation pallet
//!
//! A score per agent in `[0, 1000]` from what actually happened to it: verified and rejected
//! receipts, released and refunded escrows (weighted by value), upheld challenges and slashes,
//! and feedback from clients of settled escrows, with the evidence decaying over blocks. The
//! formula, its constants and a worked example are in `docs/reputation.md`; the scoring model is
//! the [`Config::Model`] ([`scoring::ScoringModel`], default [`scoring::DecayingBeta`]), so a
//! runtime can swap it.
//!
//! ## Inputs
//!
//! Other pallets report outcomes only through [`ReputationSink`] (implemented by this pallet;
//! every method is infallible and bounded): proof-of-agency reports finalized receipts, escrow
//! reports settlements, challenge reports upheld challenges, slashing reports slashes. Each
//! outcome updates the agent's [`Record`] (model state and [`Breakdown`]), is appended to its
//! bounded [`History`] (the oldest entry is dropped when full) and emits
//! [`Event::ScoreUpdated`]. The reporters are trusted pallets: an outcome is recorded for any
//! agent id they name (registered or not).
//!
//! ## Feedback (sybil resistance)
//!
//! Only the client of a settled escrow may leave feedback on its provider agent, once per escrow,
//! within [`Config::FeedbackWindow`] blocks of the settlement: [`ReputationSink::escrow_settled`]
//! grants the right ([`FeedbackRights`]) and [`Pallet::give_feedback`] consumes it. The signer may
//! be neither the agent's current owner nor its current agent key (self-feedback is impossible,
//! even after an owner rotation). Unused rights are pruned in [`Hooks::on_initialize`] from a
//! bounded per-block expiry queue ([`FeedbackExpiries`], at most
//! [`Config::MaxFeedbackExpiriesPerBlock`] per block; a full block spills the expiry to the next
//! block with room, looking at most [`MAX_EXPIRY_SCAN`] blocks ahead; beyond that no right is
//! granted and [`Event::FeedbackRightNotGranted`] is emitted).
//!
//! ## Recomputation
//!
//! While an agent's history is complete (`Record::dropped == 0`), its stored model state equals
//! [`scoring::ScoringModel::replay`] of its history and its breakdown equals the count of its
//! history: `try_state` checks both, and the property test compares every stored score with
//! [`scoring::ScoringModel::recompute`]. Once entries were dropped, the stored state remains
//! authoritative (the dropped outcomes still count, decayed) but can no longer be recomputed.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
pub mod scoring;
#[cfg(test)]
mod tests;
pub mod weights;

pub use chaoscore_primitives::{
	agency::{EscrowOutcome, ReputationSink},
	agent::{AgentId, AgentInspect},
	settlement::{EscrowId, ReceiptId},
};
pub use pallet::*;
pub use scoring::{Outcome, ScoringModel, MAX_SCORE};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{self, pallet_prelude::*},
	frame_system::{self, pallet_prelude::*},
	sp_runtime::{
		traits::{Saturating, Zero},
		SaturatedConversion,
	},
};
use scale_info::TypeInfo;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::reputation";

/// How many consecutive blocks, starting at `now + FeedbackWindow`, a settlement inspects for an
/// expiry queue with room before it gives up granting the feedback right.
pub const MAX_EXPIRY_SCAN: u32 = 16;

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

/// Sets up state for the benchmarks (the runtime implements it with the agent registry).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an agent and returns its id and its owner.
	fn setup_agent(seed: u32) -> (AgentId, AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Balance type of escrow values and slashes (the registry's currency balance).
		type Balance: frame_support::traits::tokens::Balance;

		/// The agent registry (owner and agent key, for the self-feedback rule).
		type Agents: AgentInspect<Self::AccountId, Self::Balance, BlockNumberFor<Self>>;

		/// The scoring model ([`scoring::DecayingBeta`] by default).
		type Model: ScoringModel<Self::Balance, BlockNumberFor<Self>>;

		/// Maximum number of outcomes kept per agent (the oldest is dropped).
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// Blocks after a settlement during which the client may leave feedback.
		#[pallet::constant]
		type FeedbackWindow: Get<BlockNumberFor<Self>>;

		/// Maximum number of feedback rights expiring in one block (bounds `on_initialize`).
		#[pallet::constant]
		type MaxFeedbackExpiriesPerBlock: Get<u32>;

		/// Weights of this pallet's calls, hooks and sink methods.
		type WeightInfo: WeightInfo;

		/// Benchmark set-up.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Reputation record of each agent with at least one recorded outcome.
	#[pallet::storage]
	pub type Reputations<T: Config> = StorageMap<_, Twox64Concat, AgentId, RecordOf<T>>;

	/// The most recent outcomes of each agent, oldest first.
	#[pallet::storage]
	pub type History<T: Config> = StorageMap<
		_,
		Twox64Concat,
		AgentId,
		BoundedVec<HistoryEntryOf<T>, T::MaxHistory>,
		ValueQuery,
	>;

	/// Unused feedback rights by escrow.
	#[pallet::storage]
	pub type FeedbackRights<T: Config> = StorageMap<_, Twox64Concat, EscrowId, FeedbackRightOf<T>>;

	/// Feedback rights expiring at the start of a block.
	#[pallet::storage]
	pub type FeedbackExpiries<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<EscrowId, T::MaxFeedbackExpiriesPerBlock>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An outcome was recorded for `agent`; its score is now `score`.
		ScoreUpdated { agent: AgentId, score: u32, outcome: OutcomeOf<T> },
		/// The client of settled escrow `escrow` may leave feedback on `agent` until
		/// `expires_at` (exclusive).
		FeedbackRightGranted {
			escrow: EscrowId,
			client: T::AccountId,
			agent: AgentId,
			expires_at: BlockNumberFor<T>,
		},
		/// No feedback right was granted for a settled escrow (the client is the agent's owner or
		/// key, the agent is unknown, a right for the escrow exists, or every expiry queue within
		/// reach is full).
		FeedbackRightNotGranted { escrow: EscrowId, agent: AgentId },
		/// The client left feedback (the right is consumed).
		FeedbackGiven { escrow: EscrowId, client: T::AccountId, agent: AgentId, positive: bool },
		/// An unused feedback right expired.
		FeedbackRightExpired { escrow: EscrowId, agent: AgentId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No unused feedback right for this escrow.
		NoFeedbackRight,
		/// Only the escrow's client may leave feedback.
		NotTheClient,
		/// The feedback window is over.
		FeedbackExpired,
		/// The signer is the agent's owner or agent key.
		SelfFeedback,
		/// The agent is no longer registered.
		UnknownAgent,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::expire_rights(now)
		}

		fn integrity_test() {
			assert!(T::MaxHistory::get() > 0, "MaxHistory must be positive");
			assert!(!T::FeedbackWindow::get().is_zero(), "FeedbackWindow must be positive");
			assert!(
				T::MaxFeedbackExpiriesPerBlock::get() > 0,
				"MaxFeedbackExpiriesPerBlock must be positive"
			);
			let max_block = <T as frame_system::Config>::BlockWeights::get().max_block;
			let expiry = T::WeightInfo::on_initialize_expire(T::MaxFeedbackExpiriesPerBlock::get());
			assert!(
				expiry.all_lte(max_block / 10),
				"expiries may take at most 10% of a block; lower MaxFeedbackExpiriesPerBlock"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Leaves feedback on the provider agent of settled escrow `escrow`: signed by the
		/// escrow's client, within the feedback window, at most once per escrow; never by the
		/// agent's current owner or agent key.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::give_feedback())]
		pub fn give_feedback(
			origin: OriginFor<T>,
			escrow: EscrowId,
			positive: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_give_feedback(who, escrow, positive)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The score of `agent` at the current block and its breakdown.
		pub fn score(agent: AgentId) -> Option<(u32, Breakdown<T::Balance>)> {
			Self::score_of(agent)
		}

		/// The unused feedback right of `escrow`.
		pub fn feedback_right(escrow: EscrowId) -> Option<FeedbackRightOf<T>> {
			FeedbackRights::<T>::get(escrow)
		}
	}
}

impl<T: Config> Event<T> {
	/// The agent this event is about (every reputation event names one).
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::ScoreUpdated { agent, .. } |
			Self::FeedbackRightGranted { agent, .. } |
			Self::FeedbackRightNotGranted { agent, .. } |
			Self::FeedbackGiven { agent, .. } |
			Self::FeedbackRightExpired { agent, .. } => Some(*agent),
			_ => None,
		}
	}
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The score of `agent` at the current block (decayed to it) and its breakdown; `None` if no
	/// outcome was ever recorded for it (its score is then [`scoring::NEUTRAL_SCORE`] for the
	/// default model). For the runtime API.
	pub fn score_of(agent: AgentId) -> Option<(u32, Breakdown<T::Balance>)> {
		let record = Reputations::<T>::get(agent)?;
		Some((Self::score_at(&record, Self::now()), record.breakdown))
	}

	/// The score of each of `ids` at the current block, in order ([`scoring::NEUTRAL_SCORE`] for
	/// agents without a recorded outcome). For the runtime API.
	pub fn scores_of(ids: Vec<AgentId>) -> Vec<(AgentId, u32)> {
		let now = Self::now();
		ids.into_iter()
			.map(|id| {
				let score = Reputations::<T>::get(id)
					.map_or(scoring::NEUTRAL_SCORE, |record| Self::score_at(&record, now));
				(id, score)
			})
			.collect()
	}

	/// The recorded outcomes of `agent`, oldest first. For the runtime API.
	pub fn history_of(agent: AgentId) -> Vec<HistoryEntryOf<T>> {
		History::<T>::get(agent).into_inner()
	}

	fn score_at(record: &RecordOf<T>, now: BlockNumberFor<T>) -> u32 {
		T::Model::score(&record.state, now).min(MAX_SCORE)
	}

	/// Records `outcome` for `agent` at the current block: updates its record and history and
	/// emits [`Event::ScoreUpdated`]. Infallible and bounded by `MaxHistory`.
	pub fn record_outcome(agent: AgentId, outcome: OutcomeOf<T>) {
		let now = Self::now();
		let mut record = Reputations::<T>::get(agent).unwrap_or_default();
		T::Model::apply(&mut record.state, &outcome, now);
		record.breakdown.count(&outcome);
		record.updated_at = now;
		let max = T::MaxHistory::get() as usize;
		History::<T>::mutate(agent, |history| {
			if !history.is_empty() && history.len() >= max {
				history.remove(0);
				record.dropped = record.dropped.saturating_add(1);
			}
			if history.try_push((now, outcome)).is_err() {
				record.dropped = record.dropped.saturating_add(1);
			}
		});
		let score = Self::score_at(&record, now);
		Reputations::<T>::insert(agent, record);
		Self::deposit_event(Event::ScoreUpdated { agent, score, outcome });
	}

	/// The block a right granted at `now` expires at: the first block at or after
	/// `now + FeedbackWindow` with room in its queue, within [`MAX_EXPIRY_SCAN`] blocks.
	pub fn next_free_expiry(now: BlockNumberFor<T>) -> Option<BlockNumberFor<T>> {
		let first = now.saturating_add(T::FeedbackWindow::get());
		let max = T::MaxFeedbackExpiriesPerBlock::get() as usize;
		(0..MAX_EXPIRY_SCAN)
			.map(|offset| first.saturating_add(offset.into()))
			.find(|block| {
				*block > now && FeedbackExpiries::<T>::decode_len(block).unwrap_or(0) < max
			})
	}

	/// Grants `client` the feedback right for `escrow` on `agent`; `false` if it cannot.
	fn grant_right(
		escrow: EscrowId,
		agent: AgentId,
		client: &T::AccountId,
		value: T::Balance,
	) -> bool {
		if FeedbackRights::<T>::contains_key(escrow) {
			return false;
		}
		let Some(facts) = T::Agents::facts(agent) else { return false };
		if *client == facts.owner || *client == facts.agent_key {
			return false;
		}
		let Some(expires_at) = Self::next_free_expiry(Self::now()) else { return false };
		if FeedbackExpiries::<T>::try_mutate(expires_at, |q| q.try_push(escrow)).is_err() {
			return false;
		}
		FeedbackRights::<T>::insert(
			escrow,
			FeedbackRight { client: client.clone(), agent, value, expires_at },
		);
		Self::deposit_event(Event::FeedbackRightGranted {
			escrow,
			client: client.clone(),
			agent,
			expires_at,
		});
		true
	}

	/// Uses `who`'s feedback right for `escrow` (see [`Pallet::give_feedback`]).
	pub fn do_give_feedback(who: T::AccountId, escrow: EscrowId, positive: bool) -> DispatchResult {
		let right = FeedbackRights::<T>::get(escrow).ok_or(Error::<T>::NoFeedbackRight)?;
		ensure!(right.client == who, Error::<T>::NotTheClient);
		ensure!(Self::now() < right.expires_at, Error::<T>::FeedbackExpired);
		let facts = T::Agents::facts(right.agent).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(who != facts.owner && who != facts.agent_key, Error::<T>::SelfFeedback);

		FeedbackRights::<T>::remove(escrow);
		FeedbackExpiries::<T>::mutate_exists(right.expires_at, |queue| {
			if let Some(q) = queue {
				q.retain(|x| *x != escrow);
				if q.is_empty() {
					*queue = None;
				}
			}
		});
		Self::record_outcome(right.agent, Outcome::Feedback { escrow, positive });
		Self::deposit_event(Event::FeedbackGiven {
			escrow,
			client: who,
			agent: right.agent,
			positive,
		});
		Ok(())
	}

	/// Prunes the feedback rights expiring at `now`; returns the weight used.
	pub fn expire_rights(now: BlockNumberFor<T>) -> Weight {
		let due = FeedbackExpiries::<T>::take(now);
		let count: u32 = due.len().saturated_into();
		for escrow in due {
			match FeedbackRights::<T>::get(escrow) {
				Some(right) if right.expires_at == now => {
					FeedbackRights::<T>::remove(escrow);
					Self::deposit_event(Event::FeedbackRightExpired { escrow, agent: right.agent });
				},
				_ =>
					log::warn!(target: LOG_TARGET, "expiry queue of {now:?} lists escrow {escrow} without a right expiring then"),
			}
		}
		T::WeightInfo::on_initialize_expire(count)
	}

	/// Checks the pallet's invariants: every score within `[0, MAX_SCORE]`; every history within
	/// `MaxHistory`, attached to a record, and (while complete) consistent with the record's
	/// breakdown and model state; every feedback right in exactly its expiry queue and nothing
	/// else queued.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let now = Self::now();
		let mut records: u64 = 0;
		for (agent, record) in Reputations::<T>::iter() {
			records = records.saturating_add(1);
			ensure!(T::Model::score(&record.state, now) <= MAX_SCORE, "score above MAX_SCORE");
			let history = History::<T>::get(agent);
			ensure!(history.len() <= T::MaxHistory::get() as usize, "history above MaxHistory");
			ensure!(!history.is_empty(), "record without history");
			ensure!(
				history.last().map(|(at, _)| *at) == Some(record.updated_at),
				"updated_at differs from the last history entry"
			);
			ensure!(
				history.windows(2).all(|w| w.first().map(|e| e.0) <= w.get(1).map(|e| e.0)),
				"history not in block order"
			);
			ensure!(
				record.breakdown.total() ==
					(history.len() as u64).saturating_add(u64::from(record.dropped)),
				"breakdown total differs from history length plus dropped"
			);
			if record.dropped == 0 {
				ensure!(
					Breakdown::of(history.iter()) == record.breakdown,
					"breakdown differs from the complete history"
				);
				ensure!(
					T::Model::replay(&history) == record.state,
					"model state differs from a replay of the complete history"
				);
			}
		}
		let mut histories: u64 = 0;
		for (agent, _) in History::<T>::iter() {
			histories = histories.saturating_add(1);
			ensure!(Reputations::<T>::contains_key(agent), "history without record");
		}
		ensure!(histories == records, "history count differs from record count");

		let mut rights: u64 = 0;
		for (escrow, right) in FeedbackRights::<T>::iter() {
			rights = rights.saturating_add(1);
			ensure!(right.expires_at > now, "feedback right past its expiry still stored");
			let queue = FeedbackExpiries::<T>::get(right.expires_at);
			ensure!(
				queue.iter().filter(|x| **x == escrow).count() == 1,
				"feedback right not exactly once in its expiry queue"
			);
		}
		let mut queued: u64 = 0;
		for (block, queue) in FeedbackExpiries::<T>::iter() {
			ensure!(!queue.is_empty(), "empty expiry queue kept in storage");
			for escrow in queue.iter() {
				queued = queued.saturating_add(1);
				let right =
					FeedbackRights::<T>::get(escrow).ok_or("expiry queue lists no right")?;
				ensure!(right.expires_at == block, "right queued at another block than its expiry");
			}
		}
		ensure!(queued == rights, "expiry queue count differs from right count");
		Ok(())
	}
}

impl<T: Config> ReputationSink<T::AccountId, T::Balance> for Pallet<T> {
	fn receipt_finalized(agent: AgentId, receipt: ReceiptId, verified: bool) {
		Self::record_outcome(agent, Outcome::Receipt { id: receipt, verified });
	}

	fn escrow_settled(
		agent: AgentId,
		escrow: EscrowId,
		client: &T::AccountId,
		value: T::Balance,
		outcome: EscrowOutcome,
	) {
		Self::record_outcome(agent, Outcome::Escrow { id: escrow, value, outcome });
		if !Self::grant_right(escrow, agent, client, value) {
			Self::deposit_event(Event::FeedbackRightNotGranted { escrow, agent });
		}
	}

	fn challenge_upheld(agent: AgentId) {
		Self::record_outcome(agent, Outcome::ChallengeUpheld);
	}

	fn slashed(agent: AgentId, amount: T::Balance) {
		Self::record_outcome(agent, Outcome::Slashed { amount });
	}

	fn outcome_weight() -> Weight {
		T::WeightInfo::record_outcome()
	}

	fn settlement_weight() -> Weight {
		T::WeightInfo::escrow_settled()
	}
}
