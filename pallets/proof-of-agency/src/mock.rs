//! Test runtime for the proof-of-agency pallet: System, Balances, the real agent registry and this
//! pallet, with a reputation double that records every report it gets.

use crate::{self as pallet_proof_of_agency, Config, ReceiptId};
use chaoscore_primitives::{
	agency::{
		recording::{self, RecordingReputation},
		Report,
	},
	agent::AgentId,
};
pub use pallet_agent_registry::testing::key_consent;
use pallet_agent_registry::{AgentMetadata, DocumentOf};
use polkadot_sdk::{
	frame_support::{
		assert_ok, derive_impl, parameter_types,
		traits::{ConstU32, Hooks, Randomness},
	},
	frame_system, pallet_balances,
	sp_core::H256,
	sp_io,
	sp_runtime::BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;
pub type BlockNumber = u64;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		AgentRegistry: pallet_agent_registry,
		ProofOfAgency: pallet_proof_of_agency,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ExistentialDeposit;
}

pub const MIN_BOND: Balance = 100;
pub const LIVENESS: BlockNumber = 1_000;
pub const UNBONDING: BlockNumber = 20;
pub const VERIFIER_BOND: Balance = 50;
pub const PENALTY: Balance = 20;
pub const RECEIPT_DEPOSIT: Balance = 2;
pub const COMMITTEE: u32 = 3;
pub const MAX_VERIFIERS: u32 = 16;
pub const PERIOD: BlockNumber = 10;
/// Longer than a receipt can stay pending (`PERIOD + MAX_DEADLINE_SCAN`).
pub const VERIFIER_UNBONDING: BlockNumber = 30;
/// Receives the penalties.
pub const TREASURY: AccountId = 99;
pub const MAX_DEADLINES: u32 = 3;
pub const MAX_KIND: u32 = 16;
pub const ANCHOR_DEPOSIT: Balance = 3;
/// The attestation period and deadline scan (the longest a receipt stays pending), plus 10.
pub const RETENTION: BlockNumber =
	PERIOD + chaoscore_primitives::deadlines::MAX_DEADLINE_SCAN as BlockNumber + 10;

parameter_types! {
	pub static ExistentialDeposit: Balance = 1;
	pub const MinBond: Balance = MIN_BOND;
	pub const LivenessWindow: BlockNumber = LIVENESS;
	pub const UnbondingPeriod: BlockNumber = UNBONDING;
	pub const VerifierBond: Balance = VERIFIER_BOND;
	pub const AttestationPeriod: BlockNumber = PERIOD;
	pub const VerifierUnbondingPeriod: BlockNumber = VERIFIER_UNBONDING;
	pub const VerifierPenalty: Balance = PENALTY;
	pub const Treasury: AccountId = TREASURY;
	pub const ReceiptDeposit: Balance = RECEIPT_DEPOSIT;
	pub const AnchorDeposit: Balance = ANCHOR_DEPOSIT;
	/// Outlasts every pending receipt; tests lengthen it.
	pub static OutcomeRetention: BlockNumber = RETENTION;
	/// More than a full deadline window holds, so only tests that lower it meet it.
	pub static MaxPendingPerAgent: u32 = 64;
	/// Enough for every receipt a full deadline window holds; tests lower it.
	pub static MaxReceiptsPerBlock: u32 = 64;
	pub static MaxUndrawn: u32 = 256;
	/// Draws in the block after the recording; tests lengthen it.
	pub static RandomnessLookahead: BlockNumber = 0;
	/// While set, the committee randomness stays as it was at this block.
	pub static RandomnessStalledAt: Option<BlockNumber> = None;
	/// Added to the committee randomness clock (the benchmarks advance it).
	pub static RandomnessAdvance: BlockNumber = 0;
}

/// Committee randomness that advances with every block (unless stalled), seeded by the parent
/// hash, which [`next_block`] derives from the block number.
pub struct TestRandomness;

impl Randomness<H256, BlockNumber> for TestRandomness {
	fn random(_subject: &[u8]) -> (H256, BlockNumber) {
		let now = System::block_number();
		match RandomnessStalledAt::get() {
			Some(at) => (H256(sp_io::hashing::blake2_256(&at.to_le_bytes())), at.min(now)),
			None => (System::parent_hash(), now + RandomnessAdvance::get()),
		}
	}
}

