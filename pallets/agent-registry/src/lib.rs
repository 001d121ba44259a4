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
//!   agents). Status: `Active`.
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
//!   [`Pallet::rotate_agent_key`] changes the key the agent signs with.
//!
//! ## Effective status
//!
//! The status other pallets and the runtime APIs see ([`AgentInspect::facts`]) is computed from
//! the record and the current block, so it is exact without per-block work; precedence:
//! `Jailed` > `Unbonding` > `Underbonded` > `Stale` > `Active` (see
//! [`chaoscore_primitives::agent`]). The record also keeps the last persisted status: every call
//! stores the effective status, and [`Hooks::on_initialize`] sweeps at most
//! [`Config::MaxStaleChecksPerBlock`] agents per block (a cursor walks the whole map over
//! successive blocks), persisting `Active -> Stale` with an [`Event::AgentStale`] event so the
//! audit trail has the transition. The only allowed difference between stored and effective
//! status is therefore a stored `Active` whose effective status is already `Stale`.
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

pub use chaoscore_primitives::agent::{
	AgentFacts, AgentId, AgentInspect, AgentPenalties, AgentStatus, ChallengeGuard,
};
pub use pallet::*;
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
		traits::{Saturating, Zero},
		DispatchError,
	},
};
use scale_info::TypeInfo;

/// Balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Agent facts as this pallet's configuration spells them.
pub type AgentFactsOf<T> =
	AgentFacts<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// Stored agent record as this pallet's configuration spells it.
pub type AgentRecordOf<T> =
	AgentRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// The capability document as a call carries it.
pub type DocumentOf<T> = BoundedVec<u8, <T as Config>::MaxDocumentLen>;

/// Kind of an agent's service endpoint.
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
pub enum EndpointKind {
	/// Model Context Protocol server.
	Mcp,
	/// Agent-to-agent protocol endpoint.
	A2a,
	/// Plain HTTP(S) API.
	Http,
	/// Anything else (the capability document says what).
	Other,
}

/// One service endpoint of an agent.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxUrlLen))]
#[codec(mel_bound())]
pub struct Endpoint<MaxUrlLen: Get<u32>> {
	/// Protocol spoken at `url`.
	pub kind: EndpointKind,
	/// URL (UTF-8 bytes; not validated on-chain).
	pub url: BoundedVec<u8, MaxUrlLen>,
}

/// Bounded list of byte strings (tags, tools, capabilities).
pub type BoundedStrings<Len, Count> = BoundedVec<BoundedVec<u8, Len>, Count>;

/// An agent's on-chain capability metadata: what discovery filters on. Strings are UTF-8 bytes,
/// not validated on-chain.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct AgentMetadata<T: Config> {
	/// Display name; must not be empty.
	pub name: BoundedVec<u8, T::MaxNameLen>,
	/// Primary category (e.g. `b"coding"`).
	pub category: BoundedVec<u8, T::MaxCategoryLen>,
	/// Free-form tags.
	pub tags: BoundedStrings<T::MaxTagLen, T::MaxTags>,
	/// Tools the agent can use (e.g. MCP tool names).
	pub tools: BoundedStrings<T::MaxItemLen, T::MaxTools>,
	/// Capabilities the agent offers.
	pub capabilities: BoundedStrings<T::MaxItemLen, T::MaxCapabilities>,
	/// Where to reach the agent.
	pub endpoints: BoundedVec<Endpoint<T::MaxUrlLen>, T::MaxEndpoints>,
	/// Region the agent serves from (e.g. `b"eu-west"`).
	pub region: BoundedVec<u8, T::MaxRegionLen>,
	/// Service tier advertised by the agent (0 = unspecified; meaning set by discovery).
	pub tier: u8,
	/// Advertised typical latency, in milliseconds.
	pub latency_ms: u32,
	/// `blake2_256` of the full capability document.
	pub document_hash: H256,
	/// Metadata version: set by the pallet (1 at registration, +1 per update); ignored on input.
	pub version: u32,
}

