//! Attestations: quorums, finalization, reporting to reputation and the errors.

use super::*;

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
