//! Penalties through `AgentPenalties` (seizure, jail), the owner's top-up and the status
//! precedence.

use super::*;

// ----- penalties (AgentPenalties) and top-up -----

#[test]
fn seize_bond_moves_held_funds_and_underbonds() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_eq!(AgentRegistry::seize_bond(id, 30, &CHARLIE), Ok(30));
		System::assert_last_event(
			Event::BondSeized {
				id,
				owner: ALICE,
				to: CHARLIE,
				amount: 30,
				remaining_bond: MIN_BOND - 30,
				status: AgentStatus::Underbonded,
			}
			.into(),
		);
		assert_eq!(held(ALICE), MIN_BOND - 30);
		assert_eq!(free(CHARLIE), ENDOWMENT + 30);
		assert_eq!(status(id), AgentStatus::Underbonded);
		assert!(!AgentRegistry::is_eligible(id));
		// Capped at the bond.
		assert_eq!(AgentRegistry::seize_bond(id, 1_000, &CHARLIE), Ok(MIN_BOND - 30));
		assert_eq!(AgentRegistry::facts(id).unwrap().bond, 0);
		// Nothing left: a no-op.
		assert_eq!(AgentRegistry::seize_bond(id, 10, &CHARLIE), Ok(0));
		assert_eq!(
			AgentRegistry::seize_bond(99, 10, &CHARLIE),
			Err(Error::<Test>::UnknownAgent.into())
		);
		assert_eq!(free(ALICE) + free(CHARLIE) + held(ALICE), 2 * ENDOWMENT);
	});
}

#[test]
fn seize_bond_to_a_new_account_below_ed_fails_atomically() {
	ExtBuilder::default().existential_deposit(10).build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_eq!(AgentRegistry::seize_bond(id, 5, &999), Err(TokenError::CannotCreate.into()));
		assert_eq!(AgentRegistry::facts(id).unwrap().bond, MIN_BOND);
	});
}

#[test]
fn top_up_bond_works() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_eq!(AgentRegistry::seize_bond(id, 40, &BOB), Ok(40));
		assert_ok!(AgentRegistry::top_up_bond(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::BondToppedUp {
				id,
				owner: ALICE,
				amount: 40,
				bond: MIN_BOND,
				status: AgentStatus::Active,
			}
			.into(),
		);
		assert_eq!(held(ALICE), MIN_BOND);
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND - 40);
		assert_eq!(status(id), AgentStatus::Active);
		// Through the trait: nothing missing, nothing held.
		assert_eq!(<AgentRegistry as AgentPenalties<_, _, _>>::top_up_bond(id), Ok(0));
	});
}

#[test]
fn top_up_bond_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_noop!(
			AgentRegistry::top_up_bond(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::BondAlreadySufficient
		);
		assert_noop!(
			AgentRegistry::top_up_bond(RuntimeOrigin::signed(ALICE), 8),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			AgentRegistry::top_up_bond(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		assert_noop!(AgentRegistry::top_up_bond(RuntimeOrigin::root(), id), BadOrigin);
		// The owner cannot afford it.
		assert_eq!(AgentRegistry::seize_bond(id, 50, &BOB), Ok(50));
		assert_ok!(
			<Balances as polkadot_sdk::frame_support::traits::fungible::Mutate<_>>::transfer(
				&ALICE,
				&CHARLIE,
				ENDOWMENT - MIN_BOND - 10,
				polkadot_sdk::frame_support::traits::tokens::Preservation::Preserve
			)
		);
		assert_noop!(
			AgentRegistry::top_up_bond(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::InsufficientBalance
		);
		assert_eq!(
			<AgentRegistry as AgentPenalties<_, _, _>>::top_up_bond(id),
			Err(Error::<Test>::InsufficientBalance.into())
		);
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			AgentRegistry::top_up_bond(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AgentUnbonding
		);
		// Through the trait an unbonding agent is a no-op.
		assert_eq!(<AgentRegistry as AgentPenalties<_, _, _>>::top_up_bond(id), Ok(0));
	});
}

#[test]
fn set_jail_and_unjail() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_ok!(AgentRegistry::set_jail(id, Some(10)));
		System::assert_last_event(Event::Jailed { id, until: 10 }.into());
		let facts = AgentRegistry::facts(id).unwrap();
		assert_eq!(facts.status, AgentStatus::Jailed);
		assert_eq!(facts.jailed_until, Some(10));
		assert!(!AgentRegistry::is_eligible(id));
		// The jail outlasts its term until lifted.
		System::set_block_number(50);
		assert_eq!(status(id), AgentStatus::Jailed);
		// A second jail replaces the term.
		assert_ok!(AgentRegistry::set_jail(id, Some(60)));
		assert_eq!(AgentRegistry::facts(id).unwrap().jailed_until, Some(60));
		assert_ok!(AgentRegistry::set_jail(id, None));
		System::assert_last_event(Event::Unjailed { id, status: AgentStatus::Stale }.into());
		assert_eq!(AgentRegistry::set_jail(id, None), Err(Error::<Test>::NotJailed.into()));
		assert_eq!(AgentRegistry::set_jail(77, Some(3)), Err(Error::<Test>::UnknownAgent.into()));
	});
}

#[test]
fn status_precedence() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		System::set_block_number(100);
		assert_eq!(status(id), AgentStatus::Stale);
		assert_eq!(AgentRegistry::seize_bond(id, 1, &BOB), Ok(1));
		assert_eq!(status(id), AgentStatus::Underbonded);
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(status(id), AgentStatus::Unbonding);
		assert_ok!(AgentRegistry::set_jail(id, Some(150)));
		assert_eq!(status(id), AgentStatus::Jailed);
	});
}
