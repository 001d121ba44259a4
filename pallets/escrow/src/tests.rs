//! Unit tests of the escrow pallet against the real agent registry and a challenge double. Every
//! `build_and_execute` test ends with the registry's and the escrow pallet's `try_state`; every
//! refusal is checked with `assert_noop!` (no state change at all).

use crate::{
	mock::*, Error, EscrowDisputes, EscrowRecord, EscrowState, Escrows, Event, HoldReason,
	NextEscrowId, RefundReason, ReleaseKind,
};
use chaoscore_primitives::{
	agency::{recording, EscrowOutcome, ReceiptStatus, Report},
	agent::{AgentInspect, AgentPenalties},
	settlement::{ChallengeReason, ChallengeTarget, Deliverable, DisputeOutcome},
};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{
			fungible::{Inspect, InspectHold},
			Hooks,
		},
	},
	sp_core::H256,
	sp_runtime::{traits::BadOrigin, ArithmeticError, DispatchError, DispatchResult, Perbill},
};

/// Payment of the standard escrow.
const AMOUNT: Balance = 100;
/// 10% protocol fee of `AMOUNT`.
const FEE: Balance = 10;
/// Evaluator fee of the standard escrow.
const EVAL_FEE: Balance = 5;
/// Blocks from opening to the standard escrow's deadline.
const AHEAD: u64 = 50;
/// BOB's free balance after registering the provider agent.
const BOB_FREE: Balance = ENDOWMENT - MIN_BOND;

fn held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Escrow(HoldReason::Escrow),
		&who,
	)
}

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn job() -> H256 {
	H256::repeat_byte(7)
}

fn deliverable() -> Deliverable {
	Deliverable::Hash(H256::repeat_byte(9))
}

fn evidence() -> H256 {
	H256::repeat_byte(3)
}

fn now() -> u64 {
	System::block_number()
}

/// BOB's agent, signing with `KEY_B`.
fn provider() -> u64 {
	register(BOB, KEY_B)
}

/// ALICE opens the standard escrow with `provider` (deadline `now + AHEAD`).
fn open_with(provider: u64, evaluator: Option<(AccountId, Balance)>) -> u64 {
	let id = NextEscrowId::<Test>::get();
	assert_ok!(Escrow::open(signed(ALICE), provider, AMOUNT, evaluator, now() + AHEAD, job()));
	id
}

/// A provider and ALICE's standard escrow with CHARLIE as evaluator; returns (agent, escrow).
fn setup_with_evaluator() -> (u64, u64) {
	let agent = provider();
	let id = open_with(agent, Some((CHARLIE, EVAL_FEE)));
	(agent, id)
}

/// A provider and ALICE's standard escrow without evaluator; returns (agent, escrow).
fn setup() -> (u64, u64) {
	let agent = provider();
	let id = open_with(agent, None);
	(agent, id)
}

fn submit(id: u64) {
	assert_ok!(Escrow::submit(signed(KEY_B), id, deliverable()));
}

fn dispute(id: u64) {
	assert_ok!(Escrow::dispute(signed(ALICE), id, evidence(), ChallengeReason::BadDeliverable));
}

/// ALICE got her whole deposit (amount and evaluator fee) of escrow `id` of provider `agent` back
/// for `reason`; nobody else was paid and the escrow is gone.
fn assert_fully_refunded(agent: u64, id: u64, reason: RefundReason) {
	assert_eq!(free(ALICE), ENDOWMENT);
	assert_eq!(held(ALICE), 0);
	assert_eq!(free(CHARLIE), ENDOWMENT);
	assert_eq!(free(BOB), BOB_FREE);
	assert_eq!(free(TREASURY), ENDOWMENT);
	assert!(!Escrows::<Test>::contains_key(id));
	System::assert_last_event(
		Event::Refunded {
			id,
			provider: agent,
			client: ALICE,
			refunded: AMOUNT + EVAL_FEE,
			evaluator_fee: 0,
			reason,
		}
		.into(),
	);
}

