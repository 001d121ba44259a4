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
//!   the agent's owner) or [`ChallengeTarget::Escrow`] (only the escrow's client; the escrow is
//!   frozen through [`EscrowDisputes::freeze`]). At most one open challenge per target.
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
#[cfg(test)]
mod mock;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
pub mod weights;

pub use chaoscore_primitives::{
	agency::ReputationSink,
	agent::{AgentId, AgentInspect, ChallengeGuard, Penalize, SlashAmount, SlashReason},
	settlement::{
		ChallengeId, ChallengeReason, ChallengeTarget, DisputeOutcome, EscrowDisputes, EscrowId,
		OpenChallenge, Ruling,
	},
};
pub use pallet::*;
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

/// How many consecutive blocks, starting at `now + ResolutionPeriod`, `open` inspects for a
/// deadline queue with room before it gives up with [`Error::DeadlineQueuesFull`].
pub const MAX_DEADLINE_SCAN: u32 = 16;

/// Balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A challenge as this pallet's configuration spells it.
pub type ChallengeOf<T> =
	Challenge<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A ruling as this pallet's configuration spells it.
pub type RulingOf<T> = Ruling<BalanceOf<T>, BlockNumberFor<T>>;

/// An open challenge. Resolved and expired challenges are removed (their history is in the
/// events).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Challenge<AccountId, Balance, BlockNumber> {
	/// Who opened the challenge; its bond is held.
	pub challenger: AccountId,
	/// What the challenge is about.
	pub target: ChallengeTarget,
	/// The agent a penalty would hit: the target agent, or the escrow's provider agent (`None` if
	/// that agent was no longer registered when the challenge was opened).
	pub agent: Option<AgentId>,
	/// Hash of the evidence (kept off-chain).
	pub evidence: H256,
	/// The claim made.
	pub reason: ChallengeReason,
	/// Bond held from the challenger.
	pub bond: Balance,
	/// Block the challenge was opened at.
	pub opened_at: BlockNumber,
	/// Block at whose start the challenge expires if still unresolved.
	pub deadline: BlockNumber,
}

/// Sets up state for the benchmarks (the runtime implements it with the agent registry and the
/// escrow pallet).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` agent whose owner is funded, makes sure the treasury account exists,
	/// and returns the agent id and its owner.
	fn setup_agent(seed: u32) -> (AgentId, AccountId);

	/// Opens an unfrozen escrow of the funded `client` with provider agent `provider` and returns
	/// its id; `None` if the runtime has no escrows (the benchmarks then measure agent targets).
	fn setup_escrow(client: &AccountId, provider: AgentId) -> Option<EscrowId>;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

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

	/// The open challenge of a target (at most one per target).
	#[pallet::storage]
	pub type OpenByTarget<T: Config> = StorageMap<_, Twox64Concat, ChallengeTarget, ChallengeId>;

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
		NotEscrowClient,
		/// The target already has an open challenge.
		TargetAlreadyChallenged,
		/// Every deadline queue within reach is full; try again in a later block.
		DeadlineQueuesFull,
		/// The challenger's free balance cannot cover the bond.
		InsufficientBalance,
		/// The ruling has penalties but the challenge has no agent to apply them to.
		NoAgentToPenalize,
		/// Challenge ids are exhausted.
		NoMoreChallengeIds,
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
		/// may challenge it); an agent's owner may not challenge its own agent.
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

		/// The open challenge against `target`, with its id.
		pub fn challenge_of(target: ChallengeTarget) -> Option<(ChallengeId, ChallengeOf<T>)> {
			Self::open_challenge_of(target)
		}
	}
}

impl<T: Config> Event<T> {
	/// The agent this event is about (the target agent, or the provider of a target escrow).
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::Opened { agent, .. } |
			Self::Upheld { agent, .. } |
			Self::Rejected { agent, .. } |
			Self::Expired { agent, .. } => *agent,
			_ => None,
		}
	}
}

impl<T: Config> Pallet<T> {
	fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::ChallengeBond.into()
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The open challenge against `target`, with its id.
	pub fn open_challenge_of(target: ChallengeTarget) -> Option<(ChallengeId, ChallengeOf<T>)> {
		let id = OpenByTarget::<T>::get(target)?;
		Challenges::<T>::get(id).map(|c| (id, c))
	}

