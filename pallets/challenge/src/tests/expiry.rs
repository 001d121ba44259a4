//! Expiry of unresolved challenges in `on_initialize`.

use super::*;

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
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Challenge(Event::ExpiryFailed {
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
