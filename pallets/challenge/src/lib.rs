//! # Challenge pallet
//!
//! Bonded claims against an agent or an escrow outcome: system actions `CHALLENGE_OPEN` and
//! `CHALLENGE_RESOLVE`. The state machine is specified in `docs/settlement.md` (section
//! *Challenge*); this pallet implements exactly that. It reaches other pallets only through the
//! traits in `chaoscore-primitives`: agents through [`AgentInspect`], penalties through
//! [`Penalize`] (the slashing pallet), escrows through [`EscrowDisputes`] (the escrow pallet). It
//! implements [`OpenChallenge`] (the escrow pallet's `dispute` opens a challenge through it) and
//! [`ChallengeGuard`] (the registry refuses to let a challenged agent leave).
//!
//! ## Lifecycle
//!
//! - [`Pallet::open`] (signed: the challenger) against [`ChallengeTarget::Agent`] (any account but
//!   the agent's owner and its key) or [`ChallengeTarget::Escrow`] (only the escrow's client; the escrow is
//!   frozen through [`EscrowDisputes::freeze`]). An escrow has at most one open challenge; an
//!   agent up to [`Config::MaxChallengesPerTarget`], each by a different challenger, so that one
//!   challenger (say, the owner's other account with weak evidence) cannot keep the others out.
//!   [`Config::ChallengeBond`] is held from the challenger under [`HoldReason::ChallengeBond`]. The
//!   deadline is the first block at or after `now + ResolutionPeriod` whose deadline queue has room
//!   ([`Config::MaxDeadlinesPerBlock`]), looking at most [`MAX_DEADLINE_SCAN`] blocks ahead.
//! - [`Pallet::resolve`] ([`Config::ArbiterOrigin`]) applies a [`Ruling`], all or nothing:
//!   - `Upheld { slash, jail_until }`: the bond goes back to the challenger; the agent (for an
//!     escrow target: its provider) is slashed through [`Penalize::slash`] (reason
//!     [`SlashReason::ChallengeUpheld`], the evidence hash, [`Config::ChallengerReward`] of the
//!     slash to the challenger) and/or jailed through [`Penalize::jail`]; an escrow target is
//!     refunded to its client ([`DisputeOutcome::RefundClient`]); the agent's reputation gets
//!     [`ReputationSink::challenge_upheld`].
//!   - `Rejected`: the bond goes to [`Config::Treasury`]; an escrow target resumes
//!     ([`DisputeOutcome::Resume`]).
//! - Expiry ([`Hooks::on_initialize`]): every challenge whose deadline is the current block
//!   expires: the bond goes back, nobody is penalized, an escrow target resumes. Per block at most
//!   [`Config::MaxDeadlinesPerBlock`] challenges expire, accounted in the block's weight. Expiry
//!   never fails: a step that errs is logged and reported with [`Event::ExpiryFailed`], and the
//!   challenge is removed from every index regardless.
//!
//! ## Funds
//!
//! A challenger's balance on hold for [`HoldReason::ChallengeBond`] always equals the sum of the
//! bonds of its open challenges (checked by `try_state`). Bonds only move back to the challenger
//! or (rejected) to the treasury; slashes move agent bonds through the slashing pallet. Nothing is
//! minted or burned. The treasury account must exist for rejected bonds to reach it.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
pub mod weights;

mod expiry;
mod impls;
#[cfg(any(test, feature = "std", feature = "try-runtime"))]
mod invariants;
mod lifecycle;
mod resolution;
mod types;

pub use chaoscore_primitives::{
	agency::ReputationSink,
	agent::{AgentId, AgentInspect, ChallengeGuard, Penalize, SlashAmount, SlashReason},
	settlement::{
		ChallengeId, ChallengeReason, ChallengeTarget, DisputeOutcome, EscrowDisputes, EscrowId,
		OpenChallenge, Ruling,
	},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{
		self,
		pallet_prelude::*,
		storage::with_storage_layer,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
		},
	},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,
	sp_runtime::{
		traits::{Saturating, Zero},
		DispatchError, Perbill, SaturatedConversion,
	},
};
use scale_info::TypeInfo;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::challenge";

/// How many consecutive blocks, from the earliest allowed deadline, are inspected for a
/// deadline queue with room before [`Error::DeadlineQueuesFull`].
pub use chaoscore_primitives::deadlines::MAX_DEADLINE_SCAN;

