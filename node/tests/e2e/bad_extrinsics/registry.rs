//! `AgentRegistry`: oversized and malformed registrations, invalid metadata, calls by the wrong
//! key, and calls on agents in the wrong state.

use super::{
	calls::{acc, num, raw_tx, tx, Tx},
	chain::Chain,
	metadata::{Meta, ENDPOINT_KINDS},
	setup::{Actors, Fixture},
	table::{
		Category::{InvalidMetadata, Malformed, Oversized, WrongOrigin, WrongState},
		Table,
	},
	UNKNOWN,
};
use chaoscore_harness::{
	consent::{message, Consent},
	keys::id_of,
	Result,
};
use codec::Encode;
use subxt::utils::AccountId32;
use subxt_signer::sr25519::Keypair;

/// `AgentRegistry::<name>(id)`.
pub(super) fn agent_call(name: &str, id: u64) -> Tx {
	tx("AgentRegistry", name, vec![num(id)])
}

/// `AgentRegistry::heartbeat(id)`.
fn heartbeat(id: u64) -> Tx {
	agent_call("heartbeat", id)
}

/// `AgentRegistry::rotate_owner(id, to)`.
pub(super) fn rotate_owner(id: u64, to: &AccountId32) -> Tx {
	tx("AgentRegistry", "rotate_owner", vec![num(id), acc(to)])
}

/// `AgentRegistry::rotate_agent_key(id, to, consent)`.
fn rotate_key(id: u64, to: &AccountId32, consent: &Consent) -> Tx {
	tx("AgentRegistry", "rotate_agent_key", vec![num(id), acc(to), consent.value()])
}

/// The registry's cases.
pub(super) fn cases(table: &mut Table, chain: &Chain, fixture: &Fixture) -> Result {
	oversized(table, fixture);
	malformed(table, chain, fixture)?;
	invalid_metadata(table, fixture);
	wrong_origins(table, fixture);
	wrong_states(table, fixture);
	Ok(())
}

/// Each bounded field of `register` and `update` one element or byte over its bound.
fn oversized(table: &mut Table, fixture: &Fixture) {
	let (owner, fresh) = (&fixture.actors.owner, &fixture.actors.fresh_key);
	let (fresh_key, consent) = (id_of(fresh), fixture.consent(owner, None, fresh));
	for (field, meta) in Meta::oversized(&fixture.bounds) {
		let register = meta.register(&fresh_key, &consent);
		table.refused(Oversized, format!("register: {field}"), register, owner);
		table.refused(
			Oversized,
			format!("update: {field}"),
			meta.update(fixture.agents.active),
			owner,
		);
	}
}

/// Malformed call bytes (the hand-built `register` arguments are subxt's when well-formed).
fn malformed(table: &mut Table, chain: &Chain, fixture: &Fixture) -> Result {
	let Actors { owner, keys, fresh_key: fresh, .. } = &fixture.actors;
	let (fresh_key, consent) = (id_of(fresh), fixture.consent(owner, None, fresh));
	let valid = Meta::valid();
	let good = valid.register_bytes(&fresh_key, &consent);
	assert_eq!(chain.at.tx().call_data(&valid.register(&fresh_key, &consent))?[2..], good[..]);
	let mut unknown_kind = valid.clone();
	unknown_kind.endpoints[0].0 = ENDPOINT_KINDS.len() as u8;
	let register = |bytes| raw_tx("AgentRegistry", "register", bytes);
	let short_id = (fixture.agents.active as u32).encode();
	for (what, call, signer) in [
		(
			"register: unknown endpoint kind",
			register(unknown_kind.register_bytes(&fresh_key, &consent)),
			owner,
		),
		("register: trailing byte", register([&good[..], &[0]].concat()), owner),
		("register: truncated", register(good[..good.len() - 1].to_vec()), owner),
		("heartbeat: 4-byte id", raw_tx("AgentRegistry", "heartbeat", short_id), &keys.active),
	] {
		table.refused(Malformed, what, call, signer);
	}
	Ok(())
}

