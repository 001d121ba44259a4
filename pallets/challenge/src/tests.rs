//! Unit tests of the challenge pallet against the real agent registry, slashing and escrow
//! pallets. Every `build_and_execute` test ends with the `try_state` of every pallet.

use crate::{
	mock::*, ChallengeGuard, ChallengeReason, ChallengeTarget, ChallengedAgents, Challenges,
	Deadlines, Error, Event, HoldReason, NextChallengeId, OpenByTarget, OpenChallenge, Ruling,
	MAX_DEADLINE_SCAN,
};
use chaoscore_primitives::{
	agency::{recording, EscrowOutcome, Report},
	agent::{AgentInspect, AgentStatus, SlashAmount, SlashReason},
};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::InspectHold, Hooks},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{traits::BadOrigin, Perbill},
};

type AgentHold = pallet_agent_registry::HoldReason;
type Ruled = Ruling<Balance, BlockNumber>;

const EVIDENCE: H256 = H256::repeat_byte(7);

/// Everything reported to reputation so far.
fn reports() -> Vec<Report<AccountId, Balance>> {
	recording::reports()
}

fn bond_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Challenge(HoldReason::ChallengeBond),
		&who,
	)
}

fn agent_bond_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::AgentRegistry(AgentHold::AgentBond),
		&who,
	)
}

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn open_agent(challenger: AccountId, id: u64) -> u64 {
	let cid = NextChallengeId::<Test>::get();
	assert_ok!(Challenge::open(
		signed(challenger),
		ChallengeTarget::Agent(id),
		EVIDENCE,
		ChallengeReason::Misconduct
	));
	cid
}

fn upheld(slash: Option<SlashAmount<Balance>>, jail_until: Option<BlockNumber>) -> Ruled {
	Ruling::Upheld { slash, jail_until }
}

fn last_challenge_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Challenge(e) => Some(e),
			_ => None,
		})
		.expect("a challenge event")
}

/// Nothing about challenge `id` is left in state.
fn assert_gone(id: u64, target: ChallengeTarget) {
	assert!(Challenges::<Test>::get(id).is_none());
	assert!(OpenByTarget::<Test>::get(target).is_none());
	assert!(Deadlines::<Test>::iter().all(|(_, q)| !q.contains(&id)));
}

// ----- open -----

#[test]
fn open_agent_target_holds_the_bond_and_indexes() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let issuance = Balances::total_issuance();
		let id = open_agent(BOB, agent);
		assert_eq!(id, 0);
		let deadline = 1 + RESOLUTION;
		System::assert_last_event(
			Event::Opened {
				id,
				challenger: BOB,
				target: ChallengeTarget::Agent(agent),
				agent: Some(agent),
				reason: ChallengeReason::Misconduct,
				evidence: EVIDENCE,
				bond: BOND,
				deadline,
			}
			.into(),
		);
		assert_eq!(
			Challenges::<Test>::get(id),
			Some(crate::Challenge {
				challenger: BOB,
				target: ChallengeTarget::Agent(agent),
				agent: Some(agent),
				evidence: EVIDENCE,
				reason: ChallengeReason::Misconduct,
				bond: BOND,
				opened_at: 1,
				deadline,
			})
		);
		assert_eq!(OpenByTarget::<Test>::get(ChallengeTarget::Agent(agent)), Some(id));
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(1));
		assert_eq!(Deadlines::<Test>::get(deadline).into_inner(), vec![id]);
		assert_eq!(NextChallengeId::<Test>::get(), 1);
		assert!(<Challenge as ChallengeGuard>::is_challenged(agent));
		assert_eq!(bond_held(BOB), BOND);
		assert_eq!(free(BOB), ENDOWMENT - BOND);
		assert_eq!(Balances::total_issuance(), issuance);
		// View functions.
		assert_eq!(Challenge::challenge(id), Challenges::<Test>::get(id));
		assert_eq!(
			Challenge::challenge_of(ChallengeTarget::Agent(agent)).map(|(i, _)| i),
			Some(id)
		);
		assert_eq!(Challenge::challenge_of(ChallengeTarget::Agent(agent + 1)), None);
		// Runtime API.
		let open = Challenge::open_challenges();
		assert_eq!(open.len(), 1);
		assert_eq!(Some(&open[0].1), Challenges::<Test>::get(id).as_ref());
	});
}

#[test]
fn anyone_but_the_owner_may_challenge_even_a_jailed_agent() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		assert_ok!(Slashing::jail(root(), agent, 5));
		// The agent key is not the owner: it may challenge too.
		let id = open_agent(CHARLIE, agent);
		assert_eq!(Challenges::<Test>::get(id).unwrap().challenger, CHARLIE);
	});
}

