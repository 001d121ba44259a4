//! `Config` of every pallet in the runtime. The XCM set-up lives in [`xcm_config`].

pub mod agency_reputation;
pub mod agent_control;
pub mod governance;
pub mod parameters;
pub mod revive;
pub mod settlement;
pub mod xcm_config;

use polkadot_sdk::{staging_parachain_info as parachain_info, *};

use cumulus_pallet_parachain_system::RelayNumberMonotonicallyIncreases;
use cumulus_primitives_core::{AggregateMessageOrigin, ParaId};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU32, ConstU64, ConstU8, EnqueueWithOrigin, Get, TransformOrigin,
		VariantCountOf,
	},
	weights::{
		constants::{BlockExecutionWeight, ExtrinsicBaseWeight, RocksDbWeight},
		ConstantMultiplier, Weight,
	},
	PalletId,
};
use frame_system::limits::{BlockLength, BlockWeights};
use parachains_common::{
	impls::DealWithFees,
	message_queue::{NarrowOriginToSibling, ParaIdToSibling},
};
use polkadot_runtime_common::{BlockHashCount, SlowAdjustingFeeUpdate};
use sp_runtime::{traits::OpaqueKeys, Perbill};
use sp_version::RuntimeVersion;

use crate::{
	AccountId, Aura, AuraId, Balance, Balances, Block, BlockNumber, CollatorSelection,
	ConsensusHook, Hash, MessageQueue, Migrations, Nonce, OriginCaller, PalletInfo,
	ParachainSystem, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, Session, SessionKeys, System, WeightToFee, XcmpQueue,
	AVERAGE_ON_INITIALIZE_RATIO, EXISTENTIAL_DEPOSIT, MAXIMUM_BLOCK_WEIGHT, MICRO_UNIT,
	NORMAL_DISPATCH_RATIO, RELAY_PARENT_OFFSET, SLOT_DURATION, VERSION,
};
use xcm_config::{PriceForSiblingDelivery, XcmOriginToTransactDispatchOrigin};

// ---------------------------------------------------------------------------------------------
// System support
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The runtime version, as `frame_system` reports it.
	pub const Version: RuntimeVersion = VERSION;

	/// Block size limit: 5 MiB, of which `Normal` extrinsics may use `NORMAL_DISPATCH_RATIO`.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();

	/// Block weight limits per dispatch class, derived from `MAXIMUM_BLOCK_WEIGHT`.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Room kept for operational extrinsics once normal ones filled their share.
			weights.reserved = Some(
				MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT
			);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();

	/// SS58 address prefix of the chain.
	pub const SS58Prefix: u16 = chaoscore_primitives::token::SS58_PREFIX;
}

/// Defaults come from `ParaChainDefaultConfig`; only chain-specific types are set here.
#[derive_impl(frame_system::config_preludes::ParaChainDefaultConfig)]
impl frame_system::Config for Runtime {
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type Block = Block;
	type BlockHashCount = BlockHashCount;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type DbWeight = RocksDbWeight;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type SS58Prefix = SS58Prefix;
	type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
	type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
	/// Runtime upgrades are checked and scheduled with the relay chain.
	type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Self>;
	type MaxConsumers = ConstU32<16>;
	type SingleBlockMigrations = Migrations;
	/// Every new account gets an Ethereum address, so it can use contracts (see
	/// [`revive`]); the mapping goes when the account is reaped.
	type OnNewAccount = pallet_revive::AutoMapper<Runtime>;
	type OnKilledAccount = pallet_revive::AutoMapper<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	/// Parachain blocks may share a timestamp with their parent (several blocks per slot).
	type MinimumPeriod = ConstU64<0>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

impl cumulus_pallet_weight_reclaim::Config for Runtime {
	type WeightInfo = ();
}

// ---------------------------------------------------------------------------------------------
// Parachain plumbing
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// Weight kept free in each block for processing messages from sibling parachains.
	pub const ReservedXcmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	/// Weight kept free in each block for processing messages from the relay chain.
	pub const ReservedDmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	/// Message queue origin of downward (relay chain) messages.
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

impl cumulus_pallet_parachain_system::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnSystemEvent = ();
	type SelfParaId = parachain_info::Pallet<Runtime>;
	type OutboundXcmpMessageSource = XcmpQueue;
	type DmpQueue = EnqueueWithOrigin<MessageQueue, RelayOrigin>;
	type ReservedDmpWeight = ReservedDmpWeight;
	type XcmpMessageHandler = XcmpQueue;
	type ReservedXcmpWeight = ReservedXcmpWeight;
	/// Async backing: several parachain blocks may share a relay parent.
	type CheckAssociatedRelayNumber = RelayNumberMonotonicallyIncreases;
	type WeightInfo = cumulus_pallet_parachain_system::weights::SubstrateWeight<Runtime>;
	/// Also keeps the relay parent's randomness for committee draws.
	type ConsensusHook = crate::relay_randomness::CaptureRelayRandomness<ConsensusHook>;
	type RelayParentOffset = ConstU32<RELAY_PARENT_OFFSET>;
	/// V3 scheduling stays disabled.
	type SchedulingSignatureVerifier = ();
}

impl parachain_info::Config for Runtime {}

parameter_types! {
	/// Weight the message queue may use per block, in `on_initialize` and in `on_idle`.
	pub MessageQueueServiceWeight: Weight =
		Perbill::from_percent(35) * RuntimeBlockWeights::get().max_block;
}

