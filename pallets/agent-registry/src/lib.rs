//! # Agent registry pallet
//!
//! The agent control plane's root of identity: who an agent is, who controls it, what it bonded,
//! whether it is live, and a hash of what it claims it can do. System actions `AGENT_REGISTER`,
//! `AGENT_UPDATE` and `AGENT_HEARTBEAT`, plus the exits of the agent lifecycle.
//!
//! ## Lifecycle
//!
//! - [`Pallet::register`]: the signer becomes the agent's *owner*; [`Config::MinBond`] is held from
//!   the owner under [`HoldReason::AgentBond`]; the agent gets the next sequential [`AgentId`] and
//!   an *agent key* (the account the agent itself signs heartbeats with; keys are unique across
//!   agents, and an account becomes a key only with its signed [`KeyConsent`]). Status: `Active`.
//! - [`Pallet::heartbeat`] (signed by the agent key) keeps it live. An agent whose last heartbeat
//!   is more than [`Config::LivenessWindow`] blocks old is `Stale`; a heartbeat revives it.
//! - [`Pallet::update`] replaces the metadata (owner only, not while jailed or unbonding); the
//!   metadata `version` increments on every update.
//! - Penalties come from the slashing pallet through [`AgentPenalties`]: bond seizure (below the
//!   minimum the agent is `Underbonded` until the owner calls [`Pallet::top_up_bond`]) and jail
//!   (`Jailed` until lifted; the owner may lift it after the term, through the slashing pallet).
//! - [`Pallet::deregister`] starts unbonding (`Unbonding` for [`Config::UnbondingPeriod`] blocks;
//!   refused while jailed or challenged); [`Pallet::withdraw_bond`] then releases the remaining
//!   bond and removes the agent (refused while jailed or challenged, so an agent cannot run from a
//!   pending challenge).
//! - [`Pallet::rotate_owner`] moves the agent and its held bond to another account;
//!   [`Pallet::rotate_agent_key`] changes the key the agent signs with (with the new key's
//!   consent).
//!
//! ## Effective status
//!
//! The status other pallets and the runtime APIs see ([`AgentInspect::facts`]) is computed from
//! the record and the current block, so it is exact without per-block work; precedence:
//! `Jailed` > `Unbonding` > `Underbonded` > `Stale` > `Active` (see
//! [`chaoscore_primitives::agent`]). The record also keeps the last persisted status: every call
//! stores the effective status, and [`Hooks::on_initialize`] sweeps at most
//! [`Config::MaxStaleChecksPerBlock`] agents per block (a cursor walks the whole map over
//! successive blocks), persisting `Active -> Stale` with an [`Event::MarkedStale`] event so the
//! audit trail has the transition. The only allowed difference between stored and effective
//! status is therefore one of `Active` and `Stale` for the other: a stored `Active` whose
//! effective status is already `Stale`, or (after governance lengthens the liveness window) a
//! stored `Stale` that is live again until its next heartbeat records it.
//!
//! ## Metadata and the capability document
//!
//! [`AgentMetadata`] is bounded and kept in state (discovery filters on category, tags, tools,
//! capabilities, endpoints, region, tier, latency). The full capability document is not kept in
//! state: the call carries it, the pallet checks `blake2_256(document) == metadata.document_hash`
//! and writes it to the offchain index under
//! [`chaoscore_primitives::agent::agent_doc_offchain_key`]`(id, version)`, where the discovery
//! index of a node run with offchain indexing enabled picks it up. The `version` field of the
//! supplied metadata is ignored: the pallet sets it (1 at registration, +1 per update).
//!
//! ## Funds
//!
//! An owner's balance on hold for [`HoldReason::AgentBond`] always equals the sum of the recorded
//! bonds of the owner's agents (checked by `try_state`). Funds only ever move between the owner's
//! free balance and the hold, to a new owner's hold, or (seizure) to an account chosen by the
//! slashing pallet; nothing is burned or minted.
//!
//! ## Code layout
//!
//! As in FRAME's larger pallets, the `pallet` module keeps the configuration, storage, events,
//! errors, hooks, calls and view functions; every call delegates to a `do_*` function in a module
//! by concern: `lifecycle` (register, update, heartbeat, deregister, rotations, jail), `consent`
//! (the key consent), `funds`
//! (withdrawal, top-up, seizure), `sweep` (the liveness sweep), `views` (status and read helpers),
//! `invariants` (`try_state`) and `impls` (the `chaoscore_primitives` traits); the events and
//! errors are a section of the `pallet` module in `events`. The stored types
//! are in `types` and re-exported at the crate root.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(feature = "std")]
pub mod testing;
#[cfg(test)]
mod tests;
pub mod weights;

