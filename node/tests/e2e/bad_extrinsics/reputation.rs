//! `Reputation`: feedback without the right to give it.

use super::{
	calls::{num, tx, Tx},
	setup::Fixture,
	table::{
		Category::{WrongOrigin, WrongState},
		Table,
	},
	UNKNOWN,
};
use subxt::dynamic::Value;

/// `Reputation::give_feedback` (positive) on escrow `escrow`.
fn feedback(escrow: u64) -> Tx {
	tx("Reputation", "give_feedback", vec![num(escrow), Value::bool(true)])
}

/// The reputation cases.
pub(super) fn cases(table: &mut Table, fixture: &Fixture) {
	let (client, stranger) = (&fixture.actors.client, &fixture.actors.stranger);
	let escrows = &fixture.escrows;
	let rows = [("NotClient", "feedback by a non-client", feedback(escrows.released), stranger)];
	table.group(WrongOrigin, "Reputation", rows);
	let rows = [
		("NoFeedbackRight", "feedback without a right", feedback(UNKNOWN), client),
		("NoFeedbackRight", "feedback on an unsettled escrow", feedback(escrows.accepted), client),
	];
	table.group(WrongState, "Reputation", rows);
}