/// What the registry stores per agent (metadata is stored separately, so heartbeats and the
/// liveness sweep touch only this small record).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AgentRecord<AccountId, Balance, BlockNumber> {
	/// Controlling account; the bond is held from it.
	pub owner: AccountId,
	/// Account the agent signs heartbeats with (unique across agents).
	pub agent_key: AccountId,
	/// Last persisted status (see the crate docs; read [`Pallet::effective_status`] for the
	/// current one).
	pub status: AgentStatus,
	/// Bond held from the owner for this agent.
	pub bond: Balance,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Block of the last heartbeat (registration counts as one).
	pub last_heartbeat: BlockNumber,
	/// `Some(b)` while jailed: the earliest block the owner may lift the jail.
	pub jailed_until: Option<BlockNumber>,
	/// `Some(b)` once deregistered: the first block the bond can be withdrawn.
	pub unbonding_until: Option<BlockNumber>,
	/// Current metadata version (mirrors the stored metadata's `version`).
	pub metadata_version: u32,
}

/// Prefix of the offchain-index key of a capability document (re-exported for convenience).
pub use chaoscore_primitives::agent::{agent_doc_offchain_key, AGENT_DOC_KEY_PREFIX};

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

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency the bond is held in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Bond held from the owner at registration; below it an agent is `Underbonded`.
		#[pallet::constant]
		type MinBond: Get<BalanceOf<Self>>;

		/// Blocks after the last heartbeat during which an agent counts as live.
		#[pallet::constant]
		type LivenessWindow: Get<BlockNumberFor<Self>>;

		/// Blocks between deregistration and bond withdrawal.
		#[pallet::constant]
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

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
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

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An agent was registered and its bond held.
		Registered {
			id: AgentId,
			owner: T::AccountId,
			agent_key: T::AccountId,
			bond: BalanceOf<T>,
			version: u32,
			document_hash: H256,
			block: BlockNumberFor<T>,
		},
		/// An agent's metadata was replaced.
		Updated { id: AgentId, owner: T::AccountId, version: u32, document_hash: H256 },
		/// An agent sent a heartbeat.
		Heartbeat { id: AgentId, block: BlockNumberFor<T> },
		/// A heartbeat brought a `Stale` agent back to `Active`.
		AgentRevived { id: AgentId, block: BlockNumberFor<T> },
		/// The liveness sweep recorded that an agent went `Active -> Stale`.
		AgentStale { id: AgentId, last_heartbeat: BlockNumberFor<T>, block: BlockNumberFor<T> },
		/// The owner deregistered an agent; its bond can be withdrawn from `unbonding_until`.
		Deregistered {
			id: AgentId,
			owner: T::AccountId,
			bond: BalanceOf<T>,
			unbonding_until: BlockNumberFor<T>,
		},
		/// The bond was released to the owner and the agent removed.
		BondWithdrawn {
			id: AgentId,
			owner: T::AccountId,
			agent_key: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// The agent (and its held bond) moved to a new owner.
		OwnerRotated {
			id: AgentId,
			old_owner: T::AccountId,
			new_owner: T::AccountId,
			bond: BalanceOf<T>,
		},
		/// The agent's signing key changed.
		AgentKeyRotated { id: AgentId, old_key: T::AccountId, new_key: T::AccountId },
		/// More of the owner's balance was held to bring the bond back to the minimum.
		BondToppedUp {
			id: AgentId,
			owner: T::AccountId,
			amount: BalanceOf<T>,
			bond: BalanceOf<T>,
			status: AgentStatus,
		},
		/// Part of the bond was seized (slashing) and moved to `to`.
		BondSeized {
			id: AgentId,
			owner: T::AccountId,
			to: T::AccountId,
			amount: BalanceOf<T>,
			remaining_bond: BalanceOf<T>,
			status: AgentStatus,
		},
		/// The agent was jailed; the owner may lift the jail from block `until`.
		Jailed { id: AgentId, until: BlockNumberFor<T> },
		/// The jail was lifted; `status` is the agent's status afterwards.
		Unjailed { id: AgentId, status: AgentStatus },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No agent with this id.
		UnknownAgent,
		/// The signer is not the agent's owner.
		NotOwner,
		/// The signer is not the agent's key.
		NotAgentKey,
		/// The agent key is already used by an agent.
		AgentKeyInUse,
		/// The owner already has `MaxAgentsPerOwner` agents.
		TooManyAgents,
		/// The owner's free balance cannot cover the bond.
		InsufficientBalance,
		/// `blake2_256(document)` differs from `metadata.document_hash`.
		DocumentHashMismatch,
		/// The metadata name is empty.
		EmptyName,
		/// The agent is jailed.
		AgentJailed,
		/// The agent is unbonding.
		AgentUnbonding,
		/// The agent is not unbonding (deregister first).
		NotUnbonding,
		/// The unbonding period is not over yet.
		UnbondingNotOver,
		/// The agent has a pending challenge.
		AgentChallenged,
		/// The new owner is the current owner.
		SameOwner,
		/// The new owner's account cannot hold the bond (it does not exist or has too many holds).
		NewOwnerCannotHold,
		/// The bond already meets the minimum.
		BondAlreadySufficient,
		/// The agent is not jailed.
		NotJailed,
		/// Agent ids are exhausted.
		NoMoreAgentIds,
		/// The metadata version cannot be incremented further.
		VersionOverflow,
	}

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
		/// `metadata.document_hash` must be `blake2_256(document)`; the document goes to the
		/// offchain index, not to state. `metadata.version` is ignored (set to 1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register(document.len() as u32, metadata.tags.len() as u32))]
		pub fn register(
			origin: OriginFor<T>,
			agent_key: T::AccountId,
			metadata: AgentMetadata<T>,
			document: DocumentOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register(owner, agent_key, metadata, document).map(|_| ())
		}

		/// Replaces an agent's metadata (owner only; not while jailed or unbonding). The version
		/// increments; the new document goes to the offchain index.
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

		/// Records a heartbeat (signed by the agent key); revives a `Stale` agent.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::heartbeat())]
		pub fn heartbeat(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_heartbeat(who, id)
		}

		/// Starts unbonding (owner only; not while jailed or challenged).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::deregister())]
		pub fn deregister(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister(who, id)
		}

		/// Releases the bond after the unbonding period and removes the agent (owner only; not
		/// while jailed or challenged).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::withdraw_bond())]
		pub fn withdraw_bond(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bond(who, id)
		}

		/// Moves the agent and its held bond to `new_owner` (owner only; not while jailed,
		/// unbonding or challenged). `new_owner` must exist (hold the existential deposit).
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

		/// Changes the key the agent signs with (owner only; allowed in every status so a
		/// compromised key can always be replaced).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::rotate_agent_key())]
		pub fn rotate_agent_key(
			origin: OriginFor<T>,
			id: AgentId,
			new_key: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rotate_agent_key(who, id, new_key)
		}

		/// Holds more of the owner's balance to bring the bond back to [`Config::MinBond`] (owner
		/// only; the way out of `Underbonded`).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::top_up_bond())]
		pub fn top_up_bond(origin: OriginFor<T>, id: AgentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
			ensure!(record.owner == who, Error::<T>::NotOwner);
			ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);
			let added = Self::do_top_up_bond(id)?;
			ensure!(!added.is_zero(), Error::<T>::BondAlreadySufficient);
			Ok(())
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
	}
}

