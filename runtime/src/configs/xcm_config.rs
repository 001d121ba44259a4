//! XCM set-up: how locations map to accounts and origins, which messages may execute, how
//! execution and delivery are paid, and where outbound messages go.
//!
//! The policy is deliberately narrow. The native token (`Here`) is the only asset the executor
//! can move; no other chain is trusted as a reserve or teleporter, and the `execute`, teleport
//! and reserve-transfer extrinsics of `pallet-xcm` are disabled. Signed accounts may still send
//! paid messages, and remote chains may buy execution here with the native token.

use crate::{
	AccountId, AllPalletsWithSystem, Balances, CollatorSelection, ParachainInfo, ParachainSystem,
	PolkadotXcm, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, WeightToFee, XcmpQueue,
	MILLI_UNIT,
};

use polkadot_sdk::{
	staging_xcm as xcm, staging_xcm_builder as xcm_builder, staging_xcm_executor as xcm_executor, *,
};

use frame_support::{
	parameter_types,
	traits::{
		tokens::imbalance::ResolveTo, ConstU32, Contains, Disabled, Equals, Everything, Nothing,
	},
	weights::Weight,
};
use pallet_collator_selection::StakingPotAccountId;
use pallet_xcm::XcmPassthrough;
use polkadot_parachain_primitives::primitives::Sibling;
use polkadot_runtime_common::xcm_sender::ExponentialPrice;
use xcm::latest::prelude::*;
use xcm_builder::{
	AccountId32Aliases, AllowExplicitUnpaidExecutionFrom, AllowHrmpNotificationsFromRelayChain,
	AllowKnownQueryResponses, AllowSubscriptionsFrom, AllowTopLevelPaidExecutionFrom,
	DenyRecursively, DenyReserveTransferToRelayChain, DenyThenTry, DescribeAllTerminal,
	DescribeFamily, EnsureXcmOrigin, FixedWeightBounds, FrameTransactionalProcessor,
	FungibleAdapter, HashedDescription, IsConcrete, ParentIsPreset, RelayChainAsNative,
	SendXcmFeeToAccount, SiblingParachainAsNative, SiblingParachainConvertsVia,
	SignedAccountId32AsNative, SignedToAccountId32, SovereignSignedViaLocation, TakeWeightCredit,
	TrailingSetTopicAsId, UsingComponents, WithComputedOrigin, WithUniqueTopic,
	XcmFeeManagerFromComponents,
};
use xcm_executor::XcmExecutor;

use super::TransactionByteFee;

parameter_types! {
	/// The native token, seen from here.
	pub const NativeLocation: Location = Location::here();
	/// Network of the relay chain. `None`: ChaosCore does not pin itself to one relay network.
	pub const RelayNetwork: Option<NetworkId> = None;
	/// Origin of messages coming from the relay chain.
	pub RelayChainOrigin: RuntimeOrigin = cumulus_pallet_xcm::Origin::Relay.into();
	/// This chain's location within the consensus system.
	pub UniversalLocation: InteriorLocation =
		Parachain(ParachainInfo::parachain_id().into()).into();
	/// Local root location; its messages pay no delivery fees.
	pub const RootLocation: Location = Location::here();
	/// Account (as a location) receiving XCM delivery fees: the collators' staking pot.
	pub StakingPotLocation: Location = Location::new(
		0,
		[AccountId32 { network: None, id: CollatorSelection::account_id().into() }],
	);
}

/// Converts a location into the local account that represents it.
pub type LocationToAccountId = (
	// The relay chain maps to the parent's sovereign account.
	ParentIsPreset<AccountId>,
	// A sibling parachain maps to its sovereign account.
	SiblingParachainConvertsVia<Sibling, AccountId>,
	// A local 32-byte account maps to itself.
	AccountId32Aliases<RelayNetwork, AccountId>,
	// Any other location maps to the hash of its description.
	HashedDescription<AccountId, DescribeFamily<DescribeAllTerminal>>,
);

/// Moves the native token in and out of accounts for the XCM executor.
pub type LocalAssetTransactor = FungibleAdapter<
	Balances,
	IsConcrete<NativeLocation>,
	LocationToAccountId,
	AccountId,
	// No teleports, so no checking account.
	(),
>;

/// Converts the origin of an inbound XCM into a local origin for `Transact`.
pub type XcmOriginToTransactDispatchOrigin = (
	// The sovereign account of the origin location, as a signed origin.
	SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
	// The relay chain, as the `Relay` origin.
	RelayChainAsNative<RelayChainOrigin, RuntimeOrigin>,
	// A sibling parachain, as the `SiblingParachain` origin.
	SiblingParachainAsNative<cumulus_pallet_xcm::Origin, RuntimeOrigin>,
	// A local 32-byte account, as a signed origin.
	SignedAccountId32AsNative<RelayNetwork, RuntimeOrigin>,
	// Any location, as the `pallet_xcm::Origin::Xcm` origin.
	XcmPassthrough<RuntimeOrigin>,
);

parameter_types! {
	/// Weight charged per XCM instruction (a conservative flat estimate).
	pub const UnitWeightCost: Weight = Weight::from_parts(1_000_000_000, 64 * 1024);
	/// Maximal number of instructions in one XCM program.
	pub const MaxInstructions: u32 = 100;
	/// Maximal number of distinct assets in the holding register.
	pub const MaxAssetsIntoHolding: u32 = 64;
}

