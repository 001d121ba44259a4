//! `Config` of the agent control plane: the agent registry and the slashing pallet.

use polkadot_sdk::{
	frame_support::{parameter_types, PalletId},
	*,
};
use sp_runtime::traits::AccountIdConversion;

use super::parameters::dynamic_params::agents;

use crate::{
	AccountId, AgentRegistry, Balance, Balances, Reputation, Runtime, RuntimeHoldReason, UNIT,
};

/// The most blocks ahead an agent key's consent may be valid: an hour.
pub const MAX_KEY_CONSENT_AGE: u32 = 600;

parameter_types! {
	/// Bond held from an agent's owner at registration; also the floor below which an agent is
	/// `Underbonded` and no longer eligible for work.
	pub const MinAgentBond: Balance = 10 * UNIT;
	/// Pallet id of the treasury account that receives slashed funds.
	pub const TreasuryPalletId: PalletId = PalletId(*b"cc/trsry");
	/// The treasury account.
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
}

impl pallet_agent_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinAgentBond;
	/// Set by governance (see [`super::parameters`]).
	type LivenessWindow = agents::LivenessWindow;
	type UnbondingPeriod = agents::UnbondingPeriod;
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
	/// ChaosCore accounts' signatures, and Ethereum wallets' for keys named by an address.
	type KeySignature = crate::agent_keys::AgentKeySignature;
	type MaxKeyConsentAge = frame_support::traits::ConstU32<MAX_KEY_CONSENT_AGE>;
	type WeightInfo = pallet_agent_registry::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::agent_keys::KeyBenchmarkHelper;
}

impl pallet_slashing::Config for Runtime {
	type Balance = Balance;
	type Agents = AgentRegistry;
	/// Root or half of the council.
	type GovernanceOrigin = super::governance::GovernanceOrigin;
	type Treasury = TreasuryAccount;
	type Reputation = Reputation;
	type MaxJailPeriod = agents::MaxJailPeriod;
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
