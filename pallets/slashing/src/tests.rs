//! Unit tests of the slashing pallet against the real agent registry. Every `build_and_execute`
//! test ends with both pallets' `try_state`.

use crate::{mock::*, Error, Event, Penalize, Penalties, PenaltyRecord, TotalSlashed};
use chaoscore_primitives::{
	agency::{recording, Report},
	agent::{AgentInspect, AgentStatus, SlashAmount, SlashReason},
};
use pallet_agent_registry::HoldReason;
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{
			fungible::{InspectHold, Mutate},
			tokens::Preservation,
			Hooks,
		},
	},
	sp_core::H256,
	sp_runtime::{traits::BadOrigin, Perbill, TokenError},
};

fn held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::AgentRegistry(HoldReason::AgentBond),
		&who,
	)
}

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn bond(id: u64) -> Balance {
	AgentRegistry::facts(id).unwrap().bond
}

fn status(id: u64) -> AgentStatus {
	AgentRegistry::facts(id).unwrap().status
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

// ----- slash -----

#[test]
fn slash_absolute_pays_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		let issuance = Balances::total_issuance();
		let evidence = Some(H256::repeat_byte(1));
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::Absolute(30),
			SlashReason::Governance,
			evidence
		));
		System::assert_last_event(
			Event::Slashed {
				id,
				owner: ALICE,
				reason: SlashReason::Governance,
				evidence,
				requested: SlashAmount::Absolute(30),
				slashed: 30,
				to_treasury: 30,
				reward: None,
				remaining_bond: 70,
			}
			.into(),
		);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::AgentRegistry(pallet_agent_registry::Event::BondSeized {
				id,
				owner: ALICE,
				to: TREASURY,
				amount: 30,
				remaining_bond: 70,
				status: AgentStatus::Underbonded,
			})));
		assert_eq!(free(TREASURY), ENDOWMENT + 30);
		assert_eq!(held(ALICE), 70);
		assert_eq!(bond(id), 70);
		assert_eq!(status(id), AgentStatus::Underbonded);
		assert_eq!(
			Penalties::<Test>::get(id),
			Some(PenaltyRecord { slashes: 1, jails: 0, total_slashed: 30, last_penalty: 1 })
		);
		assert_eq!(TotalSlashed::<Test>::get(), 30);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(
			recording::reports::<AccountId, Balance>(),
			vec![Report::Slashed { agent: id, amount: 30 }]
		);
	});
}

#[test]
fn slash_fraction_and_cap() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::FractionOfBond(Perbill::from_percent(25)),
			SlashReason::Misconduct,
			None
		));
		assert_eq!(bond(id), 75);
		// More than the bond: capped.
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::Absolute(1_000),
			SlashReason::FailedDelivery,
			None
		));
		assert_eq!(bond(id), 0);
		assert_eq!(free(TREASURY), ENDOWMENT + MIN_BOND);
		assert_eq!(TotalSlashed::<Test>::get(), MIN_BOND);
		assert_eq!(Penalties::<Test>::get(id).unwrap().slashes, 2);
	});
}

#[test]
fn slash_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_noop!(
			Slashing::slash(
				RuntimeOrigin::signed(ALICE),
				id,
				SlashAmount::Absolute(1),
				SlashReason::Governance,
				None
			),
			BadOrigin
		);
		assert_noop!(
			Slashing::slash(root(), 9, SlashAmount::Absolute(1), SlashReason::Governance, None),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			Slashing::slash(root(), id, SlashAmount::Absolute(0), SlashReason::Governance, None),
			Error::<Test>::NothingToSlash
		);
		assert_noop!(
			Slashing::slash(
				root(),
				id,
				SlashAmount::FractionOfBond(Perbill::zero()),
				SlashReason::Governance,
				None
			),
			Error::<Test>::NothingToSlash
		);
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::FractionOfBond(Perbill::one()),
			SlashReason::Governance,
			None
		));
		// Empty bond: nothing left to slash.
		assert_noop!(
			Slashing::slash(root(), id, SlashAmount::Absolute(5), SlashReason::Governance, None),
			Error::<Test>::NothingToSlash
		);
		// Only the one slash that happened was reported.
		assert_eq!(
			recording::reports::<AccountId, Balance>(),
			vec![Report::Slashed { agent: id, amount: MIN_BOND }]
		);
	});
}

