//! The integrity test and the detection of corrupted state by `try_state`.

use super::*;

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
		// Undrawn but not waiting for its draw.
		let undrawn = Undrawn::<Test>::take();
		assert!(ProofOfAgency::do_try_state().is_err());
		Undrawn::<Test>::put(undrawn);
		next_block();
		assert_ok!(ProofOfAgency::do_try_state());
		// Counter out of sync with the attestation map.
		Attestations::<Test>::insert(id, BOB, true);
		assert!(ProofOfAgency::do_try_state().is_err());
		Attestations::<Test>::remove(id, BOB);
		// An attestation by a non-member.
		let mut r = Receipts::<Test>::get(id).unwrap();
		r.valid = 1;
		Receipts::<Test>::insert(id, r.clone());
		Attestations::<Test>::insert(id, EVE, true);
		assert!(ProofOfAgency::do_try_state().is_err());
		Attestations::<Test>::remove(id, EVE);
		r.valid = 0;
		Receipts::<Test>::insert(id, r);
		// The agent's count of pending receipts is off.
		PendingPerAgent::<Test>::insert(agent, 5);
		assert!(ProofOfAgency::do_try_state().is_err());
		PendingPerAgent::<Test>::insert(agent, 1);
		// Pending and finalized at once.
		Outcomes::<Test>::insert(
			id,
			ReceiptOutcome { agent, status: ReceiptStatus::Verified, recorded_at: 1 },
		);
		assert!(ProofOfAgency::do_try_state().is_err());
		Outcomes::<Test>::remove(id);
		// Not in its deadline queue.
		let q = Deadlines::<Test>::take(1 + PERIOD);
		assert!(ProofOfAgency::do_try_state().is_err());
		Deadlines::<Test>::insert(1 + PERIOD, q);
		// Bond not held.
		let leaving = Verifier { bond: VERIFIER_BOND, slot: None, leaving: Some(5) };
		Verifiers::<Test>::insert(7, leaving);
		assert!(ProofOfAgency::do_try_state().is_err());
		Verifiers::<Test>::remove(7);
		// A verifier both drawn and leaving, or out of its slot.
		let bob = Verifiers::<Test>::get(BOB).unwrap();
		Verifiers::<Test>::insert(BOB, Verifier { leaving: Some(5), ..bob.clone() });
		assert!(ProofOfAgency::do_try_state().is_err());
		Verifiers::<Test>::insert(BOB, Verifier { slot: Some(2), ..bob.clone() });
		assert!(ProofOfAgency::do_try_state().is_err());
		Verifiers::<Test>::insert(BOB, bob);
		// The count disagrees with the draw.
		VerifierCount::<Test>::put(4);
		assert!(ProofOfAgency::do_try_state().is_err());
		VerifierCount::<Test>::put(3);
		assert_ok!(ProofOfAgency::do_try_state());
	});
}