/// Sets up state for the benchmarks (the runtime implements it with the agent registry and the
/// escrow pallet).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` agent whose owner is funded, makes sure the treasury account exists,
	/// and returns the agent id and its owner.
	fn setup_agent(seed: u32) -> (AgentId, AccountId);

	/// Opens an unfrozen escrow of the funded `client` with provider agent `provider`, which
	/// accepts it (only an accepted escrow can be disputed), and returns its id; `None` if the
	/// runtime has no escrows (the benchmarks then measure agent targets).
	fn setup_escrow(client: &AccountId, provider: AgentId) -> Option<EscrowId>;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond a challenger puts up for an open challenge.
		ChallengeBond,
	}

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency the challenge bond is held in (the same as the agent registry's).
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The agent registry.
		type Agents: AgentInspect<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// Applies the penalties of upheld challenges (the slashing pallet).
		type Penalties: Penalize<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// The escrow pallet: freezes disputed escrows and applies rulings to them.
		type Escrows: EscrowDisputes<Self::AccountId>;

		/// Where upheld challenges are reported (the reputation pallet). `resolve` charges the
		/// worst case of every report an upheld ruling causes: this pallet's
		/// `challenge_upheld`, the penalty's `slashed` and the refunded escrow's settlement.
		type Reputation: ReputationSink<Self::AccountId, BalanceOf<Self>>;

		/// Who resolves challenges (Root through sudo now; a council later).
		type ArbiterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Bond held from a challenger for each open challenge.
		#[pallet::constant]
		type ChallengeBond: Get<BalanceOf<Self>>;

		/// Share of an upheld challenge's slash paid to the challenger.
		#[pallet::constant]
		type ChallengerReward: Get<Perbill>;

		/// Blocks the arbiter has to resolve a challenge before it expires.
		#[pallet::constant]
		type ResolutionPeriod: Get<BlockNumberFor<Self>>;

		/// Maximum number of challenges whose deadline falls in one block (bounds the expiry
		/// work of `on_initialize`).
		#[pallet::constant]
		type MaxDeadlinesPerBlock: Get<u32>;

		/// Maximum number of open challenges against one agent, each by a different challenger
		/// (an escrow has at most one: its client's). Taking every slot to keep honest
		/// challengers out costs as many bonds, each lost if its challenge is rejected.
		#[pallet::constant]
		type MaxChallengesPerTarget: Get<u32>;

		/// Account receiving the bonds of rejected challenges.
		type Treasury: Get<Self::AccountId>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Benchmark set-up.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Open challenges by id.
	#[pallet::storage]
	pub type Challenges<T: Config> = StorageMap<_, Twox64Concat, ChallengeId, ChallengeOf<T>>;

	/// The id the next challenge gets. Ids are never reused.
	#[pallet::storage]
	pub type NextChallengeId<T: Config> = StorageValue<_, ChallengeId, ValueQuery>;

	/// The open challenges of a target with their challengers, oldest first (an escrow has at
	/// most one); absent when none.
	#[pallet::storage]
	pub type OpenByTarget<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ChallengeTarget,
		BoundedVec<(ChallengeId, T::AccountId), T::MaxChallengesPerTarget>,
		ValueQuery,
	>;

	/// Number of open challenges that would penalize an agent (against it or an escrow it
	/// provides); absent when zero.
	#[pallet::storage]
	pub type ChallengedAgents<T: Config> = StorageMap<_, Twox64Concat, AgentId, u32>;

	/// Challenges expiring at the start of a block, in the order they were opened.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ChallengeId, T::MaxDeadlinesPerBlock>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A challenge was opened and its bond held.
		Opened {
			id: ChallengeId,
			challenger: T::AccountId,
			target: ChallengeTarget,
			/// The agent a penalty would hit.
			agent: Option<AgentId>,
			reason: ChallengeReason,
			evidence: H256,
			bond: BalanceOf<T>,
			/// The challenge expires at the start of this block unless resolved.
			deadline: BlockNumberFor<T>,
		},
		/// The arbiter upheld a challenge: the bond went back to the challenger, the penalties
		/// were applied and an escrow target was refunded to its client.
		Upheld {
			id: ChallengeId,
			challenger: T::AccountId,
			target: ChallengeTarget,
			agent: Option<AgentId>,
			/// Total slashed from the agent's bond (zero without a slash).
			slashed: BalanceOf<T>,
			/// The part of `slashed` paid to the challenger.
			reward: BalanceOf<T>,
			/// The agent was jailed until this block, if at all.
			jailed_until: Option<BlockNumberFor<T>>,
			/// Bond released back to the challenger.
			bond_returned: BalanceOf<T>,
		},
		/// The arbiter rejected a challenge: the bond went to the treasury and an escrow target
		/// resumed.
		Rejected {
			id: ChallengeId,
			challenger: T::AccountId,
			target: ChallengeTarget,
			agent: Option<AgentId>,
			/// Bond moved from the challenger to the treasury.
			bond_slashed: BalanceOf<T>,
		},
		/// A challenge reached its deadline unresolved: the bond went back to the challenger, no
		/// penalty, and an escrow target resumed.
		Expired {
			id: ChallengeId,
			challenger: T::AccountId,
			target: ChallengeTarget,
			agent: Option<AgentId>,
			/// Bond released back to the challenger.
			bond_returned: BalanceOf<T>,
		},
		/// A step of an expiry failed (reported, not fatal: the challenge is removed anyway).
		ExpiryFailed { id: ChallengeId, error: DispatchError },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No open challenge with this id.
		UnknownChallenge,
		/// No agent with this id.
		UnknownAgent,
		/// No unsettled escrow with this id.
		UnknownEscrow,
		/// An agent's owner cannot challenge its own agent.
		ChallengerIsOwner,
		/// Only an escrow's client may challenge it.
		NotClient,
		/// The escrow already has an open challenge.
		TargetAlreadyChallenged,
		/// Every deadline queue within reach is full; try again in a later block.
		DeadlineQueuesFull,
		/// The challenger's free balance cannot cover the bond.
		InsufficientBalance,
		/// The ruling has penalties but the challenge has no agent to apply them to.
		NoAgentToPenalize,
		/// Challenge ids are exhausted.
		NoMoreChallengeIds,
		/// An agent's key cannot challenge its own agent (it would take a challenge slot against
		/// it and collect the reward of its own penalty).
		ChallengerIsAgentKey,
		/// Every challenge slot of the agent is taken ([`Config::MaxChallengesPerTarget`]); one
		/// must be resolved or expire first.
		TooManyChallenges,
		/// The challenger already has an open challenge against this agent.
		AlreadyChallenging,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::expire_due(now)
		}

		fn integrity_test() {
			assert!(!T::ChallengeBond::get().is_zero(), "ChallengeBond must be positive");
			assert!(!T::ResolutionPeriod::get().is_zero(), "ResolutionPeriod must be positive");
			assert!(T::MaxDeadlinesPerBlock::get() > 0, "MaxDeadlinesPerBlock must be positive");
			assert!(
				T::MaxChallengesPerTarget::get() > 0,
				"MaxChallengesPerTarget must be positive"
			);
			let max_block = <T as frame_system::Config>::BlockWeights::get().max_block;
			let expiry = T::WeightInfo::on_initialize_expire(T::MaxDeadlinesPerBlock::get());
			assert!(
				expiry.all_lte(max_block / 10),
				"expiries may take at most 10% of a block; lower MaxDeadlinesPerBlock"
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
		/// Opens a challenge against `target` with the hash of the evidence, holding
		/// [`Config::ChallengeBond`] from the signer. An escrow target is frozen (only its client
		/// may challenge it); an agent's owner or key may not challenge its own agent.
		///
		/// Origin: signed by the challenger (for an agent target anyone but the agent's owner and
		/// key, for an escrow target its client). `target`: an agent with a free challenge slot
		/// that the signer does not challenge yet, or an unsettled escrow without an open
		/// challenge. `evidence`: hash of the evidence (kept off-chain). `reason`: the claim made.
		/// All or nothing.
		///
		/// Emits [`Event::Opened`] (and, for an escrow target, the escrow pallet's freeze event).
		/// Errors: [`Error::TargetAlreadyChallenged`], [`Error::AlreadyChallenging`],
		/// [`Error::TooManyChallenges`], [`Error::UnknownAgent`],
		/// [`Error::ChallengerIsOwner`], [`Error::ChallengerIsAgentKey`], [`Error::UnknownEscrow`],
		/// [`Error::NotClient`],
		/// [`Error::DeadlineQueuesFull`], [`Error::NoMoreChallengeIds`], any error of
		/// [`EscrowDisputes::freeze`], [`Error::InsufficientBalance`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open())]
		pub fn open(
			origin: OriginFor<T>,
			target: ChallengeTarget,
			evidence: H256,
			reason: ChallengeReason,
		) -> DispatchResult {
			let challenger = ensure_signed(origin)?;
			Self::do_open(challenger, target, evidence, reason).map(|_| ())
		}

		/// Applies the arbiter's `ruling` to open challenge `id` (see the crate docs), all or
		/// nothing.
		///
		/// Origin: [`Config::ArbiterOrigin`]. `id`: an open challenge. `ruling`:
		/// [`Ruling::Upheld`] (bond back; optional slash and jail of the challenge's agent; an
		/// escrow target is refunded to its client) or [`Ruling::Rejected`] (bond to the
		/// treasury; an escrow target resumes).
		///
		/// Emits [`Event::Upheld`] or [`Event::Rejected`] (besides the events of the penalties
		/// and of the escrow). Errors: `BadOrigin`, [`Error::UnknownChallenge`],
		/// [`Error::NoAgentToPenalize`] (penalties without an agent), and any error of the hold
		/// release or transfer, of [`Penalize::slash`], [`Penalize::jail`] or
		/// [`EscrowDisputes::settle_dispute`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::resolve().saturating_add(Pallet::<T>::report_weight()))]
		pub fn resolve(
			origin: OriginFor<T>,
			id: ChallengeId,
			ruling: RulingOf<T>,
		) -> DispatchResult {
			T::ArbiterOrigin::ensure_origin(origin)?;
			Self::do_resolve(id, ruling)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Open challenge `id`.
		pub fn challenge(id: ChallengeId) -> Option<ChallengeOf<T>> {
			Challenges::<T>::get(id)
		}

		/// The open challenges against `target` with their ids, oldest first.
		pub fn challenges_of(target: ChallengeTarget) -> Vec<(ChallengeId, ChallengeOf<T>)> {
			Self::open_challenges_of(target)
		}
	}
}

impl<T: Config> Event<T> {
	/// The agent this event is about (the target agent, or the provider of a target escrow).
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::Opened { agent, .. }
			| Self::Upheld { agent, .. }
			| Self::Rejected { agent, .. }
			| Self::Expired { agent, .. } => *agent,
			_ => None,
		}
	}
}
