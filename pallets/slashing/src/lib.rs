//! # Slashing pallet
//!
//! Penalties on agents: system actions `SLASH`, `JAIL` and `UNJAIL`. The pallet owns no agent
//! state: it applies penalties through [`AgentPenalties`] (implemented by the agent registry),
//! reads agents through [`AgentInspect`], records a per-agent penalty history and emits an event
//! for every penalty (the audit trail) and reports every slash to reputation through
//! [`ReputationSink::slashed`]. Other pallets (the challenge pallet, for upheld claims)
//! penalize through [`Penalize`], which this pallet implements.
//!
//! ## Calls
//!
//! - [`Pallet::slash`] ([`Config::GovernanceOrigin`]): takes [`SlashAmount`] of the agent's bond
//!   (capped at the bond) and pays it to [`Config::Treasury`].
//! - [`Pallet::jail`] ([`Config::GovernanceOrigin`]): jails the agent; `until` must be in the
//!   future and at most [`Config::MaxJailPeriod`] blocks ahead. A jail replaces an earlier one. The
//!   jail lasts until it is lifted; `until` is when the owner may lift it.
//! - [`Pallet::unjail`]: governance at any time (bond untouched; an underbonded agent then tops up
//!   through the registry); the owner (signed) once the jail term is over, which first tops the
//!   bond back up to the registry's minimum from the owner's free balance.
//!
//! ## Funds
//!
//! A slash moves held bond to the treasury (and, through [`Penalize::slash`] with a reward, a share
//! to the challenger); nothing is burned, so total issuance is unchanged. A slash is all or
//! nothing. If the challenger cannot receive its share (e.g. a new account below the existential
//! deposit), that share goes to the treasury too. The treasury account must exist (hold at least
//! the existential deposit) or slashes below the existential deposit fail.
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
mod types;
pub mod weights;

pub use chaoscore_primitives::{
	agency::ReputationSink,
	agent::{AgentId, AgentInspect, AgentPenalties, Penalize, SlashAmount, SlashReason},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{self, pallet_prelude::*, storage::with_storage_layer},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,
	sp_runtime::{
		traits::{Saturating, Zero},
		DispatchError, Perbill,
	},
};
use scale_info::TypeInfo;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::slashing";

