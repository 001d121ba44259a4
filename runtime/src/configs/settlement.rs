//! `Config` of the settlement plane: escrow and challenge (see `docs/settlement.md`).

use polkadot_sdk::{frame_support::parameter_types, *};
use sp_runtime::Perbill;

#[cfg(feature = "runtime-benchmarks")]
use crate::AccountId;

use super::{agent_control::TreasuryAccount, parameters::dynamic_params::settlement};
use crate::{
	AgentRegistry, Balance, Balances, BlockNumber, Challenge, Escrow, ProofOfAgency, Reputation,
	Runtime, RuntimeHoldReason, Slashing, DAYS, MILLI_UNIT, UNIT,
};

parameter_types! {
	/// Share of every released escrow paid to the treasury.
	pub const ProtocolFee: Perbill = Perbill::from_percent(1);
	/// Smallest escrow (0.1 CHAOS), so fees and payouts never fall below the existential deposit.
	pub const MinEscrowAmount: Balance = 100 * MILLI_UNIT;
	/// Furthest an escrow's deadline may lie ahead (90 days).
	pub const MaxEscrowDeadline: BlockNumber = 90 * DAYS;
	/// Bond held from a challenger while its challenge is open.
	pub const ChallengeBond: Balance = 5 * UNIT;
}

impl pallet_escrow::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agents = AgentRegistry;
	type Challenges = Challenge;
	type Receipts = ProofOfAgency;
	type Reputation = Reputation;
	type ProtocolFee = ProtocolFee;
	type Treasury = TreasuryAccount;
	type MinEscrowAmount = MinEscrowAmount;
	type MaxDeadline = MaxEscrowDeadline;
	/// Set by governance (see [`super::parameters`]).
	type ReviewPeriod = settlement::ReviewPeriod;
	type WeightInfo = pallet_escrow::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SettlementBenchmarkHelper;
}

impl pallet_challenge::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agents = AgentRegistry;
	type Penalties = Slashing;
	type Escrows = Escrow;
	type Reputation = Reputation;
	/// Root or half of the council.
	type ArbiterOrigin = super::governance::GovernanceOrigin;
	type ChallengeBond = ChallengeBond;
	type ChallengerReward = settlement::ChallengerReward;
	type ResolutionPeriod = settlement::ResolutionPeriod;
	type MaxDeadlinesPerBlock = frame_support::traits::ConstU32<16>;
	/// Eight open challenges per agent: squatting every slot takes eight bonds (40 CHAOS).
	type MaxChallengesPerTarget = frame_support::traits::ConstU32<8>;
	type Treasury = TreasuryAccount;
	type WeightInfo = pallet_challenge::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SettlementBenchmarkHelper;
}

/// Benchmark set-up for escrow and challenge: a funded treasury and registered agents.
#[cfg(feature = "runtime-benchmarks")]
pub struct SettlementBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_escrow::BenchmarkHelper<AccountId> for SettlementBenchmarkHelper {
	fn setup_provider(seed: u32) -> (chaoscore_primitives::agent::AgentId, AccountId, AccountId) {
		use chaoscore_primitives::agent::AgentInspect;
		let (id, owner) = <Self as pallet_challenge::BenchmarkHelper<AccountId>>::setup_agent(seed);
		let key = AgentRegistry::facts(id).map(|f| f.agent_key).unwrap_or_else(|| owner.clone());
		(id, owner, key)
	}

	fn deliverable(agent: chaoscore_primitives::agent::AgentId) -> pallet_escrow::Deliverable {
		use chaoscore_primitives::agent::AgentInspect;
		// A pending receipt of the provider: the submission then checks it.
		let recorder = AgentRegistry::facts(agent).map(|f| f.owner);
		let receipt = recorder.and_then(|who| {
			ProofOfAgency::do_record(
				who,
				agent,
				frame_support::BoundedVec::truncate_from(b"benchmark".to_vec()),
				Default::default(),
				Default::default(),
				None,
				None,
			)
			.ok()
		});
		receipt.map_or(
			pallet_escrow::Deliverable::Hash(Default::default()),
			pallet_escrow::Deliverable::Receipt,
		)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_challenge::BenchmarkHelper<AccountId> for SettlementBenchmarkHelper {
	fn setup_agent(seed: u32) -> (chaoscore_primitives::agent::AgentId, AccountId) {
		<super::agent_control::SlashingBenchmarkHelper as pallet_slashing::BenchmarkHelper<
			AccountId,
		>>::setup_agent(seed)
	}

	fn setup_escrow(
		client: &AccountId,
		provider: chaoscore_primitives::agent::AgentId,
	) -> Option<chaoscore_primitives::settlement::EscrowId> {
		use frame_support::traits::fungible::Mutate;
		let amount = 100 * MinEscrowAmount::get();
		Balances::mint_into(client, amount.saturating_mul(2)).ok()?;
		let deadline = frame_system::Pallet::<Runtime>::block_number()
			.saturating_add(MaxEscrowDeadline::get());
		let id =
			Escrow::do_open(client.clone(), provider, amount, None, deadline, Default::default())
				.ok()?;
		// Only an accepted escrow can be disputed.
		use chaoscore_primitives::agent::AgentInspect;
		let key = crate::AgentRegistry::facts(provider)?.agent_key;
		Escrow::do_accept(key, id).ok()?;
		Some(id)
	}
}
