//! # Proof-of-agency pallet
//!
//! Receipts of agent actions, attested by bonded verifiers, and Merkle-root anchors of batches of
//! off-chain action logs (the *Receipt* lifecycle of `DESIGN.md`). It reads agents only through
//! [`AgentInspect`] (the agent registry), reports outcomes only through [`ReputationSink`] (the
//! reputation pallet) and implements [`ReceiptInspect`] (escrow deliverables may reference a
//! receipt).
//!
//! ## Lifecycle of a receipt
//!
//! - [`Pallet::record_receipt`] (signed by the agent's key or its owner): the agent must be
//!   registered and neither [`AgentStatus::Jailed`] nor [`AgentStatus::Unbonding`]. The receipt
//!   carries the action kind, input and output hashes, an optional [`ReceiptContext`] (an escrow or
//!   a studio) and an optional hash of an execution-environment (TEE) attestation. It is `Pending`
//!   until its deadline: the first block at or after `now + AttestationPeriod` whose deadline queue
//!   has room ([`Config::MaxDeadlinesPerBlock`]), looking at most [`MAX_DEADLINE_SCAN`] blocks
//!   ahead (a full queue spills the receipt to a later block).
//! - [`Pallet::register_verifier`] holds [`Config::VerifierBond`] from the signer under
//!   [`HoldReason::VerifierBond`]; [`Pallet::deregister_verifier`] releases it. Attestations a
//!   verifier already made keep counting after it leaves.
//! - [`Pallet::attest`] (a registered verifier that is neither the agent's owner nor its key, once
//!   per receipt) attests the action valid or invalid. The attestation that brings either side to
//!   [`Config::Quorum`] finalizes the receipt as [`ReceiptStatus::Verified`] or
//!   [`ReceiptStatus::Rejected`], reports it through [`ReputationSink::receipt_finalized`] and
//!   prunes it.
//! - Expiry ([`Hooks::on_initialize`]): every receipt whose deadline is the current block becomes
//!   [`ReceiptStatus::Expired`] and is pruned; expiries are not reported to reputation. Per block
//!   at most [`Config::MaxDeadlinesPerBlock`] receipts expire, accounted in the block's weight.
//!
//! ## Pruning
//!
//! A finalized (verified, rejected or expired) receipt leaves [`Receipts`], its attestations leave
//! [`Attestations`] and its id leaves its deadline queue; its full history stays in the events
//! ([`Event::ReceiptRecorded`], [`Event::Attested`], [`Event::ReceiptFinalized`],
//! [`Event::ReceiptExpired`]). Only a compact outcome is kept forever in [`Outcomes`] so that
//! [`ReceiptInspect`] keeps answering: a 9-byte value (`AgentId` 8 bytes + `ReceiptStatus` 1
//! byte) under a 48-byte key (32-byte prefix + `Twox64Concat` of the 8-byte id), about 10 bytes of
//! payload per finalized receipt.
//!
//! ## Anchors
//!
//! [`Pallet::anchor`] (the agent's key or owner) stores the Merkle root of a batch of
//! `leaf_count` off-chain action-log leaves under a fresh [`AnchorId`]. Anyone checks a leaf with
//! [`Pallet::verify_leaf`] (meant for a runtime API). The tree is the one of the
//! `binary-merkle-tree` crate with [`BlakeTwo256`]:
//!
//! - a leaf is a 32-byte [`H256`] (typically the hash of one log entry); the tree hashes it once
//!   more: the leaf node is `blake2_256(leaf.as_bytes())`;
//! - an inner node is `blake2_256(left ++ right)`, leaves are not sorted, and the last node of an
//!   odd row is promoted unchanged to the row above;
//! - the root is `binary_merkle_tree::merkle_root::<BlakeTwo256, _>(leaves)` over the leaves'
//!   32-byte encodings, and a proof is the `proof` field of
//!   `binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(leaves, index)`.
//!
//! ## Funds
//!
//! A verifier's balance on hold for [`HoldReason::VerifierBond`] always equals its recorded bond
//! in [`Verifiers`] (checked by `try_state`). Bonds only move between the verifier's free balance
//! and the hold; nothing is minted, burned or slashed here.
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
	agency::{AnchorId, ReceiptInspect, ReceiptStatus, ReputationSink},
	agent::{AgentFacts, AgentId, AgentInspect, AgentStatus},
	settlement::{EscrowId, ReceiptId},
};
pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	binary_merkle_tree,
	frame_support::{
		self,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::Precision,
		},
	},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,
	sp_runtime::{
		traits::{BlakeTwo256, Saturating, Zero},
		DispatchError, SaturatedConversion,
	},
};
use scale_info::TypeInfo;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::proof-of-agency";

