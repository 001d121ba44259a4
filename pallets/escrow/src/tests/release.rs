//! `release` by the client or the evaluator, the fees, and `claim` after the review period.

use super::*;

#[test]
fn release_by_client_on_open_escrow() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		total_issuance_check(|| Escrow::release(signed(ALICE), id));
		assert_eq!(free(ALICE), ENDOWMENT - AMOUNT);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(BOB), BOB_FREE + AMOUNT - FEE);
		assert_eq!(free(TREASURY), ENDOWMENT + FEE);
		assert!(!Escrows::<Test>::contains_key(id));
		assert_eq!(<Escrow as EscrowDisputes<_>>::parties(id), None);
		System::assert_last_event(
			Event::Released {
				id,
				provider: agent,
				payee: BOB,
				paid: AMOUNT - FEE,
				fee: FEE,
				evaluator_fee: 0,
				returned: 0,
				by: ALICE,
				kind: ReleaseKind::Client,
			}
			.into(),
		);
		// Settled: gone for good.
		assert_noop!(Escrow::release(signed(ALICE), id), Error::<Test>::UnknownEscrow);
		assert_noop!(Escrow::refund(signed(ALICE), id), Error::<Test>::UnknownEscrow);
		assert_noop!(Escrow::claim(signed(ALICE), id), Error::<Test>::UnknownEscrow);
	});
}

#[test]
fn release_by_client_returns_the_evaluator_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		submit(id);
		total_issuance_check(|| Escrow::release(signed(ALICE), id));
		assert_eq!(free(ALICE), ENDOWMENT - AMOUNT);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(BOB), BOB_FREE + AMOUNT - FEE);
		assert_eq!(free(TREASURY), ENDOWMENT + FEE);
		assert_eq!(free(CHARLIE), ENDOWMENT);
		System::assert_last_event(
			Event::Released {
				id,
				provider: agent,
				payee: BOB,
				paid: AMOUNT - FEE,
				fee: FEE,
				evaluator_fee: 0,
				returned: EVAL_FEE,
				by: ALICE,
				kind: ReleaseKind::Client,
			}
			.into(),
		);
	});
}

#[test]
fn release_by_evaluator_pays_the_evaluator() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		submit(id);
		total_issuance_check(|| Escrow::release(signed(CHARLIE), id));
		assert_eq!(free(ALICE), ENDOWMENT - AMOUNT - EVAL_FEE);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(BOB), BOB_FREE + AMOUNT - FEE);
		assert_eq!(free(TREASURY), ENDOWMENT + FEE);
		assert_eq!(free(CHARLIE), ENDOWMENT + EVAL_FEE);
		System::assert_last_event(
			Event::Released {
				id,
				provider: agent,
				payee: BOB,
				paid: AMOUNT - FEE,
				fee: FEE,
				evaluator_fee: EVAL_FEE,
				returned: 0,
				by: CHARLIE,
				kind: ReleaseKind::Evaluator,
			}
			.into(),
		);
	});
}

#[test]
fn release_by_evaluator_creates_a_new_evaluator_account() {
	ExtBuilder::default().existential_deposit(5).build_and_execute(|| {
		let agent = provider();
		let id = open_with(agent, Some((NOBODY, 5)));
		submit(id);
		assert_ok!(Escrow::release(signed(NOBODY), id));
		assert_eq!(free(NOBODY), 5);
		assert_eq!(free(ALICE), ENDOWMENT - AMOUNT - 5);
	});
}

#[test]
fn release_pays_the_current_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		assert_ok!(AgentRegistry::rotate_owner(signed(BOB), agent, DAVE));
		assert_ok!(Escrow::release(signed(ALICE), id));
		assert_eq!(free(DAVE), ENDOWMENT + AMOUNT - FEE);
		// BOB's bond moved to DAVE with the agent.
		assert_eq!(free(BOB), BOB_FREE);
		System::assert_last_event(
			Event::Released {
				id,
				provider: agent,
				payee: DAVE,
				paid: AMOUNT - FEE,
				fee: FEE,
				evaluator_fee: 0,
				returned: 0,
				by: ALICE,
				kind: ReleaseKind::Client,
			}
			.into(),
		);
	});
}

#[test]
fn release_to_the_client_itself_after_an_owner_rotation() {
	ExtBuilder::default().build_and_execute(|| {
		// The agent moved to the client after the escrow was opened: the client pays itself.
		let (agent, id) = setup();
		assert_ok!(AgentRegistry::rotate_owner(signed(BOB), agent, ALICE));
		assert_ok!(Escrow::release(signed(ALICE), id));
		assert_eq!(free(ALICE), ENDOWMENT - FEE);
		assert_eq!(free(BOB), BOB_FREE);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(TREASURY), ENDOWMENT + FEE);
	});
}

#[test]
fn release_pays_the_recorded_owner_once_the_agent_left() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		assert_ok!(AgentRegistry::deregister(signed(BOB), agent));
		run_to(1 + UNBONDING);
		assert_ok!(AgentRegistry::withdraw_bond(signed(BOB), agent));
		assert_eq!(AgentRegistry::facts(agent), None);
		assert_ok!(Escrow::release(signed(ALICE), id));
		assert_eq!(free(BOB), ENDOWMENT + AMOUNT - FEE);
		assert_eq!(free(TREASURY), ENDOWMENT + FEE);
	});
}

