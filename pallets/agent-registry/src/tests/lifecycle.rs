//! Heartbeats and liveness, deregistration and bond withdrawal, owner and key rotation.

use super::*;

// ----- heartbeat and liveness -----

#[test]
fn heartbeat_works_and_liveness_is_exact() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		// Live through block 1 + LIVENESS, stale after.
		System::set_block_number(1 + LIVENESS);
		assert_eq!(status(id), AgentStatus::Active);
		System::set_block_number(2 + LIVENESS);
		assert_eq!(status(id), AgentStatus::Stale);
		assert!(!AgentRegistry::is_eligible(id));
		// Stored status lags until a sweep or a call.
		assert_eq!(stored_status(id), AgentStatus::Active);

		assert_ok!(AgentRegistry::heartbeat(RuntimeOrigin::signed(KEY_A), id));
		let now = 2 + LIVENESS;
		assert!(events().contains(&Event::Heartbeat { id, block: now }));
		System::assert_last_event(Event::Revived { id, block: now }.into());
		assert_eq!(status(id), AgentStatus::Active);
		assert_eq!(AgentRegistry::facts(id).unwrap().last_heartbeat, now);

		// A heartbeat of a live agent emits no revival.
		System::reset_events();
		assert_ok!(AgentRegistry::heartbeat(RuntimeOrigin::signed(KEY_A), id));
		assert_eq!(events(), vec![Event::Heartbeat { id, block: now }]);
	});
}

#[test]
fn heartbeat_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_noop!(
			AgentRegistry::heartbeat(RuntimeOrigin::signed(KEY_A), 5),
			Error::<Test>::UnknownAgent
		);
		// The owner is not the agent key.
		assert_noop!(
			AgentRegistry::heartbeat(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NotAgentKey
		);
		assert_noop!(AgentRegistry::heartbeat(RuntimeOrigin::root(), id), BadOrigin);
		assert_ok!(AgentRegistry::set_jail(id, Some(3)));
		assert_noop!(
			AgentRegistry::heartbeat(RuntimeOrigin::signed(KEY_A), id),
			Error::<Test>::AgentJailed
		);
		assert_ok!(AgentRegistry::set_jail(id, None));
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			AgentRegistry::heartbeat(RuntimeOrigin::signed(KEY_A), id),
			Error::<Test>::AgentUnbonding
		);
	});
}

// ----- deregister and withdraw -----

#[test]
fn deregister_and_withdraw_work() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		let other = register_agent(ALICE, KEY_B, b"b");
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::Deregistered {
				id,
				owner: ALICE,
				bond: MIN_BOND,
				unbonding_until: 1 + UNBONDING,
			}
			.into(),
		);
		assert_eq!(status(id), AgentStatus::Unbonding);
		assert!(!AgentRegistry::is_eligible(id));

		System::set_block_number(UNBONDING);
		assert_noop!(
			AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::UnbondingNotOver
		);
		System::set_block_number(1 + UNBONDING);
		assert_ok!(AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::BondWithdrawn { id, owner: ALICE, agent_key: KEY_A, amount: MIN_BOND }.into(),
		);
		assert_eq!(held(ALICE), MIN_BOND);
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND);
		assert!(AgentRegistry::facts(id).is_none());
		assert!(Metadata::<Test>::get(id).is_none());
		assert_eq!(AgentByKey::<Test>::get(KEY_A), None);
		assert_eq!(AgentsByOwner::<Test>::get(ALICE).into_inner(), vec![other]);
		assert_eq!(AgentCount::<Test>::get(), 1);
		// The key can be reused; ids are not.
		assert_eq!(register_agent(BOB, KEY_A, b"again"), 2);

		// Last agent of an owner: the owner index entry goes away.
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), other));
		System::set_block_number(2 + 2 * UNBONDING);
		assert_ok!(AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), other));
		assert!(!AgentsByOwner::<Test>::contains_key(ALICE));
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT);
	});
}

#[test]
fn deregister_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_noop!(
			AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), 3),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			AgentRegistry::deregister(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		assert_noop!(AgentRegistry::deregister(RuntimeOrigin::root(), id), BadOrigin);
		assert_ok!(AgentRegistry::set_jail(id, Some(4)));
		assert_noop!(
			AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AgentJailed
		);
		assert_ok!(AgentRegistry::set_jail(id, None));
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AgentUnbonding
		);
	});
}

#[test]
fn a_challenged_agent_may_deregister_but_keeps_its_bond_until_the_challenge_ends() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		Challenged::set(vec![id]);
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(status(id), AgentStatus::Unbonding);
		System::set_block_number(1 + UNBONDING);
		assert_noop!(
			AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AgentChallenged
		);
		Challenged::set(vec![]);
		assert_ok!(AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id));
	});
}

#[test]
fn withdraw_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_noop!(
			AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), 3),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NotUnbonding
		);
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		System::set_block_number(1 + UNBONDING);
		assert_noop!(
			AgentRegistry::withdraw_bond(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOwner
		);
		assert_noop!(AgentRegistry::withdraw_bond(RuntimeOrigin::root(), id), BadOrigin);
		// A challenge or jail during unbonding blocks the exit.
		Challenged::set(vec![id]);
		assert_noop!(
			AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AgentChallenged
		);
		Challenged::set(vec![]);
		assert_ok!(AgentRegistry::set_jail(id, Some(100)));
		assert_eq!(status(id), AgentStatus::Jailed);
		assert_noop!(
			AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AgentJailed
		);
		assert_ok!(AgentRegistry::set_jail(id, None));
		assert_eq!(status(id), AgentStatus::Unbonding);
		assert_ok!(AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id));
	});
}

