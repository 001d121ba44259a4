//! Property test: long random sequences of receipt recording, attestations (valid and invalid,
//! by committee members, other verifiers, non-verifiers and the agents' own owners and keys),
//! verifier registration, exits and withdrawals, anchors and block advances that run
//! `on_initialize` (committee draws and expiry), dispatched against the mock runtime. After every
//! step: nothing panicked, the `try_state` of the registry and of this pallet holds, total
//! issuance is unchanged and equals the sum of all accounts' balances (penalties included), only
//! committee members' attestations went through, and the reputation reports are exactly the
//! receipts finalized as verified or rejected so far, each once, with its verdict (expired
//! receipts are never reported).

use crate::{mock::*, KindOf, NextReceiptId, Outcomes, ReceiptStatus, Receipts};
use polkadot_sdk::{
	frame_support::{assert_ok, traits::fungible::Inspect, BoundedVec},
	sp_core::H256,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Accounts acting as verifiers or signers (`POOR` cannot bond; 7 is never endowed).
const ACCOUNTS: [AccountId; 8] = [ALICE, BOB, CHARLIE, DAVE, EVE, POOR, 7, KEY_A];
/// Agents: 0 of ALICE with `KEY_A`, 1 of BOB with `KEY_B`; 2 does not exist.
const MAX_AGENT: u64 = 3;

#[derive(Clone, Debug)]
enum Action {
	Record { signer: usize, agent: u64, kind_len: usize },
	Register { who: usize },
	Deregister { who: usize },
	Withdraw { who: usize },
	Attest { who: usize, receipt: u64, valid: bool },
	Anchor { agent: u64, leaves: u32 },
	Advance { blocks: BlockNumber },
}

/// Mostly registered agents, sometimes an unknown one.
fn agent() -> impl Strategy<Value = u64> {
	prop_oneof![6 => 0..MAX_AGENT - 1, 1 => Just(MAX_AGENT - 1)]
}

fn action() -> impl Strategy<Value = Action> {
	let n = ACCOUNTS.len();
	prop_oneof![
		4 => (0..n + 12, agent(), 0..=MAX_KIND as usize)
			.prop_map(|(signer, agent, kind_len)| Action::Record { signer, agent, kind_len }),
		2 => (0..n).prop_map(|who| Action::Register { who }),
		1 => (0..n).prop_map(|who| Action::Deregister { who }),
		1 => (0..n).prop_map(|who| Action::Withdraw { who }),
		8 => (0..n + 9, 0..24u64, any::<bool>())
			.prop_map(|(who, receipt, valid)| Action::Attest { who, receipt, valid }),
		1 => (agent(), 0..4u32).prop_map(|(agent, leaves)| Action::Anchor { agent, leaves }),
		3 => (1..4u64).prop_map(|blocks| Action::Advance { blocks }),
		1 => (PERIOD..(PERIOD + 3)).prop_map(|blocks| Action::Advance { blocks }),
	]
}

/// The signer: an account, or (indices past `ACCOUNTS`) the agent's key or owner.
fn signer(index: usize, agent: u64) -> AccountId {
	match (index.checked_sub(ACCOUNTS.len()), agent) {
		(None, _) => ACCOUNTS[index],
		(Some(i), 0) if i % 2 == 0 => KEY_A,
		(Some(i), _) if i % 2 == 0 => KEY_B,
		(Some(_), 0) => ALICE,
		(Some(_), _) => BOB,
	}
}

fn total_balances() -> Balance {
	let mut accounts: Vec<AccountId> = ACCOUNTS.to_vec();
	accounts.extend([KEY_B, TREASURY]);
	accounts.iter().map(<Balances as Inspect<AccountId>>::total_balance).sum()
}

fn run(actions: Vec<Action>) {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE, KEY_A);
		register(BOB, KEY_B);
		for v in [CHARLIE, DAVE, EVE] {
			assert_ok!(ProofOfAgency::register_verifier(RuntimeOrigin::signed(v)));
		}
		let issuance = <Balances as Inspect<AccountId>>::total_issuance();
		assert_eq!(total_balances(), issuance);
		// Expected reports: receipt -> (agent, verified), from the outcomes seen so far.
		let mut expected: BTreeMap<u64, (u64, bool)> = BTreeMap::new();

		for action in actions {
			match action {
				Action::Record { signer: s, agent, kind_len } => {
					let kind: KindOf<Test> = BoundedVec::truncate_from(vec![b'a'; kind_len]);
					let _ = ProofOfAgency::record_receipt(
						RuntimeOrigin::signed(signer(s, agent)),
						agent,
						kind,
						H256::repeat_byte(1),
						H256::repeat_byte(2),
						None,
						None,
					);
				},
				Action::Register { who } => {
					let _ = ProofOfAgency::register_verifier(RuntimeOrigin::signed(ACCOUNTS[who]));
				},
				Action::Deregister { who } => {
					let _ =
						ProofOfAgency::deregister_verifier(RuntimeOrigin::signed(ACCOUNTS[who]));
				},
				Action::Withdraw { who } => {
					let _ =
						ProofOfAgency::withdraw_verifier_bond(RuntimeOrigin::signed(ACCOUNTS[who]));
				},
				Action::Attest { who, receipt, valid } => {
					// Aim mostly at pending receipts, sometimes at finalized or unknown ids.
					let pending: Vec<u64> = Receipts::<Test>::iter_keys().collect();
					let id = match receipt.checked_sub(4) {
						Some(i) if !pending.is_empty() => pending[i as usize % pending.len()],
						_ => receipt % (NextReceiptId::<Test>::get() + 2),
					};
					let before = Receipts::<Test>::get(id);
					let members =
						before.as_ref().and_then(|r| r.committee.clone()).unwrap_or_default();
					// Indices past `ACCOUNTS` pick a member of the receipt's committee.
					let who = match (ACCOUNTS.get(who), members.len()) {
						(Some(account), _) => *account,
						(None, 0) => CHARLIE,
						(None, len) => members[who % len],
					};
					let result = ProofOfAgency::attest(RuntimeOrigin::signed(who), id, valid);
					if result.is_ok() {
						assert!(before.is_some(), "attested a receipt that was not pending");
						assert!(members.contains(&who), "a non-member attested");
					}
				},
				Action::Anchor { agent, leaves } => {
					let _ = ProofOfAgency::anchor(
						RuntimeOrigin::signed(signer(ACCOUNTS.len(), agent)),
						agent,
						H256::repeat_byte(3),
						leaves,
					);
				},
				Action::Advance { blocks } => {
					let target = System::block_number() + blocks;
					run_to_block(target);
				},
			}

			check_invariants();
			assert_eq!(<Balances as Inspect<AccountId>>::total_issuance(), issuance);
			assert_eq!(total_balances(), issuance);

			for (id, crate::ReceiptOutcome { agent, status, .. }) in Outcomes::<Test>::iter() {
				match status {
					ReceiptStatus::Verified => {
						expected.insert(id, (agent, true));
					},
					ReceiptStatus::Rejected => {
						expected.insert(id, (agent, false));
					},
					ReceiptStatus::Expired | ReceiptStatus::Pending => {},
				}
			}
			let mut got: BTreeMap<u64, (u64, bool)> = BTreeMap::new();
			for (agent, id, verified) in reports() {
				assert!(got.insert(id, (agent, verified)).is_none(), "receipt {id} reported twice");
			}
			assert_eq!(got, expected, "reports differ from the finalized outcomes");
		}
	});
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	#[test]
	fn random_receipts_and_attestations(actions in prop::collection::vec(action(), 1..120)) {
		run(actions);
	}
}