/// Matches the relay chain itself and its Executive body: they may execute without paying.
pub struct ParentOrParentsExecutivePlurality;
impl Contains<Location> for ParentOrParentsExecutivePlurality {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, []) | (1, [Plurality { id: BodyId::Executive, .. }]))
	}
}

/// Which inbound messages may execute at all.
pub type Barrier = TrailingSetTopicAsId<
	DenyThenTry<
		// Never route reserve transfers through the relay chain.
		DenyRecursively<DenyReserveTransferToRelayChain>,
		(
			// Weight already paid for (e.g. by a local `execute`) is spent first.
			TakeWeightCredit,
			// Responses to queries this chain made.
			AllowKnownQueryResponses<PolkadotXcm>,
			WithComputedOrigin<
				(
					// Anyone who pays for execution up front.
					AllowTopLevelPaidExecutionFrom<Everything>,
					// The relay chain and its Executive body, when they ask for free execution.
					AllowExplicitUnpaidExecutionFrom<ParentOrParentsExecutivePlurality>,
					// XCM version subscriptions.
					AllowSubscriptionsFrom<Everything>,
					// HRMP channel notifications from the relay chain.
					AllowHrmpNotificationsFromRelayChain,
				),
				UniversalLocation,
				ConstU32<8>,
			>,
		),
	>,
>;

/// Pays XCM execution with the native token; the fee goes to the collators' staking pot.
pub type Trader = UsingComponents<
	WeightToFee,
	NativeLocation,
	AccountId,
	Balances,
	ResolveTo<StakingPotAccountId<Runtime>, Balances>,
>;

/// Charges delivery fees except for local root; fees go to the collators' staking pot.
pub type FeeManager = XcmFeeManagerFromComponents<
	Equals<RootLocation>,
	SendXcmFeeToAccount<LocalAssetTransactor, StakingPotLocation>,
>;

/// The XCM executor configuration.
pub struct XcmConfig;
impl xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = PolkadotXcm;
	type AssetTransactor = LocalAssetTransactor;
	type OriginConverter = XcmOriginToTransactDispatchOrigin;
	/// No chain is trusted as a reserve of foreign assets.
	type IsReserve = ();
	/// No chain is trusted for teleports.
	type IsTeleporter = ();
	type Aliasers = Nothing;
	type UniversalLocation = UniversalLocation;
	type Barrier = Barrier;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	type Trader = Trader;
	type ResponseHandler = PolkadotXcm;
	type AssetTrap = PolkadotXcm;
	type AssetLocker = ();
	type AssetExchanger = ();
	type SubscriptionService = PolkadotXcm;
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type FeeManager = FeeManager;
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = Everything;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = PolkadotXcm;
}

parameter_types! {
	/// Asset in which delivery fees are charged: the native token.
	pub FeeAssetId: AssetId = AssetId(NativeLocation::get());
	/// Base fee of delivering one message.
	pub const BaseDeliveryFee: u128 = 3 * MILLI_UNIT;
}

/// Delivery fee of an upward message to the relay chain; grows with UMP congestion.
pub type PriceForParentDelivery =
	ExponentialPrice<FeeAssetId, BaseDeliveryFee, TransactionByteFee, ParachainSystem>;

/// Delivery fee of a message to a sibling; grows with congestion of the XCMP channel.
pub type PriceForSiblingDelivery =
	ExponentialPrice<FeeAssetId, BaseDeliveryFee, TransactionByteFee, XcmpQueue>;

/// Routes outbound messages: UMP to the relay chain, XCMP to siblings.
pub type XcmRouter = WithUniqueTopic<(
	cumulus_primitives_utility::ParentAsUmp<ParachainSystem, PolkadotXcm, PriceForParentDelivery>,
	XcmpQueue,
)>;

/// Converts a local signed origin into the location of its account.
pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

impl pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type CurrencyMatcher = IsConcrete<NativeLocation>;
	/// Aliasing is off (`Aliasers = Nothing`), so aliases cannot be authorized either.
	type AuthorizedAliasConsideration = Disabled;
	/// Signed accounts may send messages.
	type SendXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	type XcmRouter = XcmRouter;
	type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	/// The `execute` extrinsic is disabled.
	type XcmExecuteFilter = Nothing;
	type XcmExecutor = XcmExecutor<XcmConfig>;
	/// Teleports are disabled.
	type XcmTeleportFilter = Nothing;
	/// Reserve transfers are disabled until ChaosCore opens channels to a counterpart.
	type XcmReserveTransferFilter = Nothing;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	type UniversalLocation = UniversalLocation;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
	type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
	/// Root or two thirds of the council.
	type AdminOrigin = super::governance::AdminOrigin;
	type TrustedLockers = ();
	type SovereignAccountOf = LocationToAccountId;
	type MaxLockers = ConstU32<8>;
	type MaxRemoteLockConsumers = ConstU32<0>;
	type RemoteLockConsumerIdentifier = ();
	/// `pallet-xcm` ships no benchmarked default weights.
	type WeightInfo = pallet_xcm::TestWeightInfo;
}

impl cumulus_pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type XcmExecutor = XcmExecutor<XcmConfig>;
}
