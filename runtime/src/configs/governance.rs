//! Governance: the council (`pallet-collective`), the origins it reaches, and the path from the
//! council to Root (`pallet-whitelist` over `pallet-preimage`). See `docs/governance.md`.
//!
//! - [`GovernanceOrigin`], Root or at least half of the council, penalizes agents, rules on
//!   challenges, changes parameters and the council, and whitelists calls for Root.
//! - [`AdminOrigin`], Root or at least two thirds of the council, administers the parachain's
//!   plumbing (collator selection, the XCMP queue, pallet-xcm) and dispatches whitelisted calls
//!   as Root.
//!
//! So Root — runtime upgrades (`System::authorize_upgrade`) among others — takes two motions: one
//! by half of the council naming the call by its hash (`Whitelist::whitelist_call`), one by two
//! thirds dispatching it (`Whitelist::dispatch_whitelisted_call_with_preimage`), in either order.
//! On `local_testnet` and live chains there is no sudo key, so this is the only way to Root;
//! `development` keeps Alice as sudo for convenience.

use polkadot_sdk::{frame_support::parameter_types, *};

use frame_support::{
	traits::{fungible::HoldConsideration, EitherOf, EitherOfDiverse, LinearStoragePrice},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use crate::{
	configs::RuntimeBlockWeights, AccountId, Balance, Balances, BlockNumber, Preimage, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, System, DAYS, MILLI_UNIT, UNIT,
};

/// The council's instance of `pallet-collective`.
pub type CouncilCollective = pallet_collective::Instance1;

/// Root, or a motion carried by at least half of the council.
pub type GovernanceOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 1, 2>,
>;

/// Root, or a motion carried by at least two thirds of the council.
pub type AdminOrigin = EitherOf<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

parameter_types! {
	/// A motion that does not reach its threshold within 3 days can be closed as disapproved.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// Open motions at a time.
	pub const CouncilMaxProposals: u32 = 100;
	/// Council seats.
	pub const CouncilMaxMembers: u32 = 20;
	/// A motion may dispatch at most half a block of weight.
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	/// Members who did not vote follow the prime member, if there is one.
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// The council changes its own membership by motion (or Root does).
	type SetMembersOrigin = GovernanceOrigin;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	/// Proposing costs only the transaction fee; members are trusted not to spam.
	type Consideration = ();
}

parameter_types! {
	/// Deposit held for each noted preimage, plus [`PreimageByteDeposit`] per byte.
	pub const PreimageBaseDeposit: Balance = UNIT;
	/// Deposit held per byte of a noted preimage (a 1 MiB preimage holds about 1,049 CHAOS).
	pub const PreimageByteDeposit: Balance = MILLI_UNIT;
	/// Hold reason of preimage deposits.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Blocks (1 day) a deferred whitelisted dispatch may wait for its whitelisting.
	pub const WhitelistDeferredDispatchExpiration: BlockNumber = DAYS;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Notes preimages without a deposit and removes any.
	type ManagerOrigin = AdminOrigin;
	/// Anyone may note a preimage (e.g. a large whitelisted call) against a deposit.
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	/// Half of the council names a call (by hash) that may run as Root.
	type WhitelistOrigin = GovernanceOrigin;
	/// Two thirds of the council run a whitelisted call as Root.
	type DispatchWhitelistedOrigin = AdminOrigin;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = WhitelistDeferredDispatchExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}