/// Metadata that decodes but is invalid.
fn invalid_metadata(table: &mut Table, fixture: &Fixture) {
	let (owner, fresh) = (&fixture.actors.owner, &fixture.actors.fresh_key);
	let (fresh_key, consent) = (id_of(fresh), fixture.consent(owner, None, fresh));
	let active = fixture.agents.active;
	let (empty_name, wrong_hash) = (Meta::empty_name(), Meta::wrong_hash());
	let rows = [
		("EmptyName", "register: empty name", empty_name.register(&fresh_key, &consent), owner),
		(
			"DocumentHashMismatch",
			"register: hash mismatch",
			wrong_hash.register(&fresh_key, &consent),
			owner,
		),
		("EmptyName", "update: empty name", empty_name.update(active), owner),
		("DocumentHashMismatch", "update: hash mismatch", wrong_hash.update(active), owner),
	];
	table.group(InvalidMetadata, "AgentRegistry", rows);
}

/// Agent-key and owner calls signed by someone else.
fn wrong_origins(table: &mut Table, fixture: &Fixture) {
	let Actors { owner, stranger, keys, fresh_key: fresh, .. } = &fixture.actors;
	let (active, unbonding, underbonded) =
		(fixture.agents.active, fixture.agents.unbonding, fixture.agents.underbonded);
	let (fresh_key, stranger_id) = (id_of(fresh), id_of(stranger));
	let valid = Meta::valid();
	let rotation = fixture.consent(owner, Some(active), fresh);
	// Consents the key never gave: signed by the owner, or given to another owner.
	let signed_by_owner = fixture.forged(owner, None, &fresh_key, owner);
	let owners_consent = fixture.consent(owner, None, fresh);
	let rotation_by_owner = fixture.forged(owner, Some(active), &fresh_key, owner);
	let rows = [
		("NotAgentKey", "heartbeat by the owner", heartbeat(active), owner),
		("NotAgentKey", "heartbeat by a stranger", heartbeat(active), stranger),
		("NotAgentKey", "heartbeat by another agent's key", heartbeat(active), &keys.jailed),
		("NotOwner", "update by the agent key", valid.update(active), &keys.active),
		("NotOwner", "update by a stranger", valid.update(active), stranger),
		("NotOwner", "deregister by the agent key", agent_call("deregister", active), &keys.active),
		("NotOwner", "deregister by a stranger", agent_call("deregister", active), stranger),
		(
			"NotOwner",
			"withdraw_bond by a stranger",
			agent_call("withdraw_bond", unbonding),
			stranger,
		),
		("NotOwner", "rotate_owner by a stranger", rotate_owner(active, &stranger_id), stranger),
		(
			"NotOwner",
			"rotate_agent_key by the key",
			rotate_key(active, &fresh_key, &rotation),
			&keys.active,
		),
		(
			"NotOwner",
			"rotate_agent_key by a stranger",
			rotate_key(active, &fresh_key, &rotation),
			stranger,
		),
		(
			"BadKeyConsent",
			"register on a consent the owner signed",
			valid.register(&fresh_key, &signed_by_owner),
			owner,
		),
		(
			"BadKeyConsent",
			"register on another owner's consent",
			valid.register(&fresh_key, &owners_consent),
			stranger,
		),
		(
			"BadKeyConsent",
			"rotate_agent_key on a consent the owner signed",
			rotate_key(active, &fresh_key, &rotation_by_owner),
			owner,
		),
		("NotOwner", "top_up_bond by a stranger", agent_call("top_up_bond", underbonded), stranger),
	];
	table.group(WrongOrigin, "AgentRegistry", rows);
}