#[test]
fn open_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let target = ChallengeTarget::Agent(agent);
		let reason = ChallengeReason::Misconduct;
		assert_noop!(Challenge::open(RuntimeOrigin::none(), target, EVIDENCE, reason), BadOrigin);
		assert_noop!(Challenge::open(root(), target, EVIDENCE, reason), BadOrigin);
		assert_noop!(
			Challenge::open(signed(BOB), ChallengeTarget::Agent(9), EVIDENCE, reason),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			Challenge::open(signed(ALICE), target, EVIDENCE, reason),
			Error::<Test>::ChallengerIsOwner
		);
		assert_noop!(
			Challenge::open(signed(POOR), target, EVIDENCE, reason),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Challenge::open(signed(BOB), ChallengeTarget::Escrow(0), EVIDENCE, reason),
			Error::<Test>::UnknownEscrow
		);
		open_agent(BOB, agent);
		assert_noop!(
			Challenge::open(signed(CHARLIE), target, EVIDENCE, reason),
			Error::<Test>::TargetAlreadyChallenged
		);
		assert_noop!(
			Challenge::open(signed(BOB), target, EVIDENCE, reason),
			Error::<Test>::TargetAlreadyChallenged
		);
	});
}

#[test]
fn bond_must_leave_the_existential_deposit() {
	ExtBuilder::default().balance(CHARLIE, BOND).build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		assert_noop!(
			Challenge::open(
				signed(CHARLIE),
				ChallengeTarget::Agent(agent),
				EVIDENCE,
				ChallengeReason::Misconduct
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn open_through_the_trait_is_all_or_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = <Challenge as OpenChallenge<AccountId>>::open(
			BOB,
			ChallengeTarget::Agent(agent),
			EVIDENCE,
			ChallengeReason::InvalidReceipt,
		)
		.unwrap();
		assert_eq!(Challenges::<Test>::get(id).unwrap().reason, ChallengeReason::InvalidReceipt);
		let agent_b = register(ALICE, KEY_B);
		assert_noop!(
			<Challenge as OpenChallenge<AccountId>>::open(
				POOR,
				ChallengeTarget::Agent(agent_b),
				EVIDENCE,
				ChallengeReason::Misconduct,
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn full_deadline_queue_spills_to_the_next_block() {
	ExtBuilder::default().build_and_execute(|| {
		let agents: Vec<u64> = (0..4).map(|i| register(ALICE, 200 + i)).collect();
		let ids: Vec<u64> = agents.iter().map(|a| open_agent(BOB, *a)).collect();
		let first = 1 + RESOLUTION;
		assert_eq!(Deadlines::<Test>::get(first).into_inner(), ids[..3].to_vec());
		assert_eq!(Deadlines::<Test>::get(first + 1).into_inner(), vec![ids[3]]);
		assert_eq!(Challenges::<Test>::get(ids[3]).unwrap().deadline, first + 1);
		assert_eq!(bond_held(BOB), 4 * BOND);

		// The full block expires three, the next one the fourth.
		run_to_block(first - 1);
		assert_eq!(Challenges::<Test>::iter().count(), 4);
		System::set_block_number(first);
		let weight = Challenge::on_initialize(first);
		assert_eq!(weight, <() as crate::WeightInfo>::on_initialize_expire(3));
		AgentRegistry::on_initialize(first);
		assert_eq!(Challenges::<Test>::iter().map(|(id, _)| id).collect::<Vec<_>>(), vec![ids[3]]);
		assert_eq!(free(BOB), ENDOWMENT - BOND);
		check_invariants();
		next_block();
		assert_eq!(Challenges::<Test>::iter().count(), 0);
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(bond_held(BOB), 0);
		for agent in agents {
			assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
		}
	});
}

#[test]
fn open_fails_when_every_reachable_queue_is_full() {
	let slots = (MAX_DEADLINE_SCAN * MAX_DEADLINES) as u64;
	ExtBuilder::default()
		.balance(ALICE, (slots + 2) * MIN_BOND + 10)
		.balance(BOB, (slots + 2) * BOND + 10)
		.build_and_execute(|| {
			let agents: Vec<u64> = (0..=slots).map(|i| register(ALICE, 200 + i)).collect();
			for agent in &agents[..slots as usize] {
				open_agent(BOB, *agent);
			}
			let first = 1 + RESOLUTION;
			let last = first + MAX_DEADLINE_SCAN as u64 - 1;
			for block in first..=last {
				assert_eq!(Deadlines::<Test>::decode_len(block), Some(MAX_DEADLINES as usize));
			}
			assert_noop!(
				Challenge::open(
					signed(BOB),
					ChallengeTarget::Agent(agents[slots as usize]),
					EVIDENCE,
					ChallengeReason::Misconduct
				),
				Error::<Test>::DeadlineQueuesFull
			);
			// A block later the window has moved on by one block.
			next_block();
			open_agent(BOB, agents[slots as usize]);
			let last_id = NextChallengeId::<Test>::get() - 1;
			assert_eq!(Challenges::<Test>::get(last_id).unwrap().deadline, last + 1);
		});
}

// ----- resolve: upheld -----

#[test]
fn upheld_with_slash_reward_and_jail() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		let issuance = Balances::total_issuance();
		run_to_block(3);
		let until = 3 + 20;
		assert_ok!(Challenge::resolve(
			root(),
			id,
			upheld(Some(SlashAmount::Absolute(40)), Some(until))
		));
		System::assert_last_event(
			Event::Upheld {
				id,
				challenger: BOB,
				target: ChallengeTarget::Agent(agent),
				agent: Some(agent),
				slashed: 40,
				reward: 20,
				jailed_until: Some(until),
				bond_returned: BOND,
			}
			.into(),
		);
		assert!(System::events().iter().any(|r| r.event ==
			RuntimeEvent::Slashing(pallet_slashing::Event::Slashed {
				id: agent,
				owner: ALICE,
				reason: SlashReason::ChallengeUpheld,
				evidence: Some(EVIDENCE),
				requested: SlashAmount::Absolute(40),
				slashed: 40,
				to_treasury: 20,
				reward: Some((BOB, 20)),
				remaining_bond: 60,
			})));
		// Bond back plus half the slash; the other half to the treasury.
		assert_eq!(free(BOB), ENDOWMENT + 20);
		assert_eq!(bond_held(BOB), 0);
		assert_eq!(free(TREASURY), ENDOWMENT + 20);
		assert_eq!(agent_bond_held(ALICE), MIN_BOND - 40);
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND);
		let facts = AgentRegistry::facts(agent).unwrap();
		assert_eq!(facts.bond, 60);
		assert_eq!(facts.status, AgentStatus::Jailed);
		assert_eq!(facts.jailed_until, Some(until));
		assert_eq!(Balances::total_issuance(), issuance);
		assert_gone(id, ChallengeTarget::Agent(agent));
		assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
		assert_eq!(ChallengedAgents::<Test>::get(agent), None);
		// The target is free to be challenged again.
		open_agent(CHARLIE, agent);
	});
}

#[test]
fn upheld_with_fraction_slash_only() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		let slash = SlashAmount::FractionOfBond(Perbill::from_percent(25));
		assert_ok!(Challenge::resolve(root(), id, upheld(Some(slash), None)));
		assert!(matches!(
			last_challenge_event(),
			Event::Upheld { slashed: 25, reward: 12, jailed_until: None, bond_returned: BOND, .. }
		));
		assert_eq!(free(BOB), ENDOWMENT + 12);
		assert_eq!(free(TREASURY), ENDOWMENT + 13);
		assert_eq!(AgentRegistry::facts(agent).unwrap().bond, 75);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Underbonded);
	});
}

