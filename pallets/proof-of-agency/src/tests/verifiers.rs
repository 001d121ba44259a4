//! Verifiers: registration into the draw, deregistration, the unbonding period and the
//! withdrawal of their bonds.

use super::*;

fn in_draw() -> Vec<AccountId> {
	let mut v: Vec<AccountId> = VerifierSlots::<Test>::iter_values().collect();
	v.sort();
	v
}

#[test]
fn register_deregister_and_withdraw() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(ProofOfAgency::register_verifier(signed(BOB)));
		assert_eq!(
			Verifiers::<Test>::get(BOB),
			Some(Verifier { bond: VERIFIER_BOND, slot: Some(0), leaving: None })
		);
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
		assert_noop!(
			ProofOfAgency::withdraw_verifier_bond(signed(BOB)),
			Error::<Test>::VerifierNotUnbonding
		);

		// Deregistering leaves the draw; the bond stays held for the unbonding period.
		assert_ok!(ProofOfAgency::deregister_verifier(signed(BOB)));
		let until = 1 + VERIFIER_UNBONDING;
		assert_eq!(
			Verifiers::<Test>::get(BOB),
			Some(Verifier { bond: VERIFIER_BOND, slot: None, leaving: Some(until) })
		);
		assert_eq!(VerifierCount::<Test>::get(), 0);
		assert_eq!(verifier_held(BOB), VERIFIER_BOND);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::VerifierLeft {
				who: BOB,
				bond: VERIFIER_BOND,
				unbonding_until: until
			})
		);
		assert_noop!(
			ProofOfAgency::deregister_verifier(signed(BOB)),
			Error::<Test>::VerifierUnbonding
		);
		assert_noop!(ProofOfAgency::register_verifier(signed(BOB)), Error::<Test>::AlreadyVerifier);
		run_to_block(until - 1);
		assert_noop!(
			ProofOfAgency::withdraw_verifier_bond(signed(BOB)),
			Error::<Test>::VerifierUnbondingNotOver
		);
		next_block();
		assert_ok!(ProofOfAgency::withdraw_verifier_bond(signed(BOB)));
		assert_eq!(Verifiers::<Test>::get(BOB), None);
		assert_eq!(verifier_held(BOB), 0);
		assert_eq!(Balances::free_balance(BOB), ENDOWMENT);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::VerifierBondWithdrawn {
				who: BOB,
				amount: VERIFIER_BOND
			})
		);
		assert_noop!(ProofOfAgency::deregister_verifier(signed(BOB)), Error::<Test>::NotVerifier);
		assert_noop!(
			ProofOfAgency::withdraw_verifier_bond(signed(BOB)),
			Error::<Test>::NotVerifier
		);
		assert_noop!(ProofOfAgency::deregister_verifier(RuntimeOrigin::none()), BadOrigin);
		// It may register again.
		assert_ok!(ProofOfAgency::register_verifier(signed(BOB)));
	});
}

#[test]
fn leaving_the_draw_moves_the_last_slot() {
	ExtBuilder::default().build_and_execute(|| {
		for v in [BOB, CHARLIE, DAVE, EVE] {
			assert_ok!(ProofOfAgency::register_verifier(signed(v)));
		}
		assert_ok!(ProofOfAgency::deregister_verifier(signed(CHARLIE)));
		assert_eq!(VerifierSlots::<Test>::get(1), Some(EVE));
		assert_eq!(Verifiers::<Test>::get(EVE).unwrap().slot, Some(1));
		assert_eq!(in_draw(), vec![BOB, DAVE, EVE]);
		// The last one leaves: nothing moves.
		assert_ok!(ProofOfAgency::deregister_verifier(signed(DAVE)));
		assert_eq!(in_draw(), vec![BOB, EVE]);
		assert_eq!(VerifierCount::<Test>::get(), 2);
	});
}

#[test]
fn the_draw_is_capped() {
	ExtBuilder::default().build_and_execute(|| {
		VerifierCount::<Test>::put(MAX_VERIFIERS);
		assert_noop!(
			ProofOfAgency::register_verifier(signed(BOB)),
			Error::<Test>::TooManyVerifiers
		);
		VerifierCount::<Test>::put(0);
	});
}