	/// The deadline a challenge opened at `now` gets: the first block at or after
	/// `now + ResolutionPeriod` with room in its queue, within [`MAX_DEADLINE_SCAN`] blocks.
	pub fn next_free_deadline(now: BlockNumberFor<T>) -> Result<BlockNumberFor<T>, DispatchError> {
		let first = now.saturating_add(T::ResolutionPeriod::get());
		let max = T::MaxDeadlinesPerBlock::get() as usize;
		for offset in 0..MAX_DEADLINE_SCAN {
			let block = first.saturating_add(offset.into());
			if Deadlines::<T>::decode_len(block).unwrap_or(0) < max {
				return Ok(block);
			}
		}
		Err(Error::<T>::DeadlineQueuesFull.into())
	}

	/// Opens a challenge by `challenger` (see [`Pallet::open`]); all or nothing. Returns its id.
	/// Shared by the `open` call and [`OpenChallenge::open`].
	pub fn do_open(
		challenger: T::AccountId,
		target: ChallengeTarget,
		evidence: H256,
		reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError> {
		with_storage_layer(|| Self::open_inner(challenger, target, evidence, reason))
	}

	fn open_inner(
		challenger: T::AccountId,
		target: ChallengeTarget,
		evidence: H256,
		reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError> {
		ensure!(!OpenByTarget::<T>::contains_key(target), Error::<T>::TargetAlreadyChallenged);
		let (agent, escrow) = match target {
			ChallengeTarget::Agent(id) => {
				let facts = T::Agents::facts(id).ok_or(Error::<T>::UnknownAgent)?;
				ensure!(facts.owner != challenger, Error::<T>::ChallengerIsOwner);
				(Some(id), None)
			},
			ChallengeTarget::Escrow(id) => {
				let (client, provider) =
					T::Escrows::parties(id).ok_or(Error::<T>::UnknownEscrow)?;
				ensure!(client == challenger, Error::<T>::NotEscrowClient);
				(T::Agents::facts(provider).map(|_| provider), Some(id))
			},
		};
		let now = Self::now();
		let deadline = Self::next_free_deadline(now)?;
		let id = NextChallengeId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreChallengeIds)?;

		if let Some(escrow) = escrow {
			T::Escrows::freeze(escrow, &challenger)?;
		}
		let bond = T::ChallengeBond::get();
		T::Currency::hold(&Self::hold_reason(), &challenger, bond)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Deadlines::<T>::try_mutate(deadline, |queue| queue.try_push(id))
			.map_err(|_| Error::<T>::DeadlineQueuesFull)?;

		Challenges::<T>::insert(
			id,
			Challenge {
				challenger: challenger.clone(),
				target,
				agent,
				evidence,
				reason,
				bond,
				opened_at: now,
				deadline,
			},
		);
		OpenByTarget::<T>::insert(target, id);
		if let Some(agent) = agent {
			ChallengedAgents::<T>::mutate(agent, |count| {
				*count = Some(count.unwrap_or(0).saturating_add(1))
			});
		}
		NextChallengeId::<T>::put(next_id);

		Self::deposit_event(Event::Opened {
			id,
			challenger,
			target,
			agent,
			reason,
			evidence,
			bond,
			deadline,
		});
		Ok(id)
	}

	/// Every open challenge, by id. For off-chain queries (the number of open challenges is
	/// bounded by the bonds challengers must hold).
	pub fn open_challenges() -> Vec<(ChallengeId, ChallengeOf<T>)> {
		let mut open: Vec<_> = Challenges::<T>::iter().collect();
		open.sort_by_key(|(id, _)| *id);
		open
	}

	/// Worst-case weight of the reputation reports an upheld ruling causes (see
	/// [`Config::Reputation`]).
	pub fn report_weight() -> Weight {
		T::Reputation::outcome_weight()
			.saturating_mul(2)
			.saturating_add(T::Reputation::settlement_weight())
	}

	/// Applies `ruling` to open challenge `id` (see [`Pallet::resolve`]); all or nothing.
	pub fn do_resolve(id: ChallengeId, ruling: RulingOf<T>) -> DispatchResult {
		with_storage_layer(|| Self::resolve_inner(id, ruling))
	}

	fn resolve_inner(id: ChallengeId, ruling: RulingOf<T>) -> DispatchResult {
		let challenge = Challenges::<T>::get(id).ok_or(Error::<T>::UnknownChallenge)?;
		if let Ruling::Upheld { slash, jail_until } = ruling {
			ensure!(
				challenge.agent.is_some() || (slash.is_none() && jail_until.is_none()),
				Error::<T>::NoAgentToPenalize
			);
		}
		Self::remove_from_indices(id, &challenge, true);
		Challenges::<T>::remove(id);
		let Challenge { challenger, target, agent, evidence, bond, .. } = challenge;
		let reason = Self::hold_reason();

		match ruling {
			Ruling::Upheld { slash, jail_until } => {
				let bond_returned =
					T::Currency::release(&reason, &challenger, bond, Precision::Exact)?;

				let mut slashed = Zero::zero();
				let mut reward = Zero::zero();
				if let (Some(agent), Some(amount)) = (agent, slash) {
					let before = T::Currency::balance(&challenger);
					slashed = T::Penalties::slash(
						agent,
						amount,
						SlashReason::ChallengeUpheld,
						Some(evidence),
						Some((challenger.clone(), T::ChallengerReward::get())),
					)?;
					reward = T::Currency::balance(&challenger).saturating_sub(before).min(slashed);
				}
				if let (Some(agent), Some(until)) = (agent, jail_until) {
					T::Penalties::jail(agent, until)?;
				}
				if let ChallengeTarget::Escrow(escrow) = target {
					T::Escrows::settle_dispute(escrow, DisputeOutcome::RefundClient)?;
				}
				if let Some(agent) = agent {
					T::Reputation::challenge_upheld(agent);
				}

				Self::deposit_event(Event::Upheld {
					id,
					challenger,
					target,
					agent,
					slashed,
					reward,
					jailed_until: jail_until,
					bond_returned,
				});
			},
			Ruling::Rejected => {
				let bond_slashed = T::Currency::transfer_on_hold(
					&reason,
					&challenger,
					&T::Treasury::get(),
					bond,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Force,
				)?;
				if let ChallengeTarget::Escrow(escrow) = target {
					T::Escrows::settle_dispute(escrow, DisputeOutcome::Resume)?;
				}
				Self::deposit_event(Event::Rejected {
					id,
					challenger,
					target,
					agent,
					bond_slashed,
				});
			},
		}
		Ok(())
	}

	/// Removes challenge `id` from the target index, the per-agent counts and (if
	/// `from_deadline_queue`) its deadline queue.
	fn remove_from_indices(id: ChallengeId, challenge: &ChallengeOf<T>, from_deadline_queue: bool) {
		if OpenByTarget::<T>::get(challenge.target) == Some(id) {
			OpenByTarget::<T>::remove(challenge.target);
		}
		if let Some(agent) = challenge.agent {
			ChallengedAgents::<T>::mutate_exists(agent, |count| {
				*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
			});
		}
		if from_deadline_queue {
			Deadlines::<T>::mutate_exists(challenge.deadline, |queue| {
				if let Some(q) = queue {
					q.retain(|x| *x != id);
					if q.is_empty() {
						*queue = None;
					}
				}
			});
		}
	}

	/// Expires every challenge whose deadline is `now`; returns the weight used.
	pub fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let due = Deadlines::<T>::take(now);
		let count: u32 = due.len().saturated_into();
		for id in due {
			Self::expire(id);
		}
		T::WeightInfo::on_initialize_expire(count)
	}

