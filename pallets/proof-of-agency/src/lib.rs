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
//!   registered and neither [`AgentStatus::Jailed`], [`AgentStatus::Unbonding`] nor
//!   [`AgentStatus::Underbonded`] (an agent with less than the minimum bond at stake earns no
//!   evidence; anchoring its off-chain batches stays open to it). The receipt
//!   carries the action kind, input and output hashes, an optional [`ReceiptContext`] (an escrow or
//!   a studio) and an optional hash of an execution-environment (TEE) attestation. It is `Pending`
//!   until its deadline: the first block at or after `now + AttestationPeriod` whose deadline queue
//!   has room ([`Config::MaxDeadlinesPerBlock`]), looking at most [`MAX_DEADLINE_SCAN`] blocks
//!   ahead (a full queue spills the receipt to a later block).
//! - Committee: at the start of a later block ([`Hooks::on_initialize`]) the receipt gets a
//!   committee of up to [`Config::CommitteeSize`] verifiers, drawn from the verifiers in the
//!   draw ([`VerifierSlots`]) other than the agent's owner and key. The draw is seeded by
//!   [`Config::CommitteeRandomness`] determined more than [`Config::RandomnessLookahead`] after
//!   the newest randomness at the recording (in the runtime: relay-chain randomness from a relay
//!   block that did not exist when the receipt's block was built), so neither the recorder nor
//!   the collator that included the receipt can know or grind its committee. At most
//!   [`Config::MaxReceiptsPerBlock`] receipts are recorded, and as many committees drawn, per
//!   block; at most [`Config::MaxUndrawn`] wait (while randomness stalls, recording fails with
//!   [`Error::CommitteeDrawsBehind`]).
//! - [`Pallet::attest`] (a member of the receipt's committee, once) attests the action valid or
//!   invalid. The attestation that brings either side to the committee's quorum (a strict
//!   majority) finalizes the receipt as [`ReceiptStatus::Verified`] or
//!   [`ReceiptStatus::Rejected`], reports it through [`ReputationSink::receipt_finalized`] and
//!   prunes it. Every member who attested the other way loses [`Config::VerifierPenalty`] of
//!   its bond to [`Config::Treasury`] and leaves the draw.
//! - Expiry ([`Hooks::on_initialize`]): every receipt whose deadline is the current block becomes
//!   [`ReceiptStatus::Expired`] and is pruned; expiries are not reported to reputation. Per block
//!   at most [`Config::MaxDeadlinesPerBlock`] receipts expire, accounted in the block's weight.
//!
//! ## Verifiers
//!
//! [`Pallet::register_verifier`] holds [`Config::VerifierBond`] from the signer under
//! [`HoldReason::VerifierBond`] and puts it in the draw. [`Pallet::deregister_verifier`] takes it
//! out of the draw and starts [`Config::VerifierUnbondingPeriod`] (longer than any receipt can
//! stay pending); [`Pallet::withdraw_verifier_bond`] releases the bond after it. Until then the
//! verifier still attests for the committees it is on, and its bond still answers for them: a
//! bought quorum can neither be cashed out at once nor be drawn at will (`docs/security.md`).
//!
//! ## Pruning
//!
//! A finalized (verified, rejected or expired) receipt leaves [`Receipts`], its attestations leave
//! [`Attestations`] and its id leaves its deadline queue; its full history stays in the events
//! ([`Event::ReceiptRecorded`], [`Event::Attested`], [`Event::ReceiptFinalized`],
//! [`Event::ReceiptExpired`]). A compact outcome stays in [`Outcomes`] (agent, final status and
//! recording block) so that [`ReceiptInspect`] keeps answering, until
//! [`Config::OutcomeRetention`] blocks after the receipt was recorded: then `on_initialize`
//! forgets it, in id order from [`OutcomeCursor`], at most twice as many per block as a block
//! may record, never passing a pending receipt. A receipt's state thus lives a bounded time,
//! whatever its recorder paid.
//!
//! ## Anchors
//!
//! [`Pallet::anchor`] (the agent's key or owner) stores the Merkle root of a batch of
//! `leaf_count` off-chain action-log leaves under a fresh [`AnchorId`], holding
//! [`Config::AnchorDeposit`] from the signer under [`HoldReason::AnchorDeposit`] until the signer
//! removes it ([`Pallet::remove_anchor`]). Anyone checks a leaf with
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
//! in [`Verifiers`], and an account's hold for [`HoldReason::AnchorDeposit`] the deposits of its
//! anchors (checked by `try_state`). Bonds move between the verifier's free balance and
//! the hold, and penalties move from the hold to [`Config::Treasury`]; nothing is minted or
//! burned.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod anchors;
mod attestation;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod committee;
mod events;
mod expiry;
mod impls;
#[cfg(any(test, feature = "std", feature = "try-runtime"))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
mod outcomes;
#[cfg(test)]
mod proptests;
mod receipts;
#[cfg(test)]
mod tests;
mod types;
mod verifiers;
pub mod weights;

