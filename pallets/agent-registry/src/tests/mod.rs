//! Unit tests of the agent registry: every call's success path, every error, events, hooks and
//! the cross-pallet traits. Every `build_and_execute` test ends with `do_try_state`.
//!
//! Split by concern: `register` (registration and metadata updates), `consent` (key consent), `lifecycle` (heartbeats,
//! deregistration and withdrawal, rotations), `sweep` (the liveness sweep), `penalties` (seizure,
//! top-up, jail and the status precedence), `views` (read functions) and `invariants`. The
//! helpers below are shared by all of them.

mod consent;
mod invariants;
mod lifecycle;
mod penalties;
mod register;
mod sweep;
mod views;

use crate::{
	mock::*, AgentByKey, AgentCount, AgentInspect, AgentPenalties, AgentStatus, Agents,
	AgentsByOwner, Error, Event, HoldReason, Metadata, NextAgentId, SweepCursor,
};
use chaoscore_primitives::agent::{agent_doc_offchain_key, AgentId};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::InspectHold, Hooks},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{traits::BadOrigin, TokenError},
};

fn held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::AgentRegistry(HoldReason::AgentBond),
		&who,
	)
}

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn register_agent(owner: AccountId, key: AccountId, tag: &[u8]) -> AgentId {
	let doc = document(tag);
	let id = NextAgentId::<Test>::get();
	assert_ok!(AgentRegistry::register(
		RuntimeOrigin::signed(owner),
		key,
		key_consent::<Test>(owner, None, key),
		metadata_for(&doc),
		doc
	));
	id
}

fn status(id: AgentId) -> AgentStatus {
	AgentRegistry::facts(id).expect("agent exists").status
}

fn stored_status(id: AgentId) -> AgentStatus {
	Agents::<Test>::get(id).expect("agent exists").status
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::AgentRegistry(e) => Some(e),
			_ => None,
		})
		.collect()
}