#[test]
fn upheld_with_jail_only() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		assert_ok!(Challenge::resolve(root(), id, upheld(None, Some(1 + MAX_JAIL))));
		assert!(matches!(
			last_challenge_event(),
			Event::Upheld { slashed: 0, reward: 0, jailed_until: Some(51), .. }
		));
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(free(TREASURY), ENDOWMENT);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Jailed);
		assert_eq!(AgentRegistry::facts(agent).unwrap().bond, MIN_BOND);
	});
}

#[test]
fn upheld_without_penalty_returns_the_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		assert_ok!(Challenge::resolve(root(), id, upheld(None, None)));
		System::assert_last_event(
			Event::Upheld {
				id,
				challenger: BOB,
				target: ChallengeTarget::Agent(agent),
				agent: Some(agent),
				slashed: 0,
				reward: 0,
				jailed_until: None,
				bond_returned: BOND,
			}
			.into(),
		);
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Active);
		assert_gone(id, ChallengeTarget::Agent(agent));
		assert_eq!(reports(), vec![Report::ChallengeUpheld { agent }]);
	});
}

#[test]
fn zero_reward_share_sends_everything_to_the_treasury_for_a_tiny_slash() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		// Half of 1 rounds down to nothing: all of it goes to the treasury.
		assert_ok!(Challenge::resolve(root(), id, upheld(Some(SlashAmount::Absolute(1)), None)));
		assert!(matches!(last_challenge_event(), Event::Upheld { slashed: 1, reward: 0, .. }));
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(free(TREASURY), ENDOWMENT + 1);
	});
}

