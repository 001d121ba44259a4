//! # Escrow pallet
//!
//! A client's payment for one job by one provider agent: system actions `ESCROW_OPEN`,
//! `ESCROW_RELEASE` and `ESCROW_REFUND`, plus accept, submit, claim and dispute. The state machine is
//! specified in `docs/settlement.md` (section *Escrow*); this pallet implements exactly that. It
//! reads agents only through [`AgentInspect`] (the agent registry), opens challenges through
//! [`OpenChallenge`] (the challenge pallet) and implements [`EscrowDisputes`], through which the
//! challenge pallet freezes a disputed escrow and applies the ruling to it.
//!
//! ## State machine
//!
//! - [`Pallet::open`] (the client): the provider agent must be `Active`; the client may not be its
//!   owner or agent key; `amount ≥` [`Config::MinEscrowAmount`]; the deadline lies in `(now, now +
//!   MaxDeadline]`; an optional evaluator (not the client, the provider's owner or its agent key)
//!   with a fee that is zero or at least the existential deposit. The client's deposit, `amount +
//!   evaluator fee`, is held under [`HoldReason::Escrow`]. State: `Open`: an offer the provider
//!   has not committed to.
//! - [`Pallet::accept`] (the provider's agent key or owner, the agent `Active`): while `Open`,
//!   before the deadline; the provider commits to the job and its terms (amount, evaluator,
//!   deadline). State: `Accepted`.
//! - [`Pallet::submit`] (the provider's agent key or owner, the agent `Active`): while `Open` or
//!   `Accepted`, before the deadline, not frozen; records the [`Deliverable`]: a hash, or a
//!   proof-of-agency receipt of the provider agent that is pending or verified
//!   ([`Config::Receipts`]). A submission also accepts the job. State: `Submitted`.
//! - [`Pallet::release`] (the client at any time; the evaluator once submitted): pays the provider,
//!   see *Funds*. The escrow is settled.
//! - [`Pallet::claim`] (anyone): a `Submitted` escrow neither released nor disputed for
//!   [`Config::ReviewPeriod`] blocks after submission is released to the provider.
//! - [`Pallet::refund`]: the client is refunded and the escrow settled — by the evaluator on a
//!   `Submitted` escrow (it rejects the deliverable), by the client on an `Open` one (it withdraws
//!   the offer), or by anyone on an `Open` or `Accepted` escrow once the deadline is reached (it
//!   expired).
//! - [`Pallet::dispute`] (the client, on `Accepted` or `Submitted`): opens a challenge through
//!   [`Config::Challenges`], which freezes the escrow ([`EscrowDisputes::freeze`]); the call is
//!   charged [`OpenChallenge::open_weight`] on top of its own weight. An escrow is disputed at
//!   most once ([`DisputeStatus`]), so a client cannot keep a delivered job frozen by disputing
//!   anew. A frozen escrow cannot be submitted, released, claimed or refunded until the challenge
//!   pallet calls [`EscrowDisputes::settle_dispute`]: [`DisputeOutcome::RefundClient`] refunds
//!   everything to the client; [`DisputeOutcome::Resume`] unfreezes it in the state it was frozen
//!   in, for good.
//!
//! Time is block numbers. The deadline is the first block at which the job is overdue: `submit`
//! needs `now < deadline`, the expiry refund `now ≥ deadline`. A claim is possible from block
//! `submitted_at + ReviewPeriod`. Expiry is decided on each call; no per-block work is scheduled.
//!
//! A settled escrow is removed from state (its history is in the events), so it cannot be paid
//! twice: every later call on it fails with [`Error::UnknownEscrow`]. Escrow ids are sequential
//! and never reused.
//!
//! ## Funds
//!
//! On release (by the client, by the evaluator or through a claim) the escrow's `amount` goes to
//! the provider agent's *current* owner (the owner recorded at opening if the agent has left the
//! registry) minus [`Config::ProtocolFee`]`·amount` (rounded down), which goes to
//! [`Config::Treasury`]. The evaluator fee goes to the evaluator if it released (or rejected), and
//! back to the client otherwise (client release, claim, expiry, upheld dispute).
//!
//! Existential deposit rules, so that no settlement fails for dust:
//! - [`Pallet::open`] refuses an evaluator fee below the existential deposit (zero is allowed), so
//!   the evaluator can always be paid, even if its account does not exist yet.
//! - `integrity_test` requires `MinEscrowAmount − ProtocolFee·MinEscrowAmount ≥` the existential
//!   deposit, so the provider's payment can always be made.
//! - A protocol fee (or evaluator fee) that its recipient cannot accept (below the existential
//!   deposit, to an account that does not exist) is returned to the client instead; the `Released`
//!   / `Refunded` events report what each party actually received.
//!
//! ## Reputation
//!
//! Only settlements the provider committed to count for its reputation, so that nobody can move
//! an agent's score with escrows the agent never touched: a release after a submission is
//! reported to [`Config::Reputation`] as released, a refund of an `Accepted` or `Submitted`
//! escrow (expiry, rejection, upheld dispute) as refunded, each with the escrow's amount. A
//! refund of an `Open` escrow (withdrawn, or expired unaccepted) and a release without a
//! submission are not reported, and grant no feedback right.
//!
//! Money leaves the hold only with `transfer_on_hold` (to the payee, the treasury, the evaluator)
//! or `release` (back to the client); nothing is minted or burned.
//!
//! ## Invariants (`try_state`)
//!
//! For every client, the balance on hold for [`HoldReason::Escrow`] equals the sum of
//! `amount + evaluator fee` over the client's escrows; every escrow id is below
//! [`NextEscrowId`]; an acceptance or submission lies in `[opened_at, deadline)`.
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

