//! Committees: drawn once randomness past the lookahead has come (in the mock, by default, at
//! the start of the next block), from the verifiers in the draw other than the agent's owner and
//! key, as large as the draw allows, and their quorums.

use super::*;
use crate::committee::quorum;

#[test]
fn committees_are_drawn_in_the_next_block() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		assert_eq!(Receipts::<Test>::get(id).unwrap().committee, None);
		assert_eq!(undrawn(), vec![id]);
		next_block();
		assert!(Undrawn::<Test>::get().is_empty());
		let committee = Receipts::<Test>::get(id).unwrap().committee.unwrap();
		assert!(has_event(Event::CommitteeDrawn { id, committee }));
		assert_eq!(committee_of(id), vec![BOB, CHARLIE, DAVE]);
	});
}

#[test]
fn the_owner_and_key_are_never_drawn_and_small_draws_shrink_the_committee() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), KEY_A, ENDOWMENT));
		for v in [ALICE, KEY_A, BOB] {
			assert_ok!(ProofOfAgency::register_verifier(signed(v)));
		}
		let id = record_drawn(KEY_A, agent);
		// Only BOB is eligible: a committee of one, whose quorum is one.
		assert_eq!(committee_of(id), vec![BOB]);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, true));
		assert_eq!(reports(), vec![(agent, id, true)]);
		// Another agent's committee may hold them.
		assert_ok!(ProofOfAgency::deregister_verifier(signed(BOB)));
		let other = register(BOB, KEY_B);
		let id = record_drawn(KEY_B, other);
		assert_eq!(committee_of(id), vec![ALICE, KEY_A]);
		// With nobody eligible the committee is empty: the receipt can only expire.
		let id = record_drawn(KEY_A, agent);
		assert_eq!(committee_of(id), Vec::<AccountId>::new());
		run_to_block(3 + PERIOD);
		assert_eq!(
			Outcomes::<Test>::get(id).map(|o| (o.agent, o.status)),
			Some((agent, ReceiptStatus::Expired))
		);
	});
}

#[test]
fn large_draws_sample_distinct_members() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		// More verifiers than a committee reads whole: the sampling path.
		let verifiers: Vec<AccountId> = (200..200 + MAX_VERIFIERS as u64).collect();
		for &v in &verifiers {
			assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), v, ENDOWMENT));
			assert_ok!(ProofOfAgency::register_verifier(signed(v)));
		}
		assert!(MAX_VERIFIERS > ProofOfAgency::max_draw_reads());
		let mut seen = std::collections::BTreeSet::new();
		for _ in 0..8 {
			let id = record_drawn(KEY_A, agent);
			let members = committee_of(id);
			assert_eq!(members.len(), COMMITTEE as usize, "{members:?}");
			assert!(members.windows(2).all(|w| w[0] < w[1]), "distinct: {members:?}");
			assert!(members.iter().all(|m| verifiers.contains(m)));
			seen.extend(members);
		}
		// Different blocks draw different committees.
		assert!(seen.len() > COMMITTEE as usize, "{seen:?}");
	});
}

#[test]
fn quorum_is_a_strict_majority() {
	assert_eq!((0..=6).map(quorum).collect::<Vec<_>>(), vec![1, 1, 2, 2, 3, 3, 4]);
}

#[test]
fn receipts_per_block_are_capped() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		MaxReceiptsPerBlock::set(2);
		record(KEY_A, agent);
		record(KEY_A, agent);
		assert_noop!(try_record(KEY_A, agent), Error::<Test>::TooManyReceiptsThisBlock);
		next_block();
		record(KEY_A, agent);
	});
}

/// The ids of the receipts waiting for their committees.
fn undrawn() -> Vec<u64> {
	Undrawn::<Test>::get().iter().map(|u| u.id).collect()
}

#[test]
fn committees_wait_for_randomness_past_the_lookahead() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		RandomnessLookahead::set(2);
		// Recorded at clock 1: randomness of clock 2 and 3 was knowable when its block was
		// built (within the lookahead), clock 4 was not.
		let id = record(KEY_A, agent);
		run_to_block(3);
		assert_eq!(undrawn(), vec![id]);
		assert_eq!(Receipts::<Test>::get(id).unwrap().committee, None);
		let later = record(KEY_A, agent);
		next_block();
		assert_eq!(undrawn(), vec![later], "the first is drawn at clock 4, the second waits");
		assert!(Receipts::<Test>::get(id).unwrap().committee.is_some());
		run_to_block(6);
		assert!(undrawn().is_empty());
	});
}

#[test]
fn stalled_randomness_holds_draws_then_recording() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		MaxReceiptsPerBlock::set(1);
		MaxUndrawn::set(2);
		RandomnessStalledAt::set(Some(1));
		let first = record(KEY_A, agent);
		next_block();
		let second = record(KEY_A, agent);
		next_block();
		assert_eq!(undrawn(), vec![first, second], "nothing drawn while randomness stalls");
		assert_noop!(try_record(KEY_A, agent), Error::<Test>::CommitteeDrawsBehind);
		// Randomness comes back: one draw a block (the per-block cap), oldest first.
		RandomnessStalledAt::set(None);
		next_block();
		assert_eq!(undrawn(), vec![second]);
		let third = record(KEY_A, agent);
		next_block();
		assert_eq!(undrawn(), vec![third]);
	});
}

#[test]
fn a_receipt_that_expires_undrawn_is_skipped() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		RandomnessStalledAt::set(Some(1));
		let id = record(KEY_A, agent);
		run_to_block(1 + PERIOD);
		assert_eq!(Outcomes::<Test>::get(id).map(|o| o.status), Some(ReceiptStatus::Expired));
		assert_eq!(undrawn(), vec![id]);
		RandomnessStalledAt::set(None);
		next_block();
		assert!(undrawn().is_empty());
		assert!(!System::events()
			.iter()
			.any(|e| matches!(e.event, RuntimeEvent::ProofOfAgency(Event::CommitteeDrawn { .. }))));
	});
}
