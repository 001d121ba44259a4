//! Test runtime for the challenge pallet: System, Balances and the real agent registry, slashing
//! and escrow pallets, wired as in the runtime (the registry asks this pallet whether an agent is
//! challenged; escrow opens challenges through it and is frozen and settled by it; it penalizes
//! through slashing).

use crate::{self as pallet_challenge, Config};
use chaoscore_primitives::agency::recording::{self, RecordingReputation};
pub use pallet_agent_registry::testing::key_consent;
use pallet_agent_registry::{AgentMetadata, DocumentOf};
use polkadot_sdk::{
	frame_support::{
		assert_ok, derive_impl, parameter_types,
		traits::{ConstU32, Hooks},
	},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_core::H256,
	sp_io,
	sp_runtime::{BuildStorage, Perbill},
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
		Slashing: pallet_slashing,
		Escrow: pallet_escrow,
		Challenge: pallet_challenge,
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
pub const MAX_JAIL: BlockNumber = 50;
pub const BOND: Balance = 50;
pub const REWARD_PERCENT: u32 = 50;
pub const RESOLUTION: BlockNumber = 10;
pub const MAX_DEADLINES: u32 = 3;
/// Open challenges an agent may have at once.
pub const MAX_CHALLENGES_PER_TARGET: u32 = 2;
pub const TREASURY: AccountId = 1000;
pub const FEE_PERCENT: u32 = 10;
pub const MIN_ESCROW: Balance = 10;
pub const MAX_ESCROW_DEADLINE: BlockNumber = 100;
pub const REVIEW: BlockNumber = 5;

parameter_types! {
	pub static ExistentialDeposit: Balance = 1;
	pub const MinBond: Balance = MIN_BOND;
	pub const LivenessWindow: BlockNumber = LIVENESS;
	pub const UnbondingPeriod: BlockNumber = UNBONDING;
	pub const MaxJailPeriod: BlockNumber = MAX_JAIL;
	pub const Treasury: AccountId = TREASURY;
	pub const ChallengeBond: Balance = BOND;
	pub const ChallengerReward: Perbill = Perbill::from_percent(REWARD_PERCENT);
	pub const ResolutionPeriod: BlockNumber = RESOLUTION;
	pub const ProtocolFee: Perbill = Perbill::from_percent(FEE_PERCENT);
	pub const MinEscrowAmount: Balance = MIN_ESCROW;
	pub const MaxEscrowDeadline: BlockNumber = MAX_ESCROW_DEADLINE;
	pub const ReviewPeriod: BlockNumber = REVIEW;
}

#[derive_impl(pallet_agent_registry::config_preludes::TestDefaultConfig)]
impl pallet_agent_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinBond;
	type LivenessWindow = LivenessWindow;
	type UnbondingPeriod = UnbondingPeriod;
	type ChallengeGuard = Challenge;
}