pub use chaoscore_primitives::{
	agency::{AnchorId, ReceiptInspect, ReceiptStatus, ReputationSink},
	agent::{AgentFacts, AgentId, AgentInspect, AgentStatus},
	settlement::{EscrowId, ReceiptId},
};
pub use pallet::*;
pub use types::*;
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
			tokens::{Fortitude, Precision, Restriction},
			Randomness,
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

/// How many consecutive blocks, from the earliest allowed deadline, are inspected for a
/// deadline queue with room before [`Error::DeadlineQueuesFull`].
pub use chaoscore_primitives::deadlines::MAX_DEADLINE_SCAN;

/// Longest Merkle proof [`Pallet::verify_leaf`] accepts: a tree of at most `u32::MAX` leaves is at
/// most 32 levels deep.
pub const MAX_PROOF_LEN: usize = 32;

/// Sets up state for the benchmarks (the runtime implements it with the agent registry).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` agent with a funded owner; returns the agent id, its owner and its
	/// agent key.
	fn setup_agent(seed: u32) -> (AgentId, AccountId, AccountId);

	/// Makes the committee randomness one determined more than `lookahead` after the current
	/// one, as if that much time had passed on its clock.
	fn advance_committee_randomness(lookahead: u32);
}

#[frame_support::pallet_macros::import_section(events::events)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond of a registered verifier.
		VerifierBond,
		/// The deposit of a pending receipt, returned when it is finalized or expires.
		ReceiptDeposit,
		/// The deposit of an anchor, returned when it is removed.
		AnchorDeposit,
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

		/// Verifiers drawn to attest each receipt (fewer while fewer can be drawn); a strict
		/// majority of a receipt's committee finalizes it.
		#[pallet::constant]
		type CommitteeSize: Get<u32>;

		/// Maximum number of verifiers in the draw.
		#[pallet::constant]
		type MaxVerifiers: Get<u32>;

		/// Maximum number of receipts recorded in one block, and of committees drawn in one.
		#[pallet::constant]
		type MaxReceiptsPerBlock: Get<u32>;

		/// Maximum number of receipts waiting for their committees; at least
		/// [`Config::MaxReceiptsPerBlock`] times the blocks a draw waits for its randomness.
		#[pallet::constant]
		type MaxUndrawn: Get<u32>;

		/// Randomness for committee draws, with when it was determined (on the source's own
		/// clock, e.g. relay-chain block numbers: the pallet compares it only with itself). The
		/// runtime takes the relay chain's per-block BABE randomness.
		type CommitteeRandomness: Randomness<Self::Hash, BlockNumberFor<Self>>;

		/// How much later than the newest randomness at a receipt's recording the randomness
		/// that draws its committee must be determined: more than the age of any randomness a
		/// block author may choose to build on (for a parachain, the oldest allowed relay
		/// parent), so that neither the recorder nor the author of its block can know its
		/// committee.
		#[pallet::constant]
		type RandomnessLookahead: Get<BlockNumberFor<Self>>;

		/// Maximum number of pending receipts of one agent: no agent takes all of the shared
		/// deadline queues and per-block room.
		#[pallet::constant]
		type MaxPendingPerAgent: Get<u32>;

		/// Held from whoever records a receipt until it is finalized or expires.
		#[pallet::constant]
		type ReceiptDeposit: Get<BalanceOf<Self>>;

		/// Blocks between a verifier leaving the draw and the release of its bond; longer than
		/// a receipt can stay pending, so the bond answers for every committee it sat on.
		#[pallet::constant]
		type VerifierUnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// What a verifier loses for attesting against a receipt's final outcome.
		#[pallet::constant]
		type VerifierPenalty: Get<BalanceOf<Self>>;

		/// Where penalties go.
		type Treasury: Get<Self::AccountId>;

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

		/// Blocks after a receipt was recorded during which its outcome is kept (and
		/// [`ReceiptInspect`] answers for it); then `on_initialize` removes it.
		#[pallet::constant]
		type OutcomeRetention: Get<BlockNumberFor<Self>>;

		/// Held from whoever anchors a batch root until the anchor is removed.
		#[pallet::constant]
		type AnchorDeposit: Get<BalanceOf<Self>>;

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

	/// Attestations of pending receipts: `(receipt, verifier) -> valid`, by members of the
	/// receipt's committee only (so at most [`Config::CommitteeSize`] per receipt); cleared when
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

	/// Outcome of every finalized receipt recorded less than [`Config::OutcomeRetention`] blocks
	/// ago: its agent, final status and recording block.
	#[pallet::storage]
	pub type Outcomes<T: Config> = StorageMap<_, Twox64Concat, ReceiptId, OutcomeOf<T>>;

	/// The lowest receipt id whose outcome may still be kept: `on_initialize` removes outcomes
	/// from here upwards once they are old enough.
	#[pallet::storage]
	pub type OutcomeCursor<T: Config> = StorageValue<_, ReceiptId, ValueQuery>;

	/// Pending receipts expiring at the start of a block, in the order they were recorded.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ReceiptId, T::MaxDeadlinesPerBlock>,
		ValueQuery,
	>;

	/// Registered verifiers (in the draw or unbonding) and the bond held from each.
	#[pallet::storage]
	pub type Verifiers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, VerifierOf<T>>;

	/// The draw: slots `0..VerifierCount` hold the verifiers committees are drawn from.
	#[pallet::storage]
	pub type VerifierSlots<T: Config> = StorageMap<_, Twox64Concat, u32, T::AccountId>;

	/// Number of verifiers in the draw.
	#[pallet::storage]
	pub type VerifierCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Number of pending receipts of each agent (absent: none).
	#[pallet::storage]
	pub type PendingPerAgent<T: Config> = StorageMap<_, Twox64Concat, AgentId, u32, ValueQuery>;

	/// Receipts waiting for their committees, in recording order. A block's `on_initialize`
	/// draws those whose randomness has come (see [`Config::RandomnessLookahead`]).
	#[pallet::storage]
	pub type Undrawn<T: Config> =
		StorageValue<_, BoundedVec<UndrawnOf<T>, T::MaxUndrawn>, ValueQuery>;

	/// Anchored batch roots by id.
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageMap<_, Twox64Concat, AnchorId, AnchorOf<T>>;

	/// The id the next anchor gets. Ids are never reused.
	#[pallet::storage]
	pub type NextAnchorId<T: Config> = StorageValue<_, AnchorId, ValueQuery>;

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::draw_due()
				.saturating_add(Self::expire_due(now))
				.saturating_add(Self::forget_outcomes(now))
		}

		fn integrity_test() {
			assert!(T::CommitteeSize::get() > 0, "CommitteeSize must be positive");
			assert!(T::MaxVerifiers::get() > 0, "MaxVerifiers must be positive");
			assert!(T::MaxReceiptsPerBlock::get() > 0, "MaxReceiptsPerBlock must be positive");
			assert!(T::MaxPendingPerAgent::get() > 0, "MaxPendingPerAgent must be positive");
			assert!(!T::AttestationPeriod::get().is_zero(), "AttestationPeriod must be positive");
			let longest_pending =
				T::AttestationPeriod::get().saturating_add(MAX_DEADLINE_SCAN.into());
			assert!(
				T::VerifierUnbondingPeriod::get() > longest_pending,
				"VerifierUnbondingPeriod must outlast every pending receipt"
			);
			assert!(T::MaxDeadlinesPerBlock::get() > 0, "MaxDeadlinesPerBlock must be positive");
			assert!(T::MaxKindLen::get() > 0, "MaxKindLen must be positive");
			assert!(!T::VerifierBond::get().is_zero(), "VerifierBond must be positive");
			let max_block = <T as frame_system::Config>::BlockWeights::get().max_block;
			let expiry = T::WeightInfo::on_initialize_expire(T::MaxDeadlinesPerBlock::get());
			assert!(
				expiry.all_lte(max_block / 10),
				"expiries may take at most 10% of a block; lower MaxDeadlinesPerBlock"
			);
			assert!(
				T::MaxUndrawn::get() >= T::MaxReceiptsPerBlock::get(),
				"MaxUndrawn must hold a block's receipts"
			);
			let draws = T::WeightInfo::on_initialize_draw(T::MaxReceiptsPerBlock::get());
			assert!(
				draws.all_lte(max_block / 10),
				"drawing committees may take at most 10% of a block; lower MaxReceiptsPerBlock"
			);
			assert!(
				T::OutcomeRetention::get() > longest_pending,
				"OutcomeRetention must outlast every pending receipt"
			);
			let forgetting = T::WeightInfo::on_initialize_forget(Self::max_forgotten_per_block());
			assert!(
				forgetting.all_lte(max_block / 20),
				"forgetting outcomes may take at most 5% of a block; lower MaxReceiptsPerBlock"
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
		/// Records a receipt of an action of `agent`; see the crate docs for its lifecycle.
		///
		/// Origin: signed by the agent's key or its owner. `agent`: the agent that acted, which
		/// must be registered, bonded at the minimum and neither jailed nor unbonding. `kind`: the action kind (not
		/// empty). `input_hash`, `output_hash`: hashes of the action's input and output.
		/// `context`: what the action was done for, if anything. `tee_attestation`: hash of an
		/// execution-environment attestation, if any.
		///
		/// Holds [`Config::ReceiptDeposit`] from the signer until the receipt is finalized or
		/// expires.
		///
		/// Emits [`Event::ReceiptRecorded`]; the next block emits [`Event::CommitteeDrawn`].
		/// Errors: [`Error::UnknownAgent`], [`Error::NotAgentController`], [`Error::AgentJailed`],
		/// [`Error::AgentUnbonding`], [`Error::AgentUnderbonded`], [`Error::EmptyKind`],
		/// [`Error::TooManyPendingReceipts`], [`Error::DeadlineQueuesFull`],
		/// [`Error::TooManyReceiptsThisBlock`], [`Error::NoMoreReceiptIds`],
		/// [`Error::InsufficientBalance`].
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

		/// Registers the signer as a verifier, holding [`Config::VerifierBond`] from its free
		/// balance under [`HoldReason::VerifierBond`], and puts it in the draw.
		///
		/// Origin: signed by the future verifier (not registered, nor still unbonding). No
		/// parameters.
		///
		/// Emits [`Event::VerifierRegistered`]. Errors: [`Error::AlreadyVerifier`],
		/// [`Error::TooManyVerifiers`], [`Error::InsufficientBalance`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_verifier())]
		pub fn register_verifier(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_verifier(who)
		}

		/// Takes the signer out of the draw and starts its [`Config::VerifierUnbondingPeriod`].
		/// It still attests for the committees it is on, and its bond stays held for them.
		///
		/// Origin: signed by a verifier in the draw. No parameters.
		///
		/// Emits [`Event::VerifierLeft`]. Errors: [`Error::NotVerifier`],
		/// [`Error::VerifierUnbonding`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::deregister_verifier())]
		pub fn deregister_verifier(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister_verifier(who)
		}

		/// Attests pending receipt `id` as valid or invalid, once per committee member. The
		/// attestation that brings either side to the committee's quorum finalizes the receipt,
		/// reports it through [`ReputationSink::receipt_finalized`], penalizes the members who
		/// attested the other way and prunes the receipt.
		///
		/// Origin: signed by a registered verifier on the receipt's committee (never the agent's
		/// owner or key). `id`: the pending receipt. `valid`: whether the action is valid.
		///
		/// Emits [`Event::Attested`]; on reaching the quorum [`Event::ReceiptFinalized`], and
		/// [`Event::VerifierPenalized`] and [`Event::VerifierLeft`] per member on the losing
		/// side. Errors: [`Error::NotVerifier`], [`Error::ReceiptFinalized`],
		/// [`Error::UnknownReceipt`], [`Error::UnknownAgent`], [`Error::CommitteeNotDrawn`],
		/// [`Error::NotInCommittee`], [`Error::AlreadyAttested`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::attest().saturating_add(T::Reputation::outcome_weight()))]
		pub fn attest(origin: OriginFor<T>, id: ReceiptId, valid: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_attest(who, id, valid)
		}

		/// Anchors the Merkle root of a batch of off-chain action-log leaves of `agent` under a
		/// fresh [`AnchorId`]; see the crate docs for the tree.
		///
		/// Origin: signed by the agent's key or its owner. `agent`: the agent whose logs these
		/// are, which must be registered and neither jailed nor unbonding. `root`: the tree's
		/// root. `leaf_count`: the number of leaves (positive).
		///
		/// Holds [`Config::AnchorDeposit`] from the signer until the anchor is removed
		/// ([`Pallet::remove_anchor`]).
		///
		/// Emits [`Event::Anchored`]. Errors: [`Error::UnknownAgent`],
		/// [`Error::NotAgentController`], [`Error::AgentJailed`], [`Error::AgentUnbonding`],
		/// [`Error::EmptyBatch`], [`Error::NoMoreAnchorIds`], [`Error::InsufficientBalance`].
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

		/// Releases the bond of a verifier whose unbonding period is over; it is no longer
		/// registered (and may register again).
		///
		/// Origin: signed by the unbonding verifier. No parameters.
		///
		/// Emits [`Event::VerifierBondWithdrawn`]. Errors: [`Error::NotVerifier`],
		/// [`Error::VerifierNotUnbonding`], [`Error::VerifierUnbondingNotOver`]; an error of the
		/// currency if the hold cannot be released.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw_verifier_bond())]
		pub fn withdraw_verifier_bond(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_verifier_bond(who)
		}

		/// Removes anchor `id` and releases its deposit: its leaves can no longer be checked on
		/// chain.
		///
		/// Origin: signed by the anchor's depositor. `id`: the anchor.
		///
		/// Emits [`Event::AnchorRemoved`]. Errors: [`Error::UnknownAnchor`],
		/// [`Error::NotAnchorDepositor`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_anchor())]
		pub fn remove_anchor(origin: OriginFor<T>, id: AnchorId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_anchor(who, id)
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

		/// Verifier `who`: its bond and whether it is in the draw or unbonding.
		pub fn verifier(who: T::AccountId) -> Option<VerifierOf<T>> {
			Verifiers::<T>::get(who)
		}
	}
}

impl<T: Config> Event<T> {
	/// The agent this event names, if any (attestations and verifier changes name none).
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::ReceiptRecorded { agent, .. }
			| Self::ReceiptFinalized { agent, .. }
			| Self::ReceiptExpired { agent, .. }
			| Self::Anchored { agent, .. }
			| Self::AnchorRemoved { agent, .. } => Some(*agent),
			_ => None,
		}
	}
}
