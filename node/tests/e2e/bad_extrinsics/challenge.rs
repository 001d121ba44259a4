//! `Challenge`: a malformed target, challenges by the wrong party or on targets in the wrong
//! state, and Root's rulings on challenges that are not open.

use super::{
	calls::{none, num, raw_tx, tx, unit, Tx},
	setup::{Actors, Fixture},
	table::{
		Category::{Malformed, WrongOrigin, WrongState},
		Table,
	},
	UNKNOWN,
};
use chaoscore_harness::call;
use codec::Encode;
use subxt::dynamic::Value;

/// `Challenge::open` of `target` (`Agent` or `Escrow`) `id`, for misconduct.
pub(super) fn open(target: &str, id: u64) -> Tx {
	tx(
		"Challenge",
		"open",
		vec![
			Value::unnamed_variant(target, [num(id)]),
			Value::from_bytes([4u8; 32]),
			unit("Misconduct"),
		],
	)
}

/// The runtime call `Challenge::resolve(id, ruling)` (the arbiter's: governance).
pub(super) fn resolve(id: u64, ruling: Value) -> Value {
	call("Challenge", "resolve", vec![("id", num(id)), ("ruling", ruling)])
}

/// The challenge cases.
pub(super) fn cases(table: &mut Table, fixture: &Fixture) {
	let Actors { owner, client, stranger, poor, keys, .. } = &fixture.actors;
	let (agents, escrows, challenges) = (&fixture.agents, &fixture.escrows, &fixture.challenges);

	let unknown_target = raw_tx("Challenge", "open", (2u8, agents.active).encode());
	table.refused(Malformed, "challenge: unknown target", unknown_target, stranger);

	let rows = [
		("NotClient", "challenge another's escrow", open("Escrow", escrows.accepted), stranger),
		("ChallengerIsOwner", "challenge one's own agent", open("Agent", agents.active), owner),
		(
			"ChallengerIsAgentKey",
			"challenge one's own agent by its key",
			open("Agent", agents.active),
			&keys.active,
		),
	];
	table.group(WrongOrigin, "Challenge", rows);

	let unknown = "Challenge::UnknownChallenge";
	let rejected = unit("Rejected");
	table.root_fails("resolve an unknown challenge", resolve(UNKNOWN, rejected), unknown);
	let upheld_without_penalty =
		Value::named_variant("Upheld", [("slash", none()), ("jail_until", none())]);
	let resolved = resolve(challenges.resolved, upheld_without_penalty);
	table.root_fails("resolve a resolved challenge", resolved, unknown);

	let rows = [
		("UnknownAgent", "challenge an unknown agent", open("Agent", UNKNOWN), stranger),
		("UnknownEscrow", "challenge an unknown escrow", open("Escrow", UNKNOWN), client),
		("UnknownEscrow", "challenge a settled escrow", open("Escrow", escrows.released), client),
		(
			"AlreadyChallenging",
			"challenge an agent twice",
			open("Agent", agents.challenged),
			stranger,
		),
		(
			"TargetAlreadyChallenged",
			"challenge a disputed escrow",
			open("Escrow", escrows.disputed),
			client,
		),
		("InsufficientBalance", "challenge without the bond", open("Agent", agents.active), poor),
		// The challenge pallet freezes the escrow before it fails to hold the bond.
		(
			"InsufficientBalance",
			"dispute without the challenge bond",
			super::escrow::dispute(escrows.poor),
			poor,
		),
	];
	table.group(WrongState, "Challenge", rows);
}