#[derive_impl(pallet_agent_registry::config_preludes::TestDefaultConfig)]
impl pallet_agent_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinBond;
	type LivenessWindow = LivenessWindow;
	type UnbondingPeriod = UnbondingPeriod;
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agents = AgentRegistry;
	type Reputation = RecordingReputation;
	type VerifierBond = VerifierBond;
	type CommitteeSize = ConstU32<COMMITTEE>;
	type MaxVerifiers = ConstU32<MAX_VERIFIERS>;
	type MaxReceiptsPerBlock = MaxReceiptsPerBlock;
	type MaxUndrawn = MaxUndrawn;
	type CommitteeRandomness = TestRandomness;
	type RandomnessLookahead = RandomnessLookahead;
	type MaxPendingPerAgent = MaxPendingPerAgent;
	type ReceiptDeposit = ReceiptDeposit;
	type VerifierUnbondingPeriod = VerifierUnbondingPeriod;
	type VerifierPenalty = VerifierPenalty;
	type Treasury = Treasury;
	type AttestationPeriod = AttestationPeriod;
	type MaxDeadlinesPerBlock = ConstU32<MAX_DEADLINES>;
	type MaxKindLen = ConstU32<MAX_KIND>;
	type OutcomeRetention = OutcomeRetention;
	type AnchorDeposit = AnchorDeposit;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// Registers agents for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchHelper {
	fn setup_agent(seed: u32) -> (u64, AccountId, AccountId) {
		let (id, owner) = pallet_agent_registry::benchmarking::setup_agent::<Test>(seed);
		let key = pallet_agent_registry::Agents::<Test>::get(id)
			.map(|r| r.agent_key)
			.unwrap_or(owner);
		(id, owner, key)
	}

	fn advance_committee_randomness(lookahead: u32) {
		RandomnessAdvance::set(RandomnessAdvance::get() + BlockNumber::from(lookahead) + 1);
	}
}

/// Accounts endowed at genesis.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 6;
/// Holds just the existential deposit: cannot bond.
pub const POOR: AccountId = 5;
/// Agent keys (endowed: they pay receipt deposits).
pub const KEY_A: AccountId = 101;
pub const KEY_B: AccountId = 102;

pub const ENDOWMENT: Balance = 1_000;

/// A capability document naming `tag`.
pub fn document(tag: &[u8]) -> DocumentOf<Test> {
	pallet_agent_registry::testing::document::<Test>(tag)
}

/// Metadata committing to `doc`.
pub fn metadata_for(doc: &DocumentOf<Test>) -> AgentMetadata<Test> {
	pallet_agent_registry::testing::metadata_for::<Test>(doc)
}

/// Builds the test externalities: the accounts above endowed, block 1, no reports yet.
#[derive(Default)]
pub struct ExtBuilder {
	_private: (),
}

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		ExistentialDeposit::set(1);
		MaxReceiptsPerBlock::set(64);
		MaxPendingPerAgent::set(64);
		recording::clear();
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![
				(ALICE, ENDOWMENT),
				(BOB, ENDOWMENT),
				(CHARLIE, ENDOWMENT),
				(DAVE, ENDOWMENT),
				(EVE, ENDOWMENT),
				(KEY_A, ENDOWMENT),
				(KEY_B, ENDOWMENT),
				(POOR, 1),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks every pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			check_invariants();
		});
	}
}

/// `try_state` of the registry and of this pallet.
pub fn check_invariants() {
	AgentRegistry::do_try_state().expect("registry try_state holds");
	ProofOfAgency::do_try_state().expect("proof-of-agency try_state holds");
}

/// Advances one block, running the hooks of the pallets that have per-block work. The parent
/// hash (the committee randomness, see [`TestRandomness`]) is the previous block number's hash.
pub fn next_block() {
	let now = System::block_number();
	let next = now + 1;
	System::set_parent_hash(H256(sp_io::hashing::blake2_256(&now.to_le_bytes())));
	System::set_block_number(next);
	AgentRegistry::on_initialize(next);
	ProofOfAgency::on_initialize(next);
}

/// Advances to block `n`, running the hooks of every block on the way.
pub fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		next_block();
	}
}

/// Registers an agent of `owner` signing with `key`; returns its id.
pub fn register(owner: AccountId, key: AccountId) -> u64 {
	let id = pallet_agent_registry::NextAgentId::<Test>::get();
	let doc = document(&key.to_le_bytes());
	assert_ok!(AgentRegistry::register(
		RuntimeOrigin::signed(owner),
		key,
		key_consent::<Test>(owner, None, key),
		metadata_for(&doc),
		doc
	));
	id
}

/// The receipt reports the reputation double got so far: `(agent, receipt, verified)`.
pub fn reports() -> Vec<(AgentId, ReceiptId, bool)> {
	recording::reports::<AccountId, Balance>()
		.into_iter()
		.filter_map(|r| match r {
			Report::Receipt { agent, receipt, verified } => Some((agent, receipt, verified)),
			_ => None,
		})
		.collect()
}