/// How many consecutive blocks, starting at `now + AttestationPeriod`, `record_receipt` inspects
/// for a deadline queue with room before it gives up with [`Error::DeadlineQueuesFull`].
pub const MAX_DEADLINE_SCAN: u32 = 16;

/// Longest Merkle proof [`Pallet::verify_leaf`] accepts: a tree of at most `u32::MAX` leaves is at
/// most 32 levels deep.
pub const MAX_PROOF_LEN: usize = 32;

/// Balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The action kind of a receipt (e.g. `b"llm.completion"`), bounded by [`Config::MaxKindLen`].
pub type KindOf<T> = BoundedVec<u8, <T as Config>::MaxKindLen>;

/// A receipt as this pallet's configuration spells it.
pub type ReceiptOf<T> = Receipt<BlockNumberFor<T>, KindOf<T>>;

/// Agent facts as this pallet's configuration spells them.
pub type AgentFactsOf<T> =
	AgentFacts<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// An anchor as this pallet's configuration spells it.
pub type AnchorOf<T> = AnchorRecord<BlockNumberFor<T>>;

/// What an action was done for.
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
pub enum ReceiptContext {
	/// A job escrowed by the escrow pallet.
	Escrow(EscrowId),
	/// A studio (a collaborative workspace of agents).
	Studio(u64),
}

/// A pending receipt. Finalized receipts are pruned (see the crate docs).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Receipt<BlockNumber, Kind> {
	/// The agent that performed the action.
	pub agent: AgentId,
	/// The kind of action.
	pub kind: Kind,
	/// Hash of the action's input.
	pub input_hash: H256,
	/// Hash of the action's output.
	pub output_hash: H256,
	/// What the action was done for, if anything.
	pub context: Option<ReceiptContext>,
	/// Hash of an execution-environment (TEE) attestation of the action, if any.
	pub tee_attestation: Option<H256>,
	/// Block the receipt was recorded at.
	pub recorded_at: BlockNumber,
	/// Block at whose start the receipt expires if no quorum was reached.
	pub deadline: BlockNumber,
	/// Attestations that the action is valid.
	pub valid: u32,
	/// Attestations that the action is invalid.
	pub invalid: u32,
}

/// The Merkle root of a batch of off-chain action logs of an agent.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AnchorRecord<BlockNumber> {
	/// The agent whose logs these are.
	pub agent: AgentId,
	/// Root of the binary Merkle tree (see the crate docs for the scheme).
	pub root: H256,
	/// Number of leaves of the tree.
	pub leaf_count: u32,
	/// Block the root was anchored at.
	pub anchored_at: BlockNumber,
}