impl pallet_message_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_message_queue::weights::SubstrateWeight<Runtime>;
	/// Benchmarks need a processor that accepts any message.
	#[cfg(feature = "runtime-benchmarks")]
	type MessageProcessor =
		pallet_message_queue::mock_helpers::NoopMessageProcessor<AggregateMessageOrigin>;
	/// Inbound messages are XCM programs, executed by the XCM executor.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type MessageProcessor = staging_xcm_builder::ProcessXcmMessage<
		AggregateMessageOrigin,
		staging_xcm_executor::XcmExecutor<xcm_config::XcmConfig>,
		RuntimeCall,
	>;
	type Size = u32;
	/// The XCMP queue only handles `Sibling(ParaId)` origins.
	type QueueChangeHandler = NarrowOriginToSibling<XcmpQueue>;
	type QueuePausedQuery = NarrowOriginToSibling<XcmpQueue>;
	type HeapSize = ConstU32<{ 103 * 1024 }>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = MessageQueueServiceWeight;
	type IdleMaxServiceWeight = MessageQueueServiceWeight;
}

impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = ParachainSystem;
	type VersionWrapper = crate::PolkadotXcm;
	/// Inbound sibling messages are enqueued in the message queue.
	type XcmpQueue = TransformOrigin<MessageQueue, AggregateMessageOrigin, ParaId, ParaIdToSibling>;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	/// Larger than the 100 KiB maximal HRMP message size that relay chains configure.
	type MaxPageSize = ConstU32<{ 103 * 1024 }>;
	/// Suspends and resumes the queue: Root or two thirds of the council.
	type ControllerOrigin = governance::AdminOrigin;
	type ControllerOriginConverter = XcmOriginToTransactDispatchOrigin;
	type WeightInfo = cumulus_pallet_xcmp_queue::weights::SubstrateWeight<Runtime>;
	type PriceForSiblingDelivery = PriceForSiblingDelivery;
}

// ---------------------------------------------------------------------------------------------
// Monetary
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// Smallest balance an account may hold.
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fee per byte of an extrinsic.
	pub const TransactionByteFee: Balance = 10 * MICRO_UNIT;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees and tips go to the collators' staking pot.
	type OnChargeTransaction =
		pallet_transaction_payment::FungibleAdapter<Balances, DealWithFees<Runtime>>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Governance
// ---------------------------------------------------------------------------------------------

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Collators
// ---------------------------------------------------------------------------------------------

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (CollatorSelection,);
}

/// Shortest session governance can set: with fewer blocks a session could end before a new
/// collator's keys are queued.
pub const MIN_SESSION_LENGTH: BlockNumber = 10;

/// Session length in blocks: the `Collators::SessionLength` parameter (6 hours unless governance
/// changed it), never below [`MIN_SESSION_LENGTH`].
pub struct Period;

impl Get<BlockNumber> for Period {
	fn get() -> BlockNumber {
		parameters::dynamic_params::collators::SessionLength::get().max(MIN_SESSION_LENGTH)
	}
}

parameter_types! {
	/// First session change at block `Offset`.
	pub const Offset: BlockNumber = 0;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Collators are identified by their account; there are no stash/controller pairs.
	type ValidatorId = <Self as frame_system::Config>::AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<Period, Offset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<Period, Offset>;
	type SessionManager = CollatorSelection;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Setting session keys costs no deposit.
	type KeyDeposit = ();
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<100_000>;
	/// Async backing may author more than one block per slot.
	type AllowMultipleBlocksPerSlot = ConstBool<true>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}

impl cumulus_pallet_aura_ext::Config for Runtime {}

parameter_types! {
	/// Pallet id of the collators' staking pot (fees are paid out to block authors from it).
	pub const PotId: PalletId = PalletId(*b"PotStake");
}

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	/// Invulnerables, candidacy bond and desired candidates: Root or two thirds of the council.
	type UpdateOrigin = governance::AdminOrigin;
	type PotId = PotId;
	type MaxCandidates = ConstU32<100>;
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = ConstU32<20>;
	/// Candidates that produced no block during a whole session are kicked.
	type KickThreshold = Period;
	type ValidatorId = <Self as frame_system::Config>::AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ValidatorRegistration = Session;
	type WeightInfo = pallet_collator_selection::weights::SubstrateWeight<Runtime>;
}

/// The penalty and settlement parameters of this runtime, as `GovernanceApi::parameters`
/// answers them.
pub fn penalty_parameters(
) -> chaoscore_primitives::governance::PenaltyParameters<crate::Balance, crate::BlockNumber> {
	use crate::Runtime;
	chaoscore_primitives::governance::PenaltyParameters {
		min_agent_bond: <Runtime as pallet_agent_registry::Config>::MinBond::get(),
		liveness_window: <Runtime as pallet_agent_registry::Config>::LivenessWindow::get(),
		unbonding_period: <Runtime as pallet_agent_registry::Config>::UnbondingPeriod::get(),
		max_jail_period: <Runtime as pallet_slashing::Config>::MaxJailPeriod::get(),
		challenge_bond: <Runtime as pallet_challenge::Config>::ChallengeBond::get(),
		challenger_reward: <Runtime as pallet_challenge::Config>::ChallengerReward::get(),
		resolution_period: <Runtime as pallet_challenge::Config>::ResolutionPeriod::get(),
		protocol_fee: <Runtime as pallet_escrow::Config>::ProtocolFee::get(),
		min_escrow_amount: <Runtime as pallet_escrow::Config>::MinEscrowAmount::get(),
		review_period: <Runtime as pallet_escrow::Config>::ReviewPeriod::get(),
		verifier_bond: <Runtime as pallet_proof_of_agency::Config>::VerifierBond::get(),
		attestation_quorum: pallet_proof_of_agency::committee::quorum(
			<<Runtime as pallet_proof_of_agency::Config>::CommitteeSize as Get<u32>>::get()
				as usize,
		),
	}
}
