//! Test runtime for the reputation pallet: System, Balances and the real agent registry. The
//! `ReputationSink` methods are called directly, as escrow, challenge, slashing and
//! proof-of-agency do.

use crate::{self as pallet_reputation, scoring::DecayingBeta, Config};
pub use pallet_agent_registry::testing::key_consent;
use pallet_agent_registry::{AgentMetadata, DocumentOf};
use polkadot_sdk::{
	frame_support::{
		assert_ok, derive_impl, parameter_types,
		traits::{ConstU32, Hooks},
	},
	frame_system, pallet_balances, sp_io,
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
		Reputation: pallet_reputation,
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
/// Blocks after which evidence counts half.
pub const HALF_LIFE: BlockNumber = 100;
/// Escrow value counting as one unit in `w(v)`.
pub const VALUE_UNIT: Balance = 100;
/// Cap of `w(v)`.
pub const MAX_VALUE_WEIGHT: u32 = 4;
pub const HISTORY_LEN: u32 = 200;
pub const FEEDBACK_WINDOW: BlockNumber = 20;
pub const MAX_EXPIRIES: u32 = 2;

parameter_types! {
	pub static ExistentialDeposit: Balance = 1;
	pub const MinBond: Balance = MIN_BOND;
	pub const LivenessWindow: BlockNumber = 1_000;
	pub const UnbondingPeriod: BlockNumber = 20;
	pub const HalfLife: BlockNumber = HALF_LIFE;
	pub const ValueUnit: Balance = VALUE_UNIT;
	pub const FeedbackWindow: BlockNumber = FEEDBACK_WINDOW;
	pub static MaxHistory: u32 = HISTORY_LEN;
}

#[derive_impl(pallet_agent_registry::config_preludes::TestDefaultConfig)]
impl pallet_agent_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinBond;
	type LivenessWindow = LivenessWindow;
	type UnbondingPeriod = UnbondingPeriod;
}

/// The default model with the mock's constants.
pub type Model = DecayingBeta<HalfLife, ValueUnit, ConstU32<MAX_VALUE_WEIGHT>>;

impl Config for Test {
	type Balance = Balance;
	type Agents = AgentRegistry;
	type Model = Model;
	type MaxHistory = MaxHistory;
	type FeedbackWindow = FeedbackWindow;
	type MaxFeedbackExpiriesPerBlock = ConstU32<MAX_EXPIRIES>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// Registers agents for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchHelper {
	fn setup_agent(seed: u32) -> (u64, AccountId) {
		pallet_agent_registry::benchmarking::setup_agent::<Test>(seed)
	}
}

/// Accounts endowed at genesis.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// Agent keys (not endowed).
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

/// Builds the test externalities (genesis balances of the named accounts, block 1).
#[derive(Default)]
pub struct ExtBuilder {
	_private: (),
}

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		ExistentialDeposit::set(1);
		MaxHistory::set(HISTORY_LEN);
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![
				(ALICE, ENDOWMENT),
				(BOB, ENDOWMENT),
				(CHARLIE, ENDOWMENT),
				(DAVE, ENDOWMENT),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the registry's and this pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			check_invariants();
		});
	}
}

/// `try_state` of the registry and the reputation pallet.
pub fn check_invariants() {
	AgentRegistry::do_try_state().expect("registry try_state holds");
	Reputation::do_try_state().expect("reputation try_state holds");
}

/// Advances one block, running the hooks of the pallets that have per-block work.
pub fn next_block() {
	let next = System::block_number() + 1;
	System::set_block_number(next);
	AgentRegistry::on_initialize(next);
	Reputation::on_initialize(next);
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