/// Sets up agents for the benchmarks (the runtime implements it with the agent registry).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an agent whose owner also has enough free balance to top the bond up to the
	/// minimum again, makes sure the treasury account exists, and returns the agent id and owner.
	fn setup_agent(seed: u32) -> (AgentId, AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Balance type of bonds (the registry's currency balance).
		type Balance: frame_support::traits::tokens::Balance;

		/// The agent registry.
		type Agents: AgentInspect<Self::AccountId, Self::Balance, BlockNumberFor<Self>>
			+ AgentPenalties<Self::AccountId, Self::Balance, BlockNumberFor<Self>>;

		/// Who may slash, jail and unjail at will (Root through sudo now; a council later).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Account receiving slashed funds.
		type Treasury: Get<Self::AccountId>;

		/// Where slashes are reported (the reputation pallet); `slash` charges
		/// [`ReputationSink::outcome_weight`] on top of its own weight.
		type Reputation: ReputationSink<Self::AccountId, Self::Balance>;

		/// Longest jail term, in blocks from the moment of jailing.
		#[pallet::constant]
		type MaxJailPeriod: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Benchmark set-up.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Penalty history per agent.
	#[pallet::storage]
	pub type Penalties<T: Config> =
		StorageMap<_, Twox64Concat, AgentId, PenaltyRecord<T::Balance, BlockNumberFor<T>>>;

	/// Sum of everything ever slashed.
	#[pallet::storage]
	pub type TotalSlashed<T: Config> = StorageValue<_, T::Balance, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An agent's bond was slashed.
		Slashed {
			id: AgentId,
			owner: T::AccountId,
			reason: SlashReason,
			evidence: Option<H256>,
			/// What was asked for.
			requested: SlashAmount<T::Balance>,
			/// What was taken in total.
			slashed: T::Balance,
			/// The part paid to the treasury.
			to_treasury: T::Balance,
			/// The challenger and the part paid to it, if any.
			reward: Option<(T::AccountId, T::Balance)>,
			/// Bond left after the slash.
			remaining_bond: T::Balance,
		},
		/// An agent was jailed; its owner may unjail it from block `until`.
		Jailed { id: AgentId, owner: T::AccountId, until: BlockNumberFor<T> },
		/// An agent was unjailed, by governance or by its owner (who topped the bond up by
		/// `topped_up`).
		Unjailed { id: AgentId, by_governance: bool, topped_up: T::Balance },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No agent with this id.
		UnknownAgent,
		/// The slash amount is zero (or the bond is empty).
		NothingToSlash,
		/// The jail term must end after the current block.
		JailInPast,
		/// The jail term exceeds `MaxJailPeriod`.
		JailTooLong,
		/// The agent is not jailed.
		NotJailed,
		/// The signer is not the agent's owner.
		NotOwner,
		/// The owner may unjail only once the jail term is over.
		JailTermNotOver,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::MaxJailPeriod::get().is_zero(), "MaxJailPeriod must be positive");
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
		/// Slashes agent `id`'s bond by `amount` (capped at the bond) into [`Config::Treasury`]
		/// and reports the slash through [`ReputationSink::slashed`]. All or nothing.
		///
		/// Origin: [`Config::GovernanceOrigin`] (else `BadOrigin`). `id`: the agent. `amount`: an
		/// absolute amount or a fraction of the bond. `reason`: why it is slashed. `evidence`: a
		/// hash of the evidence, if any.
		///
		/// Emits [`Event::Slashed`]. Errors: [`Error::UnknownAgent`], [`Error::NothingToSlash`];
		/// an error of [`AgentPenalties::seize_bond`] if the bond cannot be moved.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::slash().saturating_add(T::Reputation::outcome_weight()))]
		pub fn slash(
			origin: OriginFor<T>,
			id: AgentId,
			amount: SlashAmount<T::Balance>,
			reason: SlashReason,
			evidence: Option<H256>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_slash(id, amount, reason, evidence, None).map(|_| ())
		}

		/// Jails agent `id`; a jail replaces an earlier one. The jail lasts until it is lifted
		/// ([`Pallet::unjail`]).
		///
		/// Origin: [`Config::GovernanceOrigin`] (else `BadOrigin`). `id`: the agent. `until`: the
		/// block from which the owner may lift the jail: after the current block and at most
		/// [`Config::MaxJailPeriod`] blocks ahead.
		///
		/// Emits [`Event::Jailed`]. Errors: [`Error::UnknownAgent`], [`Error::JailInPast`],
		/// [`Error::JailTooLong`]; an error of [`AgentPenalties::set_jail`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::jail())]
		pub fn jail(origin: OriginFor<T>, id: AgentId, until: BlockNumberFor<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_jail(id, until)
		}

		/// Lifts the jail of agent `id`: governance at any time (the bond is untouched); the owner
		/// once the jail term is over, first topping the bond back up to the registry's minimum
		/// from the owner's free balance.
		///
		/// Origin: [`Config::GovernanceOrigin`], or signed by the agent's owner (else
		/// `BadOrigin`). `id`: the jailed agent.
		///
		/// Emits [`Event::Unjailed`]. Errors: [`Error::UnknownAgent`], [`Error::NotJailed`]; for
		/// the owner also [`Error::NotOwner`], [`Error::JailTermNotOver`] and an error of
		/// [`AgentPenalties::top_up_bond`]; an error of [`AgentPenalties::set_jail`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unjail_by_owner().max(T::WeightInfo::unjail_by_governance()))]
		pub fn unjail(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => Self::do_unjail(id, None),
				Err(origin) => {
					let who = ensure_signed(origin)?;
					Self::do_unjail(id, Some(who))
				},
			}
		}
	}
}

impl<T: Config> Event<T> {
	/// The agent this event is about.
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::Slashed { id, .. } | Self::Jailed { id, .. } | Self::Unjailed { id, .. } => {
				Some(*id)
			},
			_ => None,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Slashes agent `id` (see [`Penalize::slash`]); all or nothing. Returns the amount taken.
	pub fn do_slash(
		id: AgentId,
		amount: SlashAmount<T::Balance>,
		reason: SlashReason,
		evidence: Option<H256>,
		reward: Option<(T::AccountId, Perbill)>,
	) -> Result<T::Balance, DispatchError> {
		with_storage_layer(|| Self::slash_inner(id, amount, reason, evidence, reward))
	}

