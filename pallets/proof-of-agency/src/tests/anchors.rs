//! Anchors and the verification of leaves against the anchored Merkle roots.

use super::*;

#[test]
fn anchor_works_and_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let root = H256::repeat_byte(0xaa);
		assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, root, 4));
		let (depositor, deposit) = (KEY_A, ANCHOR_DEPOSIT);
		assert_eq!(
			Anchors::<Test>::get(0),
			Some(AnchorRecord { agent, root, leaf_count: 4, anchored_at: 1, depositor, deposit })
		);
		assert_eq!(held(HoldReason::AnchorDeposit, KEY_A), ANCHOR_DEPOSIT);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::Anchored {
				id: 0,
				agent,
				by: KEY_A,
				root,
				leaf_count: 4,
				deposit,
			})
		);
		assert_ok!(ProofOfAgency::anchor(signed(ALICE), agent, root, 1));
		assert_eq!(NextAnchorId::<Test>::get(), 2);

		assert_noop!(ProofOfAgency::anchor(RuntimeOrigin::none(), agent, root, 1), BadOrigin);
		assert_noop!(ProofOfAgency::anchor(signed(KEY_A), 9, root, 1), Error::<Test>::UnknownAgent);
		assert_noop!(
			ProofOfAgency::anchor(signed(BOB), agent, root, 1),
			Error::<Test>::NotAgentController
		);
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 0),
			Error::<Test>::EmptyBatch
		);
		// The key spends all it has but the anchor deposit: a second anchor cannot be held.
		let spare = Balances::free_balance(KEY_A) - ANCHOR_DEPOSIT + 1;
		assert_ok!(Balances::transfer_allow_death(signed(KEY_A), EVE, spare));
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 1),
			Error::<Test>::InsufficientBalance
		);
		NextAnchorId::<Test>::put(u64::MAX);
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 1),
			Error::<Test>::NoMoreAnchorIds
		);
		NextAnchorId::<Test>::put(2);
		assert_ok!(
			<AgentRegistry as chaoscore_primitives::agent::AgentPenalties<_, _, _>>::set_jail(
				agent,
				Some(50)
			)
		);
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 1),
			Error::<Test>::AgentJailed
		);
		assert_ok!(
			<AgentRegistry as chaoscore_primitives::agent::AgentPenalties<_, _, _>>::set_jail(
				agent, None
			)
		);
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
		assert_noop!(
			ProofOfAgency::anchor(signed(KEY_A), agent, root, 1),
			Error::<Test>::AgentUnbonding
		);
	});
}

#[test]
fn removing_an_anchor_releases_its_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		let root = H256::repeat_byte(0xbb);
		assert_ok!(ProofOfAgency::anchor(signed(ALICE), agent, root, 2));
		let free = Balances::free_balance(ALICE);
		assert_noop!(
			ProofOfAgency::remove_anchor(signed(KEY_A), 0),
			Error::<Test>::NotAnchorDepositor
		);
		assert_noop!(ProofOfAgency::remove_anchor(signed(ALICE), 1), Error::<Test>::UnknownAnchor);
		assert_noop!(ProofOfAgency::remove_anchor(RuntimeOrigin::none(), 0), BadOrigin);
		assert_ok!(ProofOfAgency::remove_anchor(signed(ALICE), 0));
		assert_eq!(Anchors::<Test>::get(0), None);
		assert_eq!(held(HoldReason::AnchorDeposit, ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), free + ANCHOR_DEPOSIT);
		assert_eq!(
			last_event(),
			RuntimeEvent::ProofOfAgency(Event::AnchorRemoved {
				id: 0,
				agent,
				depositor: ALICE,
				deposit: ANCHOR_DEPOSIT,
			})
		);
		assert!(!ProofOfAgency::verify_leaf(0, root, 0, vec![]));
		// Removed after its agent left, too.
		assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, root, 1));
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
		assert_ok!(ProofOfAgency::remove_anchor(signed(KEY_A), 1));
		assert_noop!(ProofOfAgency::remove_anchor(signed(KEY_A), 1), Error::<Test>::UnknownAnchor);
	});
}

fn leaves(n: u32) -> Vec<H256> {
	(0..n).map(|i| H256::from_low_u64_be(1_000 + i as u64)).collect()
}

#[test]
fn verify_leaf_against_binary_merkle_tree() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		for n in 1..=9u32 {
			let leaves = leaves(n);
			let root = merkle_root::<BlakeTwo256, _>(leaves.iter().map(|l| l.as_bytes()));
			let anchor = NextAnchorId::<Test>::get();
			assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, root, n));
			for index in 0..n {
				let proof =
					merkle_proof::<BlakeTwo256, _, _>(leaves.iter().map(|l| l.as_bytes()), index);
				assert_eq!(proof.root, root);
				let leaf = leaves[index as usize];
				assert!(
					ProofOfAgency::verify_leaf(anchor, leaf, index, proof.proof.clone()),
					"n {n} index {index}"
				);
				// Wrong leaf.
				assert!(!ProofOfAgency::verify_leaf(
					anchor,
					H256::repeat_byte(0xff),
					index,
					proof.proof.clone()
				));
				// Wrong index (outside the batch, or another position when the proof is
				// non-trivial).
				assert!(!ProofOfAgency::verify_leaf(anchor, leaf, n, proof.proof.clone()));
				if n > 1 {
					let other = (index + 1) % n;
					assert!(
						!ProofOfAgency::verify_leaf(anchor, leaf, other, proof.proof.clone())
							|| leaves[other as usize] == leaf,
						"n {n} index {index} as {other}"
					);
				}
				// Wrong anchor.
				assert!(!ProofOfAgency::verify_leaf(
					anchor + 100,
					leaf,
					index,
					proof.proof.clone()
				));
			}
		}
	});
}

#[test]
fn verify_leaf_scheme_is_documented_one() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = setup();
		// Two leaves: root = blake2_256(blake2_256(l0) ++ blake2_256(l1)).
		let l = leaves(2);
		let h = |b: &[u8]| H256(polkadot_sdk::sp_io::hashing::blake2_256(b));
		let (h0, h1) = (h(l[0].as_bytes()), h(l[1].as_bytes()));
		let root = h(&[h0.as_bytes(), h1.as_bytes()].concat());
		assert_ok!(ProofOfAgency::anchor(signed(KEY_A), agent, root, 2));
		assert!(ProofOfAgency::verify_leaf(0, l[0], 0, vec![h1]));
		assert!(ProofOfAgency::verify_leaf(0, l[1], 1, vec![h0]));
		assert!(!ProofOfAgency::verify_leaf(0, l[0], 1, vec![h1]));
		assert!(!ProofOfAgency::verify_leaf(0, l[1], 0, vec![h0]));
		// Overlong proofs are refused outright.
		assert!(!ProofOfAgency::verify_leaf(0, l[0], 0, vec![h1; MAX_PROOF_LEN + 1]));
		// Unknown anchor.
		assert!(!ProofOfAgency::verify_leaf(1, l[0], 0, vec![h1]));
	});
}
