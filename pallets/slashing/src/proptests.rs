//! Property test: long random sequences of agent lifecycle actions (register, update, heartbeat,
//! block advance, slash, jail, unjail, deregister, withdraw, top-up, rotations) dispatched against
//! the mock runtime (registry + slashing + balances). After every step: nothing panicked, both
//! pallets' `try_state` hold, total issuance is unchanged and equals the sum of all accounts'
//! balances (funds only move between owners, the treasury, challengers and the hold), and status
//! facts are coherent (a jailed agent is never eligible).

use crate::{mock::*, Penalize};
use chaoscore_primitives::agent::{AgentInspect, AgentStatus, SlashAmount, SlashReason};
use polkadot_sdk::{
	frame_support::traits::{fungible::Inspect, Hooks},
	sp_runtime::{traits::Dispatchable, Perbill},
};
use proptest::prelude::*;

/// Accounts that own agents or receive rewards (endowed; 7 is never endowed).
const ACCOUNTS: [AccountId; 4] = [ALICE, BOB, CHARLIE, 7];
/// Keys agents may sign with.
const KEYS: [AccountId; 6] = [101, 102, 103, 104, 105, 106];
/// Agent ids actions aim at (some will not exist).
const MAX_ID: u64 = 6;
/// Signer/key choices beyond the fixed lists resolve to the agent's actual owner/key, so that
/// most actions are valid and the state machine gets deep.
const EXTRA: usize = 3;

#[derive(Clone, Debug)]
enum Action {
	Register { owner: usize, key: usize },
	Update { id: u64, signer: usize },
	Heartbeat { id: u64, key: usize },
	Advance { blocks: u64 },
	SlashGov { id: u64, amount: Amount },
	SlashChallenge { id: u64, amount: Amount, challenger: usize, share: u32 },
	Jail { id: u64, ahead: u64 },
	UnjailGov { id: u64 },
	UnjailOwner { id: u64, signer: usize },
	Deregister { id: u64, signer: usize },
	Withdraw { id: u64, signer: usize },
	TopUp { id: u64, signer: usize },
	RotateOwner { id: u64, signer: usize, to: usize },
	RotateKey { id: u64, signer: usize, key: usize },
}

#[derive(Clone, Debug)]
enum Amount {
	Absolute(Balance),
	Fraction(u32),
}

impl Amount {
	fn into_slash(self) -> SlashAmount<Balance> {
		match self {
			Amount::Absolute(a) => SlashAmount::Absolute(a),
			Amount::Fraction(p) => SlashAmount::FractionOfBond(Perbill::from_percent(p)),
		}
	}
}

fn amount() -> impl Strategy<Value = Amount> {
	prop_oneof![(0..150u64).prop_map(Amount::Absolute), (0..=100u32).prop_map(Amount::Fraction)]
}

fn action() -> impl Strategy<Value = Action> {
	let id = 0..MAX_ID;
	let acc = 0..ACCOUNTS.len() + EXTRA;
	let key = 0..KEYS.len() + EXTRA;
	prop_oneof![
		4 => (acc.clone(), key.clone()).prop_map(|(owner, key)| Action::Register { owner, key }),
		1 => (id.clone(), acc.clone()).prop_map(|(id, signer)| Action::Update { id, signer }),
		4 => (id.clone(), key.clone()).prop_map(|(id, key)| Action::Heartbeat { id, key }),
		3 => (1..25u64).prop_map(|blocks| Action::Advance { blocks }),
		2 => (id.clone(), amount()).prop_map(|(id, amount)| Action::SlashGov { id, amount }),
		2 => (id.clone(), amount(), acc.clone(), 0..=100u32).prop_map(
			|(id, amount, challenger, share)| Action::SlashChallenge { id, amount, challenger, share }
		),
		2 => (id.clone(), 0..(MAX_JAIL + 10)).prop_map(|(id, ahead)| Action::Jail { id, ahead }),
		1 => id.clone().prop_map(|id| Action::UnjailGov { id }),
		2 => (id.clone(), acc.clone()).prop_map(|(id, signer)| Action::UnjailOwner { id, signer }),
		2 => (id.clone(), acc.clone()).prop_map(|(id, signer)| Action::Deregister { id, signer }),
		2 => (id.clone(), acc.clone()).prop_map(|(id, signer)| Action::Withdraw { id, signer }),
		1 => (id.clone(), acc.clone()).prop_map(|(id, signer)| Action::TopUp { id, signer }),
		1 => (id.clone(), acc.clone(), acc.clone())
			.prop_map(|(id, signer, to)| Action::RotateOwner { id, signer, to }),
		1 => (id, acc, key).prop_map(|(id, signer, key)| Action::RotateKey { id, signer, key }),
	]
}