// ----- resolve: rejected -----

#[test]
fn rejected_sends_the_bond_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		let issuance = Balances::total_issuance();
		assert_ok!(Challenge::resolve(root(), id, Ruling::Rejected));
		System::assert_last_event(
			Event::Rejected {
				id,
				challenger: BOB,
				target: ChallengeTarget::Agent(agent),
				agent: Some(agent),
				bond_slashed: BOND,
			}
			.into(),
		);
		assert_eq!(free(BOB), ENDOWMENT - BOND);
		assert_eq!(bond_held(BOB), 0);
		assert_eq!(free(TREASURY), ENDOWMENT + BOND);
		assert_eq!(agent_bond_held(ALICE), MIN_BOND);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Active);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_gone(id, ChallengeTarget::Agent(agent));
		assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
	});
}

#[test]
fn rejected_bond_creates_a_missing_treasury_account() {
	ExtBuilder::default().balance(TREASURY, 0).build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		assert_ok!(Challenge::resolve(root(), id, Ruling::Rejected));
		assert_eq!(free(TREASURY), BOND);
	});
}

// ----- resolve: errors -----

#[test]
fn resolve_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		assert_noop!(Challenge::resolve(signed(BOB), id, Ruling::Rejected), BadOrigin);
		assert_noop!(Challenge::resolve(RuntimeOrigin::none(), id, Ruling::Rejected), BadOrigin);
		assert_noop!(
			Challenge::resolve(root(), id + 1, Ruling::Rejected),
			Error::<Test>::UnknownChallenge
		);
		// Penalty errors from slashing roll the whole ruling back.
		assert_noop!(
			Challenge::resolve(root(), id, upheld(Some(SlashAmount::Absolute(0)), None)),
			pallet_slashing::Error::<Test>::NothingToSlash
		);
		assert_noop!(
			Challenge::resolve(
				root(),
				id,
				upheld(Some(SlashAmount::Absolute(10)), Some(System::block_number()))
			),
			pallet_slashing::Error::<Test>::JailInPast
		);
		assert_noop!(
			Challenge::resolve(root(), id, upheld(None, Some(2 + MAX_JAIL))),
			pallet_slashing::Error::<Test>::JailTooLong
		);
		// Resolved once, gone.
		assert_ok!(Challenge::resolve(root(), id, Ruling::Rejected));
		assert_noop!(
			Challenge::resolve(root(), id, Ruling::Rejected),
			Error::<Test>::UnknownChallenge
		);
	});
}

#[test]
fn slash_of_an_emptied_bond_fails_the_ruling() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		assert_ok!(Slashing::slash(
			root(),
			agent,
			SlashAmount::Absolute(MIN_BOND),
			SlashReason::Governance,
			None
		));
		assert_noop!(
			Challenge::resolve(
				root(),
				id,
				upheld(Some(SlashAmount::FractionOfBond(Perbill::one())), None)
			),
			pallet_slashing::Error::<Test>::NothingToSlash
		);
		// A jail still works.
		assert_ok!(Challenge::resolve(root(), id, upheld(None, Some(10))));
	});
}

// ----- expiry -----

#[test]
fn unresolved_challenge_expires_at_its_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		let deadline = 1 + RESOLUTION;
		let issuance = Balances::total_issuance();
		run_to_block(deadline - 1);
		assert!(Challenges::<Test>::contains_key(id));
		assert_eq!(bond_held(BOB), BOND);
		next_block();
		System::assert_last_event(
			Event::Expired {
				id,
				challenger: BOB,
				target: ChallengeTarget::Agent(agent),
				agent: Some(agent),
				bond_returned: BOND,
			}
			.into(),
		);
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(bond_held(BOB), 0);
		assert_eq!(free(TREASURY), ENDOWMENT);
		assert_eq!(AgentRegistry::facts(agent).unwrap().bond, MIN_BOND);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Active);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_gone(id, ChallengeTarget::Agent(agent));
		assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
		assert_noop!(
			Challenge::resolve(root(), id, Ruling::Rejected),
			Error::<Test>::UnknownChallenge
		);
	});
}

#[test]
fn empty_block_expires_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(2);
		assert_eq!(Challenge::on_initialize(2), <() as crate::WeightInfo>::on_initialize_expire(0));
		assert!(System::events().is_empty());
	});
}

