//! `Config` of the agent control plane: the agent registry and the slashing pallet.

use polkadot_sdk::{
	frame_support::{parameter_types, PalletId},
	frame_system::EnsureRoot,
	*,
};
use sp_runtime::traits::AccountIdConversion;

use crate::{
	AccountId, AgentRegistry, Balance, Balances, BlockNumber, Reputation, Runtime,
	RuntimeHoldReason, DAYS, HOURS, UNIT,
};

parameter_types! {
	/// Bond held from an agent's owner at registration; also the floor below which an agent is
	/// `Underbonded` and no longer eligible for work.
	pub const MinAgentBond: Balance = 10 * UNIT;
	/// An agent without a heartbeat for this many blocks (1 hour) is `Stale`.
	pub const LivenessWindow: BlockNumber = HOURS;
	/// Blocks (7 days) between deregistering and withdrawing the bond, so an agent cannot run
	/// from a challenge opened against it.
	pub const UnbondingPeriod: BlockNumber = 7 * DAYS;
	/// Longest jail term governance may impose at once (30 days).
	pub const MaxJailPeriod: BlockNumber = 30 * DAYS;
	/// Pallet id of the treasury account that receives slashed funds.
	pub const TreasuryPalletId: PalletId = PalletId(*b"cc/trsry");
	/// The treasury account.
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
}

impl pallet_agent_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinAgentBond;
	type LivenessWindow = LivenessWindow;
	type UnbondingPeriod = UnbondingPeriod;
	type MaxDocumentLen = frame_support::traits::ConstU32<16_384>;
	type MaxNameLen = frame_support::traits::ConstU32<64>;
	type MaxCategoryLen = frame_support::traits::ConstU32<32>;
	type MaxTags = frame_support::traits::ConstU32<16>;
	type MaxTagLen = frame_support::traits::ConstU32<32>;
	type MaxTools = frame_support::traits::ConstU32<32>;
	type MaxCapabilities = frame_support::traits::ConstU32<32>;
	type MaxItemLen = frame_support::traits::ConstU32<64>;
	type MaxEndpoints = frame_support::traits::ConstU32<4>;
	type MaxUrlLen = frame_support::traits::ConstU32<256>;
	type MaxRegionLen = frame_support::traits::ConstU32<32>;
	type MaxAgentsPerOwner = frame_support::traits::ConstU32<32>;
	type MaxStaleChecksPerBlock = frame_support::traits::ConstU32<32>;
	/// An agent with an open challenge cannot deregister or withdraw its bond.
	type ChallengeGuard = crate::Challenge;
	type WeightInfo = pallet_agent_registry::weights::SubstrateWeight<Runtime>;
}

impl pallet_slashing::Config for Runtime {
	type Balance = Balance;
	type Agents = AgentRegistry;
	/// Root (through sudo) for now; a council or an OpenGov track replaces it later.
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Treasury = TreasuryAccount;
	type Reputation = Reputation;
	type MaxJailPeriod = MaxJailPeriod;
	type WeightInfo = pallet_slashing::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SlashingBenchmarkHelper;
}

/// Benchmark set-up for slashing: a funded treasury and a registered agent.
#[cfg(feature = "runtime-benchmarks")]
pub struct SlashingBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_slashing::BenchmarkHelper<AccountId> for SlashingBenchmarkHelper {
	fn setup_agent(seed: u32) -> (chaoscore_primitives::agent::AgentId, AccountId) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(&TreasuryAccount::get(), crate::EXISTENTIAL_DEPOSIT);
		pallet_agent_registry::benchmarking::setup_agent::<Runtime>(seed)
	}
}