fn dispatch(call: impl Into<RuntimeCall>, origin: RuntimeOrigin) {
	// Errors are fine (many actions are invalid by design); panics are not.
	let _ = call.into().dispatch(origin);
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// `ACCOUNTS[i]`, or the owner of agent `id` for the extra choices.
fn account(id: u64, i: usize) -> AccountId {
	ACCOUNTS.get(i).copied().unwrap_or_else(|| {
		AgentRegistry::facts(id)
			.map(|f| f.owner)
			.unwrap_or(ACCOUNTS[i % ACCOUNTS.len()])
	})
}

/// `KEYS[i]`, or the key of agent `id` for the extra choices.
fn key_of(id: u64, i: usize) -> AccountId {
	KEYS.get(i).copied().unwrap_or_else(|| {
		AgentRegistry::facts(id).map(|f| f.agent_key).unwrap_or(KEYS[i % KEYS.len()])
	})
}

fn apply(action: Action) {
	use crate::Call as Slash;
	use pallet_agent_registry::Call as Registry;
	let now = System::block_number();
	match action {
		Action::Register { owner, key } => {
			let doc = document(&[key as u8, owner as u8]);
			let (owner, agent_key) = (ACCOUNTS[owner % ACCOUNTS.len()], KEYS[key % KEYS.len()]);
			let key_consent = key_consent::<Test>(owner, None, agent_key);
			dispatch(
				Registry::<Test>::register {
					agent_key,
					key_consent,
					metadata: metadata_for(&doc),
					document: doc,
				},
				signed(owner),
			)
		},
		Action::Update { id, signer } => {
			let doc = document(&[id as u8, signer as u8, now as u8]);
			dispatch(
				Registry::<Test>::update { id, metadata: metadata_for(&doc), document: doc },
				signed(account(id, signer)),
			)
		},
		Action::Heartbeat { id, key } => {
			dispatch(Registry::<Test>::heartbeat { id }, signed(key_of(id, key)))
		},
		Action::Advance { blocks } => {
			for _ in 0..blocks {
				let next = System::block_number() + 1;
				System::set_block_number(next);
				AgentRegistry::on_initialize(next);
			}
		},
		Action::SlashGov { id, amount } => dispatch(
			Slash::<Test>::slash {
				id,
				amount: amount.into_slash(),
				reason: SlashReason::Governance,
				evidence: None,
			},
			RuntimeOrigin::root(),
		),
		Action::SlashChallenge { id, amount, challenger, share } => {
			let _ = <Slashing as Penalize<_, _, _>>::slash(
				id,
				amount.into_slash(),
				SlashReason::ChallengeUpheld,
				None,
				Some((ACCOUNTS[challenger % ACCOUNTS.len()], Perbill::from_percent(share))),
			);
		},
		Action::Jail { id, ahead } => {
			dispatch(Slash::<Test>::jail { id, until: now + ahead }, RuntimeOrigin::root())
		},
		Action::UnjailGov { id } => dispatch(Slash::<Test>::unjail { id }, RuntimeOrigin::root()),
		Action::UnjailOwner { id, signer } => {
			dispatch(Slash::<Test>::unjail { id }, signed(account(id, signer)))
		},
		Action::Deregister { id, signer } => {
			dispatch(Registry::<Test>::deregister { id }, signed(account(id, signer)))
		},
		Action::Withdraw { id, signer } => {
			dispatch(Registry::<Test>::withdraw_bond { id }, signed(account(id, signer)))
		},
		Action::TopUp { id, signer } => {
			dispatch(Registry::<Test>::top_up_bond { id }, signed(account(id, signer)))
		},
		Action::RotateOwner { id, signer, to } => dispatch(
			Registry::<Test>::rotate_owner { id, new_owner: ACCOUNTS[to % ACCOUNTS.len()] },
			signed(account(id, signer)),
		),
		Action::RotateKey { id, signer, key } => {
			let (owner, new_key) = (account(id, signer), KEYS[key % KEYS.len()]);
			let key_consent = key_consent::<Test>(owner, Some(id), new_key);
			dispatch(Registry::<Test>::rotate_agent_key { id, new_key, key_consent }, signed(owner))
		},
	}
}

fn all_accounts() -> Vec<AccountId> {
	let mut all: Vec<AccountId> = ACCOUNTS.to_vec();
	all.extend_from_slice(&KEYS);
	all.push(TREASURY);
	all
}

fn check(issuance: Balance) {
	check_invariants();
	assert_eq!(Balances::total_issuance(), issuance, "total issuance changed");
	let sum: Balance = all_accounts().into_iter().map(|a| Balances::total_balance(&a)).sum();
	assert_eq!(sum, issuance, "funds left the known accounts");
	for id in 0..MAX_ID {
		if let Some(facts) = AgentRegistry::facts(id) {
			assert_eq!(facts.status == AgentStatus::Jailed, facts.jailed_until.is_some());
			assert_eq!(AgentRegistry::is_eligible(id), facts.status == AgentStatus::Active);
			if facts.status == AgentStatus::Active {
				assert!(facts.bond >= MIN_BOND);
			}
		}
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

	#[test]
	fn random_lifecycles_keep_invariants(actions in proptest::collection::vec(action(), 1..120)) {
		ExtBuilder::default().build_and_execute(|| {
			let issuance = Balances::total_issuance();
			check(issuance);
			for action in actions {
				apply(action);
				check(issuance);
			}
		});
	}
}
