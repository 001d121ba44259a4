//! # Escrow pallet
//!
//! A client's payment for one job by one provider agent: system actions `ESCROW_OPEN`,
//! `ESCROW_RELEASE` and `ESCROW_REFUND`, plus submit, claim and dispute. The state machine is
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
//!   evaluator fee`, is held under [`HoldReason::Escrow`]. State: `Open`.
//! - [`Pallet::submit`] (the provider's agent key or owner): while `Open`, before the deadline, not
//!   frozen; records the [`Deliverable`]: a hash, or a proof-of-agency receipt of the provider
//!   agent that is pending or verified ([`Config::Receipts`]). State: `Submitted`.
//! - [`Pallet::release`] (the client at any time; the evaluator once submitted): pays the provider,
//!   see *Funds*. The escrow is settled.
//! - [`Pallet::claim`] (anyone): a `Submitted` escrow neither released nor disputed for
//!   [`Config::ReviewPeriod`] blocks after submission is released to the provider.
//! - [`Pallet::refund`] (the evaluator on `Open` or `Submitted`: it rejects; anyone on an `Open`
//!   escrow once the deadline is reached): the client is refunded. The escrow is settled.
//! - [`Pallet::dispute`] (the client, on `Open` or `Submitted`): opens a challenge through
//!   [`Config::Challenges`], which freezes the escrow ([`EscrowDisputes::freeze`]). A frozen escrow
//!   cannot be submitted, released, claimed or refunded until the challenge pallet calls
//!   [`EscrowDisputes::settle_dispute`]: [`DisputeOutcome::RefundClient`] refunds everything to the
//!   client; [`DisputeOutcome::Resume`] unfreezes it in the state it was frozen in.
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
//! Every release and refund is reported to [`Config::Reputation`] with the escrow's amount.
//!
//! Money leaves the hold only with `transfer_on_hold` (to the payee, the treasury, the evaluator)
//! or `release` (back to the client); nothing is minted or burned.
//!
//! ## Invariants (`try_state`)
//!
//! For every client, the balance on hold for [`HoldReason::Escrow`] equals the sum of
//! `amount + evaluator fee` over the client's escrows; every escrow id is below
//! [`NextEscrowId`]; a submission lies in `[opened_at, deadline)`.
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
	agency::{EscrowOutcome, ReceiptInspect, ReceiptStatus, ReputationSink},
	agent::{AgentId, AgentInspect, AgentStatus},
	settlement::{
		ChallengeId, ChallengeReason, ChallengeTarget, Deliverable, DisputeOutcome, EscrowDisputes,
		EscrowId, OpenChallenge,
	},
};
pub use pallet::*;
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

/// Balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Stored escrow as this pallet's configuration spells it.
pub type EscrowOf<T> =
	EscrowRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// Where an unsettled escrow is in its life (settled escrows are removed).
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
pub enum EscrowState<BlockNumber> {
	/// Opened; nothing delivered yet.
	Open,
	/// The provider delivered `deliverable` at block `at`.
	Submitted {
		/// What was delivered.
		deliverable: Deliverable,
		/// Block of the submission (the review period runs from here).
		at: BlockNumber,
	},
}

/// One escrow: a client's payment for a job by a provider agent.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct EscrowRecord<AccountId, Balance, BlockNumber> {
	/// Who pays; `amount` and the evaluator fee are held from it.
	pub client: AccountId,
	/// The provider agent.
	pub provider: AgentId,
	/// The provider agent's owner when the escrow was opened: the payee if the agent has left the
	/// registry by the time of payment.
	pub provider_owner: AccountId,
	/// Payment for the job (the protocol fee is taken from it).
	pub amount: Balance,
	/// Optional evaluator and its fee (held from the client on top of `amount`).
	pub evaluator: Option<(AccountId, Balance)>,
	/// First block at which the job is overdue.
	pub deadline: BlockNumber,
	/// Hash of the job specification, kept off-chain by the parties.
	pub job_spec: H256,
	/// Open or submitted.
	pub state: EscrowState<BlockNumber>,
	/// Frozen by a dispute: no transition until the challenge pallet settles it.
	pub disputed: bool,
	/// Block of opening.
	pub opened_at: BlockNumber,
}