#[test]
fn expiry_of_an_unknown_id_is_reported_not_fatal() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		let deadline = 1 + RESOLUTION;
		// Corrupt the queue: a dangling id ahead of the real one.
		Deadlines::<Test>::mutate(deadline, |q| {
			*q = BoundedVec::truncate_from(vec![99, id]);
		});
		run_to_block(deadline);
		assert!(System::events().iter().any(|r| r.event ==
			RuntimeEvent::Challenge(Event::ExpiryFailed {
				id: 99,
				error: Error::<Test>::UnknownChallenge.into(),
			})));
		// The real one still expired.
		assert!(matches!(
			last_challenge_event(),
			Event::Expired { id: 0, bond_returned: BOND, .. }
		));
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(Deadlines::<Test>::decode_len(deadline), None);
	});
}

#[test]
fn expiry_with_a_missing_hold_is_reported_and_cleans_up() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		// Someone else took the hold (a bug elsewhere): expiry returns what is there.
		use polkadot_sdk::frame_support::traits::{fungible::MutateHold, tokens::Precision};
		assert_ok!(<Balances as MutateHold<AccountId>>::release(
			&RuntimeHoldReason::Challenge(HoldReason::ChallengeBond),
			&BOB,
			BOND - 10,
			Precision::Exact
		));
		run_to_block(1 + RESOLUTION);
		assert!(matches!(last_challenge_event(), Event::Expired { bond_returned: 10, .. }));
		assert_gone(id, ChallengeTarget::Agent(agent));
		assert_eq!(bond_held(BOB), 0);
		assert_eq!(free(BOB), ENDOWMENT);
	});
}

// ----- the registry's guard -----

#[test]
fn registry_refuses_to_let_a_challenged_agent_leave() {
	ExtBuilder::default().build_and_execute(|| {
		use pallet_agent_registry::Error as RegistryError;
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		assert_noop!(
			AgentRegistry::deregister(signed(ALICE), agent),
			RegistryError::<Test>::AgentChallenged
		);
		assert_noop!(
			AgentRegistry::rotate_owner(signed(ALICE), agent, CHARLIE),
			RegistryError::<Test>::AgentChallenged
		);
		assert_ok!(Challenge::resolve(root(), id, Ruling::Rejected));
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));

		// Challenged while unbonding: the bond cannot be withdrawn until the challenge ends.
		run_to_block(15);
		let id = open_agent(BOB, agent);
		let deadline = 15 + RESOLUTION;
		assert_eq!(Challenges::<Test>::get(id).unwrap().deadline, deadline);
		run_to_block(1 + UNBONDING);
		assert_noop!(
			AgentRegistry::withdraw_bond(signed(ALICE), agent),
			RegistryError::<Test>::AgentChallenged
		);
		run_to_block(deadline);
		assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
		assert_ok!(AgentRegistry::withdraw_bond(signed(ALICE), agent));
		assert_eq!(free(ALICE), ENDOWMENT);
	});
}

// ----- escrow targets -----

type EscrowHold = pallet_escrow::HoldReason;
type EscrowError = pallet_escrow::Error<Test>;
type EscrowEvent = pallet_escrow::Event<Test>;

const AMOUNT: Balance = 200;
const EVAL_FEE: Balance = 20;
const ESCROW_DEADLINE: BlockNumber = 50;

fn escrow_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Escrow(EscrowHold::Escrow),
		&who,
	)
}

/// ALICE's agent and an escrow of DAVE for it (`AMOUNT`, CHARLIE evaluating for `EVAL_FEE`).
fn escrow_setup(deadline: BlockNumber) -> (u64, u64) {
	let agent = register(ALICE, KEY_A);
	let escrow = open_escrow(DAVE, agent, AMOUNT, Some((CHARLIE, EVAL_FEE)), deadline);
	(agent, escrow)
}

/// DAVE disputes `escrow` through the escrow pallet; returns the challenge id.
fn dispute(escrow: u64) -> u64 {
	let id = NextChallengeId::<Test>::get();
	assert_ok!(Escrow::dispute(signed(DAVE), escrow, EVIDENCE, ChallengeReason::FailedDelivery));
	id
}

fn disputed(escrow: u64) -> bool {
	pallet_escrow::Escrows::<Test>::get(escrow).expect("escrow exists").disputed
}

fn has_event(event: impl Into<RuntimeEvent>) -> bool {
	let event = event.into();
	System::events().iter().any(|r| r.event == event)
}

