//! Expiry of receipts at their deadline, and its weight.

use super::*;

#[test]
fn expiry_prunes_without_reporting() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record_drawn(KEY_A, agent);
		assert_ok!(ProofOfAgency::attest(signed(BOB), id, true));
		assert_ok!(ProofOfAgency::attest(signed(CHARLIE), id, false));
		run_to_block(PERIOD);
		assert!(Receipts::<Test>::contains_key(id));
		next_block();
		assert!(!Receipts::<Test>::contains_key(id));
		assert_eq!(Attestations::<Test>::iter_prefix(id).count(), 0);
		assert!(!Deadlines::<Test>::contains_key(1 + PERIOD));
		assert_eq!(
			Outcomes::<Test>::get(id).map(|o| (o.agent, o.status)),
			Some((agent, ReceiptStatus::Expired))
		);
		assert_eq!(ProofOfAgency::receipt(id), Some((agent, ReceiptStatus::Expired)));
		assert!(reports().is_empty());
		// Without an outcome nobody is penalized.
		assert_eq!(VerifierCount::<Test>::get(), 3);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::ReceiptExpired { id, agent, valid: 1, invalid: 1 })
		);
		assert_noop!(
			ProofOfAgency::attest(signed(DAVE), id, true),
			Error::<Test>::ReceiptFinalized
		);
	});
}

#[test]
fn expiry_follows_the_spilled_queues() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let n = MAX_DEADLINES as u64 * 2 + 1;
		let ids: Vec<u64> = (0..n).map(|_| record(KEY_A, agent)).collect();
		let first = 1 + PERIOD;
		let expect = |i: u64| first + i / MAX_DEADLINES as u64;
		for &id in &ids {
			assert_eq!(Receipts::<Test>::get(id).unwrap().deadline, expect(id));
		}
		for block in first..first + 3 {
			run_to_block(block);
			for &id in &ids {
				let expired = expect(id) <= block;
				assert_eq!(Receipts::<Test>::contains_key(id), !expired, "{id} at {block}");
				assert_eq!(Outcomes::<Test>::get(id).is_some(), expired, "outcome {id} at {block}");
			}
			check_invariants();
		}
		assert_eq!(Receipts::<Test>::iter().count(), 0);
		assert_eq!(Deadlines::<Test>::iter().count(), 0);
	});
}

#[test]
fn on_initialize_reports_linear_weight() {
	ExtBuilder::default().build_and_execute(|| {
		use crate::WeightInfo;
		let agent = setup();
		for _ in 0..2 {
			record(KEY_A, agent);
		}
		System::set_block_number(PERIOD);
		// Both receipts are drawn and expire in the same hook; their outcomes are too young to be
		// forgotten (no step taken).
		let w = ProofOfAgency::on_initialize(1 + PERIOD);
		System::set_block_number(1 + PERIOD);
		let both = |n| {
			<() as WeightInfo>::on_initialize_draw(n)
				+ <() as WeightInfo>::on_initialize_expire(n)
				+ <() as WeightInfo>::on_initialize_forget(0)
		};
		assert_eq!(w, both(2));
		assert_eq!(ProofOfAgency::on_initialize(5), both(0));
	});
}