impl pallet_slashing::Config for Test {
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

impl pallet_escrow::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agents = AgentRegistry;
	type Challenges = Challenge;
	type Receipts = ();
	type Reputation = RecordingReputation;
	type ProtocolFee = ProtocolFee;
	type Treasury = Treasury;
	type MinEscrowAmount = MinEscrowAmount;
	type MaxDeadline = MaxEscrowDeadline;
	type ReviewPeriod = ReviewPeriod;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agents = AgentRegistry;
	type Penalties = Slashing;
	type Escrows = Escrow;
	type Reputation = RecordingReputation;
	type ArbiterOrigin = EnsureRoot<AccountId>;
	type ChallengeBond = ChallengeBond;
	type ChallengerReward = ChallengerReward;
	type ResolutionPeriod = ResolutionPeriod;
	type MaxDeadlinesPerBlock = ConstU32<MAX_DEADLINES>;
	type MaxChallengesPerTarget = ConstU32<MAX_CHALLENGES_PER_TARGET>;
	type Treasury = Treasury;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// Registers agents (and escrows) for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_slashing::BenchmarkHelper<AccountId> for BenchHelper {
	fn setup_agent(seed: u32) -> (u64, AccountId) {
		<Self as crate::BenchmarkHelper<AccountId>>::setup_agent(seed)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchHelper {
	fn setup_agent(seed: u32) -> (u64, AccountId) {
		use polkadot_sdk::frame_support::traits::fungible::Mutate;
		Balances::set_balance(&TREASURY, ExistentialDeposit::get());
		pallet_agent_registry::benchmarking::setup_agent::<Test>(seed)
	}

	fn setup_escrow(client: &AccountId, provider: u64) -> Option<u64> {
		use polkadot_sdk::frame_support::traits::fungible::Mutate;
		let amount = MIN_ESCROW * 10;
		Balances::mint_into(client, amount).ok()?;
		let deadline = System::block_number() + MAX_ESCROW_DEADLINE;
		let id = Escrow::do_open(*client, provider, amount, None, deadline, H256::repeat_byte(9))
			.ok()?;
		let key = pallet_agent_registry::Agents::<Test>::get(provider)?.agent_key;
		Escrow::do_accept(key, id).ok()?;
		Some(id)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_escrow::BenchmarkHelper<AccountId> for BenchHelper {
	fn setup_provider(seed: u32) -> (u64, AccountId, AccountId) {
		let (id, owner) = <Self as crate::BenchmarkHelper<AccountId>>::setup_agent(seed);
		let key = pallet_agent_registry::Agents::<Test>::get(id).map(|r| r.agent_key).unwrap();
		(id, owner, key)
	}

	fn deliverable(_agent: u64) -> pallet_escrow::Deliverable {
		pallet_escrow::Deliverable::Hash(H256::repeat_byte(2))
	}
}

/// Accounts endowed at genesis.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// Holds just the existential deposit: cannot bond.
pub const POOR: AccountId = 5;
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
	endowed: Vec<(AccountId, Balance)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			endowed: vec![
				(ALICE, ENDOWMENT),
				(BOB, ENDOWMENT),
				(CHARLIE, ENDOWMENT),
				(DAVE, ENDOWMENT),
				(POOR, 1),
				(TREASURY, ENDOWMENT),
			],
		}
	}
}

impl ExtBuilder {
	/// Replaces the balance of `who` at genesis (adds the account if missing; zero: no account).
	pub fn balance(mut self, who: AccountId, amount: Balance) -> Self {
		self.endowed.retain(|(a, _)| *a != who);
		if amount > 0 {
			self.endowed.push((who, amount));
		}
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		ExistentialDeposit::set(1);
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: self.endowed, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		recording::clear();
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

/// `try_state` of the registry, slashing, escrow and challenge pallets, and the link between
/// escrow and challenge: an escrow is frozen exactly while a challenge against it is open.
pub fn check_invariants() {
	AgentRegistry::do_try_state().expect("registry try_state holds");
	Slashing::do_try_state().expect("slashing try_state holds");
	Escrow::do_try_state().expect("escrow try_state holds");
	Challenge::do_try_state().expect("challenge try_state holds");
	for (id, escrow) in pallet_escrow::Escrows::<Test>::iter() {
		let challenged =
			crate::OpenByTarget::<Test>::contains_key(crate::ChallengeTarget::Escrow(id));
		assert_eq!(escrow.frozen(), challenged, "escrow {id} frozen iff challenged");
	}
}

/// Advances one block, running the hooks of the pallets that have per-block work.
pub fn next_block() {
	let next = System::block_number() + 1;
	System::set_block_number(next);
	AgentRegistry::on_initialize(next);
	Challenge::on_initialize(next);
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

/// Opens an escrow of `client` for agent `provider`, which accepts it; returns its id.
pub fn open_escrow(
	client: AccountId,
	provider: u64,
	amount: Balance,
	evaluator: Option<(AccountId, Balance)>,
	deadline: BlockNumber,
) -> u64 {
	let id = pallet_escrow::NextEscrowId::<Test>::get();
	assert_ok!(Escrow::open(
		RuntimeOrigin::signed(client),
		provider,
		amount,
		evaluator,
		deadline,
		H256::repeat_byte(3)
	));
	let key =
		<AgentRegistry as chaoscore_primitives::agent::AgentInspect<_, _, _>>::facts(provider)
			.map(|f| f.agent_key)
			.expect("the provider exists");
	assert_ok!(Escrow::accept(RuntimeOrigin::signed(key), id));
	id
}
