//! Unit tests of the escrow pallet against the real agent registry and a challenge double. Every
//! `build_and_execute` test ends with the registry's and the escrow pallet's `try_state`; every
//! refusal is checked with `assert_noop!` (no state change at all).

use crate::{
	mock::*, DisputeStatus, Error, EscrowDisputes, EscrowRecord, EscrowState, Escrows, Event,
	HoldReason, NextEscrowId, RefundReason, ReleaseKind,
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

mod disputes;
mod invariants;
mod opening;
mod refund;
mod release;
mod submission;

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

/// ALICE disputes escrow `id`; the provider accepts it first if it has not (only a committed
/// escrow can be disputed).
fn dispute(id: u64) {
	if Escrows::<Test>::get(id).is_some_and(|e| e.state == EscrowState::Open) {
		assert_ok!(Escrow::accept(signed(KEY_B), id));
	}
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
