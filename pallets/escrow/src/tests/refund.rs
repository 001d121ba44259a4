//! `refund`: the expiry refund by anyone, the client's withdrawal of an unaccepted offer and the
//! evaluator's rejection of a deliverable.

use super::*;

#[test]
fn refund_after_the_deadline_by_anyone() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		run_to(AHEAD);
		assert_noop!(Escrow::refund(signed(DAVE), id), Error::<Test>::DeadlineNotReached);
		run_to(1 + AHEAD);
		total_issuance_check(|| Escrow::refund(signed(DAVE), id));
		assert_fully_refunded(agent, id, RefundReason::Expired);
	});
}

#[test]
fn expiry_refund_cannot_be_blocked_by_the_provider() {
	ExtBuilder::default().build_and_execute(|| {
		// The agent is jailed, then leaves the registry: the client still gets its money back.
		let (agent, id) = setup();
		assert_ok!(AgentRegistry::set_jail(agent, Some(5)));
		run_to(1 + AHEAD);
		assert_ok!(Escrow::refund(signed(ALICE), id));
		assert_eq!(free(ALICE), ENDOWMENT);

		let agent = register(DAVE, 104);
		let second = open_with(agent, None);
		assert_ok!(AgentRegistry::deregister(signed(DAVE), agent));
		run_to(now() + AHEAD);
		assert_ok!(AgentRegistry::withdraw_bond(signed(DAVE), agent));
		assert_ok!(Escrow::refund(signed(BOB), second));
		assert_eq!(free(ALICE), ENDOWMENT);
	});
}

#[test]
fn the_client_withdraws_an_offer_the_provider_has_not_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		total_issuance_check(|| Escrow::refund(signed(ALICE), id));
		assert_fully_refunded(agent, id, RefundReason::Withdrawn);
		// Once accepted, the client can no longer withdraw before the deadline.
		let second = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		assert_ok!(Escrow::accept(signed(KEY_B), second));
		assert_noop!(Escrow::refund(signed(ALICE), second), Error::<Test>::DeadlineNotReached);
	});
}

#[test]
fn the_evaluator_rejects_only_a_deliverable() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		assert_noop!(Escrow::refund(signed(CHARLIE), id), Error::<Test>::DeadlineNotReached);
		assert_ok!(Escrow::accept(signed(KEY_B), id));
		assert_noop!(Escrow::refund(signed(CHARLIE), id), Error::<Test>::DeadlineNotReached);
		submit(id);
		total_issuance_check(|| Escrow::refund(signed(CHARLIE), id));
		assert_eq!(free(ALICE), ENDOWMENT - EVAL_FEE);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(CHARLIE), ENDOWMENT + EVAL_FEE);
		assert_eq!(free(BOB), BOB_FREE);
		assert_eq!(free(TREASURY), ENDOWMENT);
		System::assert_last_event(
			Event::Refunded {
				id,
				provider: agent,
				client: ALICE,
				refunded: AMOUNT,
				evaluator_fee: EVAL_FEE,
				reason: RefundReason::Rejected,
			}
			.into(),
		);
	});
}

#[test]
fn refund_by_evaluator_rejects_a_submission_even_after_the_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		submit(id);
		run_to(1 + AHEAD + REVIEW);
		assert_ok!(Escrow::refund(signed(CHARLIE), id));
		assert_eq!(free(ALICE), ENDOWMENT - EVAL_FEE);
		assert_eq!(free(CHARLIE), ENDOWMENT + EVAL_FEE);

		// On an expired escrow with nothing delivered the evaluator's refund is an expiry, like
		// anyone's: it earns no fee.
		let second = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		run_to(now() + AHEAD);
		assert_ok!(Escrow::refund(signed(CHARLIE), second));
		System::assert_last_event(
			Event::Refunded {
				id: second,
				provider: agent,
				client: ALICE,
				refunded: AMOUNT + EVAL_FEE,
				evaluator_fee: 0,
				reason: RefundReason::Expired,
			}
			.into(),
		);
		assert_eq!(free(CHARLIE), ENDOWMENT + EVAL_FEE);
	});
}

#[test]
fn refund_by_evaluator_with_zero_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		let id = open_with(agent, Some((NOBODY, 0)));
		submit(id);
		assert_ok!(Escrow::refund(signed(NOBODY), id));
		assert_eq!(free(ALICE), ENDOWMENT);
		assert_eq!(free(NOBODY), 0);
	});
}

#[test]
fn refund_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		assert_noop!(Escrow::refund(signed(ALICE), 9), Error::<Test>::UnknownEscrow);
		assert_noop!(Escrow::refund(RuntimeOrigin::none(), id), BadOrigin);
		for who in [BOB, CHARLIE, DAVE] {
			assert_noop!(Escrow::refund(signed(who), id), Error::<Test>::DeadlineNotReached);
		}
		// Delivered: only the evaluator can still refund.
		submit(id);
		run_to(1 + AHEAD);
		for who in [ALICE, BOB, DAVE] {
			assert_noop!(Escrow::refund(signed(who), id), Error::<Test>::WrongState);
		}
		// Frozen: not even after the deadline, not even the evaluator.
		let second = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		assert_ok!(Escrow::accept(signed(KEY_B), second));
		dispute(second);
		run_to(now() + AHEAD);
		assert_noop!(Escrow::refund(signed(DAVE), second), Error::<Test>::Disputed);
		assert_noop!(Escrow::refund(signed(CHARLIE), second), Error::<Test>::Disputed);
	});
}
