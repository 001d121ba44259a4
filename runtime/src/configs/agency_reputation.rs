//! `Config` of proof of agency and reputation (see `docs/reputation.md`).

use polkadot_sdk::{frame_support::parameter_types, *};

use super::agent_control::TreasuryAccount;
use crate::{
	AgentRegistry, Balance, Balances, BlockNumber, Reputation, Runtime, RuntimeHoldReason, DAYS,
	UNIT,
};

parameter_types! {
	/// Bond held from an account while it is a registered verifier.
	pub const VerifierBond: Balance = 10 * UNIT;
	/// Blocks (1 day) verifiers have to reach a quorum on a receipt before it expires.
	pub const AttestationPeriod: BlockNumber = DAYS;
	/// Blocks (7 days) a verifier's bond stays held after it leaves the draw: longer than any
	/// receipt stays pending (a day and 16 blocks) and than a challenge of the agent it vouched
	/// for takes to resolve.
	pub const VerifierUnbondingPeriod: BlockNumber = 7 * DAYS;
	/// What a verifier loses for attesting against a receipt's outcome (a tenth of the bond).
	pub const VerifierPenalty: Balance = UNIT;
	/// Relay slots (36 s) by which the randomness drawing a receipt's committee must be newer
	/// than the newest at its recording: more than a collator's oldest allowed relay parent is
	/// old (async backing allows a few relay blocks), so no collator building the receipt's block
	/// knows the randomness that draws its committee.
	pub const CommitteeRandomnessLookahead: BlockNumber = 6;
	/// Held from the recorder of a receipt until it is finalized or expires.
	pub const ReceiptDeposit: Balance = UNIT / 10;
	/// Blocks (30 days) a finalized receipt's outcome is kept after the receipt was recorded;
	/// longer than any escrow a deliverable citing it can be submitted to.
	pub const OutcomeRetention: BlockNumber = 30 * DAYS;
	/// Held from whoever anchors a batch root until the anchor is removed.
	pub const AnchorDeposit: Balance = UNIT / 10;
	/// Blocks (7 days) over which an agent's reputation evidence loses half its weight.
	pub const ReputationHalfLife: BlockNumber = 7 * DAYS;
	/// Escrow value that counts as one unit of evidence (weights are linear in value): its 1 %
	/// protocol fee is 1 CHAOS, the least a client paying its own agent loses per unit.
	pub const ReputationValueUnit: Balance = 100 * UNIT;
	/// Blocks (3 days) a client has to leave feedback after its escrow settled.
	pub const FeedbackWindow: BlockNumber = 3 * DAYS;
}

impl pallet_proof_of_agency::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agents = AgentRegistry;
	type Reputation = Reputation;
	type VerifierBond = VerifierBond;
	/// Five verifiers per receipt; three matching attestations finalize it.
	type CommitteeSize = frame_support::traits::ConstU32<5>;
	type MaxVerifiers = frame_support::traits::ConstU32<100_000>;
	/// As many as one deadline queue holds: the rate receipts can be recorded at for long.
	type MaxReceiptsPerBlock = frame_support::traits::ConstU32<16>;
	/// Eight blocks' worth: a draw waits about seven dev or relay blocks for its randomness.
	type MaxUndrawn = frame_support::traits::ConstU32<128>;
	type CommitteeRandomness = crate::relay_randomness::RelayRandomness;
	type RandomnessLookahead = CommitteeRandomnessLookahead;
	/// Two blocks' worth: taking the shared queues for a day takes hundreds of bonded agents.
	type MaxPendingPerAgent = frame_support::traits::ConstU32<32>;
	type ReceiptDeposit = ReceiptDeposit;
	type VerifierUnbondingPeriod = VerifierUnbondingPeriod;
	type VerifierPenalty = VerifierPenalty;
	type Treasury = TreasuryAccount;
	type AttestationPeriod = AttestationPeriod;
	type MaxDeadlinesPerBlock = frame_support::traits::ConstU32<16>;
	type MaxKindLen = frame_support::traits::ConstU32<64>;
	type OutcomeRetention = OutcomeRetention;
	type AnchorDeposit = AnchorDeposit;
	type WeightInfo = pallet_proof_of_agency::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::settlement::SettlementBenchmarkHelper;
}

impl pallet_reputation::Config for Runtime {
	type Balance = Balance;
	type Agents = AgentRegistry;
	/// Decaying evidence; an escrow's weight is capped at 8 units (800 CHAOS).
	type Model = pallet_reputation::scoring::DecayingBeta<
		ReputationHalfLife,
		ReputationValueUnit,
		frame_support::traits::ConstU32<8>,
	>;
	type MaxHistory = frame_support::traits::ConstU32<64>;
	type FeedbackWindow = FeedbackWindow;
	type MaxFeedbackExpiriesPerBlock = frame_support::traits::ConstU32<32>;
	type WeightInfo = pallet_reputation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::settlement::SettlementBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_proof_of_agency::BenchmarkHelper<crate::AccountId>
	for super::settlement::SettlementBenchmarkHelper
{
	fn setup_agent(
		seed: u32,
	) -> (chaoscore_primitives::agent::AgentId, crate::AccountId, crate::AccountId) {
		<Self as pallet_escrow::BenchmarkHelper<crate::AccountId>>::setup_provider(seed)
	}

	fn advance_committee_randomness(lookahead: u32) {
		crate::relay_randomness::advance(lookahead.saturating_add(1));
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_reputation::BenchmarkHelper<crate::AccountId>
	for super::settlement::SettlementBenchmarkHelper
{
	fn setup_agent(seed: u32) -> (chaoscore_primitives::agent::AgentId, crate::AccountId) {
		<Self as pallet_challenge::BenchmarkHelper<crate::AccountId>>::setup_agent(seed)
	}
}