	fn expiry_failed(id: ChallengeId, error: DispatchError) {
		log::error!(target: LOG_TARGET, "expiry of challenge {id} failed: {error:?}");
		Self::deposit_event(Event::ExpiryFailed { id, error });
	}

	/// Expires challenge `id` (already taken out of its deadline queue). Never fails: each step
	/// that errs is rolled back on its own and reported; the challenge leaves every index.
	fn expire(id: ChallengeId) {
		let Some(challenge) = Challenges::<T>::take(id) else {
			Self::expiry_failed(id, Error::<T>::UnknownChallenge.into());
			return;
		};
		Self::remove_from_indices(id, &challenge, false);
		let Challenge { challenger, target, agent, bond, .. } = challenge;

		let bond_returned = with_storage_layer(|| {
			T::Currency::release(&Self::hold_reason(), &challenger, bond, Precision::BestEffort)
		})
		.unwrap_or_else(|error| {
			Self::expiry_failed(id, error);
			Zero::zero()
		});
		if let ChallengeTarget::Escrow(escrow) = target {
			if let Err(error) =
				with_storage_layer(|| T::Escrows::settle_dispute(escrow, DisputeOutcome::Resume))
			{
				Self::expiry_failed(id, error);
			}
		}
		Self::deposit_event(Event::Expired { id, challenger, target, agent, bond_returned });
	}

