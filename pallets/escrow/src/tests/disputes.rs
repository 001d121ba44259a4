//! `dispute`, and the `EscrowDisputes` side the challenge pallet drives (freeze, settle).

use super::*;
use polkadot_sdk::frame_support::dispatch::GetDispatchInfo;

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
		assert_eq!(escrow.dispute, DisputeStatus::Frozen);
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
		// An offer the provider has not accepted is withdrawn, not disputed.
		assert_noop!(
			Escrow::dispute(signed(ALICE), id, evidence(), reason),
			Error::<Test>::WrongState
		);
		assert_ok!(Escrow::accept(signed(KEY_B), id));

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

#[test]
fn dispute_charges_the_challenge_it_opens() {
	// Attack 6 of docs/security.md: the call's weight covers the worst-case challenge opening.
	let call = RuntimeCall::Escrow(crate::Call::dispute {
		id: 0,
		evidence: evidence(),
		reason: ChallengeReason::BadDeliverable,
	});
	let declared = call.get_dispatch_info().call_weight;
	assert_eq!(declared, <() as crate::WeightInfo>::dispute() + MOCK_OPEN_WEIGHT);
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
		assert_noop!(<Escrow as EscrowDisputes<_>>::freeze(id, &ALICE), Error::<Test>::WrongState);
		assert_ok!(Escrow::accept(signed(KEY_B), id));
		assert_ok!(<Escrow as EscrowDisputes<_>>::freeze(id, &ALICE));
		System::assert_last_event(Event::Frozen { id, challenger: ALICE }.into());
		assert!(Escrows::<Test>::get(id).unwrap().frozen());
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
		assert_eq!(escrow.dispute, DisputeStatus::Resumed);
		assert!(matches!(escrow.state, EscrowState::Submitted { .. }));
		assert_eq!(held(ALICE), AMOUNT + EVAL_FEE);
		// Never disputed again (attack 4 of docs/security.md), not even through the challenge
		// pallet directly; released by the evaluator once resumed.
		assert_noop!(
			Escrow::dispute(signed(ALICE), id, evidence(), ChallengeReason::BadDeliverable),
			Error::<Test>::AlreadyDisputed
		);
		assert_noop!(
			<Escrow as EscrowDisputes<_>>::freeze(id, &ALICE),
			Error::<Test>::AlreadyDisputed
		);
		assert_ok!(Escrow::release(signed(CHARLIE), id));
		assert_eq!(free(BOB), BOB_FREE + AMOUNT - FEE);
		assert_eq!(free(CHARLIE), ENDOWMENT + EVAL_FEE);

		// An accepted escrow resumed after its deadline can be refunded right away.
		let second = open_with(agent, None);
		assert_ok!(Escrow::accept(signed(KEY_B), second));
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
