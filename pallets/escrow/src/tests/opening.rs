//! `open`: the deposit held, the ids, and every refusal.

use super::*;

#[test]
fn open_holds_amount_and_evaluator_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		let deadline = now() + AHEAD;
		assert_ok!(Escrow::open(
			signed(ALICE),
			agent,
			AMOUNT,
			Some((CHARLIE, EVAL_FEE)),
			deadline,
			job()
		));
		assert_eq!(held(ALICE), AMOUNT + EVAL_FEE);
		assert_eq!(free(ALICE), ENDOWMENT - AMOUNT - EVAL_FEE);
		assert_eq!(NextEscrowId::<Test>::get(), 1);
		assert_eq!(
			Escrows::<Test>::get(0),
			Some(EscrowRecord {
				client: ALICE,
				provider: agent,
				provider_owner: BOB,
				amount: AMOUNT,
				evaluator: Some((CHARLIE, EVAL_FEE)),
				deadline,
				job_spec: job(),
				state: EscrowState::Open,
				dispute: DisputeStatus::None,
				opened_at: 1,
			})
		);
		System::assert_last_event(
			Event::Opened {
				id: 0,
				client: ALICE,
				provider: agent,
				amount: AMOUNT,
				evaluator: Some((CHARLIE, EVAL_FEE)),
				deadline,
				job_spec: job(),
			}
			.into(),
		);
		assert_eq!(Escrow::escrow(0).map(|e| e.amount), Some(AMOUNT));
		assert_eq!(<Escrow as EscrowDisputes<_>>::parties(0), Some((ALICE, agent)));
	});
}

#[test]
fn open_without_evaluator_and_ids_are_sequential() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		assert_eq!(open_with(agent, None), 0);
		assert_eq!(open_with(agent, Some((CHARLIE, 0))), 1);
		assert_ok!(Escrow::open(signed(DAVE), agent, MIN_ESCROW, None, now() + 1, job()));
		assert_eq!(NextEscrowId::<Test>::get(), 3);
		assert_eq!(held(ALICE), 2 * AMOUNT);
		assert_eq!(held(DAVE), MIN_ESCROW);
		// The furthest deadline is allowed.
		assert_ok!(Escrow::open(
			signed(DAVE),
			agent,
			MIN_ESCROW,
			None,
			now() + MAX_DEADLINE,
			job()
		));
	});
}

#[test]
fn open_requires_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		assert_noop!(
			Escrow::open(RuntimeOrigin::none(), agent, AMOUNT, None, now() + AHEAD, job()),
			BadOrigin
		);
		assert_noop!(
			Escrow::open(RuntimeOrigin::root(), agent, AMOUNT, None, now() + AHEAD, job()),
			BadOrigin
		);
	});
}

#[test]
fn open_refuses_unknown_provider() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Escrow::open(signed(ALICE), 9, AMOUNT, None, now() + AHEAD, job()),
			Error::<Test>::UnknownProvider
		);
	});
}

#[test]
fn open_refuses_ineligible_provider() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		// Jailed.
		assert_ok!(AgentRegistry::set_jail(agent, Some(50)));
		assert_noop!(
			Escrow::open(signed(ALICE), agent, AMOUNT, None, now() + AHEAD, job()),
			Error::<Test>::ProviderNotEligible
		);
		assert_ok!(AgentRegistry::set_jail(agent, None));
		assert_ok!(Escrow::open(signed(ALICE), agent, AMOUNT, None, now() + AHEAD, job()));
		// Stale.
		run_to(1 + LIVENESS + 1);
		assert_noop!(
			Escrow::open(signed(ALICE), agent, AMOUNT, None, now() + AHEAD, job()),
			Error::<Test>::ProviderNotEligible
		);
		assert_ok!(AgentRegistry::heartbeat(signed(KEY_B), agent));
		// Underbonded.
		assert_ok!(AgentRegistry::seize_bond(agent, 1, &TREASURY));
		assert_noop!(
			Escrow::open(signed(ALICE), agent, AMOUNT, None, now() + AHEAD, job()),
			Error::<Test>::ProviderNotEligible
		);
		assert_ok!(AgentRegistry::top_up_bond(signed(BOB), agent));
		// Unbonding.
		assert_ok!(AgentRegistry::deregister(signed(BOB), agent));
		assert_noop!(
			Escrow::open(signed(ALICE), agent, AMOUNT, None, now() + AHEAD, job()),
			Error::<Test>::ProviderNotEligible
		);
	});
}

