//! Registration and metadata updates.

use super::*;

// ----- register -----

#[test]
fn register_works() {
	ExtBuilder::default().build_and_execute(|| {
		let doc = document(b"a");
		let meta = metadata_for(&doc);
		assert_ok!(AgentRegistry::register(
			RuntimeOrigin::signed(ALICE),
			KEY_A,
			key_consent::<Test>(ALICE, None, KEY_A),
			meta.clone(),
			doc
		));
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
		assert_ok!(AgentRegistry::register(
			RuntimeOrigin::signed(ALICE),
			KEY_A,
			key_consent::<Test>(ALICE, None, KEY_A),
			meta,
			doc
		));
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
			key_consent::<Test>(ALICE, None, KEY_A),
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
			AgentRegistry::register(
				RuntimeOrigin::root(),
				KEY_A,
				key_consent::<Test>(ALICE, None, KEY_A),
				metadata_for(&doc),
				doc
			),
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
			AgentRegistry::register(
				RuntimeOrigin::signed(BOB),
				KEY_A,
				key_consent::<Test>(BOB, None, KEY_A),
				metadata_for(&doc),
				doc
			),
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
			AgentRegistry::register(
				RuntimeOrigin::signed(ALICE),
				KEY_A,
				key_consent::<Test>(ALICE, None, KEY_A),
				meta,
				doc
			),
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
			AgentRegistry::register(
				RuntimeOrigin::signed(ALICE),
				KEY_A,
				key_consent::<Test>(ALICE, None, KEY_A),
				meta,
				doc
			),
			Error::<Test>::EmptyName
		);
	});
}

#[test]
fn register_fails_without_funds() {
	ExtBuilder::default().build_and_execute(|| {
		let doc = document(b"a");
		assert_noop!(
			AgentRegistry::register(
				RuntimeOrigin::signed(POOR),
				KEY_A,
				key_consent::<Test>(POOR, None, KEY_A),
				metadata_for(&doc),
				doc
			),
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
			AgentRegistry::register(
				RuntimeOrigin::signed(ALICE),
				KEY_D,
				key_consent::<Test>(ALICE, None, KEY_D),
				metadata_for(&doc),
				doc
			),
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
			AgentRegistry::register(
				RuntimeOrigin::signed(ALICE),
				KEY_A,
				key_consent::<Test>(ALICE, None, KEY_A),
				metadata_for(&doc),
				doc
			),
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
