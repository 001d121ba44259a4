//! `Escrow`: a malformed `open`, calls by the wrong party, calls on escrows in the wrong state,
//! and deadlines relative to the block the case runs in.

use super::{
	calls::{acc, none, num, raw_tx, some, tx, unit, Tx},
	chain::Chain,
	setup::{Actors, Fixture},
	table::{
		Category::{Malformed, WrongOrigin, WrongState},
		Table,
	},
	UNKNOWN,
};
use chaoscore_harness::{keys::id_of, Result, UNIT};
use codec::Encode;
use subxt::{dynamic::Value, utils::AccountId32};

/// `Escrow::open` for `provider` with job spec `[spec; 32]`.
pub(super) fn open(
	provider: u64,
	amount: u128,
	evaluator: Option<(&AccountId32, u128)>,
	deadline: u64,
	spec: u8,
) -> Tx {
	let evaluator = evaluator
		.map_or_else(none, |(who, fee)| some(Value::unnamed_composite([acc(who), num(fee)])));
	tx(
		"Escrow",
		"open",
		vec![num(provider), num(amount), evaluator, num(deadline), Value::from_bytes([spec; 32])],
	)
}

/// `Escrow::<name>(id)`.
pub(super) fn escrow_call(name: &str, id: u64) -> Tx {
	tx("Escrow", name, vec![num(id)])
}

/// `Escrow::submit(id, deliverable)`.
pub(super) fn submit(id: u64, deliverable: Value) -> Tx {
	tx("Escrow", "submit", vec![num(id), deliverable])
}

/// `Escrow::dispute(id)` for a bad deliverable.
pub(super) fn dispute(id: u64) -> Tx {
	tx("Escrow", "dispute", vec![num(id), Value::from_bytes([3u8; 32]), unit("BadDeliverable")])
}

/// A deliverable that is only a hash.
pub(super) fn hash_deliverable() -> Value {
	Value::unnamed_variant("Hash", [Value::from_bytes([9u8; 32])])
}

/// The escrow cases.
pub(super) fn cases(table: &mut Table, chain: &Chain, fixture: &Fixture) -> Result {
	malformed(table, fixture);
	wrong_origins(table, fixture);
	wrong_states(table, chain, fixture)?;
	deadlines(table, chain, fixture)
}

/// An `Option` tag of 2 where the evaluator goes.
fn malformed(table: &mut Table, fixture: &Fixture) {
	let bytes = (fixture.agents.active, UNIT, 2u8).encode();
	let call = raw_tx("Escrow", "open", bytes);
	table.refused(Malformed, "escrow open: Option tag 2", call, &fixture.actors.client);
}

/// Calls by someone who is not the party the call is for.
fn wrong_origins(table: &mut Table, fixture: &Fixture) {
	let Actors { owner, client, stranger, keys, .. } = &fixture.actors;
	let (active, accepted) = (fixture.agents.active, fixture.escrows.accepted);
	let open_for_active = || open(active, UNIT, None, fixture.far, 8);
	let rows = [
		("NotProvider", "submit by a stranger", submit(accepted, hash_deliverable()), stranger),
		("NotAuthorized", "release by a stranger", escrow_call("release", accepted), stranger),
		(
			"NotAuthorized",
			"release by the provider",
			escrow_call("release", accepted),
			&keys.active,
		),
		("DeadlineNotReached", "refund by a stranger", escrow_call("refund", accepted), stranger),
		("NotClient", "dispute by a stranger", dispute(accepted), stranger),
		("NotProvider", "accept by a stranger", escrow_call("accept", accepted), stranger),
		("NotProvider", "accept by the client", escrow_call("accept", accepted), client),
		("SelfDealing", "open by the provider's owner", open_for_active(), owner),
		("SelfDealing", "open by the provider's key", open_for_active(), &keys.active),
	];
	table.group(WrongOrigin, "Escrow", rows);
}