impl<AccountId, Balance: Saturating + Zero + Copy, BlockNumber>
	EscrowRecord<AccountId, Balance, BlockNumber>
{
	/// The evaluator fee (zero without an evaluator).
	pub fn evaluator_fee(&self) -> Balance {
		self.evaluator.as_ref().map_or_else(Zero::zero, |(_, fee)| *fee)
	}

	/// Everything held from the client for this escrow: `amount + evaluator fee`.
	pub fn deposit(&self) -> Balance {
		self.amount.saturating_add(self.evaluator_fee())
	}
}

/// Who released an escrow to its provider.
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
pub enum ReleaseKind {
	/// The client released it (the evaluator fee went back to the client).
	Client,
	/// The evaluator approved the submission (and was paid its fee).
	Evaluator,
	/// Claimed after the review period (the evaluator fee went back to the client).
	Claim,
}

/// Why an escrow was refunded to its client.
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
pub enum RefundReason {
	/// The deadline was reached with nothing delivered.
	Expired,
	/// The evaluator rejected the job (and was paid its fee).
	Rejected,
	/// The client's dispute was upheld.
	DisputeUpheld,
}

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
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

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

		/// The challenge pallet: `dispute` opens a challenge through it, and it freezes the
		/// escrow through [`EscrowDisputes`].
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
		/// The provider agent is not `Active`.
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
		/// The escrow is not in the state this needs (open / submitted).
		WrongState,
		/// The deadline has been reached: too late to submit.
		DeadlinePassed,
		/// The deadline has not been reached: too early for an expiry refund.
		DeadlineNotReached,
		/// The review period after the submission is not over: too early to claim.
		ReviewPeriodNotOver,
		/// The escrow is frozen by a dispute.
		Disputed,
		/// The escrow is already frozen by a dispute.
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
				min.saturating_sub(T::ProtocolFee::get().mul_floor(min)) >=
					T::Currency::minimum_balance(),
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
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::release().saturating_add(T::Reputation::settlement_weight()))]
		pub fn release(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_release(who, id)
		}

		/// Refunds the client: the evaluator rejecting (open or submitted), or anyone once the
		/// deadline is reached with nothing delivered.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::refund().saturating_add(T::Reputation::settlement_weight()))]
		pub fn refund(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_refund(who, id)
		}

		/// Disputes the escrow (the client): opens a challenge against it, which freezes it.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::dispute())]
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
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::claim().saturating_add(T::Reputation::settlement_weight()))]
		pub fn claim(origin: OriginFor<T>, id: EscrowId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, id)
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
			Self::Opened { provider, .. } |
			Self::Submitted { provider, .. } |
			Self::Released { provider, .. } |
			Self::Refunded { provider, .. } => Some(*provider),
			_ => None,
		}
	}
}

impl<T: Config> Pallet<T> {
	fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::Escrow.into()
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	fn get_escrow(id: EscrowId) -> Result<EscrowOf<T>, DispatchError> {
		Escrows::<T>::get(id).ok_or_else(|| Error::<T>::UnknownEscrow.into())
	}

	/// Opens an escrow for `client` (see [`Pallet::open`]); returns its id.
	pub fn do_open(
		client: T::AccountId,
		provider: AgentId,
		amount: BalanceOf<T>,
		evaluator: Option<(T::AccountId, BalanceOf<T>)>,
		deadline: BlockNumberFor<T>,
		job_spec: H256,
	) -> Result<EscrowId, DispatchError> {
		let facts = T::Agents::facts(provider).ok_or(Error::<T>::UnknownProvider)?;
		ensure!(facts.status == AgentStatus::Active, Error::<T>::ProviderNotEligible);
		ensure!(client != facts.owner && client != facts.agent_key, Error::<T>::SelfDealing);
		ensure!(amount >= T::MinEscrowAmount::get(), Error::<T>::AmountTooLow);
		let now = Self::now();
		ensure!(
			deadline > now && deadline <= now.saturating_add(T::MaxDeadline::get()),
			Error::<T>::InvalidDeadline
		);
		let mut evaluator_fee = BalanceOf::<T>::zero();
		if let Some((who, fee)) = &evaluator {
			ensure!(
				who != &client && who != &facts.owner && who != &facts.agent_key,
				Error::<T>::InvalidEvaluator
			);
			ensure!(
				fee.is_zero() || *fee >= T::Currency::minimum_balance(),
				Error::<T>::EvaluatorFeeBelowMinimum
			);
			evaluator_fee = *fee;
		}
		let deposit = amount.checked_add(&evaluator_fee).ok_or(ArithmeticError::Overflow)?;
		let id = NextEscrowId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoMoreEscrowIds)?;

