//! Unit tests of the agent registry: every call's success path, every error, events, hooks and
//! the cross-pallet traits. Every `build_and_execute` test ends with `do_try_state`.

use crate::{
	mock::*, AgentByKey, AgentCount, AgentInspect, AgentPenalties, AgentStatus, Agents,
	AgentsByOwner, Error, Event, HoldReason, Metadata, NextAgentId, SweepCursor,
};
use chaoscore_primitives::agent::{agent_doc_offchain_key, AgentId};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::InspectHold, Hooks},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{traits::BadOrigin, TokenError},
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

fn register_agent(owner: AccountId, key: AccountId, tag: &[u8]) -> AgentId {
	let doc = document(tag);
	let id = NextAgentId::<Test>::get();
	assert_ok!(AgentRegistry::register(RuntimeOrigin::signed(owner), key, metadata_for(&doc), doc));
	id
}

fn status(id: AgentId) -> AgentStatus {
	AgentRegistry::facts(id).expect("agent exists").status
}

fn stored_status(id: AgentId) -> AgentStatus {
	Agents::<Test>::get(id).expect("agent exists").status
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::AgentRegistry(e) => Some(e),
			_ => None,
		})
		.collect()
}

// ----- register -----

#[test]
fn register_works() {
	ExtBuilder::default().build_and_execute(|| {
		let doc = document(b"a");
		let meta = metadata_for(&doc);
		assert_ok!(AgentRegistry::register(RuntimeOrigin::signed(ALICE), KEY_A, meta.clone(), doc));
		System::assert_last_event(
			Event::Registered {
				id: 0,
				owner: ALICE,
				agent_key: KEY_A,
				bond: MIN_BOND,
				version: 1,
				document_hash: meta.document_hash,
				block: 1,
			}
			.into(),
		);
		assert_eq!(held(ALICE), MIN_BOND);
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND);
		assert_eq!(NextAgentId::<Test>::get(), 1);
		assert_eq!(AgentCount::<Test>::get(), 1);
		assert_eq!(AgentByKey::<Test>::get(KEY_A), Some(0));
		assert_eq!(AgentsByOwner::<Test>::get(ALICE).into_inner(), vec![0]);
		let stored = Metadata::<Test>::get(0).unwrap();
		assert_eq!(stored.version, 1);
		assert_eq!(stored.name, meta.name);
		let facts = AgentRegistry::facts(0).unwrap();
		assert_eq!(facts.owner, ALICE);
		assert_eq!(facts.agent_key, KEY_A);
		assert_eq!(facts.status, AgentStatus::Active);
		assert_eq!(facts.bond, MIN_BOND);
		assert_eq!(facts.jailed_until, None);
		assert_eq!(facts.last_heartbeat, 1);
		assert!(AgentRegistry::is_eligible(0));

		// Ids are sequential.
		assert_eq!(register_agent(BOB, KEY_B, b"b"), 1);
		assert_eq!(AgentCount::<Test>::get(), 2);
	});
}

#[test]
fn register_ignores_supplied_version() {
	ExtBuilder::default().build_and_execute(|| {
		let doc = document(b"a");
		let mut meta = metadata_for(&doc);
		meta.version = 77;
		assert_ok!(AgentRegistry::register(RuntimeOrigin::signed(ALICE), KEY_A, meta, doc));
		assert_eq!(Metadata::<Test>::get(0).unwrap().version, 1);
	});
}

#[test]
fn register_indexes_document_offchain() {
	let mut ext = ExtBuilder::default().build();
	let doc = document(b"offchain");
	ext.execute_with(|| {
		assert_ok!(AgentRegistry::register(
			RuntimeOrigin::signed(ALICE),
			KEY_A,
			metadata_for(&doc),
			doc.clone()
		));
		let doc2 = document(b"offchain-v2");
		assert_ok!(AgentRegistry::update(
			RuntimeOrigin::signed(ALICE),
			0,
			metadata_for(&doc2),
			doc2
		));
	});
	ext.persist_offchain_overlay();
	let db = ext.offchain_db();
	let key = agent_doc_offchain_key(0, 1);
	assert!(key.starts_with(b"chaoscore/agent-doc/"));
	assert_eq!(db.get(&key), Some(doc.into_inner()));
	assert_eq!(db.get(&agent_doc_offchain_key(0, 2)), Some(document(b"offchain-v2").into_inner()));
	assert_eq!(db.get(&agent_doc_offchain_key(0, 3)), None);
	ext.execute_with(|| AgentRegistry::do_try_state().unwrap());
}

