//! `resolve`: upheld and rejected rulings, and their errors.

use super::*;

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
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Slashing(pallet_slashing::Event::Slashed {
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