		T::Currency::hold(&Self::hold_reason(), &client, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		Escrows::<T>::insert(
			id,
			EscrowRecord {
				client: client.clone(),
				provider,
				provider_owner: facts.owner,
				amount,
				evaluator: evaluator.clone(),
				deadline,
				job_spec,
				state: EscrowState::Open,
				disputed: false,
				opened_at: now,
			},
		);
		NextEscrowId::<T>::put(next_id);

		Self::deposit_event(Event::Opened {
			id,
			client,
			provider,
			amount,
			evaluator,
			deadline,
			job_spec,
		});
		Ok(id)
	}

	/// Records the deliverable of escrow `id`, signed by `who` (see [`Pallet::submit`]).
	pub fn do_submit(who: T::AccountId, id: EscrowId, deliverable: Deliverable) -> DispatchResult {
		let mut escrow = Self::get_escrow(id)?;
		ensure!(
			T::Agents::facts(escrow.provider).is_some_and(|f| who == f.agent_key || who == f.owner),
			Error::<T>::NotProvider
		);
		ensure!(!escrow.disputed, Error::<T>::Disputed);
		ensure!(escrow.state == EscrowState::Open, Error::<T>::WrongState);
		let now = Self::now();
		ensure!(now < escrow.deadline, Error::<T>::DeadlinePassed);
		if let Deliverable::Receipt(receipt) = deliverable {
			let (agent, status) =
				T::Receipts::receipt(receipt).ok_or(Error::<T>::UnknownReceipt)?;
			ensure!(agent == escrow.provider, Error::<T>::ReceiptOfAnotherAgent);
			ensure!(
				matches!(status, ReceiptStatus::Pending | ReceiptStatus::Verified),
				Error::<T>::ReceiptNotValid
			);
		}

		escrow.state = EscrowState::Submitted { deliverable, at: now };
		let provider = escrow.provider;
		Escrows::<T>::insert(id, escrow);

		Self::deposit_event(Event::Submitted { id, provider, deliverable, by: who });
		Ok(())
	}

	/// Releases escrow `id` on behalf of `who` (see [`Pallet::release`]).
	pub fn do_release(who: T::AccountId, id: EscrowId) -> DispatchResult {
		let escrow = Self::get_escrow(id)?;
		let kind = if who == escrow.client {
			ReleaseKind::Client
		} else if escrow.evaluator.as_ref().is_some_and(|(evaluator, _)| evaluator == &who) {
			ReleaseKind::Evaluator
		} else {
			return Err(Error::<T>::NotAuthorized.into());
		};
		ensure!(!escrow.disputed, Error::<T>::Disputed);
		if kind == ReleaseKind::Evaluator {
			ensure!(matches!(escrow.state, EscrowState::Submitted { .. }), Error::<T>::WrongState);
		}
		Self::pay_provider(id, escrow, who, kind)
	}

	/// Releases submitted escrow `id` after the review period, claimed by `who` (see
	/// [`Pallet::claim`]).
	pub fn do_claim(who: T::AccountId, id: EscrowId) -> DispatchResult {
		let escrow = Self::get_escrow(id)?;
		ensure!(!escrow.disputed, Error::<T>::Disputed);
		let submitted_at = match escrow.state {
			EscrowState::Submitted { at, .. } => at,
			EscrowState::Open => return Err(Error::<T>::WrongState.into()),
		};
		ensure!(
			Self::now() >= submitted_at.saturating_add(T::ReviewPeriod::get()),
			Error::<T>::ReviewPeriodNotOver
		);
		Self::pay_provider(id, escrow, who, ReleaseKind::Claim)
	}

