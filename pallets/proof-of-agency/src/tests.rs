//! Unit tests of the proof-of-agency pallet against the real agent registry. Every
//! `build_and_execute` test ends with the `try_state` of both pallets.

use crate::{
	mock::*, AnchorRecord, Anchors, Attestations, Deadlines, Error, Event, HoldReason, KindOf,
	NextAnchorId, NextReceiptId, Outcomes, ReceiptContext, ReceiptInspect, ReceiptStatus, Receipts,
	Verifiers, MAX_DEADLINE_SCAN, MAX_PROOF_LEN,
};
use polkadot_sdk::{
	binary_merkle_tree::{merkle_proof, merkle_root},
	frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::InspectHold, Hooks},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::traits::{BadOrigin, BlakeTwo256},
};

const INPUT: H256 = H256::repeat_byte(1);
const OUTPUT: H256 = H256::repeat_byte(2);

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn kind(k: &[u8]) -> KindOf<Test> {
	BoundedVec::truncate_from(k.to_vec())
}

fn verifier_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::ProofOfAgency(HoldReason::VerifierBond),
		&who,
	)
}

fn record(signer: AccountId, agent: u64) -> u64 {
	let id = NextReceiptId::<Test>::get();
	assert_ok!(ProofOfAgency::record_receipt(
		signed(signer),
		agent,
		kind(b"llm.call"),
		INPUT,
		OUTPUT,
		None,
		None
	));
	id
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn has_event(e: Event<Test>) -> bool {
	System::events()
		.iter()
		.any(|r| r.event == RuntimeEvent::ProofOfAgency(e.clone()))
}

/// Agent 0 of ALICE (key `KEY_A`), verifiers BOB, CHARLIE, DAVE and EVE.
fn setup() -> u64 {
	let agent = register(ALICE, KEY_A);
	for v in [BOB, CHARLIE, DAVE, EVE] {
		assert_ok!(ProofOfAgency::register_verifier(signed(v)));
	}
	agent
}

#[test]
fn record_receipt_works_for_key_and_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let ctx = Some(ReceiptContext::Escrow(7));
		let tee = Some(H256::repeat_byte(9));
		assert_ok!(ProofOfAgency::record_receipt(
			signed(KEY_A),
			agent,
			kind(b"tool.use"),
			INPUT,
			OUTPUT,
			ctx,
			tee
		));
		let r = Receipts::<Test>::get(0).unwrap();
		assert_eq!(r.agent, agent);
		assert_eq!(r.kind.to_vec(), b"tool.use".to_vec());
		assert_eq!(
			(r.input_hash, r.output_hash, r.context, r.tee_attestation),
			(INPUT, OUTPUT, ctx, tee)
		);
		assert_eq!((r.recorded_at, r.deadline, r.valid, r.invalid), (1, 1 + PERIOD, 0, 0));
		assert_eq!(Deadlines::<Test>::get(1 + PERIOD).to_vec(), vec![0]);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::ReceiptRecorded {
				id: 0,
				agent,
				recorder: KEY_A,
				kind: kind(b"tool.use"),
				input_hash: INPUT,
				output_hash: OUTPUT,
				context: ctx,
				tee_attestation: tee,
				deadline: 1 + PERIOD,
			})
		);
		// The owner may record too; studio context.
		assert_ok!(ProofOfAgency::record_receipt(
			signed(ALICE),
			agent,
			kind(b"x"),
			INPUT,
			OUTPUT,
			Some(ReceiptContext::Studio(3)),
			None
		));
		assert_eq!(NextReceiptId::<Test>::get(), 2);
		assert_eq!(ProofOfAgency::receipt(1), Some((agent, ReceiptStatus::Pending)));
		assert_eq!(ProofOfAgency::receipt_status(0), Some((agent, ReceiptStatus::Pending)));
		assert_eq!(ProofOfAgency::receipt(2), None);
	});
}

