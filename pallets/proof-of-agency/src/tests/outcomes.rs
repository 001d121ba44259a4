//! Outcomes are kept for the retention after their receipt was recorded, then forgotten in id
//! order, without passing a pending receipt; the work is bounded per block.

use super::*;

/// Receipts `count` of `agent`, each left to expire; returns their ids.
fn expired(agent: u64, count: u32) -> Vec<u64> {
	let ids = (0..count).map(|_| record(KEY_A, agent)).collect::<Vec<_>>();
	run_to_block(System::block_number() + PERIOD + 1);
	ids
}

#[test]
fn outcomes_are_forgotten_after_the_retention() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let ids = expired(agent, 2);
		assert!(ids.iter().all(|id| Outcomes::<Test>::contains_key(id)));
		// Recorded at block 1: kept through block RETENTION, forgotten at 1 + RETENTION.
		run_to_block(RETENTION);
		assert_eq!(ProofOfAgency::receipt(ids[0]), Some((agent, ReceiptStatus::Expired)));
		next_block();
		assert!(ids.iter().all(|id| !Outcomes::<Test>::contains_key(id)));
		assert_eq!(ProofOfAgency::receipt(ids[0]), None);
		assert_eq!(OutcomeCursor::<Test>::get(), 2);
		// A forgotten receipt is still known as finalized.
		assert_noop!(
			ProofOfAgency::attest(signed(BOB), ids[0], true),
			Error::<Test>::ReceiptFinalized
		);
	});
}

#[test]
fn forgetting_stops_at_a_pending_or_young_receipt() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let old = expired(agent, 1)[0];
		// A receipt kept pending past the retention (the test moves its deadline out of reach).
		let pending = record(KEY_A, agent);
		let receipt = Receipts::<Test>::get(pending).expect("pending");
		Deadlines::<Test>::remove(receipt.deadline);
		Receipts::<Test>::insert(pending, crate::Receipt { deadline: 1_000, ..receipt });
		Deadlines::<Test>::insert(1_000, BoundedVec::truncate_from(vec![pending]));
		let young = expired(agent, 1)[0];
		OutcomeRetention::set(2);
		next_block();
		assert!(!Outcomes::<Test>::contains_key(old));
		assert!(Outcomes::<Test>::contains_key(young), "held back by the pending receipt");
		assert_eq!(OutcomeCursor::<Test>::get(), pending);
		OutcomeRetention::set(RETENTION);
	});
}

#[test]
fn forgetting_is_bounded_per_block_and_charged() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		MaxReceiptsPerBlock::set(2);
		let max = ProofOfAgency::max_forgotten_per_block();
		// Finalized outcomes beyond what one block may forget.
		let count = max + 3;
		for id in 0..u64::from(count) {
			Outcomes::<Test>::insert(
				id,
				ReceiptOutcome { agent, status: ReceiptStatus::Verified, recorded_at: 1 },
			);
		}
		NextReceiptId::<Test>::put(u64::from(count));
		let now = 1 + RETENTION;
		System::set_block_number(now);
		assert_eq!(
			ProofOfAgency::forget_outcomes(now),
			<() as crate::WeightInfo>::on_initialize_forget(max)
		);
		assert_eq!(OutcomeCursor::<Test>::get(), u64::from(max));
		assert_eq!(Outcomes::<Test>::iter().count() as u32, 3);
		ProofOfAgency::forget_outcomes(now);
		assert_eq!(Outcomes::<Test>::iter().count(), 0);
		assert_eq!(OutcomeCursor::<Test>::get(), u64::from(count));
		MaxReceiptsPerBlock::set(64);
	});
}
