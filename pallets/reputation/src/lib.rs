//! # Reputation pallet
//!
//! A score per agent in `[0, 1000]` from what actually happened to it: verified and rejected
//! receipts, released and refunded escrows and feedback from their clients (weighted linearly by
//! the escrow's value, so that evidence bought with one's own money costs its protocol fee),
//! upheld challenges and slashes, with the evidence decaying over blocks. The
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
//! grants the right ([`FeedbackRights`]) and [`Pallet::give_feedback`] consumes it. Self-feedback
//! is refused where the escrow opens (its client may be neither the provider's owner nor its
//! key); the right is not re-checked against the agent's current owner or key, since the owner
//! could otherwise void an unhappy client's right by setting the agent key to the client's
//! account before or after the settlement (`docs/security.md`, attack 8). Unused rights are pruned in [`Hooks::on_initialize`] from a
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
mod expiry;
mod feedback;
mod impls;
#[cfg(any(test, feature = "std", feature = "try-runtime"))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
mod scores;
pub mod scoring;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use chaoscore_primitives::{
	agency::{EscrowOutcome, ReputationSink},
	agent::{AgentId, AgentInspect},
	settlement::{EscrowId, ReceiptId},
};
pub use pallet::*;
pub use scoring::{Outcome, ScoringModel, MAX_SCORE};
pub use types::*;
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
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

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
		NotClient,
		/// The feedback window is over.
		FeedbackExpired,
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
		/// Leaves feedback on the provider agent of settled escrow `escrow`, consuming the
		/// feedback right [`ReputationSink::escrow_settled`] granted: within the feedback window,
		/// at most once per escrow.
		///
		/// Origin: signed by the escrow's client (named when the escrow opened; rotating the
		/// agent's owner or key does not change who may give it). `escrow`: the settled escrow. `positive`: whether the feedback
		/// is positive.
		///
		/// Emits [`Event::ScoreUpdated`] (the feedback is recorded as an outcome), then
		/// [`Event::FeedbackGiven`]. Errors: [`Error::NoFeedbackRight`], [`Error::NotClient`],
		/// [`Error::FeedbackExpired`], [`Error::UnknownAgent`].
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
			Self::ScoreUpdated { agent, .. }
			| Self::FeedbackRightGranted { agent, .. }
			| Self::FeedbackRightNotGranted { agent, .. }
			| Self::FeedbackGiven { agent, .. }
			| Self::FeedbackRightExpired { agent, .. } => Some(*agent),
			_ => None,
		}
	}
}