impl<T: Config> Event<T> {
	/// The agent this event is about (every registry event names one).
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::Registered { id, .. } |
			Self::Updated { id, .. } |
			Self::Heartbeat { id, .. } |
			Self::AgentRevived { id, .. } |
			Self::AgentStale { id, .. } |
			Self::Deregistered { id, .. } |
			Self::BondWithdrawn { id, .. } |
			Self::OwnerRotated { id, .. } |
			Self::AgentKeyRotated { id, .. } |
			Self::BondToppedUp { id, .. } |
			Self::BondSeized { id, .. } |
			Self::Jailed { id, .. } |
			Self::Unjailed { id, .. } => Some(*id),
			_ => None,
		}
	}
}

impl<T: Config> Pallet<T> {
	fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::AgentBond.into()
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Status of `record` at block `now` (see the crate docs for the precedence).
	pub fn effective_status(record: &AgentRecordOf<T>, now: BlockNumberFor<T>) -> AgentStatus {
		if record.jailed_until.is_some() {
			AgentStatus::Jailed
		} else if record.unbonding_until.is_some() {
			AgentStatus::Unbonding
		} else if record.bond < T::MinBond::get() {
			AgentStatus::Underbonded
		} else if record.last_heartbeat.saturating_add(T::LivenessWindow::get()) < now {
			AgentStatus::Stale
		} else {
			AgentStatus::Active
		}
	}

	fn facts_of_record(record: AgentRecordOf<T>, now: BlockNumberFor<T>) -> AgentFactsOf<T> {
		let status = Self::effective_status(&record, now);
		AgentFacts {
			owner: record.owner,
			agent_key: record.agent_key,
			status,
			bond: record.bond,
			jailed_until: record.jailed_until,
			last_heartbeat: record.last_heartbeat,
		}
	}