/// Sets up state for the benchmarks (the runtime implements it with the agent registry).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` agent with a funded owner; returns the agent id, its owner and its
	/// agent key.
	fn setup_agent(seed: u32) -> (AgentId, AccountId, AccountId);
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
		/// The bond of a registered verifier.
		VerifierBond,
	}

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency the verifier bond is held in (the same as the agent registry's).
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The agent registry.
		type Agents: AgentInspect<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// Where verified and rejected receipts are reported (the reputation pallet).
		type Reputation: ReputationSink<Self::AccountId, BalanceOf<Self>>;

		/// Bond held from each registered verifier.
		#[pallet::constant]
		type VerifierBond: Get<BalanceOf<Self>>;

		/// Matching attestations (valid, or invalid) that finalize a receipt.
		#[pallet::constant]
		type Quorum: Get<u32>;

		/// Maximum attestations per receipt; at least `2 * Quorum - 1`, so a receipt always
		/// reaches a quorum on one side before it runs out of room.
		#[pallet::constant]
		type MaxAttestations: Get<u32>;

		/// Blocks verifiers have to reach a quorum before a receipt expires.
		#[pallet::constant]
		type AttestationPeriod: Get<BlockNumberFor<Self>>;

		/// Maximum number of receipts whose deadline falls in one block (bounds the expiry work
		/// of `on_initialize`).
		#[pallet::constant]
		type MaxDeadlinesPerBlock: Get<u32>;

		/// Maximum length of a receipt's action kind.
		#[pallet::constant]
		type MaxKindLen: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Benchmark set-up.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Pending receipts by id.
	#[pallet::storage]
	pub type Receipts<T: Config> = StorageMap<_, Twox64Concat, ReceiptId, ReceiptOf<T>>;

	/// The id the next receipt gets. Ids are never reused.
	#[pallet::storage]
	pub type NextReceiptId<T: Config> = StorageValue<_, ReceiptId, ValueQuery>;

	/// Attestations of pending receipts: `(receipt, verifier) -> valid`. At most
	/// [`Config::MaxAttestations`] per receipt (the receipt's counters bound them); cleared when
	/// the receipt is finalized.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ReceiptId,
		Blake2_128Concat,
		T::AccountId,
		bool,
		OptionQuery,
	>;

	/// Outcome of every finalized receipt: its agent and final status. Kept after the receipt is
	/// pruned (see the crate docs for its cost).
	#[pallet::storage]
	pub type Outcomes<T: Config> = StorageMap<_, Twox64Concat, ReceiptId, (AgentId, ReceiptStatus)>;

	/// Pending receipts expiring at the start of a block, in the order they were recorded.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ReceiptId, T::MaxDeadlinesPerBlock>,
		ValueQuery,
	>;

	/// Registered verifiers and the bond held from each.
	#[pallet::storage]
	pub type Verifiers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>>;

	/// Anchored batch roots by id.
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageMap<_, Twox64Concat, AnchorId, AnchorOf<T>>;

	/// The id the next anchor gets. Ids are never reused.
	#[pallet::storage]
	pub type NextAnchorId<T: Config> = StorageValue<_, AnchorId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An agent recorded a receipt of an action.
		ReceiptRecorded {
			id: ReceiptId,
			agent: AgentId,
			/// The signer (the agent's key or its owner).
			recorder: T::AccountId,
			kind: KindOf<T>,
			input_hash: H256,
			output_hash: H256,
			context: Option<ReceiptContext>,
			tee_attestation: Option<H256>,
			/// The receipt expires at the start of this block without a quorum.
			deadline: BlockNumberFor<T>,
		},
		/// A verifier attested a receipt.
		Attested { id: ReceiptId, verifier: T::AccountId, valid: bool },
		/// A receipt reached a quorum: `status` is `Verified` or `Rejected`. It was reported to
		/// reputation and pruned.
		ReceiptFinalized {
			id: ReceiptId,
			agent: AgentId,
			status: ReceiptStatus,
			valid: u32,
			invalid: u32,
		},
		/// A receipt reached its deadline without a quorum and was pruned.
		ReceiptExpired { id: ReceiptId, agent: AgentId, valid: u32, invalid: u32 },
		/// An account registered as a verifier; its bond is held.
		VerifierRegistered { who: T::AccountId, bond: BalanceOf<T> },
		/// A verifier left; its bond was released.
		VerifierDeregistered { who: T::AccountId, bond: BalanceOf<T> },
		/// An agent anchored the Merkle root of a batch of off-chain action logs.
		Anchored {
			id: AnchorId,
			agent: AgentId,
			/// The signer (the agent's key or its owner).
			by: T::AccountId,
			root: H256,
			leaf_count: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No agent with this id.
		UnknownAgent,
		/// The signer is neither the agent's key nor its owner.
		NotAgentController,
		/// The agent is jailed.
		AgentJailed,
		/// The agent is unbonding (deregistered).
		AgentUnbonding,
		/// The action kind is empty.
		EmptyKind,
		/// Every deadline queue within reach is full; try again in a later block.
		DeadlineQueuesFull,
		/// Receipt ids are exhausted.
		NoMoreReceiptIds,
		/// The signer is already a registered verifier.
		AlreadyVerifier,
		/// The signer is not a registered verifier.
		NotVerifier,
		/// The signer's free balance cannot cover the verifier bond.
		InsufficientBalance,
		/// No receipt with this id was ever recorded.
		UnknownReceipt,
		/// The receipt is already finalized (verified, rejected or expired).
		ReceiptFinalized,
		/// The agent's owner or key cannot attest its own receipts.
		SelfAttestation,
		/// The verifier already attested this receipt.
		AlreadyAttested,
		/// The receipt has [`Config::MaxAttestations`] attestations.
		TooManyAttestations,
		/// A batch must have at least one leaf.
		EmptyBatch,
		/// Anchor ids are exhausted.
		NoMoreAnchorIds,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::expire_due(now)
		}

		fn integrity_test() {
			assert!(T::Quorum::get() > 0, "Quorum must be positive");
			assert!(
				T::MaxAttestations::get() >= T::Quorum::get().saturating_mul(2).saturating_sub(1),
				"MaxAttestations must be at least 2 * Quorum - 1"
			);
			assert!(!T::AttestationPeriod::get().is_zero(), "AttestationPeriod must be positive");
			assert!(T::MaxDeadlinesPerBlock::get() > 0, "MaxDeadlinesPerBlock must be positive");
			assert!(T::MaxKindLen::get() > 0, "MaxKindLen must be positive");
			assert!(!T::VerifierBond::get().is_zero(), "VerifierBond must be positive");
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
		/// Records a receipt of an action of `agent` (signed by the agent's key or its owner);
		/// see the crate docs.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::record_receipt())]
		pub fn record_receipt(
			origin: OriginFor<T>,
			agent: AgentId,
			kind: KindOf<T>,
			input_hash: H256,
			output_hash: H256,
			context: Option<ReceiptContext>,
			tee_attestation: Option<H256>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record(who, agent, kind, input_hash, output_hash, context, tee_attestation)
				.map(|_| ())
		}

		/// Registers the signer as a verifier, holding [`Config::VerifierBond`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_verifier())]
		pub fn register_verifier(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Verifiers::<T>::contains_key(&who), Error::<T>::AlreadyVerifier);
			let bond = T::VerifierBond::get();
			T::Currency::hold(&Self::hold_reason(), &who, bond)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			Verifiers::<T>::insert(&who, bond);
			Self::deposit_event(Event::VerifierRegistered { who, bond });
			Ok(())
		}

		/// Deregisters the signer as a verifier and releases its bond.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::deregister_verifier())]
		pub fn deregister_verifier(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let bond = Verifiers::<T>::get(&who).ok_or(Error::<T>::NotVerifier)?;
			let released =
				T::Currency::release(&Self::hold_reason(), &who, bond, Precision::BestEffort)?;
			Verifiers::<T>::remove(&who);
			Self::deposit_event(Event::VerifierDeregistered { who, bond: released });
			Ok(())
		}

		/// Attests pending receipt `id` as `valid` or not (a registered verifier, neither the
		/// agent's owner nor its key, once per receipt). Reaching the quorum finalizes it.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::attest().saturating_add(T::Reputation::outcome_weight()))]
		pub fn attest(origin: OriginFor<T>, id: ReceiptId, valid: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_attest(who, id, valid)
		}

		/// Anchors the Merkle `root` of a batch of `leaf_count` off-chain action-log leaves of
		/// `agent` (signed by the agent's key or its owner).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::anchor())]
		pub fn anchor(
			origin: OriginFor<T>,
			agent: AgentId,
			root: H256,
			leaf_count: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_anchor(who, agent, root, leaf_count).map(|_| ())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Pending receipt `id`.
		pub fn pending_receipt(id: ReceiptId) -> Option<ReceiptOf<T>> {
			Receipts::<T>::get(id)
		}

		/// The agent and status of receipt `id` (pending or finalized).
		pub fn status(id: ReceiptId) -> Option<(AgentId, ReceiptStatus)> {
			Self::receipt_status(id)
		}

		/// Anchor `id`.
		pub fn anchor_record(id: AnchorId) -> Option<AnchorOf<T>> {
			Anchors::<T>::get(id)
		}
	}
}