mod consent;
mod events;
mod funds;
mod impls;
#[cfg(any(test, feature = "std", feature = "try-runtime"))]
mod invariants;
mod lifecycle;
mod sweep;
mod types;
mod views;

pub use chaoscore_primitives::agent::{
	AgentFacts, AgentId, AgentInspect, AgentPenalties, AgentStatus, ChallengeGuard,
};
pub use consent::*;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{
		self,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
		},
		CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
	},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,
	sp_io,
	sp_runtime::{
		traits::{IdentifyAccount, Saturating, Verify, Zero},
		DispatchError,
	},
};
use scale_info::TypeInfo;

/// Log target of this pallet.
pub(crate) const LOG_TARGET: &str = "runtime::agent-registry";

/// Prefix of the offchain-index key of a capability document (re-exported for convenience).
pub use chaoscore_primitives::agent::{agent_doc_offchain_key, AGENT_DOC_KEY_PREFIX};

#[frame_support::pallet_macros::import_section(events::events)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond backing an agent's registration.
		AgentBond,
	}

	/// Default implementations of [`DefaultConfig`], which can be used to implement [`Config`].
	#[cfg(feature = "std")]
	pub mod config_preludes {
		use super::*;
		use polkadot_sdk::{
			frame_support::{self, derive_impl},
			frame_system,
		};

		/// Defaults for test runtimes: small metadata bounds (they fit the fixtures of the
		/// `testing` module), no challenge guard, test signatures as key consents (see
		/// [`crate::testing::key_consent`]), unit weights. A mock still sets the items that
		/// depend on its runtime: `Currency`, `RuntimeHoldReason`, `MinBond`, `LivenessWindow` and
		/// `UnbondingPeriod`.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxDocumentLen = ConstU32<256>;
			type MaxNameLen = ConstU32<32>;
			type MaxCategoryLen = ConstU32<16>;
			type MaxTags = ConstU32<4>;
			type MaxTagLen = ConstU32<16>;
			type MaxTools = ConstU32<4>;
			type MaxCapabilities = ConstU32<4>;
			type MaxItemLen = ConstU32<16>;
			type MaxEndpoints = ConstU32<2>;
			type MaxUrlLen = ConstU32<64>;
			type MaxRegionLen = ConstU32<16>;
			type MaxAgentsPerOwner = ConstU32<64>;
			type MaxStaleChecksPerBlock = ConstU32<4>;
			type ChallengeGuard = ();
			type KeySignature = polkadot_sdk::sp_runtime::testing::TestSignature;
			type MaxKeyConsentAge = ConstU32<100>;
			type WeightInfo = ();
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency the bond is held in.
		#[pallet::no_default]
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		#[pallet::no_default]
		type RuntimeHoldReason: From<HoldReason>;

		/// Bond held from the owner at registration; below it an agent is `Underbonded`.
		#[pallet::constant]
		#[pallet::no_default]
		type MinBond: Get<BalanceOf<Self>>;

		/// Blocks after the last heartbeat during which an agent counts as live.
		#[pallet::constant]
		#[pallet::no_default]
		type LivenessWindow: Get<BlockNumberFor<Self>>;

		/// Blocks between deregistration and bond withdrawal.
		#[pallet::constant]
		#[pallet::no_default]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Maximum length of the capability document carried by `register` / `update`.
		#[pallet::constant]
		type MaxDocumentLen: Get<u32>;
		/// Maximum length of an agent name.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;
		/// Maximum length of a category.
		#[pallet::constant]
		type MaxCategoryLen: Get<u32>;
		/// Maximum number of tags.
		#[pallet::constant]
		type MaxTags: Get<u32>;
		/// Maximum length of one tag.
		#[pallet::constant]
		type MaxTagLen: Get<u32>;
		/// Maximum number of tools.
		#[pallet::constant]
		type MaxTools: Get<u32>;
		/// Maximum number of capabilities.
		#[pallet::constant]
		type MaxCapabilities: Get<u32>;
		/// Maximum length of one tool or capability.
		#[pallet::constant]
		type MaxItemLen: Get<u32>;
		/// Maximum number of endpoints.
		#[pallet::constant]
		type MaxEndpoints: Get<u32>;
		/// Maximum length of an endpoint URL.
		#[pallet::constant]
		type MaxUrlLen: Get<u32>;
		/// Maximum length of a region.
		#[pallet::constant]
		type MaxRegionLen: Get<u32>;
		/// Maximum number of agents one account may own.
		#[pallet::constant]
		type MaxAgentsPerOwner: Get<u32>;
		/// Maximum number of agents the liveness sweep inspects per block.
		#[pallet::constant]
		type MaxStaleChecksPerBlock: Get<u32>;

		/// Tells whether an agent has a pending challenge (blocks deregistration, withdrawal and
		/// owner rotation). `()` until the challenge pallet exists.
		type ChallengeGuard: ChallengeGuard;

		/// The signature an agent key gives its consent with ([`KeyConsent`]); verified against
		/// the key's account.
		type KeySignature: Parameter
			+ Member
			+ Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>;

		/// The most blocks ahead a key consent may be valid (the time it could be used again).
		#[pallet::constant]
		type MaxKeyConsentAge: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Makes agent keys and their consents for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::KeySignature>;
	}

	/// Agent records by id.
	#[pallet::storage]
	pub type Agents<T: Config> = StorageMap<_, Twox64Concat, AgentId, AgentRecordOf<T>>;

	/// Agent metadata by id (exists exactly when the record does).
	#[pallet::storage]
	pub type Metadata<T: Config> = StorageMap<_, Twox64Concat, AgentId, AgentMetadata<T>>;

	/// The id the next registered agent gets. Ids are never reused.
	#[pallet::storage]
	pub type NextAgentId<T: Config> = StorageValue<_, AgentId, ValueQuery>;

	/// Number of registered agents (including unbonding ones).
	#[pallet::storage]
	pub type AgentCount<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Agents owned by an account.
	#[pallet::storage]
	pub type AgentsByOwner<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<AgentId, T::MaxAgentsPerOwner>,
		ValueQuery,
	>;

	/// Reverse index: agent key -> agent id.
	#[pallet::storage]
	pub type AgentByKey<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, AgentId>;

	/// Last agent the liveness sweep inspected; `None`: the next sweep starts from the beginning.
	#[pallet::storage]
	pub type SweepCursor<T: Config> = StorageValue<_, AgentId>;

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::sweep_stale(now)
		}

		fn integrity_test() {
			assert!(!T::MinBond::get().is_zero(), "MinBond must be positive");
			assert!(!T::LivenessWindow::get().is_zero(), "LivenessWindow must be positive");
			assert!(!T::UnbondingPeriod::get().is_zero(), "UnbondingPeriod must be positive");
			assert!(T::MaxNameLen::get() > 0, "MaxNameLen must be positive");
			assert!(T::MaxAgentsPerOwner::get() > 0, "MaxAgentsPerOwner must be positive");
			assert!(
				T::MaxStaleChecksPerBlock::get() > 0,
				"MaxStaleChecksPerBlock must be positive"
			);
			let max_block = <T as frame_system::Config>::BlockWeights::get().max_block;
			let sweep = T::WeightInfo::on_initialize_sweep(T::MaxStaleChecksPerBlock::get());
			assert!(
				sweep.all_lte(max_block / 10),
				"the liveness sweep may take at most 10% of a block; lower MaxStaleChecksPerBlock"
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
		/// Registers an agent owned by the signer, holding [`Config::MinBond`] from it.
		///
		/// Origin: signed; the signer becomes the owner. `agent_key`: the account the agent signs
		/// heartbeats with (unused by any agent). `key_consent`: `agent_key`'s signature over
		/// [`Pallet::key_consent_message`]`(owner, None, agent_key, valid_until)`. `metadata`: its
		/// `document_hash` must be `blake2_256(document)`; its `version` is ignored (set to 1).
		/// `document`: the capability document, written to the offchain index, not to state.
		///
		/// Emits [`Event::Registered`]. Errors: `BadOrigin`, [`Error::AgentKeyInUse`],
		/// [`Error::KeyConsentExpired`], [`Error::KeyConsentTooLong`], [`Error::BadKeyConsent`],
		/// [`Error::EmptyName`], [`Error::DocumentHashMismatch`], [`Error::NoMoreAgentIds`],
		/// [`Error::TooManyAgents`], [`Error::InsufficientBalance`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register(document.len() as u32, metadata.tags.len() as u32))]
		pub fn register(
			origin: OriginFor<T>,
			agent_key: T::AccountId,
			key_consent: KeyConsentOf<T>,
			metadata: AgentMetadata<T>,
			document: DocumentOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register(owner, agent_key, &key_consent, metadata, document).map(|_| ())
		}

		/// Replaces an agent's metadata (not while jailed or unbonding). The version increments;
		/// the new document goes to the offchain index.
		///
		/// Origin: signed by the owner. `id`: the agent. `metadata`: the new metadata, committing
		/// to `document` (its `version` is ignored). `document`: the new capability document.
		///
		/// Emits [`Event::Updated`]. Errors: `BadOrigin`, [`Error::UnknownAgent`],
		/// [`Error::NotOwner`], [`Error::AgentJailed`], [`Error::AgentUnbonding`],
		/// [`Error::EmptyName`], [`Error::DocumentHashMismatch`], [`Error::VersionOverflow`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update(document.len() as u32, metadata.tags.len() as u32))]
		pub fn update(
			origin: OriginFor<T>,
			id: AgentId,
			metadata: AgentMetadata<T>,
			document: DocumentOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update(who, id, metadata, document)
		}

		/// Records a heartbeat; revives a `Stale` agent.
		///
		/// Origin: signed by the agent key. `id`: the agent.
		///
		/// Emits [`Event::Heartbeat`], then [`Event::Revived`] if the agent was `Stale`.
		/// Errors: `BadOrigin`, [`Error::UnknownAgent`], [`Error::NotAgentKey`],
		/// [`Error::AgentJailed`], [`Error::AgentUnbonding`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::heartbeat())]
		pub fn heartbeat(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_heartbeat(who, id)
		}

		/// Starts unbonding (not while jailed); the bond can be withdrawn
		/// [`Config::UnbondingPeriod`] blocks later and once no challenge against the agent is
		/// open. A challenged agent may deregister: it stops taking work at once, and an upheld
		/// challenge still slashes and jails it.
		///
		/// Origin: signed by the owner. `id`: the agent.
		///
		/// Emits [`Event::Deregistered`]. Errors: `BadOrigin`, [`Error::UnknownAgent`],
		/// [`Error::NotOwner`], [`Error::AgentJailed`], [`Error::AgentUnbonding`] (already
		/// deregistered).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::deregister())]
		pub fn deregister(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister(who, id)
		}

		/// Releases the bond after the unbonding period and removes the agent (not while jailed
		/// or challenged).
		///
		/// Origin: signed by the owner. `id`: the agent.
		///
		/// Emits [`Event::BondWithdrawn`]. Errors: `BadOrigin`, [`Error::UnknownAgent`],
		/// [`Error::NotOwner`], [`Error::NotUnbonding`], [`Error::AgentJailed`],
		/// [`Error::AgentChallenged`], [`Error::UnbondingNotOver`], or the currency's error if the
		/// release fails.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::withdraw_bond())]
		pub fn withdraw_bond(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bond(who, id)
		}

		/// Moves the agent and its held bond to `new_owner` (not while jailed, unbonding or
		/// challenged).
		///
		/// Origin: signed by the owner. `id`: the agent. `new_owner`: the account that becomes the
		/// owner; it must exist (hold the existential deposit) and have room for another agent.
		///
		/// Emits [`Event::OwnerRotated`]. Errors: `BadOrigin`, [`Error::UnknownAgent`],
		/// [`Error::NotOwner`], [`Error::SameOwner`], [`Error::AgentJailed`],
		/// [`Error::AgentUnbonding`], [`Error::AgentChallenged`], [`Error::TooManyAgents`],
		/// [`Error::NewOwnerCannotHold`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::rotate_owner())]
		pub fn rotate_owner(
			origin: OriginFor<T>,
			id: AgentId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rotate_owner(who, id, new_owner)
		}

		/// Changes the key the agent signs with (allowed in every status, so a compromised key can
		/// always be replaced).
		///
		/// Origin: signed by the owner. `id`: the agent. `new_key`: the new agent key (unused by
		/// any agent). `key_consent`: `new_key`'s signature over
		/// [`Pallet::key_consent_message`]`(owner, Some(id), new_key, valid_until)`.
		///
		/// Emits [`Event::AgentKeyRotated`]. Errors: `BadOrigin`, [`Error::UnknownAgent`],
		/// [`Error::NotOwner`], [`Error::AgentKeyInUse`], [`Error::KeyConsentExpired`],
		/// [`Error::KeyConsentTooLong`], [`Error::BadKeyConsent`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::rotate_agent_key())]
		pub fn rotate_agent_key(
			origin: OriginFor<T>,
			id: AgentId,
			new_key: T::AccountId,
			key_consent: KeyConsentOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rotate_agent_key(who, id, new_key, &key_consent)
		}

		/// Holds more of the owner's balance to bring the bond back to [`Config::MinBond`] (the way
		/// out of `Underbonded`).
		///
		/// Origin: signed by the owner. `id`: the agent.
		///
		/// Emits [`Event::BondToppedUp`]. Errors: `BadOrigin`, [`Error::UnknownAgent`],
		/// [`Error::NotOwner`], [`Error::AgentUnbonding`], [`Error::InsufficientBalance`],
		/// [`Error::BondAlreadySufficient`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::top_up_bond())]
		pub fn top_up_bond(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up_bond_by_owner(who, id)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Facts (with the effective status) and metadata of agent `id`.
		pub fn agent(id: AgentId) -> Option<(AgentFactsOf<T>, AgentMetadata<T>)> {
			Self::agent_info(id)
		}

		/// Effective status of each of `ids` (`None` for unknown ids), in order.
		pub fn statuses(ids: Vec<AgentId>) -> Vec<(AgentId, Option<AgentStatus>)> {
			Self::statuses_of(ids)
		}

		/// Ids of the agents owned by `owner`.
		pub fn agents_of(owner: T::AccountId) -> Vec<AgentId> {
			Self::agents_owned_by(&owner)
		}

		/// The bytes `key` signs to consent to serve `owner`'s agent `agent` (`None`: a new agent
		/// of `owner`) until block `valid_until` (see [`KeyConsent`]).
		pub fn key_consent_payload(
			owner: T::AccountId,
			agent: Option<AgentId>,
			key: T::AccountId,
			valid_until: BlockNumberFor<T>,
		) -> Vec<u8> {
			Self::key_consent_message(&owner, agent, &key, valid_until)
		}
	}
}