	/// Facts (with the effective status) and metadata of agent `id`.
	pub fn agent_info(id: AgentId) -> Option<(AgentFactsOf<T>, AgentMetadata<T>)> {
		let record = Agents::<T>::get(id)?;
		let metadata = Metadata::<T>::get(id)?;
		Some((Self::facts_of_record(record, Self::now()), metadata))
	}

	/// Effective status of each of `ids` (`None` for unknown ids), in order.
	pub fn statuses_of(ids: Vec<AgentId>) -> Vec<(AgentId, Option<AgentStatus>)> {
		let now = Self::now();
		ids.into_iter()
			.map(|id| (id, Agents::<T>::get(id).map(|r| Self::effective_status(&r, now))))
			.collect()
	}

	/// Ids of the agents owned by `owner`.
	pub fn agents_owned_by(owner: &T::AccountId) -> Vec<AgentId> {
		AgentsByOwner::<T>::get(owner).into_inner()
	}

	/// Up to `limit` registered agent ids in storage order (by key hash, not by id), starting
	/// after `after`; page through all agents by passing the last id of the previous page.
	pub fn agent_ids_after(after: Option<AgentId>, limit: u32) -> Vec<AgentId> {
		let keys = match after {
			Some(last) => Agents::<T>::iter_keys_from(Agents::<T>::hashed_key_for(last)),
			None => Agents::<T>::iter_keys(),
		};
		keys.take(limit as usize).collect()
	}

	/// Every jailed agent with the earliest block its owner may lift the jail. Scans every
	/// agent: for off-chain queries only.
	pub fn jailed_agents() -> Vec<(AgentId, BlockNumberFor<T>)> {
		Agents::<T>::iter()
			.filter_map(|(id, record)| record.jailed_until.map(|until| (id, until)))
			.collect()
	}

	fn check_metadata(metadata: &AgentMetadata<T>, document: &DocumentOf<T>) -> DispatchResult {
		ensure!(!metadata.name.is_empty(), Error::<T>::EmptyName);
		ensure!(
			H256(sp_io::hashing::blake2_256(document)) == metadata.document_hash,
			Error::<T>::DocumentHashMismatch
		);
		Ok(())
	}

	fn index_document(id: AgentId, version: u32, document: &DocumentOf<T>) {
		sp_io::offchain_index::set(&agent_doc_offchain_key(id, version), document);
	}

	fn owned_record(who: &T::AccountId, id: AgentId) -> Result<AgentRecordOf<T>, DispatchError> {
		let record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(&record.owner == who, Error::<T>::NotOwner);
		Ok(record)
	}

	/// Registers an agent for `owner`; returns its id.
	pub fn do_register(
		owner: T::AccountId,
		agent_key: T::AccountId,
		mut metadata: AgentMetadata<T>,
		document: DocumentOf<T>,
	) -> Result<AgentId, DispatchError> {
		ensure!(!AgentByKey::<T>::contains_key(&agent_key), Error::<T>::AgentKeyInUse);
		Self::check_metadata(&metadata, &document)?;
		let id = NextAgentId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreAgentIds)?;
		let mut owned = AgentsByOwner::<T>::get(&owner);
		owned.try_push(id).map_err(|_| Error::<T>::TooManyAgents)?;

		let bond = T::MinBond::get();
		T::Currency::hold(&Self::hold_reason(), &owner, bond)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		let now = Self::now();
		metadata.version = 1;
		let mut record = AgentRecord {
			owner: owner.clone(),
			agent_key: agent_key.clone(),
			status: AgentStatus::Active,
			bond,
			registered_at: now,
			last_heartbeat: now,
			jailed_until: None,
			unbonding_until: None,
			metadata_version: 1,
		};
		record.status = Self::effective_status(&record, now);
		let document_hash = metadata.document_hash;

		Agents::<T>::insert(id, record);
		Metadata::<T>::insert(id, metadata);
		AgentsByOwner::<T>::insert(&owner, owned);
		AgentByKey::<T>::insert(&agent_key, id);
		NextAgentId::<T>::put(next_id);
		AgentCount::<T>::mutate(|c| *c = c.saturating_add(1));
		Self::index_document(id, 1, &document);