	/// Refunds escrow `id` on behalf of `who` (see [`Pallet::refund`]).
	pub fn do_refund(who: T::AccountId, id: EscrowId) -> DispatchResult {
		let escrow = Self::get_escrow(id)?;
		ensure!(!escrow.disputed, Error::<T>::Disputed);
		let reason = if escrow.evaluator.as_ref().is_some_and(|(evaluator, _)| evaluator == &who) {
			RefundReason::Rejected
		} else {
			ensure!(escrow.state == EscrowState::Open, Error::<T>::WrongState);
			ensure!(Self::now() >= escrow.deadline, Error::<T>::DeadlineNotReached);
			RefundReason::Expired
		};
		Self::refund_client(id, escrow, reason)
	}

	/// Disputes escrow `id` on behalf of its client `who` (see [`Pallet::dispute`]).
	pub fn do_dispute(
		who: T::AccountId,
		id: EscrowId,
		evidence: H256,
		reason: ChallengeReason,
	) -> DispatchResult {
		let escrow = Self::get_escrow(id)?;
		ensure!(who == escrow.client, Error::<T>::NotClient);
		ensure!(!escrow.disputed, Error::<T>::AlreadyDisputed);
		let challenge =
			T::Challenges::open(who.clone(), ChallengeTarget::Escrow(id), evidence, reason)?;
		// The challenge pallet freezes the escrow through `EscrowDisputes::freeze`; an escrow it
		// did not freeze could never be settled by it, so refuse rather than freeze it here.
		ensure!(Escrows::<T>::get(id).is_some_and(|e| e.disputed), Error::<T>::DisputeNotFrozen);
		Self::deposit_event(Event::Disputed { id, client: who, challenge, reason, evidence });
		Ok(())
	}

	/// Freezes escrow `id` for a dispute by `challenger` (see [`EscrowDisputes::freeze`]).
	pub fn do_freeze(id: EscrowId, challenger: &T::AccountId) -> DispatchResult {
		let mut escrow = Self::get_escrow(id)?;
		ensure!(challenger == &escrow.client, Error::<T>::NotClient);
		ensure!(!escrow.disputed, Error::<T>::AlreadyDisputed);
		escrow.disputed = true;
		Escrows::<T>::insert(id, escrow);
		Self::deposit_event(Event::Frozen { id, challenger: challenger.clone() });
		Ok(())
	}

	/// Ends the dispute of escrow `id` with `outcome` (see [`EscrowDisputes::settle_dispute`]).
	pub fn do_settle_dispute(id: EscrowId, outcome: DisputeOutcome) -> DispatchResult {
		let mut escrow = Self::get_escrow(id)?;
		ensure!(escrow.disputed, Error::<T>::NotDisputed);
		match outcome {
			DisputeOutcome::RefundClient =>
				Self::refund_client(id, escrow, RefundReason::DisputeUpheld),
			DisputeOutcome::Resume => {
				escrow.disputed = false;
				Escrows::<T>::insert(id, escrow);
				Self::deposit_event(Event::Resumed { id });
				Ok(())
			},
		}
	}

	/// Moves `amount` of `client`'s escrow hold to `to` if `to` can accept it; returns the amount
	/// moved (zero if `to` cannot accept it: the caller returns it to the client).
	fn try_pay(
		client: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if amount.is_zero() ||
			T::Currency::can_deposit(to, amount, Provenance::Extant) !=
				DepositConsequence::Success
		{
			return Ok(Zero::zero());
		}
		T::Currency::transfer_on_hold(
			&Self::hold_reason(),
			client,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)
	}

