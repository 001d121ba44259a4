//! Recording receipts: who may record, the receipt and its event, the deadline queues.

use super::*;

#[test]
fn record_receipt_works_for_key_and_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let ctx = Some(ReceiptContext::Escrow(7));
		let tee = Some(H256::repeat_byte(9));
		assert_ok!(ProofOfAgency::record_receipt(
			signed(KEY_A),
			agent,
			kind(b"tool.use"),
			INPUT,
			OUTPUT,
			ctx,
			tee
		));
		let r = Receipts::<Test>::get(0).unwrap();
		assert_eq!(r.agent, agent);
		assert_eq!(r.kind.to_vec(), b"tool.use".to_vec());
		assert_eq!(
			(r.input_hash, r.output_hash, r.context, r.tee_attestation),
			(INPUT, OUTPUT, ctx, tee)
		);
		assert_eq!((r.recorded_at, r.deadline, r.valid, r.invalid), (1, 1 + PERIOD, 0, 0));
		assert_eq!(Deadlines::<Test>::get(1 + PERIOD).to_vec(), vec![0]);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::ReceiptRecorded {
				id: 0,
				agent,
				recorder: KEY_A,
				kind: kind(b"tool.use"),
				input_hash: INPUT,
				output_hash: OUTPUT,
				context: ctx,
				tee_attestation: tee,
				deadline: 1 + PERIOD,
			})
		);
		// The owner may record too; studio context.
		assert_ok!(ProofOfAgency::record_receipt(
			signed(ALICE),
			agent,
			kind(b"x"),
			INPUT,
			OUTPUT,
			Some(ReceiptContext::Studio(3)),
			None
		));
		assert_eq!(NextReceiptId::<Test>::get(), 2);
		assert_eq!(ProofOfAgency::receipt(1), Some((agent, ReceiptStatus::Pending)));
		assert_eq!(ProofOfAgency::receipt_status(0), Some((agent, ReceiptStatus::Pending)));
		assert_eq!(ProofOfAgency::receipt(2), None);
	});
}

#[test]
fn record_receipt_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let call = |who: AccountId, agent: u64, k: &[u8]| {
			ProofOfAgency::record_receipt(signed(who), agent, kind(k), INPUT, OUTPUT, None, None)
		};
		assert_noop!(
			ProofOfAgency::record_receipt(
				RuntimeOrigin::none(),
				agent,
				kind(b"k"),
				INPUT,
				OUTPUT,
				None,
				None
			),
			BadOrigin
		);
		assert_noop!(call(KEY_A, 9, b"k"), Error::<Test>::UnknownAgent);
		assert_noop!(call(BOB, agent, b"k"), Error::<Test>::NotAgentController);
		assert_noop!(call(KEY_A, agent, b""), Error::<Test>::EmptyKind);

		// Jailed.
		assert_ok!(
			<AgentRegistry as chaoscore_primitives::agent::AgentPenalties<_, _, _>>::set_jail(
				agent,
				Some(50)
			)
		);
		assert_noop!(call(KEY_A, agent, b"k"), Error::<Test>::AgentJailed);
		assert_ok!(
			<AgentRegistry as chaoscore_primitives::agent::AgentPenalties<_, _, _>>::set_jail(
				agent, None
			)
		);
		// Unbonding.
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
		assert_noop!(call(KEY_A, agent, b"k"), Error::<Test>::AgentUnbonding);

		// Receipt ids exhausted.
		let other = register(BOB, KEY_B);
		NextReceiptId::<Test>::put(u64::MAX);
		assert_noop!(call(KEY_B, other, b"k"), Error::<Test>::NoMoreReceiptIds);
		NextReceiptId::<Test>::put(0);
	});
}