/// Opens for ineligible providers, amounts or evaluators, too-poor clients; submissions,
/// releases, refunds, disputes and claims of unknown, settled, disputed, submitted or late
/// escrows.
fn wrong_states(table: &mut Table, chain: &Chain, fixture: &Fixture) -> Result {
	let Actors { owner, client, stranger, evaluator, poor, keys, .. } = &fixture.actors;
	let (agents, escrows, receipts) = (&fixture.agents, &fixture.escrows, &fixture.receipts);
	let min_escrow: u128 = chain.constant("Escrow", "MinEscrowAmount")?;
	let (client_id, owner_id, stranger_id) = (id_of(client), id_of(owner), id_of(stranger));
	let far = fixture.far;
	let open_for = |provider: u64, amount: u128| open(provider, amount, None, far, 8);
	let with_evaluator = |evaluator: &AccountId32, fee: u128| {
		open(agents.active, UNIT, Some((evaluator, fee)), far, 8)
	};
	let deliver =
		|receipt: u64| submit(escrows.accepted, Value::unnamed_variant("Receipt", [num(receipt)]));
	let dust = chain.existential_deposit - 1;
	let agent_key = &keys.active;
	let rows = [
		("UnknownProvider", "open for an unknown provider", open_for(UNKNOWN, UNIT), client),
		(
			"ProviderNotEligible",
			"open for a jailed provider",
			open_for(agents.jailed, UNIT),
			client,
		),
		(
			"ProviderNotEligible",
			"open for an unbonding provider",
			open_for(agents.unbonding, UNIT),
			client,
		),
		(
			"ProviderNotEligible",
			"open for an underbonded provider",
			open_for(agents.underbonded, UNIT),
			client,
		),
		(
			"AmountTooLow",
			"open one planck below the minimum",
			open_for(agents.active, min_escrow - 1),
			client,
		),
		(
			"InvalidEvaluator",
			"open with the client as evaluator",
			with_evaluator(&client_id, UNIT),
			client,
		),
		(
			"InvalidEvaluator",
			"open with the owner as evaluator",
			with_evaluator(&owner_id, UNIT),
			client,
		),
		(
			"EvaluatorFeeBelowMinimum",
			"open with a dust fee",
			with_evaluator(&stranger_id, dust),
			client,
		),
		(
			"InsufficientBalance",
			"open without the funds",
			open_for(agents.active, 1_000 * UNIT),
			poor,
		),
		(
			"UnknownEscrow",
			"submit to an unknown escrow",
			submit(UNKNOWN, hash_deliverable()),
			agent_key,
		),
		(
			"Disputed",
			"submit to a disputed escrow",
			submit(escrows.disputed, hash_deliverable()),
			agent_key,
		),
		("WrongState", "submit twice", submit(escrows.submitted, hash_deliverable()), agent_key),
		(
			"DeadlinePassed",
			"submit after the deadline",
			submit(escrows.late, hash_deliverable()),
			agent_key,
		),
		("UnknownReceipt", "submit an unknown receipt", deliver(UNKNOWN), agent_key),
		(
			"ReceiptOfAnotherAgent",
			"submit another's receipt",
			deliver(receipts.of_challenged),
			agent_key,
		),
		("ReceiptNotValid", "submit a rejected receipt", deliver(receipts.rejected), agent_key),
		("UnknownEscrow", "release an unknown escrow", escrow_call("release", UNKNOWN), client),
		("UnknownEscrow", "release twice", escrow_call("release", escrows.released), client),
		("Disputed", "release a disputed escrow", escrow_call("release", escrows.disputed), client),
		(
			"WrongState",
			"evaluator releases too early",
			escrow_call("release", escrows.accepted),
			evaluator,
		),
		(
			"DeadlineNotReached",
			"refund before the deadline",
			escrow_call("refund", escrows.accepted),
			client,
		),
		("WrongState", "refund after submission", escrow_call("refund", escrows.submitted), client),
		("Disputed", "refund a disputed escrow", escrow_call("refund", escrows.disputed), client),
		("UnknownEscrow", "refund an unknown escrow", escrow_call("refund", UNKNOWN), client),
		(
			"UnknownEscrow",
			"refund a settled escrow",
			escrow_call("refund", escrows.released),
			client,
		),
		("AlreadyDisputed", "dispute twice", dispute(escrows.disputed), client),
		("UnknownEscrow", "dispute an unknown escrow", dispute(UNKNOWN), client),
		("UnknownEscrow", "dispute a settled escrow", dispute(escrows.released), client),
		(
			"WrongState",
			"claim before submission",
			escrow_call("claim", escrows.accepted),
			agent_key,
		),
		("WrongState", "accept twice", escrow_call("accept", escrows.accepted), agent_key),
		(
			"WrongState",
			"accept a submitted escrow",
			escrow_call("accept", escrows.submitted),
			agent_key,
		),
		(
			"DeadlinePassed",
			"accept after the deadline",
			escrow_call("accept", escrows.late),
			agent_key,
		),
		("WrongState", "dispute an offer never accepted", dispute(escrows.late), client),
		(
			"ReviewPeriodNotOver",
			"claim during the review period",
			escrow_call("claim", escrows.submitted),
			agent_key,
		),
		("Disputed", "claim a disputed escrow", escrow_call("claim", escrows.disputed), agent_key),
		("UnknownEscrow", "claim an unknown escrow", escrow_call("claim", UNKNOWN), agent_key),
		(
			"UnknownEscrow",
			"claim a settled escrow",
			escrow_call("claim", escrows.released),
			agent_key,
		),
	];
	table.group(WrongState, "Escrow", rows);
	Ok(())
}

/// Deadlines relative to the block the case runs in: now, and one block past the longest.
fn deadlines(table: &mut Table, chain: &Chain, fixture: &Fixture) -> Result {
	let (active, client) = (fixture.agents.active, &fixture.actors.client);
	let max_deadline: u32 = chain.constant("Escrow", "MaxDeadline")?;
	let invalid = "Escrow::InvalidDeadline";
	let now = open(active, UNIT, None, table.now(), 8);
	table.fails(WrongState, "open with a deadline of now", now, client, invalid);
	let too_far = open(active, UNIT, None, table.now() + u64::from(max_deadline) + 1, 8);
	table.fails(WrongState, "open one block past the longest deadline", too_far, client, invalid);
	Ok(())
}
