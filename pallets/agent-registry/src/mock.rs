//! Test runtime for the agent registry: System, Balances and the registry.

pub use crate::testing::key_consent;
use crate::{self as pallet_agent_registry, AgentMetadata, DocumentOf, Endpoint, EndpointKind};
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, traits::ConstU32, BoundedVec},
	frame_system, pallet_balances,
	sp_core::H256,
	sp_io,
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
pub const MAX_PER_OWNER: u32 = 3;
pub const MAX_CHECKS: u32 = 4;
pub const MAX_DOC: u32 = 256;

parameter_types! {
	pub const MinBond: Balance = MIN_BOND;
	// Governance may change the window on a live chain (a runtime parameter).
	pub static LivenessWindow: u64 = LIVENESS;
	pub const UnbondingPeriod: u64 = UNBONDING;
	pub static Challenged: Vec<u64> = Vec::new();
	pub static ExistentialDeposit: Balance = 1;
}

/// Challenge guard driven by the `Challenged` static.
pub struct MockChallenges;
impl chaoscore_primitives::agent::ChallengeGuard for MockChallenges {
	fn is_challenged(id: u64) -> bool {
		Challenged::get().contains(&id)
	}
}

// The test defaults, with the bounds the tests name as constants spelled out.
#[derive_impl(pallet_agent_registry::config_preludes::TestDefaultConfig)]
impl pallet_agent_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinBond;
	type LivenessWindow = LivenessWindow;
	type UnbondingPeriod = UnbondingPeriod;
	type MaxDocumentLen = ConstU32<MAX_DOC>;
	type MaxAgentsPerOwner = ConstU32<MAX_PER_OWNER>;
	type MaxStaleChecksPerBlock = ConstU32<MAX_CHECKS>;
	type ChallengeGuard = MockChallenges;
}

/// Accounts endowed at genesis.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// Has just enough for the existential deposit: cannot bond.
pub const POOR: AccountId = 4;
/// Agent keys (not endowed).
pub const KEY_A: AccountId = 101;
pub const KEY_B: AccountId = 102;
pub const KEY_C: AccountId = 103;
pub const KEY_D: AccountId = 104;

pub const ENDOWMENT: Balance = 1_000;

pub fn document(tag: &[u8]) -> DocumentOf<Test> {
	let mut doc = b"{\"capabilities\":\"".to_vec();
	doc.extend_from_slice(tag);
	doc.extend_from_slice(b"\"}");
	BoundedVec::truncate_from(doc)
}

pub fn metadata_for(doc: &DocumentOf<Test>) -> AgentMetadata<Test> {
	AgentMetadata {
		name: BoundedVec::truncate_from(b"coder".to_vec()),
		category: BoundedVec::truncate_from(b"coding".to_vec()),
		tags: BoundedVec::truncate_from(vec![BoundedVec::truncate_from(b"rust".to_vec())]),
		tools: BoundedVec::truncate_from(vec![BoundedVec::truncate_from(b"git".to_vec())]),
		capabilities: BoundedVec::truncate_from(vec![BoundedVec::truncate_from(
			b"review".to_vec(),
		)]),
		endpoints: BoundedVec::truncate_from(vec![Endpoint {
			kind: EndpointKind::Mcp,
			url: BoundedVec::truncate_from(b"https://agent.example/mcp".to_vec()),
		}]),
		region: BoundedVec::truncate_from(b"eu".to_vec()),
		tier: 1,
		latency_ms: 250,
		document_hash: H256(sp_io::hashing::blake2_256(doc)),
		version: 0,
	}
}

pub struct ExtBuilder {
	existential_deposit: Balance,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { existential_deposit: 1 }
	}
}

impl ExtBuilder {
	pub fn existential_deposit(mut self, ed: Balance) -> Self {
		self.existential_deposit = ed;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		ExistentialDeposit::set(self.existential_deposit);
		let balances = vec![
			(ALICE, ENDOWMENT),
			(BOB, ENDOWMENT),
			(CHARLIE, ENDOWMENT),
			(POOR, self.existential_deposit),
		];
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the registry's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		Challenged::take();
		self.build().execute_with(|| {
			test();
			AgentRegistry::do_try_state().expect("try_state holds after the test");
		});
	}
}

/// Advances to block `n`, running the registry's `on_initialize` for each block.
pub fn run_to_block(n: u64) {
	use polkadot_sdk::frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		AgentRegistry::on_initialize(next);
	}
}
