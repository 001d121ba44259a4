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
		assert_ok!(Escrow::accept(signed(KEY_B), second));
		dispute(second);
		assert_noop!(Escrow::submit(signed(KEY_B), second, deliverable()), Error::<Test>::Disputed);
	});
}

#[test]
fn accept_by_agent_key_or_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		run_to(5);
		assert_ok!(Escrow::accept(signed(KEY_B), id));
		assert_eq!(
			Escrows::<Test>::get(id).map(|e| e.state),
			Some(EscrowState::Accepted { at: 5 })
		);
		System::assert_last_event(Event::Accepted { id, provider: agent, by: KEY_B }.into());
		// Then delivered as usual; funds do not move.
		submit(id);
		assert_eq!(held(ALICE), AMOUNT);

		let second = open_with(agent, None);
		assert_ok!(Escrow::accept(signed(BOB), second));
		System::assert_last_event(Event::Accepted { id: second, provider: agent, by: BOB }.into());
	});
}

#[test]
fn accept_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let (_, id) = setup_with_evaluator();
		assert_noop!(Escrow::accept(signed(KEY_B), 9), Error::<Test>::UnknownEscrow);
		for who in [ALICE, CHARLIE, DAVE] {
			assert_noop!(Escrow::accept(signed(who), id), Error::<Test>::NotProvider);
		}
		assert_noop!(Escrow::accept(RuntimeOrigin::none(), id), BadOrigin);
		run_to(1 + AHEAD);
		assert_noop!(Escrow::accept(signed(KEY_B), id), Error::<Test>::DeadlinePassed);
		run_to(AHEAD);
		assert_ok!(Escrow::accept(signed(KEY_B), id));
		assert_noop!(Escrow::accept(signed(KEY_B), id), Error::<Test>::WrongState);
		submit(id);
		assert_noop!(Escrow::accept(signed(KEY_B), id), Error::<Test>::WrongState);
	});
}

#[test]
fn a_provider_that_may_not_work_neither_accepts_nor_submits() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		let accepted = open_with(agent, None);
		assert_ok!(Escrow::accept(signed(KEY_B), accepted));
		// Jailed.
		assert_ok!(AgentRegistry::set_jail(agent, Some(now() + 10)));
		assert_noop!(Escrow::accept(signed(KEY_B), id), Error::<Test>::ProviderNotEligible);
		assert_noop!(
			Escrow::submit(signed(KEY_B), accepted, deliverable()),
			Error::<Test>::ProviderNotEligible
		);
		assert_ok!(AgentRegistry::set_jail(agent, None));
		// Unbonding.
		assert_ok!(AgentRegistry::deregister(signed(BOB), agent));
		assert_noop!(Escrow::accept(signed(BOB), id), Error::<Test>::ProviderNotEligible);
		assert_noop!(
			Escrow::submit(signed(BOB), accepted, deliverable()),
			Error::<Test>::ProviderNotEligible
		);
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
fn settlements_the_provider_committed_to_are_reported_to_reputation() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, released) = setup();
		let refunded = open_with(agent, None);
		submit(released);
		assert_ok!(Escrow::release(signed(ALICE), released));
		assert_ok!(Escrow::accept(signed(KEY_B), refunded));
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
fn settlements_the_provider_never_committed_to_are_not_reported() {
	ExtBuilder::default().build_and_execute(|| {
		// Withdrawn, expired unaccepted, and paid without a deliverable (accepted or not).
		let (agent, withdrawn) = setup_with_evaluator();
		assert_ok!(Escrow::refund(signed(ALICE), withdrawn));
		let expired = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		let gift = open_with(agent, None);
		let accepted_gift = open_with(agent, None);
		assert_ok!(Escrow::release(signed(ALICE), gift));
		assert_ok!(Escrow::accept(signed(KEY_B), accepted_gift));
		assert_ok!(Escrow::release(signed(ALICE), accepted_gift));
		run_to(now() + AHEAD);
		assert_ok!(Escrow::refund(signed(CHARLIE), expired));
		assert_eq!(recording::reports::<AccountId, Balance>(), vec![]);
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
