//! Registering and deregistering verifiers, and their bonds.

use super::*;

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