#[test]
fn record_receipt_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let call = |who: AccountId, agent: u64, k: &[u8]| {
			ProofOfAgency::record_receipt(signed(who), agent, kind(k), INPUT, OUTPUT, None, None)
		};
		assert_noop!(
			ProofOfAgency::record_receipt(
				RuntimeOrigin::none(),
				agent,
				kind(b"k"),
				INPUT,
				OUTPUT,
				None,
				None
			),
			BadOrigin
		);
		assert_noop!(call(KEY_A, 9, b"k"), Error::<Test>::UnknownAgent);
		assert_noop!(call(BOB, agent, b"k"), Error::<Test>::NotAgentController);
		assert_noop!(call(KEY_A, agent, b""), Error::<Test>::EmptyKind);

		// Jailed.
		assert_ok!(
			<AgentRegistry as chaoscore_primitives::agent::AgentPenalties<_, _, _>>::set_jail(
				agent,
				Some(50)
			)
		);
		assert_noop!(call(KEY_A, agent, b"k"), Error::<Test>::AgentJailed);
		assert_ok!(
			<AgentRegistry as chaoscore_primitives::agent::AgentPenalties<_, _, _>>::set_jail(
				agent, None
			)
		);
		// Unbonding.
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
		assert_noop!(call(KEY_A, agent, b"k"), Error::<Test>::AgentUnbonding);

		// Receipt ids exhausted.
		let other = register(BOB, KEY_B);
		NextReceiptId::<Test>::put(u64::MAX);
		assert_noop!(call(KEY_B, other, b"k"), Error::<Test>::NoMoreReceiptIds);
		NextReceiptId::<Test>::put(0);
	});
}

#[test]
fn record_receipt_spills_to_later_blocks_and_fails_when_all_queues_full() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let first = 1 + PERIOD;
		for i in 0..MAX_DEADLINES {
			let id = record(KEY_A, agent);
			assert_eq!(id, i as u64);
			assert_eq!(Receipts::<Test>::get(id).unwrap().deadline, first);
		}
		// The queue of `first` is full: the next one spills to the following block.
		let id = record(KEY_A, agent);
		assert_eq!(Receipts::<Test>::get(id).unwrap().deadline, first + 1);
		// Fill the whole window.
		while Receipts::<Test>::get(NextReceiptId::<Test>::get().saturating_sub(1))
			.unwrap()
			.deadline < first + MAX_DEADLINE_SCAN as u64 - 1 ||
			Deadlines::<Test>::decode_len(first + MAX_DEADLINE_SCAN as u64 - 1).unwrap_or(0) <
				MAX_DEADLINES as usize
		{
			record(KEY_A, agent);
		}
		assert_eq!(Receipts::<Test>::iter().count() as u32, MAX_DEADLINES * MAX_DEADLINE_SCAN);
		assert_noop!(
			ProofOfAgency::record_receipt(
				signed(KEY_A),
				agent,
				kind(b"k"),
				INPUT,
				OUTPUT,
				None,
				None
			),
			Error::<Test>::DeadlineQueuesFull
		);
	});
}

#[test]
fn register_and_deregister_verifier() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(ProofOfAgency::register_verifier(signed(BOB)));
		assert_eq!(Verifiers::<Test>::get(BOB), Some(VERIFIER_BOND));
		assert_eq!(verifier_held(BOB), VERIFIER_BOND);
		assert_eq!(Balances::free_balance(BOB), ENDOWMENT - VERIFIER_BOND);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::VerifierRegistered {
				who: BOB,
				bond: VERIFIER_BOND
			})
		);
		assert_noop!(ProofOfAgency::register_verifier(signed(BOB)), Error::<Test>::AlreadyVerifier);
		assert_noop!(
			ProofOfAgency::register_verifier(signed(POOR)),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(ProofOfAgency::register_verifier(RuntimeOrigin::none()), BadOrigin);

		assert_ok!(ProofOfAgency::deregister_verifier(signed(BOB)));
		assert_eq!(Verifiers::<Test>::get(BOB), None);
		assert_eq!(verifier_held(BOB), 0);
		assert_eq!(Balances::free_balance(BOB), ENDOWMENT);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::VerifierDeregistered {
				who: BOB,
				bond: VERIFIER_BOND
			})
		);
		assert_noop!(ProofOfAgency::deregister_verifier(signed(BOB)), Error::<Test>::NotVerifier);
		assert_noop!(ProofOfAgency::deregister_verifier(RuntimeOrigin::none()), BadOrigin);
	});
}

