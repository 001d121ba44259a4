//! Governance: the council (`pallet-collective`) and the origin that may penalize agents, rule on
//! challenges and change the council (see `docs/governance.md`).
//!
//! [`GovernanceOrigin`] is Root or at least half of the council. On `local_testnet` there is no
//! sudo key, so the council is the only way to it; `development` keeps Alice as sudo for
//! convenience.

use polkadot_sdk::{frame_support::parameter_types, *};

use frame_support::{traits::EitherOfDiverse, weights::Weight};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use crate::{
	configs::RuntimeBlockWeights, AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, DAYS,
};

/// The council's instance of `pallet-collective`.
pub type CouncilCollective = pallet_collective::Instance1;

/// Root, or a motion carried by at least half of the council.
pub type GovernanceOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 1, 2>,
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