#[test]
fn slash_fails_atomically_when_the_treasury_cannot_receive() {
	// ED 10 and no treasury account: a slash of 5 cannot create it.
	ExtBuilder::default()
		.existential_deposit(10)
		.endowed(vec![(ALICE, ENDOWMENT), (CHARLIE, ENDOWMENT)])
		.build_and_execute(|| {
			let id = register(ALICE, KEY_A);
			// The challenger's share (2) could be paid, the treasury's (3) not: nothing happens.
			assert_eq!(
				<Slashing as Penalize<_, _, _>>::slash(
					id,
					SlashAmount::Absolute(5),
					SlashReason::ChallengeUpheld,
					None,
					Some((CHARLIE, Perbill::from_percent(50)))
				),
				Err(TokenError::CannotCreate.into())
			);
			assert_eq!(free(CHARLIE), ENDOWMENT);
			assert_eq!(bond(id), MIN_BOND);
			assert_eq!(Penalties::<Test>::get(id), None);
			assert_eq!(TotalSlashed::<Test>::get(), 0);
			assert_noop!(
				Slashing::slash(
					root(),
					id,
					SlashAmount::Absolute(5),
					SlashReason::Governance,
					None
				),
				TokenError::CannotCreate
			);
			// Enough to create the treasury account: fine.
			assert_ok!(Slashing::slash(
				root(),
				id,
				SlashAmount::Absolute(20),
				SlashReason::Governance,
				None
			));
			assert_eq!(free(TREASURY), 20);
		});
}

// ----- Penalize (challenge pallet path) -----

#[test]
fn penalize_slash_rewards_the_challenger() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		let issuance = Balances::total_issuance();
		let evidence = Some(H256::repeat_byte(9));
		assert_eq!(
			<Slashing as Penalize<_, _, _>>::slash(
				id,
				SlashAmount::FractionOfBond(Perbill::from_percent(50)),
				SlashReason::ChallengeUpheld,
				evidence,
				Some((CHARLIE, Perbill::from_percent(10)))
			),
			Ok(50)
		);
		System::assert_last_event(
			Event::Slashed {
				id,
				owner: ALICE,
				reason: SlashReason::ChallengeUpheld,
				evidence,
				requested: SlashAmount::FractionOfBond(Perbill::from_percent(50)),
				slashed: 50,
				to_treasury: 45,
				reward: Some((CHARLIE, 5)),
				remaining_bond: 50,
			}
			.into(),
		);
		assert_eq!(free(CHARLIE), ENDOWMENT + 5);
		assert_eq!(free(TREASURY), ENDOWMENT + 45);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn penalize_reward_falls_to_the_treasury_if_unpayable() {
	ExtBuilder::default().existential_deposit(10).build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		// 5 to a new account is below the ED of 10: the treasury gets everything.
		assert_eq!(
			<Slashing as Penalize<_, _, _>>::slash(
				id,
				SlashAmount::Absolute(50),
				SlashReason::ChallengeUpheld,
				None,
				Some((999, Perbill::from_percent(10)))
			),
			Ok(50)
		);
		System::assert_last_event(
			Event::Slashed {
				id,
				owner: ALICE,
				reason: SlashReason::ChallengeUpheld,
				evidence: None,
				requested: SlashAmount::Absolute(50),
				slashed: 50,
				to_treasury: 50,
				reward: None,
				remaining_bond: 50,
			}
			.into(),
		);
		assert_eq!(free(999), 0);
		assert_eq!(free(TREASURY), ENDOWMENT + 50);
	});
}

#[test]
fn penalize_full_reward_share() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_eq!(
			<Slashing as Penalize<_, _, _>>::slash(
				id,
				SlashAmount::Absolute(40),
				SlashReason::ChallengeUpheld,
				None,
				Some((CHARLIE, Perbill::one()))
			),
			Ok(40)
		);
		assert_eq!(free(CHARLIE), ENDOWMENT + 40);
		assert_eq!(free(TREASURY), ENDOWMENT);
	});
}

#[test]
fn penalize_jail_validates() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_eq!(
			<Slashing as Penalize<_, _, _>>::jail(id, 1),
			Err(Error::<Test>::JailInPast.into())
		);
		assert_ok!(<Slashing as Penalize<_, _, _>>::jail(id, 1 + MAX_JAIL));
		assert_eq!(status(id), AgentStatus::Jailed);
	});
}

// ----- jail -----

#[test]
fn jail_works() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_ok!(Slashing::jail(root(), id, 10));
		System::assert_last_event(Event::Jailed { id, owner: ALICE, until: 10 }.into());
		assert_eq!(status(id), AgentStatus::Jailed);
		assert!(!AgentRegistry::is_eligible(id));
		assert_eq!(AgentRegistry::facts(id).unwrap().jailed_until, Some(10));
		// Jailing again replaces the term.
		assert_ok!(Slashing::jail(root(), id, 20));
		assert_eq!(AgentRegistry::facts(id).unwrap().jailed_until, Some(20));
		assert_eq!(
			Penalties::<Test>::get(id),
			Some(PenaltyRecord { slashes: 0, jails: 2, total_slashed: 0, last_penalty: 1 })
		);
		// An unbonding agent can be jailed too (it cannot run from a penalty).
		let other = register(BOB, KEY_B);
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(BOB), other));
		assert_ok!(Slashing::jail(root(), other, 5));
		assert_eq!(status(other), AgentStatus::Jailed);
	});
}