/// Runs `call`, which must succeed without changing the total issuance.
fn total_issuance_check(call: impl FnOnce() -> DispatchResult) {
	let issuance = Balances::total_issuance();
	assert_ok!(call());
	assert_eq!(Balances::total_issuance(), issuance, "total issuance changed");
}

// ----- open -----

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
				disputed: false,
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

// ----- submit -----

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

// ----- release -----

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

// ----- refund -----

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
fn refund_by_evaluator_rejects_open_escrow() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
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

		// On an expired open escrow the evaluator's refund is a rejection too.
		let second = open_with(agent, Some((CHARLIE, EVAL_FEE)));
		run_to(now() + AHEAD);
		assert_ok!(Escrow::refund(signed(CHARLIE), second));
		System::assert_last_event(
			Event::Refunded {
				id: second,
				provider: agent,
				client: ALICE,
				refunded: AMOUNT,
				evaluator_fee: EVAL_FEE,
				reason: RefundReason::Rejected,
			}
			.into(),
		);
		assert_eq!(free(CHARLIE), ENDOWMENT + 2 * EVAL_FEE);
	});
}

#[test]
fn refund_by_evaluator_with_zero_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = provider();
		let id = open_with(agent, Some((NOBODY, 0)));
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
		for who in [ALICE, BOB, DAVE] {
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
		dispute(second);
		run_to(now() + AHEAD);
		assert_noop!(Escrow::refund(signed(DAVE), second), Error::<Test>::Disputed);
		assert_noop!(Escrow::refund(signed(CHARLIE), second), Error::<Test>::Disputed);
	});
}

// ----- dispute -----

#[test]
fn dispute_opens_a_challenge_and_freezes() {
	ExtBuilder::default().build_and_execute(|| {
		let (_, id) = setup();
		submit(id);
		assert_ok!(Escrow::dispute(signed(ALICE), id, evidence(), ChallengeReason::BadDeliverable));
		assert_eq!(
			ChallengeCalls::get(),
			vec![(ALICE, ChallengeTarget::Escrow(id), evidence(), ChallengeReason::BadDeliverable)]
		);
		let escrow = Escrows::<Test>::get(id).unwrap();
		assert!(escrow.disputed);
		assert!(matches!(escrow.state, EscrowState::Submitted { .. }));
		System::assert_has_event(Event::Frozen { id, challenger: ALICE }.into());
		System::assert_last_event(
			Event::Disputed {
				id,
				client: ALICE,
				challenge: 0,
				reason: ChallengeReason::BadDeliverable,
				evidence: evidence(),
			}
			.into(),
		);
		// Funds stay where they are.
		assert_eq!(held(ALICE), AMOUNT);
	});
}

#[test]
fn dispute_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let (_, id) = setup_with_evaluator();
		let reason = ChallengeReason::FailedDelivery;
		assert_noop!(
			Escrow::dispute(signed(ALICE), 9, evidence(), reason),
			Error::<Test>::UnknownEscrow
		);
		for who in [BOB, KEY_B, CHARLIE, DAVE] {
			assert_noop!(
				Escrow::dispute(signed(who), id, evidence(), reason),
				Error::<Test>::NotClient
			);
		}
		assert_noop!(Escrow::dispute(RuntimeOrigin::none(), id, evidence(), reason), BadOrigin);

		// The challenge pallet refuses (e.g. the bond cannot be held): nothing changes.
		ChallengeMode::set(MockChallengeMode::Fail);
		assert_noop!(
			Escrow::dispute(signed(ALICE), id, evidence(), reason),
			DispatchError::Other("challenge refused")
		);
		// A challenge that did not freeze the escrow is refused.
		ChallengeMode::set(MockChallengeMode::NoFreeze);
		assert_noop!(
			Escrow::dispute(signed(ALICE), id, evidence(), reason),
			Error::<Test>::DisputeNotFrozen
		);
		ChallengeMode::set(MockChallengeMode::Freeze);
		ChallengeCalls::set(Vec::new());

		dispute(id);
		assert_noop!(
			Escrow::dispute(signed(ALICE), id, evidence(), reason),
			Error::<Test>::AlreadyDisputed
		);
		assert_eq!(ChallengeCalls::get().len(), 1);
	});
}