#[test]
fn open_refuses_self_dealing() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		assert_ok!(Balances::transfer_allow_death(signed(DAVE), KEY_B, 500));
		for client in [BOB, KEY_B] {
			assert_noop!(
				Escrow::open(signed(client), agent, AMOUNT, None, now() + AHEAD, job()),
				Error::<Test>::SelfDealing
			);
		}
	});
}

#[test]
fn open_refuses_amount_below_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		assert_noop!(
			Escrow::open(signed(ALICE), agent, MIN_ESCROW - 1, None, now() + AHEAD, job()),
			Error::<Test>::AmountTooLow
		);
		assert_noop!(
			Escrow::open(signed(ALICE), agent, 0, None, now() + AHEAD, job()),
			Error::<Test>::AmountTooLow
		);
	});
}

#[test]
fn open_refuses_invalid_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		run_to(10);
		for deadline in [0, 9, 10, 10 + MAX_DEADLINE + 1, u64::MAX] {
			assert_noop!(
				Escrow::open(signed(ALICE), agent, AMOUNT, None, deadline, job()),
				Error::<Test>::InvalidDeadline
			);
		}
	});
}

#[test]
fn open_refuses_invalid_evaluator() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		for evaluator in [ALICE, BOB, KEY_B] {
			assert_noop!(
				Escrow::open(
					signed(ALICE),
					agent,
					AMOUNT,
					Some((evaluator, EVAL_FEE)),
					now() + AHEAD,
					job()
				),
				Error::<Test>::InvalidEvaluator
			);
		}
	});
}

#[test]
fn open_refuses_evaluator_fee_below_existential_deposit() {
	ExtBuilder::default().existential_deposit(5).build_and_execute(|| {
		let agent = provider();
		for fee in [1, 4] {
			assert_noop!(
				Escrow::open(
					signed(ALICE),
					agent,
					AMOUNT,
					Some((CHARLIE, fee)),
					now() + AHEAD,
					job()
				),
				Error::<Test>::EvaluatorFeeBelowMinimum
			);
		}
		// Zero and exactly the existential deposit are fine.
		assert_ok!(Escrow::open(
			signed(ALICE),
			agent,
			AMOUNT,
			Some((CHARLIE, 0)),
			now() + AHEAD,
			job()
		));
		assert_ok!(Escrow::open(
			signed(ALICE),
			agent,
			AMOUNT,
			Some((CHARLIE, 5)),
			now() + AHEAD,
			job()
		));
		assert_eq!(held(ALICE), 2 * AMOUNT + 5);
	});
}

#[test]
fn open_refuses_insufficient_balance_and_keeps_the_client_alive() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		// The client must keep the existential deposit (1) free.
		assert_noop!(
			Escrow::open(signed(ALICE), agent, ENDOWMENT, None, now() + AHEAD, job()),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Escrow::open(
				signed(ALICE),
				agent,
				ENDOWMENT - 10,
				Some((CHARLIE, 10)),
				now() + AHEAD,
				job()
			),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Escrow::open(signed(NOBODY), agent, AMOUNT, None, now() + AHEAD, job()),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Escrow::open(signed(ALICE), agent, ENDOWMENT - 1, None, now() + AHEAD, job()));
		assert_eq!(free(ALICE), 1);
		assert_eq!(held(ALICE), ENDOWMENT - 1);
	});
}

#[test]
fn open_refuses_overflowing_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		assert_noop!(
			Escrow::open(signed(ALICE), agent, u64::MAX, Some((CHARLIE, 1)), now() + AHEAD, job()),
			DispatchError::Arithmetic(ArithmeticError::Overflow)
		);
	});
}

#[test]
fn open_refuses_when_ids_are_exhausted() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		NextEscrowId::<Test>::put(u64::MAX);
		assert_noop!(
			Escrow::open(signed(ALICE), agent, AMOUNT, None, now() + AHEAD, job()),
			Error::<Test>::NoMoreEscrowIds
		);
	});
}