#[test]
fn jail_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		System::set_block_number(5);
		assert_noop!(Slashing::jail(RuntimeOrigin::signed(ALICE), id, 10), BadOrigin);
		assert_noop!(Slashing::jail(root(), 7, 10), Error::<Test>::UnknownAgent);
		assert_noop!(Slashing::jail(root(), id, 5), Error::<Test>::JailInPast);
		assert_noop!(Slashing::jail(root(), id, 4), Error::<Test>::JailInPast);
		assert_noop!(Slashing::jail(root(), id, 6 + MAX_JAIL), Error::<Test>::JailTooLong);
		assert_ok!(Slashing::jail(root(), id, 5 + MAX_JAIL));
	});
}

// ----- unjail -----

#[test]
fn unjail_by_governance_any_time() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::Absolute(10),
			SlashReason::Governance,
			None
		));
		assert_ok!(Slashing::jail(root(), id, 40));
		assert_ok!(Slashing::unjail(root(), id));
		System::assert_last_event(Event::Unjailed { id, by_governance: true, topped_up: 0 }.into());
		// The bond is untouched: the owner tops up through the registry.
		assert_eq!(status(id), AgentStatus::Underbonded);
		assert_ok!(AgentRegistry::top_up_bond(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(status(id), AgentStatus::Active);
	});
}

#[test]
fn unjail_by_owner_after_the_term_tops_up() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::Absolute(40),
			SlashReason::Governance,
			None
		));
		assert_ok!(Slashing::jail(root(), id, 10));
		System::set_block_number(9);
		assert_noop!(
			Slashing::unjail(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::JailTermNotOver
		);
		System::set_block_number(10);
		assert_ok!(Slashing::unjail(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::Unjailed { id, by_governance: false, topped_up: 40 }.into(),
		);
		assert_eq!(bond(id), MIN_BOND);
		assert_eq!(held(ALICE), MIN_BOND);
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND - 40);
		assert_eq!(status(id), AgentStatus::Active);
		assert_eq!(AgentRegistry::facts(id).unwrap().jailed_until, None);
	});
}

#[test]
fn unjail_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_noop!(Slashing::unjail(root(), 5), Error::<Test>::UnknownAgent);
		assert_noop!(Slashing::unjail(root(), id), Error::<Test>::NotJailed);
		assert_noop!(Slashing::unjail(RuntimeOrigin::signed(ALICE), id), Error::<Test>::NotJailed);
		assert_ok!(Slashing::jail(root(), id, 3));
		System::set_block_number(3);
		assert_noop!(Slashing::unjail(RuntimeOrigin::none(), id), BadOrigin);
		assert_noop!(Slashing::unjail(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotOwner);
		// The owner cannot afford the top-up.
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::Absolute(50),
			SlashReason::Governance,
			None
		));
		assert_ok!(<Balances as Mutate<_>>::transfer(
			&ALICE,
			&BOB,
			ENDOWMENT - MIN_BOND - 10,
			Preservation::Preserve
		));
		assert_noop!(
			Slashing::unjail(RuntimeOrigin::signed(ALICE), id),
			pallet_agent_registry::Error::<Test>::InsufficientBalance
		);
		// Governance can still unjail it.
		assert_ok!(Slashing::unjail(root(), id));
		assert_eq!(status(id), AgentStatus::Underbonded);
	});
}

#[test]
fn jailed_unbonding_agent_is_unjailed_without_top_up() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::Absolute(30),
			SlashReason::Governance,
			None
		));
		assert_ok!(Slashing::jail(root(), id, 5));
		System::set_block_number(1 + UNBONDING);
		assert_noop!(
			AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id),
			pallet_agent_registry::Error::<Test>::AgentJailed
		);
		assert_ok!(Slashing::unjail(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::Unjailed { id, by_governance: false, topped_up: 0 }.into(),
		);
		assert_ok!(AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(free(ALICE), ENDOWMENT - 30);
		// The penalty history outlives the agent.
		assert_eq!(Penalties::<Test>::get(id).unwrap().total_slashed, 30);
	});
}

// ----- invariants -----

#[test]
fn try_state_detects_broken_invariants() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(ALICE, KEY_A);
		assert_ok!(Slashing::slash(
			root(),
			id,
			SlashAmount::Absolute(10),
			SlashReason::Governance,
			None
		));
		TotalSlashed::<Test>::put(11);
		assert!(Slashing::do_try_state().is_err());
		TotalSlashed::<Test>::put(10);
		Penalties::<Test>::insert(
			7,
			PenaltyRecord { slashes: 0, jails: 0, total_slashed: 0, last_penalty: 1 },
		);
		assert!(Slashing::do_try_state().is_err());
		Penalties::<Test>::remove(7);
	});
}

#[test]
fn integrity_test_passes() {
	ExtBuilder::default().build().execute_with(|| {
		<Slashing as Hooks<u64>>::integrity_test();
		<AgentRegistry as Hooks<u64>>::integrity_test();
	});
}