#[test]
fn release_with_a_protocol_fee_rounding_to_zero() {
	ExtBuilder::default().build_and_execute(|| {
		ProtocolFee::set(Perbill::from_percent(1));
		let agent = provider();
		assert_ok!(Escrow::open(signed(ALICE), agent, 99, None, now() + AHEAD, job()));
		assert_ok!(Escrow::release(signed(ALICE), 0));
		assert_eq!(free(BOB), BOB_FREE + 99);
		assert_eq!(free(TREASURY), ENDOWMENT);
		System::assert_last_event(
			Event::Released {
				id: 0,
				provider: agent,
				payee: BOB,
				paid: 99,
				fee: 0,
				evaluator_fee: 0,
				returned: 0,
				by: ALICE,
				kind: ReleaseKind::Client,
			}
			.into(),
		);
	});
}

#[test]
fn protocol_fee_below_existential_deposit_goes_back_to_the_client_if_the_treasury_is_missing() {
	let endowed = vec![(ALICE, ENDOWMENT), (BOB, ENDOWMENT), (CHARLIE, ENDOWMENT)];
	ExtBuilder::default()
		.existential_deposit(5)
		.endowed(endowed)
		.build_and_execute(|| {
			let agent = provider();
			// 10% of 40 = 4 < ED 5, and the treasury account does not exist.
			assert_ok!(Escrow::open(signed(ALICE), agent, 40, None, now() + AHEAD, job()));
			total_issuance_check(|| Escrow::release(signed(ALICE), 0));
			assert_eq!(free(TREASURY), 0);
			assert_eq!(free(BOB), BOB_FREE + 36);
			assert_eq!(free(ALICE), ENDOWMENT - 36);
			assert_eq!(held(ALICE), 0);
			System::assert_last_event(
				Event::Released {
					id: 0,
					provider: agent,
					payee: BOB,
					paid: 36,
					fee: 0,
					evaluator_fee: 0,
					returned: 4,
					by: ALICE,
					kind: ReleaseKind::Client,
				}
				.into(),
			);
			// A fee of at least the existential deposit creates the treasury account.
			assert_ok!(Escrow::open(signed(ALICE), agent, 50, None, now() + AHEAD, job()));
			assert_ok!(Escrow::release(signed(ALICE), 1));
			assert_eq!(free(TREASURY), 5);
			assert_eq!(free(BOB), BOB_FREE + 36 + 45);
		});
}

#[test]
fn protocol_fee_below_existential_deposit_is_paid_to_an_existing_treasury() {
	ExtBuilder::default().existential_deposit(5).build_and_execute(|| {
		let agent = provider();
		assert_ok!(Escrow::open(signed(ALICE), agent, 40, None, now() + AHEAD, job()));
		assert_ok!(Escrow::release(signed(ALICE), 0));
		assert_eq!(free(TREASURY), ENDOWMENT + 4);
		assert_eq!(free(BOB), BOB_FREE + 36);
		assert_eq!(free(ALICE), ENDOWMENT - 40);
	});
}

#[test]
fn release_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		assert_noop!(Escrow::release(signed(ALICE), 9), Error::<Test>::UnknownEscrow);
		for who in [BOB, KEY_B, DAVE] {
			assert_noop!(Escrow::release(signed(who), id), Error::<Test>::NotAuthorized);
		}
		assert_noop!(Escrow::release(RuntimeOrigin::root(), id), BadOrigin);
		// The evaluator only approves a submission.
		assert_noop!(Escrow::release(signed(CHARLIE), id), Error::<Test>::WrongState);
		// Frozen: nobody releases.
		dispute(id);
		assert_noop!(Escrow::release(signed(ALICE), id), Error::<Test>::Disputed);
		let second = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		submit(second);
		dispute(second);
		assert_noop!(Escrow::release(signed(CHARLIE), second), Error::<Test>::Disputed);
	});
}

// ----- claim -----

#[test]
fn claim_after_the_review_period() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		run_to(5);
		submit(id);
		run_to(5 + REVIEW - 1);
		assert_noop!(Escrow::claim(signed(DAVE), id), Error::<Test>::ReviewPeriodNotOver);
		run_to(5 + REVIEW);
		total_issuance_check(|| Escrow::claim(signed(DAVE), id));
		assert_eq!(free(ALICE), ENDOWMENT - AMOUNT);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(BOB), BOB_FREE + AMOUNT - FEE);
		assert_eq!(free(TREASURY), ENDOWMENT + FEE);
		assert_eq!(free(CHARLIE), ENDOWMENT);
		assert_eq!(free(DAVE), ENDOWMENT);
		System::assert_last_event(
			Event::Released {
				id,
				provider: agent,
				payee: BOB,
				paid: AMOUNT - FEE,
				fee: FEE,
				evaluator_fee: 0,
				returned: EVAL_FEE,
				by: DAVE,
				kind: ReleaseKind::Claim,
			}
			.into(),
		);
	});
}

#[test]
fn claim_works_for_a_jailed_provider_and_after_the_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		submit(id);
		assert_ok!(AgentRegistry::set_jail(agent, Some(500)));
		run_to(1 + AHEAD + REVIEW);
		assert_ok!(Escrow::claim(signed(BOB), id));
		assert_eq!(free(BOB), BOB_FREE + AMOUNT - FEE);
	});
}

#[test]
fn claim_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup();
		assert_noop!(Escrow::claim(signed(DAVE), 9), Error::<Test>::UnknownEscrow);
		run_to(1 + AHEAD + REVIEW);
		// Nothing delivered.
		assert_noop!(Escrow::claim(signed(DAVE), id), Error::<Test>::WrongState);
		assert_noop!(Escrow::claim(RuntimeOrigin::none(), id), BadOrigin);

		let second = open_with(agent, None);
		submit(second);
		assert_noop!(Escrow::claim(signed(DAVE), second), Error::<Test>::ReviewPeriodNotOver);
		dispute(second);
		run_to(now() + REVIEW);
		assert_noop!(Escrow::claim(signed(DAVE), second), Error::<Test>::Disputed);
	});
}
