//! Attestations: committee membership, quorums, finalization, reporting to reputation, the
//! penalties of the losing side and the errors.

use super::*;

#[test]
fn quorum_valid_verifies_reports_and_penalizes_the_dissent() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record_drawn(KEY_A, agent);
		assert_eq!(committee_of(id), vec![BOB, CHARLIE, DAVE]);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, true));
		assert_eq!(Attestations::<Test>::get(id, BOB), Some(true));
		assert_eq!(Receipts::<Test>::get(id).unwrap().valid, 1);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::Attested { id, verifier: BOB, valid: true })
		);
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, false));
		assert!(reports().is_empty());
		// Two of three: the quorum.
		assert_ok!(ProofOfAgency::attest(signed(DAVE), id, true));
		// Finalized and pruned.
		assert!(!Receipts::<Test>::contains_key(id));
		assert_eq!(Attestations::<Test>::iter_prefix(id).count(), 0);
		assert!(!Deadlines::<Test>::contains_key(1 + PERIOD));
		assert_eq!(
			Outcomes::<Test>::get(id).map(|o| (o.agent, o.status)),
			Some((agent, ReceiptStatus::Verified))
		);
		assert_eq!(ProofOfAgency::receipt(id), Some((agent, ReceiptStatus::Verified)));
		assert_eq!(reports(), vec![(agent, id, true)]);
		assert!(has_event(Event::ReceiptFinalized {
			id,
			agent,
			status: ReceiptStatus::Verified,
			valid: 2,
			invalid: 1,
		}));
		// CHARLIE attested against the outcome: penalized and out of the draw.
		assert!(has_event(Event::VerifierPenalized {
			who: CHARLIE,
			receipt: id,
			amount: PENALTY,
			remaining_bond: VERIFIER_BOND - PENALTY,
		}));
		assert_eq!(verifier_held(CHARLIE), VERIFIER_BOND - PENALTY);
		assert_eq!(Balances::free_balance(TREASURY), PENALTY);
		let charlie = Verifiers::<Test>::get(CHARLIE).unwrap();
		assert_eq!((charlie.slot, charlie.leaving), (None, Some(2 + VERIFIER_UNBONDING)));
		assert_eq!(VerifierCount::<Test>::get(), 2);
		assert_eq!(verifier_held(BOB), VERIFIER_BOND);
		assert_eq!(verifier_held(DAVE), VERIFIER_BOND);
		// Nothing happens at the old deadline.
		run_to_block(1 + PERIOD);
		assert_eq!(
			Outcomes::<Test>::get(id).map(|o| (o.agent, o.status)),
			Some((agent, ReceiptStatus::Verified))
		);
		assert_eq!(reports().len(), 1);
	});
}

#[test]
fn quorum_invalid_rejects_and_reports() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let keep = record(KEY_A, agent);
		let id = record_drawn(KEY_A, agent);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, false));
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, false));
		assert_eq!(
			Outcomes::<Test>::get(id).map(|o| (o.agent, o.status)),
			Some((agent, ReceiptStatus::Rejected))
		);
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
		// Nobody dissented: nobody is penalized.
		assert_eq!(VerifierCount::<Test>::get(), 3);
		assert_eq!(Balances::free_balance(TREASURY), 0);
		// The other receipt stays queued.
		assert_eq!(Deadlines::<Test>::get(1 + PERIOD).to_vec(), vec![keep]);
	});
}

#[test]
fn attest_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		// The committee is drawn at the start of the next block.
		assert_noop!(
			ProofOfAgency::attest(signed(BOB), id, true),
			Error::<Test>::CommitteeNotDrawn
		);
		next_block();
		assert_noop!(ProofOfAgency::attest(RuntimeOrigin::none(), id, true), BadOrigin);
		// Not a verifier (FERDIE = 7 never registered).
		assert_noop!(ProofOfAgency::attest(signed(7), id, true), Error::<Test>::NotVerifier);
		assert_noop!(ProofOfAgency::attest(signed(BOB), 99, true), Error::<Test>::UnknownReceipt);
		// A verifier registered after the draw is not on the committee.
		assert_ok!(ProofOfAgency::register_verifier(signed(EVE)));
		assert_noop!(ProofOfAgency::attest(signed(EVE), id, true), Error::<Test>::NotInCommittee);
		// The owner and the key are never drawn for their agent, verifiers or not.
		assert_ok!(ProofOfAgency::register_verifier(signed(ALICE)));
		assert_noop!(ProofOfAgency::attest(signed(ALICE), id, true), Error::<Test>::NotInCommittee);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), KEY_A, ENDOWMENT));
		assert_ok!(ProofOfAgency::register_verifier(signed(KEY_A)));
		assert_noop!(ProofOfAgency::attest(signed(KEY_A), id, true), Error::<Test>::NotInCommittee);
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
fn attest_fails_for_a_removed_agent() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record_drawn(KEY_A, agent);
		// A receipt of an agent no longer registered cannot be attested (it expires).
		let mut r = Receipts::<Test>::get(id).unwrap();
		r.agent = 9;
		Receipts::<Test>::insert(id, r.clone());
		assert_noop!(ProofOfAgency::attest(signed(BOB), id, true), Error::<Test>::UnknownAgent);
		r.agent = agent;
		Receipts::<Test>::insert(id, r);
	});
}

#[test]
fn an_unbonding_member_still_attests_and_answers_with_its_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record_drawn(KEY_A, agent);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, true));
		// BOB leaves the draw; its attestation counts and it may still attest elsewhere.
		assert_ok!(ProofOfAgency::deregister_verifier(signed(BOB)));
		assert_eq!(Receipts::<Test>::get(id).unwrap().valid, 1);
		let other = record_drawn(KEY_A, agent);
		assert_eq!(committee_of(other), vec![CHARLIE, DAVE]);
		// CHARLIE and DAVE reject the first receipt: BOB, unbonding, loses the penalty.
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, false));
		assert_ok!(ProofOfAgency::attest(signed(DAVE), id, false));
		assert_eq!(reports(), vec![(agent, id, false)]);
		assert_eq!(verifier_held(BOB), VERIFIER_BOND - PENALTY);
		assert_eq!(Verifiers::<Test>::get(BOB).unwrap().leaving, Some(2 + VERIFIER_UNBONDING));
	});
}

#[test]
fn pointing_the_agent_key_at_a_member_does_not_silence_it() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record_drawn(KEY_A, agent);
		// The owner makes committee member BOB the agent's key (no consent needed), hoping BOB's
		// vote is then refused as the agent attesting itself.
		assert_ok!(AgentRegistry::rotate_agent_key(
			signed(ALICE),
			agent,
			BOB,
			key_consent::<Test>(ALICE, Some(agent), BOB)
		));
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, false));
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, false));
		assert_eq!(reports(), vec![(agent, id, false)]);
	});
}