	/// Releases `amount` of `client`'s escrow hold back to its free balance.
	fn return_to_client(client: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&Self::hold_reason(), client, amount, Precision::Exact)?;
		}
		Ok(())
	}

	/// Pays escrow `id` out to its provider (see the crate docs, *Funds*) and removes it.
	fn pay_provider(
		id: EscrowId,
		escrow: EscrowOf<T>,
		by: T::AccountId,
		kind: ReleaseKind,
	) -> DispatchResult {
		let client = &escrow.client;
		let payee = T::Agents::facts(escrow.provider)
			.map(|f| f.owner)
			.unwrap_or_else(|| escrow.provider_owner.clone());
		let fee = T::ProtocolFee::get().mul_floor(escrow.amount);
		let paid = escrow.amount.saturating_sub(fee);
		if !paid.is_zero() {
			T::Currency::transfer_on_hold(
				&Self::hold_reason(),
				client,
				&payee,
				paid,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		let fee_paid = Self::try_pay(client, &T::Treasury::get(), fee)?;
		let evaluator_fee = match (&escrow.evaluator, kind) {
			(Some((evaluator, owed)), ReleaseKind::Evaluator) =>
				Self::try_pay(client, evaluator, *owed)?,
			_ => Zero::zero(),
		};
		let returned = escrow
			.deposit()
			.saturating_sub(paid)
			.saturating_sub(fee_paid)
			.saturating_sub(evaluator_fee);
		Self::return_to_client(client, returned)?;
		Escrows::<T>::remove(id);
		T::Reputation::escrow_settled(
			escrow.provider,
			id,
			client,
			escrow.amount,
			EscrowOutcome::Released,
		);

		Self::deposit_event(Event::Released {
			id,
			provider: escrow.provider,
			payee,
			paid,
			fee: fee_paid,
			evaluator_fee,
			returned,
			by,
			kind,
		});
		Ok(())
	}

	/// Refunds escrow `id` to its client (the evaluator gets its fee if it rejected) and removes
	/// it.
	fn refund_client(id: EscrowId, escrow: EscrowOf<T>, reason: RefundReason) -> DispatchResult {
		let client = &escrow.client;
		let evaluator_fee = match (&escrow.evaluator, reason) {
			(Some((evaluator, owed)), RefundReason::Rejected) =>
				Self::try_pay(client, evaluator, *owed)?,
			_ => Zero::zero(),
		};
		let refunded = escrow.deposit().saturating_sub(evaluator_fee);
		Self::return_to_client(client, refunded)?;
		Escrows::<T>::remove(id);
		T::Reputation::escrow_settled(
			escrow.provider,
			id,
			client,
			escrow.amount,
			EscrowOutcome::Refunded,
		);

		Self::deposit_event(Event::Refunded {
			id,
			provider: escrow.provider,
			client: escrow.client,
			refunded,
			evaluator_fee,
			reason,
		});
		Ok(())
	}

	/// Checks the pallet's invariants (see the crate docs). Available to other crates' tests
	/// (`std`) and to `try-runtime`.
	#[cfg(any(test, feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let next_id = NextEscrowId::<T>::get();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, escrow) in Escrows::<T>::iter() {
			ensure!(id < next_id, "escrow id not below NextEscrowId");
			ensure!(escrow.deadline > escrow.opened_at, "deadline not after opening");
			ensure!(
				escrow
					.evaluator
					.as_ref()
					.is_none_or(|(evaluator, _)| evaluator != &escrow.client),
				"client is its own evaluator"
			);
			if let EscrowState::Submitted { at, .. } = escrow.state {
				ensure!(
					at >= escrow.opened_at && at < escrow.deadline,
					"submission outside [opened_at, deadline)"
				);
			}
			let total = escrow
				.amount
				.checked_add(&escrow.evaluator_fee())
				.ok_or("escrow deposit overflows")?;
			let entry = deposits.entry(escrow.client.clone()).or_insert_with(Zero::zero);
			*entry = entry.checked_add(&total).ok_or("client deposits overflow")?;
		}
		for (client, total) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&Self::hold_reason(), &client) == total,
				"escrow hold differs from the sum of the client's escrow deposits"
			);
		}
		Ok(())
	}
}

impl<T: Config> EscrowDisputes<T::AccountId> for Pallet<T> {
	fn parties(id: EscrowId) -> Option<(T::AccountId, AgentId)> {
		Escrows::<T>::get(id).map(|escrow| (escrow.client, escrow.provider))
	}

	fn freeze(id: EscrowId, challenger: &T::AccountId) -> DispatchResult {
		with_storage_layer(|| Self::do_freeze(id, challenger))
	}

	fn settle_dispute(id: EscrowId, outcome: DisputeOutcome) -> DispatchResult {
		with_storage_layer(|| Self::do_settle_dispute(id, outcome))
	}
}