	fn slash_inner(
		id: AgentId,
		amount: SlashAmount<T::Balance>,
		reason: SlashReason,
		evidence: Option<H256>,
		reward: Option<(T::AccountId, Perbill)>,
	) -> Result<T::Balance, DispatchError> {
		let facts = T::Agents::facts(id).ok_or(Error::<T>::UnknownAgent)?;
		let target = match amount {
			SlashAmount::Absolute(a) => a.min(facts.bond),
			SlashAmount::FractionOfBond(p) => p.mul_floor(facts.bond),
		};
		ensure!(!target.is_zero(), Error::<T>::NothingToSlash);

		// The challenger's share first; if it cannot be paid it falls to the treasury.
		let mut paid_reward = None;
		let mut rewarded = T::Balance::zero();
		if let Some((challenger, share)) = reward {
			let wanted = share.mul_floor(target);
			if !wanted.is_zero() {
				match with_storage_layer(|| T::Agents::seize_bond(id, wanted, &challenger)) {
					Ok(moved) => {
						rewarded = moved;
						paid_reward = Some((challenger, moved));
					},
					Err(e) => log::debug!(
						target: LOG_TARGET,
						"slash of agent {id}: challenger share {wanted:?} not paid ({e:?}); \
						 it goes to the treasury"
					),
				}
			}
		}
		let treasury = T::Treasury::get();
		let to_treasury = T::Agents::seize_bond(id, target.saturating_sub(rewarded), &treasury)?;
		let slashed = rewarded.saturating_add(to_treasury);

		let now = frame_system::Pallet::<T>::block_number();
		Penalties::<T>::mutate(id, |record| {
			let record = record.get_or_insert_with(Default::default);
			record.slashes = record.slashes.saturating_add(1);
			record.total_slashed = record.total_slashed.saturating_add(slashed);
			record.last_penalty = now;
		});
		TotalSlashed::<T>::mutate(|total| *total = total.saturating_add(slashed));
		T::Reputation::slashed(id, slashed);

		Self::deposit_event(Event::Slashed {
			id,
			owner: facts.owner,
			reason,
			evidence,
			requested: amount,
			slashed,
			to_treasury,
			reward: paid_reward,
			remaining_bond: facts.bond.saturating_sub(slashed),
		});
		Ok(slashed)
	}

	/// Jails agent `id` until `until` (see [`Penalize::jail`]).
	pub fn do_jail(id: AgentId, until: BlockNumberFor<T>) -> DispatchResult {
		let facts = T::Agents::facts(id).ok_or(Error::<T>::UnknownAgent)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(until > now, Error::<T>::JailInPast);
		ensure!(until <= now.saturating_add(T::MaxJailPeriod::get()), Error::<T>::JailTooLong);
		T::Agents::set_jail(id, Some(until))?;
		Penalties::<T>::mutate(id, |record| {
			let record = record.get_or_insert_with(Default::default);
			record.jails = record.jails.saturating_add(1);
			record.last_penalty = now;
		});
		Self::deposit_event(Event::Jailed { id, owner: facts.owner, until });
		Ok(())
	}

	/// Lifts the jail of agent `id`: by governance (`by_owner` is `None`) or by the owner.
	pub fn do_unjail(id: AgentId, by_owner: Option<T::AccountId>) -> DispatchResult {
		let facts = T::Agents::facts(id).ok_or(Error::<T>::UnknownAgent)?;
		let jailed_until = facts.jailed_until.ok_or(Error::<T>::NotJailed)?;
		let topped_up = match &by_owner {
			None => T::Balance::zero(),
			Some(who) => {
				ensure!(who == &facts.owner, Error::<T>::NotOwner);
				let now = frame_system::Pallet::<T>::block_number();
				ensure!(now >= jailed_until, Error::<T>::JailTermNotOver);
				T::Agents::top_up_bond(id)?
			},
		};
		T::Agents::set_jail(id, None)?;
		Self::deposit_event(Event::Unjailed { id, by_governance: by_owner.is_none(), topped_up });
		Ok(())
	}

	/// Checks the pallet's invariants: the penalty records add up to [`TotalSlashed`] and every
	/// record holds at least one penalty. Available to tests (`std`) and `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let mut sum = T::Balance::zero();
		for (_, record) in Penalties::<T>::iter() {
			ensure!(record.slashes > 0 || record.jails > 0, "empty penalty record");
			ensure!(
				record.slashes > 0 || record.total_slashed.is_zero(),
				"slashed funds without a slash"
			);
			sum = sum.saturating_add(record.total_slashed);
		}
		ensure!(sum == TotalSlashed::<T>::get(), "TotalSlashed differs from the records");
		Ok(())
	}
}

impl<T: Config> Penalize<T::AccountId, T::Balance, BlockNumberFor<T>> for Pallet<T> {
	fn slash(
		id: AgentId,
		amount: SlashAmount<T::Balance>,
		reason: SlashReason,
		evidence: Option<H256>,
		reward: Option<(T::AccountId, Perbill)>,
	) -> Result<T::Balance, DispatchError> {
		Self::do_slash(id, amount, reason, evidence, reward)
	}

	fn jail(id: AgentId, until: BlockNumberFor<T>) -> DispatchResult {
		with_storage_layer(|| Self::do_jail(id, until))
	}
}