mod disputes;
mod funds;
mod impls;
#[cfg(any(test, feature = "std", feature = "try-runtime"))]
mod invariants;
mod lifecycle;
mod types;

pub use chaoscore_primitives::{
	agency::{EscrowOutcome, ReceiptInspect, ReceiptStatus, ReputationSink},
	agent::{AgentId, AgentInspect, AgentStatus},
	settlement::{
		ChallengeId, ChallengeReason, ChallengeTarget, Deliverable, DisputeOutcome, EscrowDisputes,
		EscrowId, OpenChallenge,
	},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{
		self,
		pallet_prelude::*,
		storage::with_storage_layer,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{DepositConsequence, Fortitude, Precision, Provenance, Restriction},
		},
	},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,
	sp_runtime::{
		traits::{CheckedAdd, Saturating, Zero},
		ArithmeticError, DispatchError, Perbill,
	},
};
use scale_info::TypeInfo;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::escrow";

/// Sets up providers for the benchmarks (the runtime implements it with the agent registry).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` agent whose owner is funded and returns the agent id, its owner and
	/// its agent key.
	fn setup_provider(seed: u32) -> (AgentId, AccountId, AccountId);

	/// The deliverable agent `agent` submits in the benchmarks: a pending receipt of its own where
	/// the runtime has receipts (the more expensive submission), a hash otherwise.
	fn deliverable(agent: AgentId) -> Deliverable;
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
		/// A client's escrowed payment and evaluator fee.
		Escrow,
	}

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Currency escrows are paid in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The agent registry (provider eligibility, owner and agent key).
		type Agents: AgentInspect<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// The challenge pallet: `dispute` opens a challenge through it (and charges
		/// [`OpenChallenge::open_weight`] for it), and it freezes the escrow through
		/// [`EscrowDisputes`].
		type Challenges: OpenChallenge<Self::AccountId>;

		/// Proof-of-agency receipts a deliverable may reference.
		type Receipts: ReceiptInspect;

		/// Where settlements are reported (the reputation pallet): every release and refund. The
		/// calls that settle charge [`ReputationSink::settlement_weight`] on top of their own.
		type Reputation: ReputationSink<Self::AccountId, BalanceOf<Self>>;

		/// Share of every released escrow's amount paid to the treasury.
		#[pallet::constant]
		type ProtocolFee: Get<Perbill>;

		/// Account receiving protocol fees.
		type Treasury: Get<Self::AccountId>;

		/// Smallest escrow amount.
		#[pallet::constant]
		type MinEscrowAmount: Get<BalanceOf<Self>>;

		/// Furthest a deadline may lie ahead of the opening block, in blocks.
		#[pallet::constant]
		type MaxDeadline: Get<BlockNumberFor<Self>>;

		/// Blocks after a submission during which the client may release or dispute before anyone
		/// may claim the payment for the provider.
		#[pallet::constant]
		type ReviewPeriod: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Benchmark set-up.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Unsettled escrows by id.
	#[pallet::storage]
	pub type Escrows<T: Config> = StorageMap<_, Twox64Concat, EscrowId, EscrowOf<T>>;

	/// The id the next escrow gets. Ids are never reused.
	#[pallet::storage]
	pub type NextEscrowId<T: Config> = StorageValue<_, EscrowId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An escrow was opened and `amount` plus the evaluator fee held from the client.
		Opened {
			id: EscrowId,
			client: T::AccountId,
			provider: AgentId,
			amount: BalanceOf<T>,
			evaluator: Option<(T::AccountId, BalanceOf<T>)>,
			deadline: BlockNumberFor<T>,
			job_spec: H256,
		},
		/// The provider accepted the job (signed by `by`: its agent key or owner).
		Accepted { id: EscrowId, provider: AgentId, by: T::AccountId },
		/// The provider delivered (signed by `by`: its agent key or owner).
		Submitted { id: EscrowId, provider: AgentId, deliverable: Deliverable, by: T::AccountId },
		/// The escrow was released to the provider and settled.
		Released {
			id: EscrowId,
			/// The provider agent.
			provider: AgentId,
			/// The provider agent's owner, who received `paid`.
			payee: T::AccountId,
			/// Paid to the payee: `amount` minus the protocol fee.
			paid: BalanceOf<T>,
			/// Paid to the treasury.
			fee: BalanceOf<T>,
			/// Paid to the evaluator (zero unless the evaluator released).
			evaluator_fee: BalanceOf<T>,
			/// Returned to the client (the evaluator fee unless the evaluator released, and any
			/// fee its recipient could not accept).
			returned: BalanceOf<T>,
			/// The signer (client, evaluator or claimer).
			by: T::AccountId,
			/// How it was released.
			kind: ReleaseKind,
		},
		/// The escrow was refunded to the client and settled.
		Refunded {
			id: EscrowId,
			/// The provider agent.
			provider: AgentId,
			client: T::AccountId,
			/// Returned to the client.
			refunded: BalanceOf<T>,
			/// Paid to the evaluator (only when it rejected).
			evaluator_fee: BalanceOf<T>,
			reason: RefundReason,
		},
		/// The escrow was frozen for a dispute by its client.
		Frozen { id: EscrowId, challenger: T::AccountId },
		/// The client disputed the escrow: challenge `challenge` was opened against it.
		Disputed {
			id: EscrowId,
			client: T::AccountId,
			challenge: ChallengeId,
			reason: ChallengeReason,
			evidence: H256,
		},
		/// The dispute ended without a refund: the escrow continues where it was.
		Resumed { id: EscrowId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No unsettled escrow with this id.
		UnknownEscrow,
		/// The deliverable references a receipt that does not exist.
		UnknownReceipt,
		/// The deliverable references a receipt recorded by another agent.
		ReceiptOfAnotherAgent,
		/// The deliverable references a receipt that verifiers rejected or that expired.
		ReceiptNotValid,
		/// No agent with this id.
		UnknownProvider,
		/// The provider agent is not `Active` (jailed, unbonding, underbonded or stale).
		ProviderNotEligible,
		/// The client is the provider agent's owner or agent key.
		SelfDealing,
		/// The evaluator is the client, the provider agent's owner or its agent key.
		InvalidEvaluator,
		/// The evaluator fee is neither zero nor at least the existential deposit.
		EvaluatorFeeBelowMinimum,
		/// The amount is below `MinEscrowAmount`.
		AmountTooLow,
		/// The deadline is not in `(now, now + MaxDeadline]`.
		InvalidDeadline,
		/// The client's free balance cannot cover the amount and the evaluator fee.
		InsufficientBalance,
		/// Escrow ids are exhausted.
		NoMoreEscrowIds,
		/// The signer is not the provider agent's key or owner.
		NotProvider,
		/// The signer is not the escrow's client.
		NotClient,
		/// The signer may not do this to this escrow.
		NotAuthorized,
		/// The escrow is not in the state this needs (open / accepted / submitted).
		WrongState,
		/// The deadline has been reached: too late to submit.
		DeadlinePassed,
		/// The deadline has not been reached: too early for an expiry refund.
		DeadlineNotReached,
		/// The review period after the submission is not over: too early to claim.
		ReviewPeriodNotOver,
		/// The escrow is frozen by a dispute.
		Disputed,
		/// The escrow is frozen by a dispute, or was disputed before: one dispute per escrow.
		AlreadyDisputed,
		/// The escrow is not frozen by a dispute.
		NotDisputed,
		/// The challenge was opened but did not freeze the escrow (a misconfigured runtime).
		DisputeNotFrozen,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::MaxDeadline::get().is_zero(), "MaxDeadline must be positive");
			assert!(!T::ReviewPeriod::get().is_zero(), "ReviewPeriod must be positive");
			let min = T::MinEscrowAmount::get();
			assert!(!min.is_zero(), "MinEscrowAmount must be positive");
			assert!(
				min.saturating_sub(T::ProtocolFee::get().mul_floor(min))
					>= T::Currency::minimum_balance(),
				"MinEscrowAmount minus the protocol fee must be at least the existential deposit"
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
		/// Opens an escrow of `amount` for a job by agent `provider`, due at block `deadline`,
		/// optionally with an evaluator and its fee; holds `amount + fee` from the signer.
		///
		/// Origin: signed by the client (who pays). `provider`: an `Active` agent the client
		/// neither owns nor signs for. `amount`: the payment, at least
		/// [`Config::MinEscrowAmount`]. `evaluator`: optional evaluator (not the client, the
		/// provider's owner or its agent key) and its fee (zero or at least the existential
		/// deposit). `deadline`: first overdue block, in `(now, now + MaxDeadline]`. `job_spec`:
		/// hash of the job specification.
		///
		/// Emits [`Event::Opened`]. Errors: [`Error::UnknownProvider`],
		/// [`Error::ProviderNotEligible`], [`Error::SelfDealing`], [`Error::AmountTooLow`],
		/// [`Error::InvalidDeadline`], [`Error::InvalidEvaluator`],
		/// [`Error::EvaluatorFeeBelowMinimum`], [`ArithmeticError::Overflow`] (`amount + fee`),
		/// [`Error::NoMoreEscrowIds`], [`Error::InsufficientBalance`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open())]
		pub fn open(
			origin: OriginFor<T>,
			provider: AgentId,
			amount: BalanceOf<T>,
			evaluator: Option<(T::AccountId, BalanceOf<T>)>,
			deadline: BlockNumberFor<T>,
			job_spec: H256,
		) -> DispatchResult {
			let client = ensure_signed(origin)?;
			Self::do_open(client, provider, amount, evaluator, deadline, job_spec).map(|_| ())
		}

		/// Records the provider's deliverable (signed by its agent key or owner) before the
		/// deadline; a referenced receipt must be the provider's own and not rejected or expired.
		/// Submitting an `Open` escrow also accepts it.
		///
		/// Origin: signed by the provider agent's agent key or owner; the agent must be `Active`.
		/// `id`: an `Open` or `Accepted`, unfrozen escrow before its deadline. `deliverable`: a
		/// hash, or a pending or verified receipt of the provider agent.
		///
		/// Emits [`Event::Submitted`]. Errors: [`Error::UnknownEscrow`], [`Error::NotProvider`],
		/// [`Error::ProviderNotEligible`], [`Error::Disputed`], [`Error::WrongState`],
		/// [`Error::DeadlinePassed`],
		/// [`Error::UnknownReceipt`], [`Error::ReceiptOfAnotherAgent`],
		/// [`Error::ReceiptNotValid`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit())]
		pub fn submit(
			origin: OriginFor<T>,
			id: EscrowId,
			deliverable: Deliverable,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit(who, id, deliverable)
		}

		/// Pays the provider (the client at any time; the evaluator once submitted).
		///
		/// Origin: signed by the escrow's client, or by its evaluator once the escrow is
		/// `Submitted`. `id`: an unfrozen escrow. The escrow is settled (see the crate docs,
		/// *Funds*).
		///
		/// Emits [`Event::Released`]. Errors: [`Error::UnknownEscrow`], [`Error::NotAuthorized`],
		/// [`Error::Disputed`], [`Error::WrongState`] (the evaluator before a submission).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::release().saturating_add(T::Reputation::settlement_weight()))]
		pub fn release(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_release(who, id)
		}

		/// Refunds the client: the evaluator rejecting the deliverable, the client withdrawing an
		/// offer the provider has not accepted, or anyone once the deadline is reached with
		/// nothing delivered.
		///
		/// Origin: signed by the escrow's evaluator on a `Submitted` escrow (a rejection), by its
		/// client on an `Open` one (a withdrawal), or by anyone on an `Open` or `Accepted` escrow
		/// whose deadline is reached (an expiry). `id`: an unfrozen escrow. The escrow is settled.
		///
		/// Emits [`Event::Refunded`]. Errors: [`Error::UnknownEscrow`], [`Error::Disputed`],
		/// [`Error::WrongState`] (a rejection before a submission, an expiry of a submitted
		/// escrow), [`Error::DeadlineNotReached`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::refund().saturating_add(T::Reputation::settlement_weight()))]
		pub fn refund(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_refund(who, id)
		}

		/// Disputes the escrow (the client): opens a challenge against it, which freezes it.
		///
		/// Origin: signed by the escrow's client (the challenger; the challenge pallet holds its
		/// bond). `id`: an `Accepted` or `Submitted` escrow not already disputed (an offer the
		/// provider has not accepted is withdrawn with [`Pallet::refund`] instead). `evidence`:
		/// hash of the evidence. `reason`: the claim made.
		///
		/// Emits [`Event::Frozen`] (through [`EscrowDisputes::freeze`]) and [`Event::Disputed`],
		/// besides the challenge pallet's own event. Errors: [`Error::UnknownEscrow`],
		/// [`Error::NotClient`], [`Error::AlreadyDisputed`], [`Error::WrongState`], any error of
		/// [`Config::Challenges`]' `open`, [`Error::DisputeNotFrozen`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::dispute().saturating_add(T::Challenges::open_weight()))]
		pub fn dispute(
			origin: OriginFor<T>,
			id: EscrowId,
			evidence: H256,
			reason: ChallengeReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute(who, id, evidence, reason)
		}

		/// Pays the provider of a submitted escrow the client neither released nor disputed
		/// within the review period (anyone may call).
		///
		/// Origin: signed by anyone. `id`: an unfrozen `Submitted` escrow whose review period
		/// ([`Config::ReviewPeriod`] blocks from the submission) is over. The escrow is settled.
		///
		/// Emits [`Event::Released`] (kind [`ReleaseKind::Claim`]). Errors:
		/// [`Error::UnknownEscrow`], [`Error::Disputed`], [`Error::WrongState`],
		/// [`Error::ReviewPeriodNotOver`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::claim().saturating_add(T::Reputation::settlement_weight()))]
		pub fn claim(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, id)
		}

		/// Accepts the job (the provider): commits the provider to the escrow's terms, so that
		/// from now on its settlement counts for the provider's reputation.
		///
		/// Origin: signed by the provider agent's agent key or owner; the agent must be `Active`.
		/// `id`: an `Open` escrow before its deadline.
		///
		/// Emits [`Event::Accepted`]. Errors: [`Error::UnknownEscrow`], [`Error::NotProvider`],
		/// [`Error::ProviderNotEligible`], [`Error::WrongState`], [`Error::DeadlinePassed`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::accept())]
		pub fn accept(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept(who, id)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The unsettled escrow `id`, if any.
		pub fn escrow(id: EscrowId) -> Option<EscrowOf<T>> {
			Escrows::<T>::get(id)
		}
	}
}

impl<T: Config> Event<T> {
	/// The provider agent this event names, if it names one (freezes, disputes and resumptions
	/// are announced with the agent by the challenge pallet's events).
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::Opened { provider, .. }
			| Self::Accepted { provider, .. }
			| Self::Submitted { provider, .. }
			| Self::Released { provider, .. }
			| Self::Refunded { provider, .. } => Some(*provider),
			_ => None,
		}
	}
}