#[test]
fn dispute_through_escrow_opens_a_challenge_and_freezes_it() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let issuance = Balances::total_issuance();
		let id = dispute(escrow);
		let target = ChallengeTarget::Escrow(escrow);
		assert_eq!(
			Challenges::<Test>::get(id),
			Some(crate::Challenge {
				challenger: DAVE,
				target,
				agent: Some(agent),
				evidence: EVIDENCE,
				reason: ChallengeReason::FailedDelivery,
				bond: BOND,
				opened_at: 1,
				deadline: 1 + RESOLUTION,
			})
		);
		assert!(has_event(EscrowEvent::Frozen { id: escrow, challenger: DAVE }));
		assert!(has_event(Event::Opened {
			id,
			challenger: DAVE,
			target,
			agent: Some(agent),
			reason: ChallengeReason::FailedDelivery,
			evidence: EVIDENCE,
			bond: BOND,
			deadline: 1 + RESOLUTION,
		}));
		System::assert_last_event(
			EscrowEvent::Disputed {
				id: escrow,
				client: DAVE,
				challenge: id,
				reason: ChallengeReason::FailedDelivery,
				evidence: EVIDENCE,
			}
			.into(),
		);
		assert!(disputed(escrow));
		assert_eq!(free(DAVE), ENDOWMENT - AMOUNT - EVAL_FEE - BOND);
		assert_eq!(escrow_held(DAVE), AMOUNT + EVAL_FEE);
		assert_eq!(bond_held(DAVE), BOND);
		assert_eq!(Balances::total_issuance(), issuance);
		// The provider is challenged through the escrow.
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(1));
		assert_noop!(
			AgentRegistry::deregister(signed(ALICE), agent),
			pallet_agent_registry::Error::<Test>::AgentChallenged
		);
		// The escrow is frozen.
		assert_noop!(Escrow::release(signed(DAVE), escrow), EscrowError::Disputed);
		assert_noop!(Escrow::refund(signed(CHARLIE), escrow), EscrowError::Disputed);
		assert_noop!(
			Escrow::submit(
				signed(KEY_A),
				escrow,
				chaoscore_primitives::settlement::Deliverable::Hash(H256::repeat_byte(1))
			),
			EscrowError::Disputed
		);
		// One challenge per target, whichever way it is opened.
		assert_noop!(
			Escrow::dispute(signed(DAVE), escrow, EVIDENCE, ChallengeReason::Misconduct),
			EscrowError::AlreadyDisputed
		);
		assert_noop!(
			Challenge::open(signed(DAVE), target, EVIDENCE, ChallengeReason::Misconduct),
			Error::<Test>::TargetAlreadyChallenged
		);
	});
}

#[test]
fn open_escrow_target_directly_and_its_errors() {
	const EVE: AccountId = 6;
	ExtBuilder::default().balance(EVE, AMOUNT + BOND).build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let target = ChallengeTarget::Escrow(escrow);
		let reason = ChallengeReason::BadDeliverable;
		assert_noop!(
			Challenge::open(signed(BOB), target, EVIDENCE, reason),
			Error::<Test>::NotEscrowClient
		);
		assert_noop!(
			Challenge::open(signed(ALICE), target, EVIDENCE, reason),
			Error::<Test>::NotEscrowClient
		);
		assert_noop!(
			Challenge::open(signed(DAVE), ChallengeTarget::Escrow(99), EVIDENCE, reason),
			Error::<Test>::UnknownEscrow
		);
		// A settled escrow is gone.
		let settled = open_escrow(DAVE, agent, AMOUNT, None, ESCROW_DEADLINE);
		assert_ok!(Escrow::release(signed(DAVE), settled));
		assert_noop!(
			Challenge::open(signed(DAVE), ChallengeTarget::Escrow(settled), EVIDENCE, reason),
			Error::<Test>::UnknownEscrow
		);
		// A client who cannot afford the bond: nothing is frozen.
		let poor = open_escrow(EVE, agent, AMOUNT, None, ESCROW_DEADLINE);
		assert_noop!(
			Challenge::open(signed(EVE), ChallengeTarget::Escrow(poor), EVIDENCE, reason),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Escrow::dispute(signed(EVE), poor, EVIDENCE, reason),
			Error::<Test>::InsufficientBalance
		);
		assert!(!disputed(poor));
		// The escrow's own refusal to freeze propagates (state corrupted on purpose).
		pallet_escrow::Escrows::<Test>::mutate(escrow, |e| e.as_mut().unwrap().disputed = true);
		assert_noop!(
			Challenge::open(signed(DAVE), target, EVIDENCE, reason),
			EscrowError::AlreadyDisputed
		);
		pallet_escrow::Escrows::<Test>::mutate(escrow, |e| e.as_mut().unwrap().disputed = false);
		// Directly through this pallet: same effect as a dispute.
		assert_ok!(Challenge::open(signed(DAVE), target, EVIDENCE, reason));
		assert!(has_event(EscrowEvent::Frozen { id: escrow, challenger: DAVE }));
		assert!(disputed(escrow));
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(1));
		assert_eq!(bond_held(DAVE), BOND);
	});
}

