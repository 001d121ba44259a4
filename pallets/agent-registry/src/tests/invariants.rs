//! `try_state` and `integrity_test`.

use super::*;

// ----- invariants -----

#[test]
fn try_state_detects_broken_invariants() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		assert_ok!(AgentRegistry::do_try_state());
		// A recorded bond that does not match the hold.
		Agents::<Test>::mutate(id, |r| r.as_mut().unwrap().bond = MIN_BOND + 1);
		assert!(AgentRegistry::do_try_state().is_err());
		Agents::<Test>::mutate(id, |r| r.as_mut().unwrap().bond = MIN_BOND);
		// A count that does not match.
		AgentCount::<Test>::put(5);
		assert!(AgentRegistry::do_try_state().is_err());
		AgentCount::<Test>::put(1);
		// A jail without the status.
		Agents::<Test>::mutate(id, |r| r.as_mut().unwrap().jailed_until = Some(3));
		assert!(AgentRegistry::do_try_state().is_err());
		Agents::<Test>::mutate(id, |r| r.as_mut().unwrap().jailed_until = None);
		// An id beyond NextAgentId.
		NextAgentId::<Test>::put(0);
		assert!(AgentRegistry::do_try_state().is_err());
		NextAgentId::<Test>::put(1);
	});
}

#[test]
fn try_state_accepts_a_stale_record_that_a_longer_window_makes_live() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		run_to_block(2 + LIVENESS);
		assert_eq!(stored_status(id), AgentStatus::Stale);
		// Governance lengthens the window: the agent is live again before its next heartbeat,
		// while its record still says what the sweep found.
		LivenessWindow::set(10 * LIVENESS);
		let record = Agents::<Test>::get(id).expect("registered");
		assert_eq!(
			AgentRegistry::effective_status(&record, System::block_number()),
			AgentStatus::Active
		);
		assert_ok!(AgentRegistry::do_try_state());
		LivenessWindow::set(LIVENESS);
	});
}

#[test]
fn integrity_test_passes() {
	ExtBuilder::default().build().execute_with(|| {
		<AgentRegistry as Hooks<u64>>::integrity_test();
	});
}
