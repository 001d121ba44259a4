//! Unit tests of the challenge pallet against the real agent registry, slashing and escrow
//! pallets. Every `build_and_execute` test ends with the `try_state` of every pallet.

use crate::{
	mock::*, ChallengeGuard, ChallengeReason, ChallengeTarget, ChallengedAgents, Challenges,
	Deadlines, Error, Event, HoldReason, NextChallengeId, OpenByTarget, OpenChallenge, Ruling,
	MAX_DEADLINE_SCAN,
};
use chaoscore_primitives::{
	agency::{recording, EscrowOutcome, Report},
	agent::{AgentInspect, AgentStatus, SlashAmount, SlashReason},
};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{fungible::InspectHold, Hooks},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{traits::BadOrigin, Perbill},
};

mod escrow_targets;
mod expiry;
mod guard;
mod opening;
mod resolution;

type AgentHold = pallet_agent_registry::HoldReason;
type Ruled = Ruling<Balance, BlockNumber>;

const EVIDENCE: H256 = H256::repeat_byte(7);

/// Everything reported to reputation so far.
fn reports() -> Vec<Report<AccountId, Balance>> {
	recording::reports()
}

fn bond_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Challenge(HoldReason::ChallengeBond),
		&who,
	)
}

fn agent_bond_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::AgentRegistry(AgentHold::AgentBond),
		&who,
	)
}

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn open_agent(challenger: AccountId, id: u64) -> u64 {
	let cid = NextChallengeId::<Test>::get();
	assert_ok!(Challenge::open(
		signed(challenger),
		ChallengeTarget::Agent(id),
		EVIDENCE,
		ChallengeReason::Misconduct
	));
	cid
}

fn upheld(slash: Option<SlashAmount<Balance>>, jail_until: Option<BlockNumber>) -> Ruled {
	Ruling::Upheld { slash, jail_until }
}

fn last_challenge_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Challenge(e) => Some(e),
			_ => None,
		})
		.expect("a challenge event")
}

/// Nothing about challenge `id` is left in state.
fn assert_gone(id: u64, target: ChallengeTarget) {
	assert!(Challenges::<Test>::get(id).is_none());
	assert!(OpenByTarget::<Test>::get(target).iter().all(|(x, _)| *x != id));
	assert!(Deadlines::<Test>::iter().all(|(_, q)| !q.contains(&id)));
}
