//! Read functions (view functions and the read helpers behind the runtime APIs).

use super::*;

// ----- read functions -----

#[test]
fn read_functions() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register_agent(ALICE, KEY_A, b"a");
		let b = register_agent(ALICE, KEY_B, b"b");
		let c = register_agent(BOB, KEY_C, b"c");
		assert_ok!(AgentRegistry::set_jail(b, Some(5)));
		let (facts, meta) = AgentRegistry::agent(a).unwrap();
		assert_eq!(facts.agent_key, KEY_A);
		assert_eq!(meta.version, 1);
		assert!(AgentRegistry::agent(99).is_none());
		assert_eq!(
			AgentRegistry::statuses(vec![a, b, c, 99]),
			vec![
				(a, Some(AgentStatus::Active)),
				(b, Some(AgentStatus::Jailed)),
				(c, Some(AgentStatus::Active)),
				(99, None)
			]
		);
		assert_eq!(AgentRegistry::agents_of(ALICE), vec![a, b]);
		assert_eq!(AgentRegistry::agents_of(BOB), vec![c]);
		assert!(AgentRegistry::agents_of(CHARLIE).is_empty());
		assert!(!AgentRegistry::is_eligible(99));
		assert_eq!(AgentRegistry::jailed_agents(), vec![(b, 5)]);
	});
}

#[test]
fn agent_ids_page_through_every_agent_once() {
	ExtBuilder::default().build_and_execute(|| {
		let mut registered = vec![
			register_agent(ALICE, KEY_A, b"a"),
			register_agent(ALICE, KEY_B, b"b"),
			register_agent(BOB, KEY_C, b"c"),
			register_agent(CHARLIE, KEY_D, b"d"),
		];
		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = AgentRegistry::agent_ids_after(after, 3);
			assert!(page.len() <= 3);
			let Some(last) = page.last().copied() else { break };
			seen.extend(page);
			after = Some(last);
		}
		seen.sort();
		registered.sort();
		assert_eq!(seen, registered);
		assert!(AgentRegistry::agent_ids_after(None, 0).is_empty());
	});
}