#[test]
fn register_fails_unsigned() {
	ExtBuilder::default().build_and_execute(|| {
		let doc = document(b"a");
		assert_noop!(
			AgentRegistry::register(RuntimeOrigin::root(), KEY_A, metadata_for(&doc), doc),
			BadOrigin
		);
	});
}

#[test]
fn register_fails_with_used_key() {
	ExtBuilder::default().build_and_execute(|| {
		register_agent(ALICE, KEY_A, b"a");
		let doc = document(b"b");
		assert_noop!(
			AgentRegistry::register(RuntimeOrigin::signed(BOB), KEY_A, metadata_for(&doc), doc),
			Error::<Test>::AgentKeyInUse
		);
	});
}

#[test]
fn register_fails_with_wrong_hash() {
	ExtBuilder::default().build_and_execute(|| {
		let doc = document(b"a");
		let mut meta = metadata_for(&doc);
		meta.document_hash = H256::repeat_byte(7);
		assert_noop!(
			AgentRegistry::register(RuntimeOrigin::signed(ALICE), KEY_A, meta, doc),
			Error::<Test>::DocumentHashMismatch
		);
	});
}

#[test]
fn register_fails_with_empty_name() {
	ExtBuilder::default().build_and_execute(|| {
		let doc = document(b"a");
		let mut meta = metadata_for(&doc);
		meta.name = BoundedVec::new();
		assert_noop!(
			AgentRegistry::register(RuntimeOrigin::signed(ALICE), KEY_A, meta, doc),
			Error::<Test>::EmptyName
		);
	});
}

#[test]
fn register_fails_without_funds() {
	ExtBuilder::default().build_and_execute(|| {
		let doc = document(b"a");
		assert_noop!(
			AgentRegistry::register(RuntimeOrigin::signed(POOR), KEY_A, metadata_for(&doc), doc),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn register_fails_beyond_max_agents_per_owner() {
	ExtBuilder::default().build_and_execute(|| {
		register_agent(ALICE, KEY_A, b"a");
		register_agent(ALICE, KEY_B, b"b");
		register_agent(ALICE, KEY_C, b"c");
		let doc = document(b"d");
		assert_noop!(
			AgentRegistry::register(RuntimeOrigin::signed(ALICE), KEY_D, metadata_for(&doc), doc),
			Error::<Test>::TooManyAgents
		);
	});
}

#[test]
fn register_fails_when_ids_are_exhausted() {
	ExtBuilder::default().build_and_execute(|| {
		NextAgentId::<Test>::put(u64::MAX);
		let doc = document(b"a");
		assert_noop!(
			AgentRegistry::register(RuntimeOrigin::signed(ALICE), KEY_A, metadata_for(&doc), doc),
			Error::<Test>::NoMoreAgentIds
		);
	});
}

// ----- update -----

#[test]
fn update_works() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		let doc = document(b"v2");
		let mut meta = metadata_for(&doc);
		meta.category = BoundedVec::truncate_from(b"research".to_vec());
		assert_ok!(AgentRegistry::update(RuntimeOrigin::signed(ALICE), id, meta.clone(), doc));
		System::assert_last_event(
			Event::Updated { id, owner: ALICE, version: 2, document_hash: meta.document_hash }
				.into(),
		);
		let stored = Metadata::<Test>::get(id).unwrap();
		assert_eq!(stored.version, 2);
		assert_eq!(stored.category, meta.category);
		assert_eq!(Agents::<Test>::get(id).unwrap().metadata_version, 2);
	});
}

#[test]
fn update_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		let doc = document(b"v2");
		let meta = metadata_for(&doc);
		assert_noop!(
			AgentRegistry::update(RuntimeOrigin::signed(ALICE), 9, meta.clone(), doc.clone()),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			AgentRegistry::update(RuntimeOrigin::signed(BOB), id, meta.clone(), doc.clone()),
			Error::<Test>::NotOwner
		);
		let mut bad = meta.clone();
		bad.document_hash = H256::zero();
		assert_noop!(
			AgentRegistry::update(RuntimeOrigin::signed(ALICE), id, bad, doc.clone()),
			Error::<Test>::DocumentHashMismatch
		);
		let mut unnamed = meta.clone();
		unnamed.name = BoundedVec::new();
		assert_noop!(
			AgentRegistry::update(RuntimeOrigin::signed(ALICE), id, unnamed, doc.clone()),
			Error::<Test>::EmptyName
		);
		assert_noop!(
			AgentRegistry::update(RuntimeOrigin::none(), id, meta.clone(), doc.clone()),
			BadOrigin
		);

		assert_ok!(AgentRegistry::set_jail(id, Some(5)));
		assert_noop!(
			AgentRegistry::update(RuntimeOrigin::signed(ALICE), id, meta.clone(), doc.clone()),
			Error::<Test>::AgentJailed
		);
		assert_ok!(AgentRegistry::set_jail(id, None));
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			AgentRegistry::update(RuntimeOrigin::signed(ALICE), id, meta, doc),
			Error::<Test>::AgentUnbonding
		);
	});
}

