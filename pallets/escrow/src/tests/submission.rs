//! `submit`: who may submit, what may be submitted, and the settlement reports.

use super::*;

#[test]
fn submit_by_agent_key_or_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		run_to(5);
		assert_ok!(Escrow::submit(signed(KEY_B), id, deliverable()));
		assert_eq!(
			Escrows::<Test>::get(id).map(|e| e.state),
			Some(EscrowState::Submitted { deliverable: deliverable(), at: 5 })
		);
		System::assert_last_event(
			Event::Submitted { id, provider: agent, deliverable: deliverable(), by: KEY_B }.into(),
		);

		let second = open_with(agent, None);
		Receipts::set(vec![(42, agent, ReceiptStatus::Verified)]);
		assert_ok!(Escrow::submit(signed(BOB), second, Deliverable::Receipt(42)));
		System::assert_last_event(
			Event::Submitted {
				id: second,
				provider: agent,
				deliverable: Deliverable::Receipt(42),
				by: BOB,
			}
			.into(),
		);
		// Funds do not move on submission.
		assert_eq!(held(ALICE), 2 * AMOUNT);
	});
}

#[test]
fn submit_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		assert_noop!(Escrow::submit(signed(KEY_B), 9, deliverable()), Error::<Test>::UnknownEscrow);
		for who in [ALICE, CHARLIE, DAVE] {
			assert_noop!(
				Escrow::submit(signed(who), id, deliverable()),
				Error::<Test>::NotProvider
			);
		}
		assert_noop!(Escrow::submit(RuntimeOrigin::none(), id, deliverable()), BadOrigin);

		// The deadline block is too late.
		run_to(1 + AHEAD);
		assert_noop!(
			Escrow::submit(signed(KEY_B), id, deliverable()),
			Error::<Test>::DeadlinePassed
		);
		run_to(AHEAD);
		submit(id);
		assert_noop!(Escrow::submit(signed(KEY_B), id, deliverable()), Error::<Test>::WrongState);

		let second = open_with(agent, None);
		dispute(second);
		assert_noop!(Escrow::submit(signed(KEY_B), second, deliverable()), Error::<Test>::Disputed);
	});
}

#[test]
fn submit_checks_the_referenced_receipt() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		let other = register(CHARLIE, 103);
		Receipts::set(vec![
			(1, agent, ReceiptStatus::Pending),
			(2, agent, ReceiptStatus::Verified),
			(3, agent, ReceiptStatus::Rejected),
			(4, agent, ReceiptStatus::Expired),
			(5, other, ReceiptStatus::Verified),
		]);
		let with = |receipt| Escrow::submit(signed(KEY_B), id, Deliverable::Receipt(receipt));
		assert_noop!(with(9), Error::<Test>::UnknownReceipt);
		assert_noop!(with(5), Error::<Test>::ReceiptOfAnotherAgent);
		assert_noop!(with(3), Error::<Test>::ReceiptNotValid);
		assert_noop!(with(4), Error::<Test>::ReceiptNotValid);
		// A pending receipt may be referenced (verification may finish after delivery), and so
		// may a verified one.
		assert_ok!(with(1));
		let second = open_with(agent, None);
		assert_ok!(Escrow::submit(signed(KEY_B), second, Deliverable::Receipt(2)));
	});
}

#[test]
fn every_settlement_is_reported_to_reputation() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, released) = setup();
		let refunded = open_with(agent, None);
		submit(released);
		assert_ok!(Escrow::release(signed(ALICE), released));
		run_to(1 + AHEAD);
		assert_ok!(Escrow::refund(signed(DAVE), refunded));
		let settled = |escrow, outcome| Report::Escrow {
			agent,
			escrow,
			client: ALICE,
			value: AMOUNT,
			outcome,
		};
		assert_eq!(
			recording::reports::<AccountId, Balance>(),
			vec![
				settled(released, EscrowOutcome::Released),
				settled(refunded, EscrowOutcome::Refunded),
			]
		);
	});
}

#[test]
fn submit_refused_once_the_agent_left() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		assert_ok!(AgentRegistry::deregister(signed(BOB), agent));
		run_to(1 + UNBONDING);
		assert_ok!(AgentRegistry::withdraw_bond(signed(BOB), agent));
		assert_noop!(Escrow::submit(signed(KEY_B), id, deliverable()), Error::<Test>::NotProvider);
		assert_noop!(Escrow::submit(signed(BOB), id, deliverable()), Error::<Test>::NotProvider);
	});
}
