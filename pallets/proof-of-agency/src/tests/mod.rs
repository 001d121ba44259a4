//! Unit tests of the proof-of-agency pallet against the real agent registry. Every
//! `build_and_execute` test ends with the `try_state` of both pallets.

use crate::{
	mock::*, AnchorRecord, Anchors, Attestations, Deadlines, Error, Event, HoldReason, KindOf,
	NextAnchorId, NextReceiptId, OutcomeCursor, Outcomes, PendingPerAgent, ReceiptContext,
	ReceiptInspect, ReceiptOutcome, ReceiptStatus, Receipts, Undrawn, UndrawnReceipt, Verifier,
	VerifierCount, VerifierSlots, Verifiers, MAX_DEADLINE_SCAN, MAX_PROOF_LEN,
};
use polkadot_sdk::{
	binary_merkle_tree::{merkle_proof, merkle_root},
	frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::InspectHold, Hooks},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{
		traits::{BadOrigin, BlakeTwo256},
		DispatchResult,
	},
};

mod anchors;
mod attestation;
mod committee;
mod expiry;
mod invariants;
mod migrations;
mod outcomes;
mod receipts;
mod verifiers;

const INPUT: H256 = H256::repeat_byte(1);
const OUTPUT: H256 = H256::repeat_byte(2);

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn kind(k: &[u8]) -> KindOf<Test> {
	BoundedVec::truncate_from(k.to_vec())
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::ProofOfAgency(reason),
		&who,
	)
}

fn verifier_held(who: AccountId) -> Balance {
	held(HoldReason::VerifierBond, who)
}

/// `record_receipt` of a `b"k"` action of `agent` by `signer`, without context.
fn try_record(signer: AccountId, agent: u64) -> DispatchResult {
	ProofOfAgency::record_receipt(signed(signer), agent, kind(b"k"), INPUT, OUTPUT, None, None)
}

fn record(signer: AccountId, agent: u64) -> u64 {
	let id = NextReceiptId::<Test>::get();
	assert_ok!(ProofOfAgency::record_receipt(
		signed(signer),
		agent,
		kind(b"llm.call"),
		INPUT,
		OUTPUT,
		None,
		None
	));
	id
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn has_event(e: Event<Test>) -> bool {
	System::events()
		.iter()
		.any(|r| r.event == RuntimeEvent::ProofOfAgency(e.clone()))
}

/// Agent 0 of ALICE (key `KEY_A`); verifiers BOB, CHARLIE and DAVE, a full committee.
fn setup() -> u64 {
	let agent = register(ALICE, KEY_A);
	for v in [BOB, CHARLIE, DAVE] {
		assert_ok!(ProofOfAgency::register_verifier(signed(v)));
	}
	agent
}

/// Records a receipt of `agent` signed by `signer` and moves to the next block, which draws its
/// committee.
fn record_drawn(signer: AccountId, agent: u64) -> u64 {
	let id = record(signer, agent);
	next_block();
	id
}

/// The committee of receipt `id`, sorted.
fn committee_of(id: u64) -> Vec<AccountId> {
	let mut members = Receipts::<Test>::get(id).and_then(|r| r.committee).unwrap().into_inner();
	members.sort();
	members
}