#[test]
fn update_fails_on_version_overflow() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		Agents::<Test>::mutate(id, |r| r.as_mut().unwrap().metadata_version = u32::MAX);
		Metadata::<Test>::mutate(id, |m| m.as_mut().unwrap().version = u32::MAX);
		let doc = document(b"v2");
		assert_noop!(
			AgentRegistry::update(RuntimeOrigin::signed(ALICE), id, metadata_for(&doc), doc),
			Error::<Test>::VersionOverflow
		);
	});
}

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
		System::assert_last_event(Event::AgentRevived { id, block: now }.into());
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
			evs.into_iter().filter(|e| matches!(e, Event::AgentStale { .. })).count()
		};
		assert_eq!(stale(events()), MAX_CHECKS as usize);
		assert!(SweepCursor::<Test>::get().is_some());
		assert!(events().contains(&Event::AgentStale {
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
		Challenged::set(vec![id]);
		assert_noop!(
			AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AgentChallenged
		);
		Challenged::set(vec![]);
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
		assert_ok!(AgentRegistry::rotate_agent_key(RuntimeOrigin::signed(ALICE), id, KEY_B));
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
		assert_ok!(AgentRegistry::rotate_agent_key(RuntimeOrigin::signed(ALICE), id, KEY_C));
		assert_ok!(AgentRegistry::set_jail(id, None));
	});
}

#[test]
fn rotate_agent_key_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		register_agent(BOB, KEY_B, b"b");
		assert_noop!(
			AgentRegistry::rotate_agent_key(RuntimeOrigin::signed(ALICE), 7, KEY_C),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			AgentRegistry::rotate_agent_key(RuntimeOrigin::signed(BOB), id, KEY_C),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			AgentRegistry::rotate_agent_key(RuntimeOrigin::signed(ALICE), id, KEY_B),
			Error::<Test>::AgentKeyInUse
		);
		assert_noop!(
			AgentRegistry::rotate_agent_key(RuntimeOrigin::signed(ALICE), id, KEY_A),
			Error::<Test>::AgentKeyInUse
		);
		assert_noop!(AgentRegistry::rotate_agent_key(RuntimeOrigin::root(), id, KEY_C), BadOrigin);
	});
}

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
fn integrity_test_passes() {
	ExtBuilder::default().build().execute_with(|| {
		<AgentRegistry as Hooks<u64>>::integrity_test();
	});
}