/// Calls on unknown, jailed, unbonding, challenged or full-bond agents, keys in use, full owner
/// lists, too-poor signers.
fn wrong_states(table: &mut Table, fixture: &Fixture) {
	let Actors { owner, client, poor, crowded, nobody, keys, fresh_key: fresh, .. } =
		&fixture.actors;
	let agents = &fixture.agents;
	let (active, jailed, unbonding, challenged) =
		(agents.active, agents.jailed, agents.unbonding, agents.challenged);
	let (fresh_key, owner_id, client_id) = (id_of(fresh), id_of(owner), id_of(client));
	let (crowded_id, nobody_id) = (id_of(crowded), id_of(nobody));
	let valid = Meta::valid();
	let register = |owner: &Keypair, key: &Keypair| {
		valid.register(&id_of(key), &fixture.consent(owner, None, key))
	};
	let expired = {
		let message = message(fixture.genesis, &owner_id, None, &fresh_key, 0);
		valid.register(&fresh_key, &Consent::sign(fresh, &message, 0))
	};
	let (withdraw, top_up) = ("withdraw_bond", "top_up_bond");
	let rows = [
		("AgentKeyInUse", "register with a key in use", register(owner, &keys.active), owner),
		("KeyConsentExpired", "register on an expired consent", expired, owner),
		(
			"TooManyAgents",
			"register beyond the agents per owner",
			register(crowded, fresh),
			crowded,
		),
		("InsufficientBalance", "register without the bond", register(poor, fresh), poor),
		("UnknownAgent", "update an unknown agent", valid.update(UNKNOWN), owner),
		("AgentJailed", "update a jailed agent", valid.update(jailed), owner),
		("AgentUnbonding", "update an unbonding agent", valid.update(unbonding), owner),
		("UnknownAgent", "heartbeat of an unknown agent", heartbeat(UNKNOWN), &keys.active),
		("AgentJailed", "heartbeat of a jailed agent", heartbeat(jailed), &keys.jailed),
		(
			"AgentUnbonding",
			"heartbeat of a deregistered agent",
			heartbeat(unbonding),
			&keys.unbonding,
		),
		("UnknownAgent", "deregister an unknown agent", agent_call("deregister", UNKNOWN), owner),
		("AgentJailed", "deregister a jailed agent", agent_call("deregister", jailed), owner),
		("AgentUnbonding", "deregister twice", agent_call("deregister", unbonding), owner),
		("NotUnbonding", "withdraw_bond before deregistering", agent_call(withdraw, active), owner),
		(
			"UnbondingNotOver",
			"withdraw_bond while unbonding",
			agent_call(withdraw, unbonding),
			owner,
		),
		(
			"AgentJailed",
			"withdraw_bond while jailed",
			agent_call(withdraw, agents.unbonding_jailed),
			owner,
		),
		(
			"AgentChallenged",
			"withdraw_bond while challenged",
			agent_call(withdraw, agents.unbonding_challenged),
			owner,
		),
		("SameOwner", "rotate_owner to the owner", rotate_owner(active, &owner_id), owner),
		("AgentJailed", "rotate_owner of a jailed agent", rotate_owner(jailed, &client_id), owner),
		(
			"AgentUnbonding",
			"rotate_owner of an unbonding agent",
			rotate_owner(unbonding, &client_id),
			owner,
		),
		(
			"AgentChallenged",
			"rotate_owner of a challenged agent",
			rotate_owner(challenged, &client_id),
			owner,
		),
		(
			"TooManyAgents",
			"rotate_owner to a full owner",
			rotate_owner(agents.max_metadata, &crowded_id),
			owner,
		),
		(
			"NewOwnerCannotHold",
			"rotate_owner to no account",
			rotate_owner(agents.max_metadata, &nobody_id),
			owner,
		),
		(
			"AgentKeyInUse",
			"rotate_agent_key to a key in use",
			rotate_key(
				active,
				&id_of(&keys.jailed),
				&fixture.consent(owner, Some(active), &keys.jailed),
			),
			owner,
		),
		("BondAlreadySufficient", "top_up_bond of a full bond", agent_call(top_up, active), owner),
		(
			"AgentUnbonding",
			"top_up_bond of an unbonding agent",
			agent_call(top_up, unbonding),
			owner,
		),
		("UnknownAgent", "top_up_bond of an unknown agent", agent_call(top_up, UNKNOWN), owner),
		(
			"InsufficientBalance",
			"top_up_bond without the funds",
			agent_call(top_up, agents.underbonded),
			poor,
		),
	];
	table.group(WrongState, "AgentRegistry", rows);
}