#[test]
fn quorum_valid_verifies_and_reports() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, true));
		assert_eq!(Attestations::<Test>::get(id, BOB), Some(true));
		assert_eq!(Receipts::<Test>::get(id).unwrap().valid, 1);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::Attested { id, verifier: BOB, valid: true })
		);
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, false));
		assert!(reports().is_empty());
		assert_ok!(ProofOfAgency::attest(signed(DAVE), id, true));
		// Finalized and pruned.
		assert!(!Receipts::<Test>::contains_key(id));
		assert_eq!(Attestations::<Test>::iter_prefix(id).count(), 0);
		assert!(!Deadlines::<Test>::contains_key(1 + PERIOD));
		assert_eq!(Outcomes::<Test>::get(id), Some((agent, ReceiptStatus::Verified)));
		assert_eq!(ProofOfAgency::receipt(id), Some((agent, ReceiptStatus::Verified)));
		assert_eq!(reports(), vec![(agent, id, true)]);
		assert!(has_event(Event::Attested { id, verifier: DAVE, valid: true }));
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::ReceiptFinalized {
				id,
				agent,
				status: ReceiptStatus::Verified,
				valid: 2,
				invalid: 1,
			})
		);
		// Nothing happens at the old deadline.
		run_to_block(1 + PERIOD);
		assert_eq!(Outcomes::<Test>::get(id), Some((agent, ReceiptStatus::Verified)));
		assert_eq!(reports().len(), 1);
	});
}

#[test]
fn quorum_invalid_rejects_and_reports() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let keep = record(KEY_A, agent);
		let id = record(KEY_A, agent);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, false));
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, false));
		assert_eq!(Outcomes::<Test>::get(id), Some((agent, ReceiptStatus::Rejected)));
		assert_eq!(reports(), vec![(agent, id, false)]);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::ReceiptFinalized {
				id,
				agent,
				status: ReceiptStatus::Rejected,
				valid: 0,
				invalid: 2,
			})
		);
		// The other receipt stays queued.
		assert_eq!(Deadlines::<Test>::get(1 + PERIOD).to_vec(), vec![keep]);
	});
}

#[test]
fn attest_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		assert_noop!(ProofOfAgency::attest(RuntimeOrigin::none(), id, true), BadOrigin);
		// Not a verifier (FERDIE = 7 never registered).
		assert_noop!(ProofOfAgency::attest(signed(7), id, true), Error::<Test>::NotVerifier);
		assert_noop!(ProofOfAgency::attest(signed(BOB), 99, true), Error::<Test>::UnknownReceipt);
		// The owner and the key cannot attest, even when registered verifiers.
		assert_ok!(ProofOfAgency::register_verifier(signed(ALICE)));
		assert_noop!(
			ProofOfAgency::attest(signed(ALICE), id, true),
			Error::<Test>::SelfAttestation
		);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), KEY_A, ENDOWMENT));
		assert_ok!(ProofOfAgency::register_verifier(signed(KEY_A)));
		assert_noop!(
			ProofOfAgency::attest(signed(KEY_A), id, true),
			Error::<Test>::SelfAttestation
		);
		// Once per receipt.
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, true));
		assert_noop!(ProofOfAgency::attest(signed(BOB), id, false), Error::<Test>::AlreadyAttested);
		// Finalized.
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, true));
		assert_noop!(
			ProofOfAgency::attest(signed(DAVE), id, true),
			Error::<Test>::ReceiptFinalized
		);
	});
}

#[test]
fn attest_fails_for_a_removed_agent_and_when_full() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		// A receipt whose counters are at the bound (not reachable through calls with
		// MaxAttestations >= 2 * Quorum - 1; set up directly, together with matching entries).
		let mut r = Receipts::<Test>::get(id).unwrap();
		r.valid = 1;
		r.invalid = MAX_ATTESTATIONS - 1;
		Receipts::<Test>::insert(id, r.clone());
		assert_noop!(
			ProofOfAgency::attest(signed(BOB), id, true),
			Error::<Test>::TooManyAttestations
		);
		r.valid = 0;
		r.invalid = 0;
		Receipts::<Test>::insert(id, r.clone());

		// A receipt of an agent no longer registered cannot be attested (it expires).
		r.agent = 9;
		Receipts::<Test>::insert(id, r.clone());
		assert_noop!(ProofOfAgency::attest(signed(BOB), id, true), Error::<Test>::UnknownAgent);
	});
}

#[test]
fn expiry_prunes_without_reporting() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, true));
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, false));
		run_to_block(PERIOD);
		assert!(Receipts::<Test>::contains_key(id));
		next_block();
		assert!(!Receipts::<Test>::contains_key(id));
		assert_eq!(Attestations::<Test>::iter_prefix(id).count(), 0);
		assert!(!Deadlines::<Test>::contains_key(1 + PERIOD));
		assert_eq!(Outcomes::<Test>::get(id), Some((agent, ReceiptStatus::Expired)));
		assert_eq!(ProofOfAgency::receipt(id), Some((agent, ReceiptStatus::Expired)));
		assert!(reports().is_empty());
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::ReceiptExpired { id, agent, valid: 1, invalid: 1 })
		);
		assert_noop!(
			ProofOfAgency::attest(signed(DAVE), id, true),
			Error::<Test>::ReceiptFinalized
		);
	});
}

