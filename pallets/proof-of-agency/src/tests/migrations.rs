//! Storage version 3: outcomes gain their recording block, anchors their depositor.

use super::*;
use crate::migrations::v3::InnerMigrateV2ToV3;
use codec::Encode;
use polkadot_sdk::frame_support::{
	storage::{unhashed, StoragePrefixedMap},
	traits::UncheckedOnRuntimeUpgrade,
	StorageHasher, Twox64Concat,
};

/// The storage key of `Outcomes` or `Anchors` entry `id` (both `Twox64Concat`).
fn key(prefix: &[u8], id: u64) -> Vec<u8> {
	let mut key = prefix.to_vec();
	key.extend(Twox64Concat::hash(&id.encode()));
	key
}

#[test]
fn v3_dates_outcomes_at_the_upgrade_and_gives_anchors_their_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		System::set_block_number(7);
		let outcomes = Outcomes::<Test>::final_prefix();
		let anchors = Anchors::<Test>::final_prefix();
		unhashed::put_raw(&key(&outcomes, 3), &(agent, ReceiptStatus::Verified).encode());
		let root = H256::repeat_byte(9);
		// Anchors of a registered agent and of one that is gone.
		unhashed::put_raw(&key(&anchors, 0), &(agent, root, 4u32, 2u64).encode());
		unhashed::put_raw(&key(&anchors, 1), &(77u64, root, 1u32, 3u64).encode());
		NextReceiptId::<Test>::put(4);
		NextAnchorId::<Test>::put(2);

		InnerMigrateV2ToV3::<Test>::on_runtime_upgrade();

		assert_eq!(
			Outcomes::<Test>::get(3),
			Some(ReceiptOutcome { agent, status: ReceiptStatus::Verified, recorded_at: 7 })
		);
		let record = |agent, leaf_count, anchored_at, depositor| AnchorRecord {
			agent,
			root,
			leaf_count,
			anchored_at,
			depositor,
			deposit: 0,
		};
		assert_eq!(Anchors::<Test>::get(0), Some(record(agent, 4, 2, ALICE)));
		assert_eq!(Anchors::<Test>::get(1), Some(record(77, 1, 3, TREASURY)));
		assert_ok!(ProofOfAgency::remove_anchor(signed(ALICE), 0));
	});
}

#[test]
fn v4_keeps_the_undrawn_receipts_and_draws_them_next() {
	use crate::migrations::v4::InnerMigrateV3ToV4;
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let id = record(KEY_A, agent);
		// Version 3 stored the ids alone.
		unhashed::put_raw(&Undrawn::<Test>::hashed_key(), &vec![id].encode());

		InnerMigrateV3ToV4::<Test>::on_runtime_upgrade();

		let entry = UndrawnReceipt { id, recorded_at: 1, seen: 0 };
		assert_eq!(Undrawn::<Test>::get().to_vec(), vec![entry]);
		next_block();
		assert!(Receipts::<Test>::get(id).unwrap().committee.is_some());
	});
}