#[test]
fn upheld_on_escrow_refunds_the_client_and_penalizes_the_provider() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let id = dispute(escrow);
		let issuance = Balances::total_issuance();
		run_to_block(3);
		let until = 3 + 20;
		assert_ok!(Challenge::resolve(
			root(),
			id,
			upheld(Some(SlashAmount::Absolute(40)), Some(until))
		));
		System::assert_last_event(
			Event::Upheld {
				id,
				challenger: DAVE,
				target: ChallengeTarget::Escrow(escrow),
				agent: Some(agent),
				slashed: 40,
				reward: 20,
				jailed_until: Some(until),
				bond_returned: BOND,
			}
			.into(),
		);
		assert!(has_event(EscrowEvent::Refunded {
			id: escrow,
			provider: agent,
			client: DAVE,
			refunded: AMOUNT + EVAL_FEE,
			evaluator_fee: 0,
			reason: pallet_escrow::RefundReason::DisputeUpheld,
		}));
		// The client: payment, evaluator fee and bond back, plus half the slash.
		assert_eq!(free(DAVE), ENDOWMENT + 20);
		assert_eq!(escrow_held(DAVE), 0);
		assert_eq!(bond_held(DAVE), 0);
		// The provider's owner lost 40 of its bond; the treasury got the other 20.
		assert_eq!(agent_bond_held(ALICE), MIN_BOND - 40);
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND);
		assert_eq!(free(TREASURY), ENDOWMENT + 20);
		assert_eq!(free(CHARLIE), ENDOWMENT);
		let facts = AgentRegistry::facts(agent).unwrap();
		assert_eq!((facts.status, facts.jailed_until), (AgentStatus::Jailed, Some(until)));
		assert_eq!(Balances::total_issuance(), issuance);
		assert!(pallet_escrow::Escrows::<Test>::get(escrow).is_none());
		assert_gone(id, ChallengeTarget::Escrow(escrow));
		assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
		// Reputation hears of the slash, the refund and the upheld challenge.
		assert_eq!(
			reports(),
			vec![
				Report::Slashed { agent, amount: 40 },
				Report::Escrow {
					agent,
					escrow,
					client: DAVE,
					value: AMOUNT,
					outcome: EscrowOutcome::Refunded
				},
				Report::ChallengeUpheld { agent },
			]
		);
	});
}

#[test]
fn rejected_on_escrow_takes_the_bond_and_resumes_the_escrow() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let id = dispute(escrow);
		assert_ok!(Challenge::resolve(root(), id, Ruling::Rejected));
		System::assert_last_event(
			Event::Rejected {
				id,
				challenger: DAVE,
				target: ChallengeTarget::Escrow(escrow),
				agent: Some(agent),
				bond_slashed: BOND,
			}
			.into(),
		);
		assert!(has_event(EscrowEvent::Resumed { id: escrow }));
		assert!(!disputed(escrow));
		assert_eq!(free(DAVE), ENDOWMENT - AMOUNT - EVAL_FEE - BOND);
		assert_eq!(bond_held(DAVE), 0);
		assert_eq!(escrow_held(DAVE), AMOUNT + EVAL_FEE);
		assert_eq!(free(TREASURY), ENDOWMENT + BOND);
		assert_eq!(AgentRegistry::facts(agent).unwrap().bond, MIN_BOND);
		assert!(reports().is_empty(), "a rejected challenge says nothing about the agent");
		// The escrow continues: delivered and approved by the evaluator.
		assert_ok!(Escrow::submit(
			signed(KEY_A),
			escrow,
			chaoscore_primitives::settlement::Deliverable::Hash(EVIDENCE)
		));
		assert_ok!(Escrow::release(signed(CHARLIE), escrow));
		let fee = AMOUNT * FEE_PERCENT as u64 / 100;
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND + AMOUNT - fee);
		assert_eq!(free(TREASURY), ENDOWMENT + BOND + fee);
		assert_eq!(free(CHARLIE), ENDOWMENT + EVAL_FEE);
		assert_eq!(free(DAVE), ENDOWMENT - AMOUNT - EVAL_FEE - BOND);
		assert_eq!(escrow_held(DAVE), 0);
	});
}