#[test]
fn expiry_follows_the_spilled_queues() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let n = MAX_DEADLINES as u64 * 2 + 1;
		let ids: Vec<u64> = (0..n).map(|_| record(KEY_A, agent)).collect();
		let first = 1 + PERIOD;
		let expect = |i: u64| first + i / MAX_DEADLINES as u64;
		for &id in &ids {
			assert_eq!(Receipts::<Test>::get(id).unwrap().deadline, expect(id));
		}
		for block in first..first + 3 {
			run_to_block(block);
			for &id in &ids {
				let expired = expect(id) <= block;
				assert_eq!(Receipts::<Test>::contains_key(id), !expired, "{id} at {block}");
				assert_eq!(Outcomes::<Test>::get(id).is_some(), expired, "outcome {id} at {block}");
			}
			check_invariants();
		}
		assert_eq!(Receipts::<Test>::iter().count(), 0);
		assert_eq!(Deadlines::<Test>::iter().count(), 0);
	});
}

#[test]
fn on_initialize_reports_linear_weight() {
	ExtBuilder::default().build_and_execute(|| {
		use crate::WeightInfo;
		let agent = setup();
		for _ in 0..2 {
			record(KEY_A, agent);
		}
		System::set_block_number(PERIOD);
		let w = ProofOfAgency::on_initialize(1 + PERIOD);
		System::set_block_number(1 + PERIOD);
		assert_eq!(w, <() as WeightInfo>::on_initialize_expire(2));
		assert_eq!(ProofOfAgency::on_initialize(5), <() as WeightInfo>::on_initialize_expire(0));
	});
}

#[test]
fn anchor_works_and_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let root = H256::repeat_byte(0xaa);
		assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, root, 4));
		assert_eq!(
			Anchors::<Test>::get(0),
			Some(AnchorRecord { agent, root, leaf_count: 4, anchored_at: 1 })
		);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::Anchored {
				id: 0,
				agent,
				by: KEY_A,
				root,
				leaf_count: 4
			})
		);
		assert_ok!(ProofOfAgency::anchor(signed(ALICE), agent, root, 1));
		assert_eq!(NextAnchorId::<Test>::get(), 2);

		assert_noop!(ProofOfAgency::anchor(RuntimeOrigin::none(), agent, root, 1), BadOrigin);
		assert_noop!(ProofOfAgency::anchor(signed(KEY_A), 9, root, 1), Error::<Test>::UnknownAgent);
		assert_noop!(
			ProofOfAgency::anchor(signed(BOB), agent, root, 1),
			Error::<Test>::NotAgentController
		);
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 0),
			Error::<Test>::EmptyBatch
		);
		NextAnchorId::<Test>::put(u64::MAX);
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 1),
			Error::<Test>::NoMoreAnchorIds
		);
		NextAnchorId::<Test>::put(2);
		assert_ok!(
			<AgentRegistry as chaoscore_primitives::agent::AgentPenalties<_, _, _>>::set_jail(
				agent,
				Some(50)
			)
		);
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 1),
			Error::<Test>::AgentJailed
		);
		assert_ok!(
			<AgentRegistry as chaoscore_primitives::agent::AgentPenalties<_, _, _>>::set_jail(
				agent, None
			)
		);
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 1),
			Error::<Test>::AgentUnbonding
		);
	});
}

fn leaves(n: u32) -> Vec<H256> {
	(0..n).map(|i| H256::from_low_u64_be(1_000 + i as u64)).collect()
}

