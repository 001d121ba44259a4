//! Test runtime for the escrow pallet: System, Balances, the real agent registry and escrow, with a
//! test doubles of the challenge pallet ([`MockChallenges`]), of proof-of-agency receipts
//! ([`MockReceipts`]) and of reputation ([`RecordingReputation`]).

use crate::{self as pallet_escrow, Config, EscrowDisputes};
use chaoscore_primitives::{
	agency::{
		recording::{self, RecordingReputation},
		ReceiptInspect, ReceiptStatus,
	},
	agent::AgentId,
	settlement::{ChallengeId, ChallengeReason, ChallengeTarget, OpenChallenge, ReceiptId},
};
pub use pallet_agent_registry::testing::key_consent;
use pallet_agent_registry::{AgentMetadata, DocumentOf};
use polkadot_sdk::{
	frame_support::{assert_ok, derive_impl, parameter_types, traits::ConstU32},
	frame_system, pallet_balances,
	sp_core::H256,
	sp_io,
	sp_runtime::{BuildStorage, DispatchError, Perbill, Weight},
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		AgentRegistry: pallet_agent_registry,
		Escrow: pallet_escrow,
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
/// Long enough that agents stay `Active` through a test unless a test says otherwise.
pub const LIVENESS: u64 = 1_000;
pub const UNBONDING: u64 = 20;
pub const TREASURY: AccountId = 1000;
pub const MIN_ESCROW: Balance = 10;
pub const MAX_DEADLINE: u64 = 100;
pub const REVIEW: u64 = 10;

parameter_types! {
	pub static ExistentialDeposit: Balance = 1;
	pub const MinBond: Balance = MIN_BOND;
	pub const LivenessWindow: u64 = LIVENESS;
	pub const UnbondingPeriod: u64 = UNBONDING;
	pub static ProtocolFee: Perbill = Perbill::from_percent(10);
	pub const Treasury: AccountId = TREASURY;
	pub static MinEscrowAmount: Balance = MIN_ESCROW;
	pub const MaxDeadline: u64 = MAX_DEADLINE;
	pub const ReviewPeriod: u64 = REVIEW;
	/// Every `OpenChallenge::open` the escrow pallet made, in order (the index is the id).
	pub static ChallengeCalls: Vec<(AccountId, ChallengeTarget, H256, ChallengeReason)> = Vec::new();
	/// How the challenge double behaves.
	pub static ChallengeMode: MockChallengeMode = MockChallengeMode::Freeze;
	/// Receipts known to [`MockReceipts`]: `(id, agent, status)`.
	pub static Receipts: Vec<(ReceiptId, AgentId, ReceiptStatus)> = Vec::new();
}

/// Test double of the proof-of-agency pallet: answers from [`Receipts`].
pub struct MockReceipts;
impl ReceiptInspect for MockReceipts {
	fn receipt(id: ReceiptId) -> Option<(AgentId, ReceiptStatus)> {
		Receipts::get()
			.into_iter()
			.find(|(r, ..)| *r == id)
			.map(|(_, agent, status)| (agent, status))
	}
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

/// Behaviour of [`MockChallenges`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MockChallengeMode {
	/// Like the challenge pallet: records the challenge and freezes an escrow target.
	Freeze,
	/// Refuses every challenge (e.g. the challenger cannot pay the bond).
	Fail,
	/// Records the challenge but does not freeze (a misconfigured runtime).
	NoFreeze,
}

/// Test double of the challenge pallet: records every challenge in [`ChallengeCalls`] and, like
/// the real pallet, freezes an escrow target through [`EscrowDisputes::freeze`].
pub struct MockChallenges;
impl OpenChallenge<AccountId> for MockChallenges {
	fn open(
		challenger: AccountId,
		target: ChallengeTarget,
		evidence: H256,
		reason: ChallengeReason,
	) -> Result<ChallengeId, DispatchError> {
		let mode = ChallengeMode::get();
		if mode == MockChallengeMode::Fail {
			return Err(DispatchError::Other("challenge refused"));
		}
		if let (ChallengeTarget::Escrow(id), MockChallengeMode::Freeze) = (target, mode) {
			<Escrow as EscrowDisputes<AccountId>>::freeze(id, &challenger)?;
		}
		let mut calls = ChallengeCalls::get();
		calls.push((challenger, target, evidence, reason));
		let id = calls.len().saturating_sub(1) as ChallengeId;
		ChallengeCalls::set(calls);
		Ok(id)
	}

	fn open_weight() -> Weight {
		MOCK_OPEN_WEIGHT
	}
}

/// What [`MockChallenges`] declares one challenge opening to cost.
pub const MOCK_OPEN_WEIGHT: Weight = Weight::from_parts(7_000_000, 7_000);

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Agents = AgentRegistry;
	type Challenges = MockChallenges;
	type Receipts = MockReceipts;
	type Reputation = RecordingReputation;
	type ProtocolFee = ProtocolFee;
	type Treasury = Treasury;
	type MinEscrowAmount = MinEscrowAmount;
	type MaxDeadline = MaxDeadline;
	type ReviewPeriod = ReviewPeriod;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// Registers providers for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchHelper {
	fn setup_provider(seed: u32) -> (u64, AccountId, AccountId) {
		use chaoscore_primitives::agent::AgentInspect;
		let (id, owner) = pallet_agent_registry::benchmarking::setup_agent::<Test>(seed);
		let key = AgentRegistry::facts(id).map(|f| f.agent_key).unwrap_or_default();
		(id, owner, key)
	}

	fn deliverable(agent: u64) -> crate::Deliverable {
		Receipts::mutate(|r| r.push((1, agent, ReceiptStatus::Pending)));
		crate::Deliverable::Receipt(1)
	}
}

/// Accounts endowed at genesis.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// Agent keys (not endowed).
pub const KEY_B: AccountId = 102;
/// Never endowed.
pub const NOBODY: AccountId = 7;

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
				(DAVE, ENDOWMENT),
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
		ProtocolFee::set(Perbill::from_percent(10));
		MinEscrowAmount::set(MIN_ESCROW);
		ChallengeCalls::set(Vec::new());
		ChallengeMode::set(MockChallengeMode::Freeze);
		Receipts::set(Vec::new());
		recording::clear();
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: self.endowed, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the registry's and the escrow pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			check_invariants();
		});
	}
}

/// `try_state` of the registry and of escrow.
pub fn check_invariants() {
	AgentRegistry::do_try_state().expect("registry try_state holds");
	Escrow::do_try_state().expect("escrow try_state holds");
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

/// Moves to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}
