//! Governance and the penalties it imposes — `Slashing`, `Sudo`, `Council`, `Parameters`: a
//! malformed slash, governance calls signed by accounts (members or not), council calls by
//! non-members or on motions that do not exist, and Root's penalties on bad targets.

use super::{
	calls::{acc, none, num, signed, some, tx, unit, Tx},
	chain::Chain,
	challenge,
	setup::{Actors, Fixture},
	table::{
		Category::{Malformed, WrongOrigin, WrongState},
		Table,
	},
	UNKNOWN,
};
use chaoscore_harness::{call, keys::id_of, Result, UNIT};
use subxt::dynamic::Value;

/// `Sudo::sudo(inner)`.
pub(super) fn sudo(inner: Value) -> Tx {
	tx("Sudo", "sudo", vec![inner])
}

/// The runtime call `Slashing::slash` of `amount` of agent `id`'s bond, by governance.
pub(super) fn slash(id: u64, amount: Value) -> Value {
	call(
		"Slashing",
		"slash",
		vec![
			("id", num(id)),
			("amount", amount),
			("reason", unit("Governance")),
			("evidence", none()),
		],
	)
}

/// The runtime call `Slashing::jail(id, until)`.
pub(super) fn jail(id: u64, until: u64) -> Value {
	call("Slashing", "jail", vec![("id", num(id)), ("until", num(until))])
}

/// The runtime call `Slashing::unjail(id)`.
fn unjail(id: u64) -> Value {
	call("Slashing", "unjail", vec![("id", num(id))])
}

/// A slash of an absolute amount.
fn absolute(amount: u128) -> Value {
	Value::unnamed_variant("Absolute", [num(amount)])
}

/// A proposal hash no motion has.
fn zero_hash() -> Value {
	Value::from_bytes([0u8; 32])
}

/// `Council::<name>(hash)` of a motion that does not exist.
fn council(name: &str) -> Tx {
	tx("Council", name, vec![zero_hash()])
}

/// `Council::vote` on a motion that does not exist.
fn council_vote() -> Tx {
	tx("Council", "vote", vec![zero_hash(), num(0u32), Value::bool(true)])
}

/// `Council::close` of a motion that does not exist.
fn council_close() -> Tx {
	let weight = Value::named_composite([
		("ref_time", num(1_000_000_000u64)),
		("proof_size", num(10_000u64)),
	]);
	tx("Council", "close", vec![zero_hash(), num(0u32), weight, num(10_000u32)])
}

/// `Parameters::set_parameter`: the liveness window becomes 1,200 blocks.
fn set_liveness_window() -> Tx {
	tx(
		"Parameters",
		"set_parameter",
		vec![Value::unnamed_variant(
			"Agents",
			[Value::unnamed_variant(
				"LivenessWindow",
				[Value::unnamed_composite([]), some(num(1_200u32))],
			)],
		)],
	)
}

/// The governance cases.
pub(super) fn cases(table: &mut Table, chain: &Chain, fixture: &Fixture) -> Result {
	malformed(table, fixture);
	wrong_origins(table, fixture);
	governance_calls_by_accounts(table, fixture);
	wrong_states(table, fixture);
	root_on_bad_targets(table, chain, fixture)
}

/// A `Perbill` above 100%.
fn malformed(table: &mut Table, fixture: &Fixture) {
	let over_100 = Value::unnamed_variant("FractionOfBond", [num(1_000_000_001u32)]);
	let call = signed(slash(fixture.agents.active, over_100));
	table.refused(Malformed, "slash: Perbill over 100%", call, &fixture.actors.stranger);
}

/// Unjail, sudo and council calls by a stranger.
fn wrong_origins(table: &mut Table, fixture: &Fixture) {
	let stranger = &fixture.actors.stranger;
	let (active, far) = (fixture.agents.active, fixture.far);
	let propose = tx("Council", "propose", vec![num(2u32), jail(active, far), num(10_000u32)]);
	let members = vec![Value::unnamed_composite([acc(&id_of(stranger))]), none(), num(3u32)];
	let set_members = tx("Council", "set_members", members);
	let rows = [
		(
			"Slashing::NotOwner",
			"unjail by a stranger",
			signed(unjail(fixture.agents.jailed)),
			stranger,
		),
		("Sudo::RequireSudo", "sudo by a non-sudo key", sudo(jail(active, far)), stranger),
		("Council::NotMember", "council propose by a non-member", propose, stranger),
		("Council::NotMember", "council vote by a non-member", council_vote(), stranger),
		("BadOrigin", "council set_members by a stranger", set_members, stranger),
	];
	table.group(WrongOrigin, "", rows);
}

/// Governance calls (Root or half the council) signed by an account: a stranger, an agent's
/// owner, a councillor.
fn governance_calls_by_accounts(table: &mut Table, fixture: &Fixture) {
	let Actors { stranger, owner, councillor, .. } = &fixture.actors;
	let (active, far) = (fixture.agents.active, fixture.far);
	let governance = || {
		[
			("slash", signed(slash(active, absolute(UNIT)))),
			("jail", signed(jail(active, far))),
			("resolve", signed(challenge::resolve(fixture.challenges.open, unit("Rejected")))),
			("set_parameter", set_liveness_window()),
			("council disapprove_proposal", council("disapprove_proposal")),
			("council kill", council("kill")),
		]
	};
	for (who, signer) in
		[("a stranger", stranger), ("the owner", owner), ("a councillor", councillor)]
	{
		for (what, call) in governance() {
			table.fails(WrongOrigin, format!("{what} by {who}"), call, signer, "BadOrigin");
		}
	}
}

/// Unjailing by the owner before the term or of agents not jailed; council calls on motions
/// that do not exist.
fn wrong_states(table: &mut Table, fixture: &Fixture) {
	let Actors { owner, councillor, .. } = &fixture.actors;
	let (active, jailed) = (fixture.agents.active, fixture.agents.jailed);
	let rows = [
		("Slashing::JailTermNotOver", "unjail before the term", signed(unjail(jailed)), owner),
		("Slashing::NotJailed", "unjail an agent not jailed", signed(unjail(active)), owner),
		("Slashing::UnknownAgent", "unjail an unknown agent", signed(unjail(UNKNOWN)), owner),
		("Council::ProposalMissing", "council close of no motion", council_close(), councillor),
		("Council::ProposalMissing", "council vote on no motion", council_vote(), councillor),
	];
	table.group(WrongState, "", rows);
}

/// Root's penalties on bad targets, with jail terms relative to the block the case runs in.
fn root_on_bad_targets(table: &mut Table, chain: &Chain, fixture: &Fixture) -> Result {
	let (active, far) = (fixture.agents.active, fixture.far);
	let max_jail: u32 = chain.constant("Slashing", "MaxJailPeriod")?;
	table.root_fails("unjail an agent not jailed", unjail(active), "Slashing::NotJailed");
	table.root_fails("slash no agent", slash(UNKNOWN, absolute(UNIT)), "Slashing::UnknownAgent");
	table.root_fails("slash nothing", slash(active, absolute(0)), "Slashing::NothingToSlash");
	table.root_fails("jail an unknown agent", jail(UNKNOWN, far), "Slashing::UnknownAgent");
	table.root_fails("jail until now", jail(active, table.now()), "Slashing::JailInPast");
	let too_long = table.now() + u64::from(max_jail) + 1;
	table.root_fails("jail one block too long", jail(active, too_long), "Slashing::JailTooLong");
	Ok(())
}