#[test]
fn expired_on_escrow_returns_the_bond_and_resumes_the_escrow() {
	ExtBuilder::default().build_and_execute(|| {
		// The escrow's own deadline passes while it is frozen.
		let (agent, escrow) = escrow_setup(5);
		let id = dispute(escrow);
		run_to_block(5);
		assert_noop!(Escrow::refund(signed(BOB), escrow), EscrowError::Disputed);
		run_to_block(1 + RESOLUTION);
		System::assert_has_event(
			Event::Expired {
				id,
				challenger: DAVE,
				target: ChallengeTarget::Escrow(escrow),
				agent: Some(agent),
				bond_returned: BOND,
			}
			.into(),
		);
		assert!(has_event(EscrowEvent::Resumed { id: escrow }));
		assert!(!disputed(escrow));
		assert_eq!(free(DAVE), ENDOWMENT - AMOUNT - EVAL_FEE);
		assert_eq!(free(TREASURY), ENDOWMENT);
		assert_eq!(AgentRegistry::facts(agent).unwrap().bond, MIN_BOND);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Active);
		assert_gone(id, ChallengeTarget::Escrow(escrow));
		assert!(reports().is_empty(), "an expired challenge says nothing about the agent");
		// Nothing was delivered: anyone may now refund it.
		assert_ok!(Escrow::refund(signed(BOB), escrow));
		assert_eq!(free(DAVE), ENDOWMENT);
		assert_eq!(free(CHARLIE), ENDOWMENT);
	});
}

#[test]
fn departed_provider_cannot_be_penalized() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(MAX_ESCROW_DEADLINE);
		// Not challenged yet: the provider leaves the registry.
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
		run_to_block(1 + UNBONDING);
		assert_ok!(AgentRegistry::withdraw_bond(signed(ALICE), agent));
		let id = dispute(escrow);
		assert_eq!(Challenges::<Test>::get(id).unwrap().agent, None);
		assert_eq!(ChallengedAgents::<Test>::iter().count(), 0);
		assert_noop!(
			Challenge::resolve(root(), id, upheld(Some(SlashAmount::Absolute(1)), None)),
			Error::<Test>::NoAgentToPenalize
		);
		assert_noop!(
			Challenge::resolve(root(), id, upheld(None, Some(30))),
			Error::<Test>::NoAgentToPenalize
		);
		// Upheld without penalties still refunds the client.
		assert_ok!(Challenge::resolve(root(), id, upheld(None, None)));
		assert!(matches!(
			last_challenge_event(),
			Event::Upheld { agent: None, slashed: 0, reward: 0, bond_returned: BOND, .. }
		));
		assert_eq!(free(DAVE), ENDOWMENT);
		assert!(pallet_escrow::Escrows::<Test>::get(escrow).is_none());
	});
}

#[test]
fn agent_counts_one_per_open_challenge() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let direct = open_agent(BOB, agent);
		run_to_block(2);
		let through_escrow = dispute(escrow);
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(2));
		assert_ok!(Challenge::resolve(root(), direct, Ruling::Rejected));
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(1));
		assert_noop!(
			AgentRegistry::deregister(signed(ALICE), agent),
			pallet_agent_registry::Error::<Test>::AgentChallenged
		);
		run_to_block(2 + RESOLUTION);
		assert!(Challenges::<Test>::get(through_escrow).is_none());
		assert_eq!(ChallengedAgents::<Test>::get(agent), None);
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
	});
}

#[test]
fn expiry_goes_on_when_an_escrow_cannot_resume() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let agent_b = register(BOB, KEY_B);
		let first = dispute(escrow);
		let second = open_agent(CHARLIE, agent_b);
		// Corrupt the escrow: it forgot its dispute.
		pallet_escrow::Escrows::<Test>::mutate(escrow, |e| e.as_mut().unwrap().disputed = false);
		// A ruling on it fails as a whole.
		assert_noop!(Challenge::resolve(root(), first, Ruling::Rejected), EscrowError::NotDisputed);
		run_to_block(1 + RESOLUTION);
		assert!(has_event(Event::ExpiryFailed {
			id: first,
			error: EscrowError::NotDisputed.into()
		}));
		assert!(has_event(Event::Expired {
			id: first,
			challenger: DAVE,
			target: ChallengeTarget::Escrow(escrow),
			agent: Some(agent),
			bond_returned: BOND,
		}));
		assert!(has_event(Event::Expired {
			id: second,
			challenger: CHARLIE,
			target: ChallengeTarget::Agent(agent_b),
			agent: Some(agent_b),
			bond_returned: BOND,
		}));
		assert_gone(first, ChallengeTarget::Escrow(escrow));
		assert_gone(second, ChallengeTarget::Agent(agent_b));
		assert_eq!(bond_held(DAVE), 0);
		assert_eq!(bond_held(CHARLIE), 0);
		assert_eq!(ChallengedAgents::<Test>::iter().count(), 0);
	});
}
