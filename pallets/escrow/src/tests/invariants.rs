//! `try_state`, `integrity_test`, the deadline bound and the conservation of issuance.

use super::*;

#[test]
fn try_state_detects_broken_invariants() {
	ExtBuilder::default().build().execute_with(|| {
		let (_, id) = setup();
		assert_ok!(Escrow::do_try_state());
		// Hold and record disagree.
		Escrows::<Test>::mutate(id, |e| e.as_mut().unwrap().amount = AMOUNT + 1);
		assert!(Escrow::do_try_state().is_err());
		Escrows::<Test>::mutate(id, |e| e.as_mut().unwrap().amount = AMOUNT);
		assert_ok!(Escrow::do_try_state());
		// An id at or above NextEscrowId.
		NextEscrowId::<Test>::put(id);
		assert!(Escrow::do_try_state().is_err());
		NextEscrowId::<Test>::put(id + 1);
		// A submission at the deadline.
		Escrows::<Test>::mutate(id, |e| {
			let e = e.as_mut().unwrap();
			e.state = EscrowState::Submitted { deliverable: deliverable(), at: e.deadline };
		});
		assert!(Escrow::do_try_state().is_err());
	});
}

#[test]
fn integrity_test_holds_for_the_mock() {
	ExtBuilder::default().build().execute_with(|| {
		<Escrow as Hooks<u64>>::integrity_test();
	});
}

#[test]
#[should_panic(expected = "at least the existential deposit")]
fn integrity_test_refuses_min_escrow_payment_below_existential_deposit() {
	// 10 - 10% = 9 < ED 10.
	ExtBuilder::default().existential_deposit(10).build().execute_with(|| {
		<Escrow as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn the_deadline_bound_is_relative_to_the_current_block() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		run_to(500);
		assert_ok!(AgentRegistry::heartbeat(signed(KEY_B), agent));
		assert_ok!(Escrow::open(signed(ALICE), agent, AMOUNT, None, 500 + MAX_DEADLINE, job()));
		assert_eq!(Escrows::<Test>::get(0).map(|e| (e.opened_at, e.deadline)), Some((500, 600)));
	});
}

#[test]
fn full_issuance_is_conserved_across_every_path() {
	ExtBuilder::default().build_and_execute(|| {
		let issuance = Balances::total_issuance();
		let agent = provider();
		let a = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		let b = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		let c = open_with(agent, None);
		let d = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		submit(a);
		submit(b);
		dispute(d);
		assert_ok!(Escrow::release(signed(CHARLIE), a));
		assert_ok!(Escrow::refund(signed(CHARLIE), b));
		assert_ok!(<Escrow as EscrowDisputes<_>>::settle_dispute(d, DisputeOutcome::RefundClient));
		run_to(1 + AHEAD);
		assert_ok!(Escrow::refund(signed(DAVE), c));
		assert_eq!(Balances::total_issuance(), issuance);
		let all: Balance =
			[ALICE, BOB, CHARLIE, DAVE, TREASURY].iter().map(Balances::total_balance).sum();
		assert_eq!(all, issuance);
		assert_eq!(held(ALICE), 0);
		// ALICE paid the one release (amount + evaluator fee) and the one rejection's fee.
		assert_eq!(free(ALICE), ENDOWMENT - AMOUNT - 2 * EVAL_FEE);
	});
}