		Self::deposit_event(Event::Registered {
			id,
			owner,
			agent_key,
			bond,
			version: 1,
			document_hash,
			block: now,
		});
		Ok(id)
	}

	/// Replaces the metadata of agent `id` on behalf of `who`.
	pub fn do_update(
		who: T::AccountId,
		id: AgentId,
		mut metadata: AgentMetadata<T>,
		document: DocumentOf<T>,
	) -> DispatchResult {
		let mut record = Self::owned_record(&who, id)?;
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);
		Self::check_metadata(&metadata, &document)?;
		let version = record.metadata_version.checked_add(1).ok_or(Error::<T>::VersionOverflow)?;

		metadata.version = version;
		record.metadata_version = version;
		record.status = Self::effective_status(&record, Self::now());
		let document_hash = metadata.document_hash;
		Agents::<T>::insert(id, record);
		Metadata::<T>::insert(id, metadata);
		Self::index_document(id, version, &document);

		Self::deposit_event(Event::Updated { id, owner: who, version, document_hash });
		Ok(())
	}

	/// Records a heartbeat of agent `id`, signed by `who`.
	pub fn do_heartbeat(who: T::AccountId, id: AgentId) -> DispatchResult {
		let mut record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(record.agent_key == who, Error::<T>::NotAgentKey);
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);

		let now = Self::now();
		let before = Self::effective_status(&record, now);
		record.last_heartbeat = now;
		record.status = Self::effective_status(&record, now);
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::Heartbeat { id, block: now });
		if before == AgentStatus::Stale {
			Self::deposit_event(Event::AgentRevived { id, block: now });
		}
		Ok(())
	}

	/// Starts the unbonding of agent `id` on behalf of `who`.
	pub fn do_deregister(who: T::AccountId, id: AgentId) -> DispatchResult {
		let mut record = Self::owned_record(&who, id)?;
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);
		ensure!(!T::ChallengeGuard::is_challenged(id), Error::<T>::AgentChallenged);

		let now = Self::now();
		let unbonding_until = now.saturating_add(T::UnbondingPeriod::get());
		record.unbonding_until = Some(unbonding_until);
		record.status = Self::effective_status(&record, now);
		let bond = record.bond;
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::Deregistered { id, owner: who, bond, unbonding_until });
		Ok(())
	}

	/// Releases the bond of unbonded agent `id` to `who` and removes the agent.
	pub fn do_withdraw_bond(who: T::AccountId, id: AgentId) -> DispatchResult {
		let record = Self::owned_record(&who, id)?;
		let until = record.unbonding_until.ok_or(Error::<T>::NotUnbonding)?;
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(!T::ChallengeGuard::is_challenged(id), Error::<T>::AgentChallenged);
		ensure!(Self::now() >= until, Error::<T>::UnbondingNotOver);

		let amount = if record.bond.is_zero() {
			Zero::zero()
		} else {
			T::Currency::release(&Self::hold_reason(), &who, record.bond, Precision::BestEffort)?
		};

		Agents::<T>::remove(id);
		Metadata::<T>::remove(id);
		AgentByKey::<T>::remove(&record.agent_key);
		AgentsByOwner::<T>::mutate_exists(&who, |owned| {
			if let Some(list) = owned {
				list.retain(|x| *x != id);
				if list.is_empty() {
					*owned = None;
				}
			}
		});
		AgentCount::<T>::mutate(|c| *c = c.saturating_sub(1));

		Self::deposit_event(Event::BondWithdrawn {
			id,
			owner: who,
			agent_key: record.agent_key,
			amount,
		});
		Ok(())
	}

	/// Moves agent `id` and its held bond from `who` to `new_owner`.
	pub fn do_rotate_owner(
		who: T::AccountId,
		id: AgentId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::owned_record(&who, id)?;
		ensure!(new_owner != who, Error::<T>::SameOwner);
		ensure!(record.jailed_until.is_none(), Error::<T>::AgentJailed);
		ensure!(record.unbonding_until.is_none(), Error::<T>::AgentUnbonding);
		ensure!(!T::ChallengeGuard::is_challenged(id), Error::<T>::AgentChallenged);
		let mut new_owned = AgentsByOwner::<T>::get(&new_owner);
		new_owned.try_push(id).map_err(|_| Error::<T>::TooManyAgents)?;
		let reason = Self::hold_reason();
		ensure!(T::Currency::hold_available(&reason, &new_owner), Error::<T>::NewOwnerCannotHold);

		if !record.bond.is_zero() {
			T::Currency::transfer_on_hold(
				&reason,
				&who,
				&new_owner,
				record.bond,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::NewOwnerCannotHold)?;
		}

		AgentsByOwner::<T>::mutate_exists(&who, |owned| {
			if let Some(list) = owned {
				list.retain(|x| *x != id);
				if list.is_empty() {
					*owned = None;
				}
			}
		});
		AgentsByOwner::<T>::insert(&new_owner, new_owned);
		record.owner = new_owner.clone();
		record.status = Self::effective_status(&record, Self::now());
		let bond = record.bond;
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::OwnerRotated { id, old_owner: who, new_owner, bond });
		Ok(())
	}

	/// Changes the key of agent `id` on behalf of its owner `who`.
	pub fn do_rotate_agent_key(
		who: T::AccountId,
		id: AgentId,
		new_key: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::owned_record(&who, id)?;
		ensure!(!AgentByKey::<T>::contains_key(&new_key), Error::<T>::AgentKeyInUse);

		let old_key = core::mem::replace(&mut record.agent_key, new_key.clone());
		AgentByKey::<T>::remove(&old_key);
		AgentByKey::<T>::insert(&new_key, id);
		record.status = Self::effective_status(&record, Self::now());
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::AgentKeyRotated { id, old_key, new_key });
		Ok(())
	}

	/// Holds what the bond of agent `id` lacks to reach the minimum; returns the amount held
	/// (zero, and nothing happens, if the bond meets the minimum or the agent is unbonding).
	pub fn do_top_up_bond(id: AgentId) -> Result<BalanceOf<T>, DispatchError> {
		let mut record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		let missing = T::MinBond::get().saturating_sub(record.bond);
		if missing.is_zero() || record.unbonding_until.is_some() {
			return Ok(Zero::zero());
		}
		T::Currency::hold(&Self::hold_reason(), &record.owner, missing)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		record.bond = record.bond.saturating_add(missing);
		let status = Self::effective_status(&record, Self::now());
		record.status = status;
		let (owner, bond) = (record.owner.clone(), record.bond);
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::BondToppedUp { id, owner, amount: missing, bond, status });
		Ok(missing)
	}

	/// Moves up to `amount` of the bond of agent `id` to `to`; returns the amount moved.
	pub fn do_seize_bond(
		id: AgentId,
		amount: BalanceOf<T>,
		to: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		let amount = amount.min(record.bond);
		if amount.is_zero() {
			return Ok(Zero::zero());
		}
		let moved = T::Currency::transfer_on_hold(
			&Self::hold_reason(),
			&record.owner,
			to,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)?;
		record.bond = record.bond.saturating_sub(moved);
		let status = Self::effective_status(&record, Self::now());
		record.status = status;
		let (owner, remaining_bond) = (record.owner.clone(), record.bond);
		Agents::<T>::insert(id, record);

		Self::deposit_event(Event::BondSeized {
			id,
			owner,
			to: to.clone(),
			amount: moved,
			remaining_bond,
			status,
		});
		Ok(moved)
	}

	/// Records (`Some`) or lifts (`None`) the jail of agent `id`.
	pub fn do_set_jail(id: AgentId, until: Option<BlockNumberFor<T>>) -> DispatchResult {
		let mut record = Agents::<T>::get(id).ok_or(Error::<T>::UnknownAgent)?;
		if until.is_none() {
			ensure!(record.jailed_until.is_some(), Error::<T>::NotJailed);
		}
		record.jailed_until = until;
		let status = Self::effective_status(&record, Self::now());
		record.status = status;
		Agents::<T>::insert(id, record);

		match until {
			Some(until) => Self::deposit_event(Event::Jailed { id, until }),
			None => Self::deposit_event(Event::Unjailed { id, status }),
		}
		Ok(())
	}

	/// The liveness sweep: inspects at most [`Config::MaxStaleChecksPerBlock`] agents after the
	/// cursor and persists `Active -> Stale`. Returns the weight used.
	pub fn sweep_stale(now: BlockNumberFor<T>) -> Weight {
		let max = T::MaxStaleChecksPerBlock::get();
		if max == 0 || AgentCount::<T>::get() == 0 {
			return T::WeightInfo::on_initialize_sweep(0);
		}
		let mut iter = match SweepCursor::<T>::get() {
			Some(last) => Agents::<T>::iter_from(Agents::<T>::hashed_key_for(last)),
			None => Agents::<T>::iter(),
		};
		let mut checked: u32 = 0;
		let mut last_seen = None;
		let mut exhausted = false;
		let mut went_stale: Vec<(AgentId, AgentRecordOf<T>)> = Vec::new();
		while checked < max {
			match iter.next() {
				Some((id, record)) => {
					checked = checked.saturating_add(1);
					last_seen = Some(id);
					if record.status == AgentStatus::Active &&
						Self::effective_status(&record, now) == AgentStatus::Stale
					{
						went_stale.push((id, record));
					}
				},
				None => {
					exhausted = true;
					break;
				},
			}
		}
		drop(iter);

		for (id, mut record) in went_stale {
			record.status = AgentStatus::Stale;
			let last_heartbeat = record.last_heartbeat;
			Agents::<T>::insert(id, record);
			Self::deposit_event(Event::AgentStale { id, last_heartbeat, block: now });
		}
		match (exhausted, last_seen) {
			(false, Some(id)) => SweepCursor::<T>::put(id),
			_ => SweepCursor::<T>::kill(),
		}
		T::WeightInfo::on_initialize_sweep(checked)
	}

	/// Checks the pallet's invariants (see the crate docs). Available to other crates' tests
	/// (`std`) and to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let now = Self::now();
		let next_id = NextAgentId::<T>::get();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut count: u64 = 0;
		for (id, record) in Agents::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(id < next_id, "agent id not below NextAgentId");
			let metadata = Metadata::<T>::get(id).ok_or("agent without metadata")?;
			ensure!(metadata.version == record.metadata_version, "metadata version mismatch");
			ensure!(AgentByKey::<T>::get(&record.agent_key) == Some(id), "agent key not indexed");
			ensure!(
				AgentsByOwner::<T>::get(&record.owner).contains(&id),
				"agent not in its owner's index"
			);
			let effective = Self::effective_status(&record, now);
			ensure!(
				record.status == effective ||
					(record.status == AgentStatus::Active && effective == AgentStatus::Stale),
				"stored status disagrees with the effective status"
			);
			ensure!(
				(record.status == AgentStatus::Jailed) == record.jailed_until.is_some(),
				"jailed status without jail term or vice versa"
			);
			let entry = bonds.entry(record.owner.clone()).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(record.bond);
		}
		ensure!(count == AgentCount::<T>::get(), "AgentCount mismatch");
		ensure!(Metadata::<T>::iter_keys().count() as u64 == count, "metadata count mismatch");

		let mut key_count: u64 = 0;
		for (key, id) in AgentByKey::<T>::iter() {
			key_count = key_count.saturating_add(1);
			let record = Agents::<T>::get(id).ok_or("agent key points to no agent")?;
			ensure!(record.agent_key == key, "agent key index points to the wrong agent");
		}
		ensure!(key_count == count, "agent key index count mismatch");

		let mut owned_count: u64 = 0;
		for (owner, ids) in AgentsByOwner::<T>::iter() {
			ensure!(!ids.is_empty(), "empty owner index kept in storage");
			for (i, id) in ids.iter().enumerate() {
				owned_count = owned_count.saturating_add(1);
				ensure!(
					!ids.iter().skip(i.saturating_add(1)).any(|x| x == id),
					"duplicate id in owner index"
				);
				let record = Agents::<T>::get(id).ok_or("owner index points to no agent")?;
				ensure!(record.owner == owner, "owner index points to another owner's agent");
			}
			let held = T::Currency::balance_on_hold(&Self::hold_reason(), &owner);
			let recorded = bonds.get(&owner).copied().unwrap_or_else(Zero::zero);
			ensure!(held == recorded, "held bond differs from the sum of recorded bonds");
		}
		ensure!(owned_count == count, "owner index count mismatch");
		if let Some(cursor) = SweepCursor::<T>::get() {
			ensure!(cursor < next_id, "sweep cursor beyond NextAgentId");
		}
		Ok(())
	}
}

impl<T: Config> AgentInspect<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn facts(id: AgentId) -> Option<AgentFactsOf<T>> {
		Agents::<T>::get(id).map(|record| Self::facts_of_record(record, Self::now()))
	}
}

impl<T: Config> AgentPenalties<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn seize_bond(
		id: AgentId,
		amount: BalanceOf<T>,
		to: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_seize_bond(id, amount, to)
	}

	fn set_jail(id: AgentId, until: Option<BlockNumberFor<T>>) -> DispatchResult {
		Self::do_set_jail(id, until)
	}

	fn top_up_bond(id: AgentId) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_top_up_bond(id)
	}
}