// ----- EscrowDisputes -----

#[test]
fn parties_of_unknown_and_settled_escrows() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(<Escrow as EscrowDisputes<_>>::parties(0), None);
		let (agent, id) = setup();
		assert_eq!(<Escrow as EscrowDisputes<_>>::parties(id), Some((ALICE, agent)));
		assert_ok!(Escrow::release(signed(ALICE), id));
		assert_eq!(<Escrow as EscrowDisputes<_>>::parties(id), None);
	});
}

#[test]
fn freeze_directly() {
	ExtBuilder::default().build_and_execute(|| {
		let (_, id) = setup();
		assert_noop!(
			<Escrow as EscrowDisputes<_>>::freeze(9, &ALICE),
			Error::<Test>::UnknownEscrow
		);
		for who in [BOB, KEY_B, DAVE] {
			assert_noop!(<Escrow as EscrowDisputes<_>>::freeze(id, &who), Error::<Test>::NotClient);
		}
		assert_ok!(<Escrow as EscrowDisputes<_>>::freeze(id, &ALICE));
		System::assert_last_event(Event::Frozen { id, challenger: ALICE }.into());
		assert!(Escrows::<Test>::get(id).unwrap().disputed);
		assert_noop!(
			<Escrow as EscrowDisputes<_>>::freeze(id, &ALICE),
			Error::<Test>::AlreadyDisputed
		);
	});
}

#[test]
fn settle_dispute_refund_client() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		submit(id);
		dispute(id);
		total_issuance_check(|| {
			<Escrow as EscrowDisputes<_>>::settle_dispute(id, DisputeOutcome::RefundClient)
		});
		assert_fully_refunded(agent, id, RefundReason::DisputeUpheld);
	});
}

#[test]
fn settle_dispute_resume_continues_where_it_was() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, id) = setup_with_evaluator();
		submit(id);
		dispute(id);
		assert_ok!(<Escrow as EscrowDisputes<_>>::settle_dispute(id, DisputeOutcome::Resume));
		System::assert_last_event(Event::Resumed { id }.into());
		let escrow = Escrows::<Test>::get(id).unwrap();
		assert!(!escrow.disputed);
		assert!(matches!(escrow.state, EscrowState::Submitted { .. }));
		assert_eq!(held(ALICE), AMOUNT + EVAL_FEE);
		// And can be disputed again, then released by the evaluator once resumed.
		dispute(id);
		assert_ok!(<Escrow as EscrowDisputes<_>>::settle_dispute(id, DisputeOutcome::Resume));
		assert_ok!(Escrow::release(signed(CHARLIE), id));
		assert_eq!(free(BOB), BOB_FREE + AMOUNT - FEE);
		assert_eq!(free(CHARLIE), ENDOWMENT + EVAL_FEE);

		// An open escrow resumed after its deadline can be refunded right away.
		let second = open_with(agent, None);
		dispute(second);
		run_to(now() + AHEAD);
		assert_ok!(<Escrow as EscrowDisputes<_>>::settle_dispute(second, DisputeOutcome::Resume));
		assert_ok!(Escrow::refund(signed(DAVE), second));
		assert_eq!(free(ALICE), ENDOWMENT - AMOUNT - EVAL_FEE);
	});
}

#[test]
fn settle_dispute_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let (_, id) = setup();
		for outcome in [DisputeOutcome::RefundClient, DisputeOutcome::Resume] {
			assert_noop!(
				<Escrow as EscrowDisputes<_>>::settle_dispute(9, outcome),
				Error::<Test>::UnknownEscrow
			);
			assert_noop!(
				<Escrow as EscrowDisputes<_>>::settle_dispute(id, outcome),
				Error::<Test>::NotDisputed
			);
		}
	});
}

// ----- invariants and configuration -----

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