#[test]
fn record_receipt_spills_to_later_blocks_and_fails_when_all_queues_full() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let first = 1 + PERIOD;
		for i in 0..MAX_DEADLINES {
			let id = record(KEY_A, agent);
			assert_eq!(id, i as u64);
			assert_eq!(Receipts::<Test>::get(id).unwrap().deadline, first);
		}
		// The queue of `first` is full: the next one spills to the following block.
		let id = record(KEY_A, agent);
		assert_eq!(Receipts::<Test>::get(id).unwrap().deadline, first + 1);
		// Fill the whole window.
		while Receipts::<Test>::get(NextReceiptId::<Test>::get().saturating_sub(1))
			.unwrap()
			.deadline < first + MAX_DEADLINE_SCAN as u64 - 1
			|| Deadlines::<Test>::decode_len(first + MAX_DEADLINE_SCAN as u64 - 1).unwrap_or(0)
				< MAX_DEADLINES as usize
		{
			record(KEY_A, agent);
		}
		assert_eq!(Receipts::<Test>::iter().count() as u32, MAX_DEADLINES * MAX_DEADLINE_SCAN);
		assert_noop!(try_record(KEY_A, agent), Error::<Test>::DeadlineQueuesFull);
	});
}

#[test]
fn stale_agents_may_record_and_anchor_underbonded_ones_only_anchor() {
	ExtBuilder::default().build_and_execute(|| {
		use chaoscore_primitives::agent::{AgentInspect, AgentPenalties, AgentStatus};
		let agent = setup();
		run_to_block(LIVENESS + 2);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Stale);
		record(KEY_A, agent);
		assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, H256::repeat_byte(1), 1));
		// A longest kind is accepted.
		assert_ok!(ProofOfAgency::record_receipt(
			signed(KEY_A),
			agent,
			kind(&[b'k'; MAX_KIND as usize]),
			INPUT,
			OUTPUT,
			None,
			None
		));
		assert_ok!(AgentRegistry::seize_bond(agent, 10, &BOB));
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Underbonded);
		assert_noop!(try_record(KEY_A, agent), Error::<Test>::AgentUnderbonded);
		assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, H256::repeat_byte(2), 1));
	});
}

fn deposit_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::ProofOfAgency(HoldReason::ReceiptDeposit),
		&who,
	)
}

#[test]
fn the_recorder_holds_a_deposit_until_the_receipt_ends() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let verified = record_drawn(KEY_A, agent);
		let expiring = record(ALICE, agent);
		assert_eq!(Receipts::<Test>::get(verified).unwrap().depositor, KEY_A);
		assert_eq!((deposit_held(KEY_A), deposit_held(ALICE)), (RECEIPT_DEPOSIT, RECEIPT_DEPOSIT));
		assert_eq!(Balances::free_balance(KEY_A), ENDOWMENT - RECEIPT_DEPOSIT);
		// Finalized: returned.
		assert_ok!(ProofOfAgency::attest(signed(BOB), verified, true));
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), verified, true));
		assert_eq!(deposit_held(KEY_A), 0);
		assert_eq!(Balances::free_balance(KEY_A), ENDOWMENT);
		// Expired: returned too (verifiers may simply not have come).
		run_to_block(2 + PERIOD);
		assert_eq!(
			Outcomes::<Test>::get(expiring).map(|o| (o.agent, o.status)),
			Some((agent, ReceiptStatus::Expired))
		);
		assert_eq!(deposit_held(ALICE), 0);
		// Who cannot pay the deposit cannot record.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), KEY_A, RECEIPT_DEPOSIT));
		assert_noop!(try_record(KEY_A, agent), Error::<Test>::InsufficientBalance);
	});
}

#[test]
fn an_agent_has_at_most_max_pending_receipts() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let other = register(BOB, KEY_B);
		MaxPendingPerAgent::set(2);
		let first = record_drawn(KEY_A, agent);
		record(KEY_A, agent);
		assert_eq!(PendingPerAgent::<Test>::get(agent), 2);
		assert_noop!(try_record(ALICE, agent), Error::<Test>::TooManyPendingReceipts);
		// Other agents are not held back.
		record(KEY_B, other);
		// A finalized receipt frees a place.
		assert_ok!(ProofOfAgency::attest(signed(BOB), first, false));
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), first, false));
		assert_eq!(PendingPerAgent::<Test>::get(agent), 1);
		record(KEY_A, agent);
	});
}