	/// Checks the pallet's invariants (see `docs/settlement.md`): held bonds match the open
	/// challenges; every open challenge is indexed by its target and in its deadline's queue, and
	/// nothing else is; the per-agent counts match. Available to other crates' tests (`std`) and
	/// to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let now = Self::now();
		let next_id = NextChallengeId::<T>::get();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut agents: BTreeMap<AgentId, u32> = BTreeMap::new();
		let mut count: u64 = 0;
		for (id, c) in Challenges::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(id < next_id, "challenge id not below NextChallengeId");
			ensure!(
				OpenByTarget::<T>::get(c.target) == Some(id),
				"challenge not indexed by target"
			);
			ensure!(
				Deadlines::<T>::get(c.deadline).contains(&id),
				"challenge not in its deadline queue"
			);
			ensure!(c.deadline > now, "challenge past its deadline still open");
			ensure!(c.opened_at < c.deadline, "deadline not after the opening block");
			if let ChallengeTarget::Escrow(escrow) = c.target {
				let (client, _) = T::Escrows::parties(escrow).ok_or("challenged escrow is gone")?;
				ensure!(
					client == c.challenger,
					"escrow challenged by someone else than its client"
				);
			}
			if let Some(agent) = c.agent {
				let n = agents.entry(agent).or_insert(0);
				*n = n.saturating_add(1);
			}
			let entry = bonds.entry(c.challenger.clone()).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(c.bond);
		}

		let mut indexed: u64 = 0;
		for (target, id) in OpenByTarget::<T>::iter() {
			indexed = indexed.saturating_add(1);
			let c = Challenges::<T>::get(id).ok_or("target index points to no challenge")?;
			ensure!(c.target == target, "target index points to another target's challenge");
		}
		ensure!(indexed == count, "target index count mismatch");

		let mut queued: u64 = 0;
		for (block, queue) in Deadlines::<T>::iter() {
			ensure!(!queue.is_empty(), "empty deadline queue kept in storage");
			for (i, id) in queue.iter().enumerate() {
				queued = queued.saturating_add(1);
				ensure!(
					!queue.iter().skip(i.saturating_add(1)).any(|x| x == id),
					"duplicate id in a deadline queue"
				);
				let c = Challenges::<T>::get(id).ok_or("deadline queue points to no challenge")?;
				ensure!(c.deadline == block, "challenge queued at another block than its deadline");
			}
		}
		ensure!(queued == count, "deadline queue count mismatch");

		let mut counted: usize = 0;
		for (agent, n) in ChallengedAgents::<T>::iter() {
			counted = counted.saturating_add(1);
			ensure!(agents.get(&agent) == Some(&n), "challenged agent count mismatch");
		}
		ensure!(counted == agents.len(), "challenged agent without a count");

		for (who, bond) in bonds {
			let held = T::Currency::balance_on_hold(&Self::hold_reason(), &who);
			ensure!(held == bond, "held challenge bond differs from the open challenges' bonds");
		}
		Ok(())
	}
}

impl<T: Config> OpenChallenge<T::AccountId> for Pallet<T> {
	fn open(
		challenger: T::AccountId,
		target: ChallengeTarget,
		evidence: H256,
		reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError> {
		Self::do_open(challenger, target, evidence, reason)
	}
}

impl<T: Config> ChallengeGuard for Pallet<T> {
	fn is_challenged(id: AgentId) -> bool {
		ChallengedAgents::<T>::contains_key(id)
	}
}
