//! Test runtime for the slashing pallet: System, Balances, the agent registry and slashing.

use crate::{self as pallet_slashing, Config};
use chaoscore_primitives::agency::recording::{self, RecordingReputation};
pub use pallet_agent_registry::testing::key_consent;
use pallet_agent_registry::{AgentMetadata, DocumentOf};
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, traits::ConstU32},
	frame_system::{self, EnsureRoot},
	pallet_balances, sp_io,
	sp_runtime::BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		AgentRegistry: pallet_agent_registry,
		Slashing: pallet_slashing,
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
pub const LIVENESS: u64 = 10;
pub const UNBONDING: u64 = 20;
pub const MAX_JAIL: u64 = 50;
pub const TREASURY: AccountId = 1000;

parameter_types! {
	pub static ExistentialDeposit: Balance = 1;
	pub const MinBond: Balance = MIN_BOND;
	pub const LivenessWindow: u64 = LIVENESS;
	pub const UnbondingPeriod: u64 = UNBONDING;
	pub const MaxJailPeriod: u64 = MAX_JAIL;
	pub const Treasury: AccountId = TREASURY;
}

#[derive_impl(pallet_agent_registry::config_preludes::TestDefaultConfig)]
impl pallet_agent_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinBond;
	type LivenessWindow = LivenessWindow;
	type UnbondingPeriod = UnbondingPeriod;
	type MaxAgentsPerOwner = ConstU32<4>;
}

impl Config for Test {
	type Balance = Balance;
	type Agents = AgentRegistry;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Treasury = Treasury;
	type Reputation = RecordingReputation;
	type MaxJailPeriod = MaxJailPeriod;
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
		use polkadot_sdk::frame_support::traits::fungible::Mutate;
		Balances::set_balance(&TREASURY, ExistentialDeposit::get());
		pallet_agent_registry::benchmarking::setup_agent::<Test>(seed)
	}
}

/// Accounts endowed at genesis.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
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

pub struct ExtBuilder {
	existential_deposit: Balance,
	endowed: Vec<(AccountId, Balance)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			existential_deposit: 1,
			endowed: vec![
				(ALICE, ENDOWMENT),
				(BOB, ENDOWMENT),
				(CHARLIE, ENDOWMENT),
				(TREASURY, ENDOWMENT),
			],
		}
	}
}

impl ExtBuilder {
	pub fn existential_deposit(mut self, ed: Balance) -> Self {
		self.existential_deposit = ed;
		self
	}

	pub fn endowed(mut self, endowed: Vec<(AccountId, Balance)>) -> Self {
		self.endowed = endowed;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		ExistentialDeposit::set(self.existential_deposit);
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: self.endowed, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		recording::clear();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks both pallets' invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			check_invariants();
		});
	}
}

/// `try_state` of the registry and of slashing.
pub fn check_invariants() {
	AgentRegistry::do_try_state().expect("registry try_state holds");
	Slashing::do_try_state().expect("slashing try_state holds");
}

/// Registers an agent of `owner` signing with `key`; returns its id.
pub fn register(owner: AccountId, key: AccountId) -> u64 {
	let id = pallet_agent_registry::NextAgentId::<Test>::get();
	let doc = document(b"x");
	polkadot_sdk::frame_support::assert_ok!(AgentRegistry::register(
		RuntimeOrigin::signed(owner),
		key,
		key_consent::<Test>(owner, None, key),
		metadata_for(&doc),
		doc
	));
	id
}