impl<T: Config> Event<T> {
	/// The agent this event names, if any (attestations and verifier changes name none).
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::ReceiptRecorded { agent, .. } |
			Self::ReceiptFinalized { agent, .. } |
			Self::ReceiptExpired { agent, .. } |
			Self::Anchored { agent, .. } => Some(*agent),
			_ => None,
		}
	}
}

impl<T: Config> Pallet<T> {
	fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::VerifierBond.into()
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The agent and status of receipt `id`: `Pending` while it is in [`Receipts`], its final
	/// status once finalized; `None` if it was never recorded. For the runtime API.
	pub fn receipt_status(id: ReceiptId) -> Option<(AgentId, ReceiptStatus)> {
		match Receipts::<T>::get(id) {
			Some(r) => Some((r.agent, ReceiptStatus::Pending)),
			None => Outcomes::<T>::get(id),
		}
	}

	/// Whether `leaf` is the leaf at `index` of the batch anchored as `anchor`, given the sibling
	/// hashes `proof` (see the crate docs for the tree). `false` for an unknown anchor, an index
	/// outside the batch or a proof longer than [`MAX_PROOF_LEN`]. For the runtime API.
	pub fn verify_leaf(anchor: AnchorId, leaf: H256, index: u32, proof: Vec<H256>) -> bool {
		let Some(record) = Anchors::<T>::get(anchor) else { return false };
		if proof.len() > MAX_PROOF_LEN || index >= record.leaf_count {
			return false;
		}
		binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			&record.root,
			proof,
			record.leaf_count,
			index,
			&leaf,
		)
	}

	/// Checks that `who` controls agent `agent` (its key or owner) and that the agent may act
	/// (registered, neither jailed nor unbonding).
	fn ensure_controller(
		who: &T::AccountId,
		agent: AgentId,
	) -> Result<AgentFactsOf<T>, DispatchError> {
		let facts = T::Agents::facts(agent).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(facts.agent_key == *who || facts.owner == *who, Error::<T>::NotAgentController);
		match facts.status {
			AgentStatus::Jailed => Err(Error::<T>::AgentJailed.into()),
			AgentStatus::Unbonding => Err(Error::<T>::AgentUnbonding.into()),
			AgentStatus::Active | AgentStatus::Stale | AgentStatus::Underbonded => Ok(facts),
		}
	}

	/// The deadline a receipt recorded at `now` gets: the first block at or after
	/// `now + AttestationPeriod` with room in its queue, within [`MAX_DEADLINE_SCAN`] blocks.
	pub fn next_free_deadline(now: BlockNumberFor<T>) -> Result<BlockNumberFor<T>, DispatchError> {
		let first = now.saturating_add(T::AttestationPeriod::get());
		let max = T::MaxDeadlinesPerBlock::get() as usize;
		for offset in 0..MAX_DEADLINE_SCAN {
			let block = first.saturating_add(offset.into());
			if Deadlines::<T>::decode_len(block).unwrap_or(0) < max {
				return Ok(block);
			}
		}
		Err(Error::<T>::DeadlineQueuesFull.into())
	}

	/// Records a receipt signed by `who` (see [`Pallet::record_receipt`]); returns its id.
	pub fn do_record(
		who: T::AccountId,
		agent: AgentId,
		kind: KindOf<T>,
		input_hash: H256,
		output_hash: H256,
		context: Option<ReceiptContext>,
		tee_attestation: Option<H256>,
	) -> Result<ReceiptId, DispatchError> {
		Self::ensure_controller(&who, agent)?;
		ensure!(!kind.is_empty(), Error::<T>::EmptyKind);
		let now = Self::now();
		let deadline = Self::next_free_deadline(now)?;
		let id = NextReceiptId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreReceiptIds)?;
		Deadlines::<T>::try_mutate(deadline, |queue| queue.try_push(id))
			.map_err(|_| Error::<T>::DeadlineQueuesFull)?;
		Receipts::<T>::insert(
			id,
			Receipt {
				agent,
				kind: kind.clone(),
				input_hash,
				output_hash,
				context,
				tee_attestation,
				recorded_at: now,
				deadline,
				valid: 0,
				invalid: 0,
			},
		);
		NextReceiptId::<T>::put(next_id);
		Self::deposit_event(Event::ReceiptRecorded {
			id,
			agent,
			recorder: who,
			kind,
			input_hash,
			output_hash,
			context,
			tee_attestation,
			deadline,
		});
		Ok(id)
	}

	/// Attestation of receipt `id` by `who` (see [`Pallet::attest`]).
	pub fn do_attest(who: T::AccountId, id: ReceiptId, valid: bool) -> DispatchResult {
		ensure!(Verifiers::<T>::contains_key(&who), Error::<T>::NotVerifier);
		let mut receipt = match Receipts::<T>::get(id) {
			Some(r) => r,
			None if Outcomes::<T>::contains_key(id) =>
				return Err(Error::<T>::ReceiptFinalized.into()),
			None => return Err(Error::<T>::UnknownReceipt.into()),
		};
		let facts = T::Agents::facts(receipt.agent).ok_or(Error::<T>::UnknownAgent)?;
		ensure!(facts.owner != who && facts.agent_key != who, Error::<T>::SelfAttestation);
		ensure!(!Attestations::<T>::contains_key(id, &who), Error::<T>::AlreadyAttested);
		ensure!(
			receipt.valid.saturating_add(receipt.invalid) < T::MaxAttestations::get(),
			Error::<T>::TooManyAttestations
		);
		if valid {
			receipt.valid = receipt.valid.saturating_add(1);
		} else {
			receipt.invalid = receipt.invalid.saturating_add(1);
		}
		Self::deposit_event(Event::Attested { id, verifier: who.clone(), valid });

		let quorum = T::Quorum::get();
		let verdict = if receipt.valid >= quorum {
			Some(true)
		} else if receipt.invalid >= quorum {
			Some(false)
		} else {
			None
		};
		match verdict {
			None => {
				Attestations::<T>::insert(id, &who, valid);
				Receipts::<T>::insert(id, receipt);
			},
			Some(verified) => {
				let status =
					if verified { ReceiptStatus::Verified } else { ReceiptStatus::Rejected };
				Self::prune(id, &receipt, status, true);
				T::Reputation::receipt_finalized(receipt.agent, id, verified);
				Self::deposit_event(Event::ReceiptFinalized {
					id,
					agent: receipt.agent,
					status,
					valid: receipt.valid,
					invalid: receipt.invalid,
				});
			},
		}
		Ok(())
	}

	/// Removes finalized receipt `id` (its record, attestations and, if `from_deadline_queue`,
	/// its queue entry) and records its outcome.
	fn prune(
		id: ReceiptId,
		receipt: &ReceiptOf<T>,
		status: ReceiptStatus,
		from_deadline_queue: bool,
	) {
		Receipts::<T>::remove(id);
		let _ = Attestations::<T>::clear_prefix(id, T::MaxAttestations::get(), None);
		if from_deadline_queue {
			Deadlines::<T>::mutate_exists(receipt.deadline, |queue| {
				if let Some(q) = queue {
					q.retain(|x| *x != id);
					if q.is_empty() {
						*queue = None;
					}
				}
			});
		}
		Outcomes::<T>::insert(id, (receipt.agent, status));
	}

	/// Anchors a batch root signed by `who` (see [`Pallet::anchor`]); returns its id.
	pub fn do_anchor(
		who: T::AccountId,
		agent: AgentId,
		root: H256,
		leaf_count: u32,
	) -> Result<AnchorId, DispatchError> {
		Self::ensure_controller(&who, agent)?;
		ensure!(leaf_count > 0, Error::<T>::EmptyBatch);
		let id = NextAnchorId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreAnchorIds)?;
		Anchors::<T>::insert(
			id,
			AnchorRecord { agent, root, leaf_count, anchored_at: Self::now() },
		);
		NextAnchorId::<T>::put(next_id);
		Self::deposit_event(Event::Anchored { id, agent, by: who, root, leaf_count });
		Ok(id)
	}

	/// Expires every receipt whose deadline is `now`; returns the weight used.
	pub fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let due = Deadlines::<T>::take(now);
		let count: u32 = due.len().saturated_into();
		for id in due {
			match Receipts::<T>::get(id) {
				Some(receipt) => {
					Self::prune(id, &receipt, ReceiptStatus::Expired, false);
					Self::deposit_event(Event::ReceiptExpired {
						id,
						agent: receipt.agent,
						valid: receipt.valid,
						invalid: receipt.invalid,
					});
				},
				None => {
					log::error!(target: LOG_TARGET, "receipt {id} queued at {now:?} is gone");
				},
			}
		}
		T::WeightInfo::on_initialize_expire(count)
	}

	/// Checks the pallet's invariants: held bonds equal the verifiers' recorded bonds; every
	/// pending receipt is in exactly its deadline's queue (and only pending receipts are queued);
	/// attestation counters match the attestation map (and only pending receipts have
	/// attestations); no receipt is both pending and finalized; ids are below the next ids.
	/// Available to other crates' tests (`std`) and to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let now = Self::now();
		let next_id = NextReceiptId::<T>::get();
		let quorum = T::Quorum::get();

		let mut pending: u64 = 0;
		for (id, r) in Receipts::<T>::iter() {
			pending = pending.saturating_add(1);
			ensure!(id < next_id, "receipt id not below NextReceiptId");
			ensure!(!Outcomes::<T>::contains_key(id), "receipt both pending and finalized");
			ensure!(r.deadline > now, "receipt past its deadline still pending");
			ensure!(r.recorded_at < r.deadline, "deadline not after the recording block");
			ensure!(r.valid < quorum && r.invalid < quorum, "pending receipt reached a quorum");
			ensure!(
				r.valid.saturating_add(r.invalid) <= T::MaxAttestations::get(),
				"too many attestations"
			);
			let queue = Deadlines::<T>::get(r.deadline);
			ensure!(
				queue.iter().filter(|x| **x == id).count() == 1,
				"receipt not exactly once in its deadline queue"
			);
			let (mut valid, mut invalid) = (0u32, 0u32);
			for (_, v) in Attestations::<T>::iter_prefix(id) {
				if v {
					valid = valid.saturating_add(1);
				} else {
					invalid = invalid.saturating_add(1);
				}
			}
			ensure!(valid == r.valid && invalid == r.invalid, "attestation counters mismatch");
		}

		let mut queued: u64 = 0;
		for (block, queue) in Deadlines::<T>::iter() {
			ensure!(!queue.is_empty(), "empty deadline queue kept in storage");
			for id in queue.iter() {
				queued = queued.saturating_add(1);
				let r = Receipts::<T>::get(id).ok_or("deadline queue points to no receipt")?;
				ensure!(r.deadline == block, "receipt queued at another block than its deadline");
			}
		}
		ensure!(queued == pending, "deadline queue count mismatch");

		for (id, _, _) in Attestations::<T>::iter() {
			ensure!(Receipts::<T>::contains_key(id), "attestation of a receipt not pending");
		}
		for (id, (_, status)) in Outcomes::<T>::iter() {
			ensure!(id < next_id, "outcome id not below NextReceiptId");
			ensure!(status != ReceiptStatus::Pending, "outcome recorded as pending");
		}
		let next_anchor = NextAnchorId::<T>::get();
		for (id, a) in Anchors::<T>::iter() {
			ensure!(id < next_anchor, "anchor id not below NextAnchorId");
			ensure!(a.leaf_count > 0, "anchor of an empty batch");
		}

		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (who, bond) in Verifiers::<T>::iter() {
			ensure!(!bond.is_zero(), "verifier without a bond");
			bonds.insert(who, bond);
		}
		for (who, bond) in bonds {
			let held = T::Currency::balance_on_hold(&Self::hold_reason(), &who);
			ensure!(held == bond, "held verifier bond differs from the recorded bond");
		}
		Ok(())
	}
}

impl<T: Config> ReceiptInspect for Pallet<T> {
	fn receipt(id: ReceiptId) -> Option<(AgentId, ReceiptStatus)> {
		Self::receipt_status(id)
	}
}