#[test]
fn withdraw_after_full_seizure_returns_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(AgentRegistry::seize_bond(id, 1_000, &BOB), Ok(MIN_BOND));
		System::set_block_number(1 + UNBONDING);
		assert_ok!(AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::BondWithdrawn { id, owner: ALICE, agent_key: KEY_A, amount: 0 }.into(),
		);
		assert_eq!(free(ALICE) + free(BOB), 2 * ENDOWMENT);
	});
}

// ----- rotations -----

#[test]
fn rotate_owner_works() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_ok!(AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(
			Event::OwnerRotated { id, old_owner: ALICE, new_owner: BOB, bond: MIN_BOND }.into(),
		);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND);
		assert_eq!(held(BOB), MIN_BOND);
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(AgentRegistry::facts(id).unwrap().owner, BOB);
		assert!(!AgentsByOwner::<Test>::contains_key(ALICE));
		assert_eq!(AgentsByOwner::<Test>::get(BOB).into_inner(), vec![id]);
		// The new owner controls it now.
		assert_noop!(
			AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NotOwner
		);
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(BOB), id));
	});
}

#[test]
fn rotate_owner_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		for (key, tag) in [(KEY_B, b"b"), (KEY_C, b"c"), (KEY_D, b"d")] {
			register_agent(BOB, key, tag);
		}
		assert_noop!(
			AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), 42, CHARLIE),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			AgentRegistry::rotate_owner(RuntimeOrigin::signed(CHARLIE), id, CHARLIE),
			Error::<Test>::NotOwner
		);
		assert_noop!(AgentRegistry::rotate_owner(RuntimeOrigin::root(), id, CHARLIE), BadOrigin);
		assert_noop!(
			AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), id, ALICE),
			Error::<Test>::SameOwner
		);
		assert_noop!(
			AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), id, BOB),
			Error::<Test>::TooManyAgents
		);
		// 999 has no account: it cannot hold.
		assert_noop!(
			AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), id, 999),
			Error::<Test>::NewOwnerCannotHold
		);
		Challenged::set(vec![id]);
		assert_noop!(
			AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), id, CHARLIE),
			Error::<Test>::AgentChallenged
		);
		Challenged::set(vec![]);
		assert_ok!(AgentRegistry::set_jail(id, Some(9)));
		assert_noop!(
			AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), id, CHARLIE),
			Error::<Test>::AgentJailed
		);
		assert_ok!(AgentRegistry::set_jail(id, None));
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), id, CHARLIE),
			Error::<Test>::AgentUnbonding
		);
	});
}

#[test]
fn rotate_agent_key_works() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_ok!(AgentRegistry::rotate_agent_key(
			RuntimeOrigin::signed(ALICE),
			id,
			KEY_B,
			key_consent::<Test>(ALICE, Some(id), KEY_B)
		));
		System::assert_last_event(
			Event::AgentKeyRotated { id, old_key: KEY_A, new_key: KEY_B }.into(),
		);
		assert_eq!(AgentByKey::<Test>::get(KEY_A), None);
		assert_eq!(AgentByKey::<Test>::get(KEY_B), Some(id));
		assert_noop!(
			AgentRegistry::heartbeat(RuntimeOrigin::signed(KEY_A), id),
			Error::<Test>::NotAgentKey
		);
		assert_ok!(AgentRegistry::heartbeat(RuntimeOrigin::signed(KEY_B), id));
		// Allowed while jailed (a compromised key must be replaceable).
		assert_ok!(AgentRegistry::set_jail(id, Some(7)));
		assert_ok!(AgentRegistry::rotate_agent_key(
			RuntimeOrigin::signed(ALICE),
			id,
			KEY_C,
			key_consent::<Test>(ALICE, Some(id), KEY_C)
		));
		assert_ok!(AgentRegistry::set_jail(id, None));
	});
}

#[test]
fn rotate_agent_key_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		register_agent(BOB, KEY_B, b"b");
		assert_noop!(
			AgentRegistry::rotate_agent_key(
				RuntimeOrigin::signed(ALICE),
				7,
				KEY_C,
				key_consent::<Test>(ALICE, Some(7), KEY_C)
			),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			AgentRegistry::rotate_agent_key(
				RuntimeOrigin::signed(BOB),
				id,
				KEY_C,
				key_consent::<Test>(BOB, Some(id), KEY_C)
			),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			AgentRegistry::rotate_agent_key(
				RuntimeOrigin::signed(ALICE),
				id,
				KEY_B,
				key_consent::<Test>(ALICE, Some(id), KEY_B)
			),
			Error::<Test>::AgentKeyInUse
		);
		assert_noop!(
			AgentRegistry::rotate_agent_key(
				RuntimeOrigin::signed(ALICE),
				id,
				KEY_A,
				key_consent::<Test>(ALICE, Some(id), KEY_A)
			),
			Error::<Test>::AgentKeyInUse
		);
		assert_noop!(
			AgentRegistry::rotate_agent_key(
				RuntimeOrigin::root(),
				id,
				KEY_C,
				key_consent::<Test>(ALICE, Some(id), KEY_C)
			),
			BadOrigin
		);
	});
}
