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
