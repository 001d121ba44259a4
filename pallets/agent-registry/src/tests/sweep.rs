//! The liveness sweep run by `on_initialize`.

use super::*;

#[test]
fn sweep_persists_stale_with_events_and_a_cursor() {
	ExtBuilder::default().build_and_execute(|| {
		let ids: Vec<AgentId> = vec![
			register_agent(ALICE, KEY_A, b"a"),
			register_agent(ALICE, KEY_B, b"b"),
			register_agent(ALICE, KEY_C, b"c"),
			register_agent(BOB, KEY_D, b"d"),
			register_agent(BOB, 105, b"e"),
		];
		run_to_block(1 + LIVENESS);
		assert!(ids.iter().all(|id| stored_status(*id) == AgentStatus::Active));
		assert_eq!(SweepCursor::<Test>::get(), None);
		System::reset_events();

		// Block 12: everyone is stale; the sweep persists MAX_CHECKS of them.
		run_to_block(2 + LIVENESS);
		let stale = |evs: Vec<Event<Test>>| {
			evs.into_iter().filter(|e| matches!(e, Event::MarkedStale { .. })).count()
		};
		assert_eq!(stale(events()), MAX_CHECKS as usize);
		assert!(SweepCursor::<Test>::get().is_some());
		assert!(events().contains(&Event::MarkedStale {
			id: *ids
				.iter()
				.find(|id| stored_status(**id) == AgentStatus::Stale)
				.expect("some agent was marked"),
			last_heartbeat: 1,
			block: 2 + LIVENESS,
		}));

		// Block 13: the remaining one, then the cursor wraps.
		run_to_block(3 + LIVENESS);
		assert_eq!(stale(events()), ids.len());
		assert!(ids.iter().all(|id| stored_status(*id) == AgentStatus::Stale));
		assert_eq!(SweepCursor::<Test>::get(), None);

		// Nothing more to persist: no further events.
		run_to_block(5 + LIVENESS);
		assert_eq!(stale(events()), ids.len());
	});
}

#[test]
fn sweep_with_no_agents_is_cheap() {
	ExtBuilder::default().build_and_execute(|| {
		let w = AgentRegistry::on_initialize(2);
		assert_eq!(w, <() as crate::WeightInfo>::on_initialize_sweep(0));
	});
}

#[test]
fn sweep_survives_removed_cursor_agent() {
	ExtBuilder::default().build_and_execute(|| {
		for (owner, key) in
			[(ALICE, KEY_A), (ALICE, KEY_B), (ALICE, KEY_C), (BOB, KEY_D), (BOB, 105)]
		{
			register_agent(owner, key, b"x");
		}
		run_to_block(2 + LIVENESS);
		let cursor = SweepCursor::<Test>::get().expect("sweep stopped midway");
		// Remove the agent the cursor points at.
		let owner = Agents::<Test>::get(cursor).unwrap().owner;
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(owner), cursor));
		run_to_block(3 + LIVENESS + UNBONDING);
		assert_ok!(AgentRegistry::withdraw_bond(RuntimeOrigin::signed(owner), cursor));
		run_to_block(5 + LIVENESS + UNBONDING);
		assert!(Agents::<Test>::iter()
			.all(|(_, r)| r.status == AgentStatus::Stale || r.status == AgentStatus::Unbonding));
	});
}