#[test]
fn verify_leaf_against_binary_merkle_tree() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		for n in 1..=9u32 {
			let leaves = leaves(n);
			let root = merkle_root::<BlakeTwo256, _>(leaves.iter().map(|l| l.as_bytes()));
			let anchor = NextAnchorId::<Test>::get();
			assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, root, n));
			for index in 0..n {
				let proof =
					merkle_proof::<BlakeTwo256, _, _>(leaves.iter().map(|l| l.as_bytes()), index);
				assert_eq!(proof.root, root);
				let leaf = leaves[index as usize];
				assert!(
					ProofOfAgency::verify_leaf(anchor, leaf, index, proof.proof.clone()),
					"n {n} index {index}"
				);
				// Wrong leaf.
				assert!(!ProofOfAgency::verify_leaf(
					anchor,
					H256::repeat_byte(0xff),
					index,
					proof.proof.clone()
				));
				// Wrong index (outside the batch, or another position when the proof is
				// non-trivial).
				assert!(!ProofOfAgency::verify_leaf(anchor, leaf, n, proof.proof.clone()));
				if n > 1 {
					let other = (index + 1) % n;
					assert!(
						!ProofOfAgency::verify_leaf(anchor, leaf, other, proof.proof.clone()) ||
							leaves[other as usize] == leaf,
						"n {n} index {index} as {other}"
					);
				}
				// Wrong anchor.
				assert!(!ProofOfAgency::verify_leaf(
					anchor + 100,
					leaf,
					index,
					proof.proof.clone()
				));
			}
		}
	});
}

#[test]
fn verify_leaf_scheme_is_documented_one() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		// Two leaves: root = blake2_256(blake2_256(l0) ++ blake2_256(l1)).
		let l = leaves(2);
		let h = |b: &[u8]| H256(polkadot_sdk::sp_io::hashing::blake2_256(b));
		let (h0, h1) = (h(l[0].as_bytes()), h(l[1].as_bytes()));
		let root = h(&[h0.as_bytes(), h1.as_bytes()].concat());
		assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, root, 2));
		assert!(ProofOfAgency::verify_leaf(0, l[0], 0, vec![h1]));
		assert!(ProofOfAgency::verify_leaf(0, l[1], 1, vec![h0]));
		assert!(!ProofOfAgency::verify_leaf(0, l[0], 1, vec![h1]));
		assert!(!ProofOfAgency::verify_leaf(0, l[1], 0, vec![h0]));
		// Overlong proofs are refused outright.
		assert!(!ProofOfAgency::verify_leaf(0, l[0], 0, vec![h1; MAX_PROOF_LEN + 1]));
		// Unknown anchor.
		assert!(!ProofOfAgency::verify_leaf(1, l[0], 0, vec![h1]));
	});
}

#[test]
fn verifier_leaving_keeps_its_attestations() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, true));
		assert_ok!(ProofOfAgency::deregister_verifier(signed(BOB)));
		assert_eq!(Receipts::<Test>::get(id).unwrap().valid, 1);
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, true));
		assert_eq!(reports(), vec![(agent, id, true)]);
	});
}

#[test]
fn integrity_test_passes() {
	ExtBuilder::default().build().execute_with(|| {
		<ProofOfAgency as Hooks<BlockNumber>>::integrity_test();
	});
}

#[test]
fn try_state_detects_corruption() {
	ExtBuilder::default().build().execute_with(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		assert_ok!(ProofOfAgency::do_try_state());
		// Counter out of sync with the attestation map.
		Attestations::<Test>::insert(id, BOB, true);
		assert!(ProofOfAgency::do_try_state().is_err());
		Attestations::<Test>::remove(id, BOB);
		// Pending and finalized at once.
		Outcomes::<Test>::insert(id, (agent, ReceiptStatus::Verified));
		assert!(ProofOfAgency::do_try_state().is_err());
		Outcomes::<Test>::remove(id);
		// Not in its deadline queue.
		let q = Deadlines::<Test>::take(1 + PERIOD);
		assert!(ProofOfAgency::do_try_state().is_err());
		Deadlines::<Test>::insert(1 + PERIOD, q);
		// Bond not held.
		Verifiers::<Test>::insert(7, VERIFIER_BOND);
		assert!(ProofOfAgency::do_try_state().is_err());
		Verifiers::<Test>::remove(7);
		assert_ok!(ProofOfAgency::do_try_state());
	});
}

#[test]
fn stale_and_underbonded_agents_may_record_and_anchor() {
	ExtBuilder::default().build_and_execute(|| {
		use chaoscore_primitives::agent::{AgentInspect, AgentPenalties, AgentStatus};
		let agent = setup();
		run_to_block(LIVENESS + 2);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Stale);
		record(KEY_A, agent);
		assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, H256::repeat_byte(1), 1));
		assert_ok!(AgentRegistry::seize_bond(agent, 10, &BOB));
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Underbonded);
		record(ALICE, agent);
		// A longest kind is accepted.
		assert_ok!(ProofOfAgency::record_receipt(
			signed(KEY_A),
			agent,
			kind(&[b'k'; MAX_KIND as usize]),
			INPUT,
			OUTPUT,
			None,
			None
		));
	});
}
