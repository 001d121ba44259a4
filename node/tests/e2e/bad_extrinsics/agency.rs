//! `ProofOfAgency`: an oversized receipt kind, a malformed attestation, receipts and anchors by
//! someone other than the agent, attestations by non-verifiers, and calls on agents and
//! receipts in the wrong state.

use super::{
	calls::{none, num, raw_tx, tx, Tx},
	setup::{Actors, Fixture},
	table::{
		Category::{Malformed, Oversized, WrongOrigin, WrongState},
		Table,
	},
	UNKNOWN,
};
use codec::Encode;
use subxt::dynamic::Value;

/// `ProofOfAgency::record_receipt` of an action of `kind` by `agent`.
pub(super) fn record_receipt(agent: u64, kind: &[u8]) -> Tx {
	tx(
		"ProofOfAgency",
		"record_receipt",
		vec![
			num(agent),
			Value::from_bytes(kind),
			Value::from_bytes([1u8; 32]),
			Value::from_bytes([2u8; 32]),
			none(),
			none(),
		],
	)
}

/// `ProofOfAgency::attest(receipt, valid)`.
pub(super) fn attest(receipt: u64, valid: bool) -> Tx {
	tx("ProofOfAgency", "attest", vec![num(receipt), Value::bool(valid)])
}

/// `ProofOfAgency::anchor` of a batch of `leaves` actions of `agent`.
fn anchor(agent: u64, leaves: u32) -> Tx {
	tx("ProofOfAgency", "anchor", vec![num(agent), Value::from_bytes([5u8; 32]), num(leaves)])
}

/// `ProofOfAgency::<name>()` (`register_verifier`, `deregister_verifier`,
/// `withdraw_verifier_bond`).
pub(super) fn verifier_call(name: &str) -> Tx {
	tx("ProofOfAgency", name, vec![])
}

/// The proof-of-agency cases.
pub(super) fn cases(table: &mut Table, fixture: &Fixture) {
	let Actors { owner, stranger, poor, verifier, keys, .. } = &fixture.actors;
	let (agents, receipts) = (&fixture.agents, &fixture.receipts);
	let active = agents.active;

	let long_kind = vec![b'k'; fixture.bounds.kind_len + 1];
	table.refused(
		Oversized,
		"record_receipt: kind",
		record_receipt(active, &long_kind),
		&keys.active,
	);

	let bool_2 = raw_tx("ProofOfAgency", "attest", (receipts.pending, 2u8).encode());
	table.refused(Malformed, "attest: bool 2", bool_2, verifier);

	let rows = [
		(
			"NotAgentController",
			"record_receipt by a stranger",
			record_receipt(active, b"x"),
			stranger,
		),
		("NotAgentController", "anchor by a stranger", anchor(active, 1), stranger),
		("NotVerifier", "attest by a non-verifier", attest(receipts.pending, true), stranger),
		(
			"NotInCommittee",
			"attest by the agent's owner (never drawn for its agent)",
			attest(receipts.pending, true),
			owner,
		),
		(
			"NotVerifier",
			"deregister_verifier by a non-verifier",
			verifier_call("deregister_verifier"),
			stranger,
		),
		(
			"NotVerifier",
			"withdraw_verifier_bond by a non-verifier",
			verifier_call("withdraw_verifier_bond"),
			stranger,
		),
	];
	table.group(WrongOrigin, "ProofOfAgency", rows);

	let (jailed, unbonding) = (agents.jailed, agents.unbonding);
	let rows = [
		(
			"UnknownAgent",
			"record_receipt for an unknown agent",
			record_receipt(UNKNOWN, b"x"),
			&keys.active,
		),
		(
			"AgentJailed",
			"record_receipt for a jailed agent",
			record_receipt(jailed, b"x"),
			&keys.jailed,
		),
		(
			"AgentUnbonding",
			"record_receipt for an unbonding agent",
			record_receipt(unbonding, b"x"),
			&keys.unbonding,
		),
		(
			"AgentUnderbonded",
			"record_receipt for an underbonded agent",
			record_receipt(agents.underbonded, b"x"),
			poor,
		),
		(
			"EmptyKind",
			"record_receipt with an empty kind",
			record_receipt(active, b""),
			&keys.active,
		),
		("EmptyBatch", "anchor an empty batch", anchor(active, 0), &keys.active),
		("UnknownAgent", "anchor for an unknown agent", anchor(UNKNOWN, 1), &keys.active),
		("AgentJailed", "anchor for a jailed agent", anchor(jailed, 1), &keys.jailed),
		("AgentUnbonding", "anchor for an unbonding agent", anchor(unbonding, 1), &keys.unbonding),
		(
			"AlreadyVerifier",
			"register_verifier twice",
			verifier_call("register_verifier"),
			verifier,
		),
		(
			"InsufficientBalance",
			"register_verifier, too poor",
			verifier_call("register_verifier"),
			poor,
		),
		("UnknownReceipt", "attest an unknown receipt", attest(UNKNOWN, true), verifier),
		(
			"ReceiptFinalized",
			"attest a finalized receipt",
			attest(receipts.rejected, true),
			verifier,
		),
		("AlreadyAttested", "attest twice", attest(receipts.attested_once, true), verifier),
		(
			"VerifierNotUnbonding",
			"withdraw_verifier_bond while in the draw",
			verifier_call("withdraw_verifier_bond"),
			verifier,
		),
	];
	table.group(WrongState, "ProofOfAgency", rows);
}
