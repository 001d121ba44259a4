//! Property test: long random sequences of escrow actions (open, accept, submit, release, refund,
//! claim,
//! dispute, and the challenge pallet's `settle_dispute` with a random outcome), block advances and
//! interleaved agent-registry events (registration, heartbeats, jail, unjail, bond seizure, owner
//! rotation, deregistration and withdrawal), against the mock runtime with a random existential
//! deposit and a treasury that may not exist. After every step: nothing panicked, a refused escrow
//! action changed no storage at all, the registry's and the escrow pallet's `try_state` hold,
//! total issuance is unchanged and equals the sum of all accounts' free and held balances, and
//! every account's escrow hold equals the deposits of its open escrows; a settlement is reported
//! to reputation exactly when the provider committed to it (a release after a submission, a
//! refund after an acceptance).

use crate::{mock::*, EscrowDisputes, EscrowState, Escrows, HoldReason, NextEscrowId};
use chaoscore_primitives::{
	agency::recording,
	agent::{AgentInspect, AgentPenalties},
	settlement::{ChallengeReason, ChallengeTarget, Deliverable, DisputeOutcome},
};
use polkadot_sdk::{
	frame_support::{
		storage::with_storage_layer,
		traits::{
			fungible::{Inspect, InspectHold},
			Hooks,
		},
	},
	sp_core::H256,
	sp_io,
	sp_runtime::{traits::Dispatchable, DispatchError, DispatchResult, StateVersion},
};
use proptest::prelude::*;

/// Accounts that act as clients, evaluators, owners and claimers (7 and 8 are never endowed).
const ACCOUNTS: [AccountId; 6] = [ALICE, BOB, CHARLIE, DAVE, 7, 8];
/// Keys agents may sign with (never endowed).
const KEYS: [AccountId; 4] = [101, 102, 103, 104];
/// Agent ids actions aim at (some will not exist).
const MAX_AGENT: u64 = 6;
/// Signer choices beyond `ACCOUNTS` resolve to a party of the escrow (client, evaluator, the
/// provider's agent key, the provider's owner), so that most actions are valid and the state
/// machine gets deep.
const PARTIES: usize = 4;

#[derive(Clone, Debug)]
enum Action {
	Open {
		client: usize,
		agent: u64,
		amount: Balance,
		evaluator: Option<(usize, Balance)>,
		ahead: u64,
	},
	Accept {
		id: u64,
		signer: usize,
	},
	Submit {
		id: u64,
		signer: usize,
	},
	Release {
		id: u64,
		signer: usize,
	},
	Refund {
		id: u64,
		signer: usize,
	},
	Claim {
		id: u64,
		signer: usize,
	},
	Dispute {
		id: u64,
		signer: usize,
	},
	Settle {
		id: u64,
		upheld: bool,
	},
	Advance {
		blocks: u64,
	},
	Register {
		owner: usize,
		key: usize,
	},
	Heartbeat {
		agent: u64,
	},
	Jail {
		agent: u64,
		ahead: u64,
	},
	Unjail {
		agent: u64,
	},
	Seize {
		agent: u64,
		amount: Balance,
	},
	TopUp {
		agent: u64,
	},
	RotateOwner {
		agent: u64,
		to: usize,
	},
	Deregister {
		agent: u64,
	},
	Withdraw {
		agent: u64,
	},
}

fn action() -> impl Strategy<Value = Action> {
	let id = 0..16u64;
	let agent = 0..MAX_AGENT;
	let signer = 0..ACCOUNTS.len() + PARTIES;
	let acc = 0..ACCOUNTS.len();
	prop_oneof![
		10 => (
			acc.clone(),
			0..4u64,
			0..250u64,
			proptest::option::of((acc.clone(), 0..20u64)),
			0..(MAX_DEADLINE + 10)
		)
			.prop_map(|(client, agent, amount, evaluator, ahead)| Action::Open {
				client,
				agent,
				amount,
				evaluator,
				ahead
			}),
		3 => (id.clone(), signer.clone()).prop_map(|(id, signer)| Action::Accept { id, signer }),
		4 => (id.clone(), signer.clone()).prop_map(|(id, signer)| Action::Submit { id, signer }),
		3 => (id.clone(), signer.clone()).prop_map(|(id, signer)| Action::Release { id, signer }),
		3 => (id.clone(), signer.clone()).prop_map(|(id, signer)| Action::Refund { id, signer }),
		2 => (id.clone(), signer.clone()).prop_map(|(id, signer)| Action::Claim { id, signer }),
		2 => (id.clone(), signer.clone()).prop_map(|(id, signer)| Action::Dispute { id, signer }),
		2 => (id, any::<bool>()).prop_map(|(id, upheld)| Action::Settle { id, upheld }),
		3 => (1..30u64).prop_map(|blocks| Action::Advance { blocks }),
		1 => (acc.clone(), 0..KEYS.len()).prop_map(|(owner, key)| Action::Register { owner, key }),
		1 => agent.clone().prop_map(|agent| Action::Heartbeat { agent }),
		1 => (agent.clone(), 1..60u64).prop_map(|(agent, ahead)| Action::Jail { agent, ahead }),
		1 => agent.clone().prop_map(|agent| Action::Unjail { agent }),
		1 => (agent.clone(), 0..120u64).prop_map(|(agent, amount)| Action::Seize { agent, amount }),
		1 => agent.clone().prop_map(|agent| Action::TopUp { agent }),
		1 => (agent.clone(), acc).prop_map(|(agent, to)| Action::RotateOwner { agent, to }),
		1 => agent.clone().prop_map(|agent| Action::Deregister { agent }),
		1 => agent.prop_map(|agent| Action::Withdraw { agent }),
	]
}

/// Aims `raw` mostly at an unsettled escrow, sometimes at any id opened so far (or one past).
fn escrow_id(raw: u64) -> u64 {
	let mut live: Vec<u64> = Escrows::<Test>::iter_keys().collect();
	live.sort();
	if raw.is_multiple_of(5) || live.is_empty() {
		raw % (NextEscrowId::<Test>::get() + 1)
	} else {
		live[(raw as usize) % live.len()]
	}
}

/// `ACCOUNTS[i]`, or a party of escrow `id` for the choices beyond.
fn signer(id: u64, i: usize) -> AccountId {
	if let Some(who) = ACCOUNTS.get(i) {
		return *who;
	}
	let fallback = ACCOUNTS[i % ACCOUNTS.len()];
	let Some(escrow) = Escrows::<Test>::get(id) else { return fallback };
	let facts = AgentRegistry::facts(escrow.provider);
	match i - ACCOUNTS.len() {
		0 => escrow.client,
		1 => escrow.evaluator.map_or(fallback, |(who, _)| who),
		2 => facts.map_or(fallback, |f| f.agent_key),
		_ => facts.map_or(fallback, |f| f.owner),
	}
}

fn owner_of(agent: u64) -> AccountId {
	AgentRegistry::facts(agent).map_or(ALICE, |f| f.owner)
}

/// What a successful call does to an escrow.
#[derive(Clone, Copy)]
enum Effect {
	/// It stays unsettled.
	Stays,
	/// A payment to the provider: reported to reputation only after a submission.
	Pays,
	/// A refund to the client: reported only once the provider committed.
	Refunds,
}

fn reports() -> usize {
	recording::reports::<AccountId, Balance>().len()
}

/// Runs an escrow call directly (not through the transactional dispatch): a refusal must leave
/// storage untouched by itself. A success that settles must remove the escrow and report it to
/// reputation exactly when the provider committed to it.
fn escrow_call(id: u64, effect: Effect, call: impl FnOnce() -> DispatchResult) {
	let before = sp_io::storage::root(StateVersion::V1);
	let state = Escrows::<Test>::get(id).map(|e| e.state);
	let counted = match (effect, state) {
		(Effect::Pays, Some(EscrowState::Submitted { .. })) => 1,
		(Effect::Refunds, Some(state)) if state.committed() => 1,
		_ => 0,
	};
	let reported = reports();
	match call() {
		Ok(()) => {
			if !matches!(effect, Effect::Stays) {
				assert!(!Escrows::<Test>::contains_key(id), "settled escrow {id} still stored");
				assert_eq!(reports() - reported, counted, "escrow {id} from {state:?}");
			}
		},
		Err(_) => assert_eq!(
			sp_io::storage::root(StateVersion::V1),
			before,
			"a refused escrow action changed storage"
		),
	}
}

fn dispatch(call: impl Into<RuntimeCall>, origin: RuntimeOrigin) {
	// Errors are fine (many actions are invalid by design); panics are not.
	let _ = call.into().dispatch(origin);
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn apply(action: Action) {
	use pallet_agent_registry::Call as Registry;
	let now = System::block_number();
	match action {
		Action::Open { client, agent, amount, evaluator, ahead } => {
			let id = NextEscrowId::<Test>::get();
			let evaluator = evaluator.map(|(who, fee)| (ACCOUNTS[who], fee));
			escrow_call(id, Effect::Stays, || {
				Escrow::open(
					signed(ACCOUNTS[client]),
					agent,
					amount,
					evaluator,
					now + ahead,
					H256::repeat_byte(1),
				)
			});
		},
		Action::Accept { id, signer: s } => {
			let id = escrow_id(id);
			let who = signer(id, s);
			escrow_call(id, Effect::Stays, || Escrow::accept(signed(who), id));
		},
		Action::Submit { id, signer: s } => {
			let id = escrow_id(id);
			let who = signer(id, s);
			escrow_call(id, Effect::Stays, || {
				Escrow::submit(signed(who), id, Deliverable::Hash(H256::from_low_u64_be(id)))
			});
		},
		Action::Release { id, signer: s } => {
			let id = escrow_id(id);
			let who = signer(id, s);
			escrow_call(id, Effect::Pays, || Escrow::release(signed(who), id));
		},
		Action::Refund { id, signer: s } => {
			let id = escrow_id(id);
			let who = signer(id, s);
			escrow_call(id, Effect::Refunds, || Escrow::refund(signed(who), id));
		},
		Action::Claim { id, signer: s } => {
			let id = escrow_id(id);
			let who = signer(id, s);
			escrow_call(id, Effect::Pays, || Escrow::claim(signed(who), id));
		},
		Action::Dispute { id, signer: s } => {
			let id = escrow_id(id);
			let who = signer(id, s);
			escrow_call(id, Effect::Stays, || {
				Escrow::dispute(
					signed(who),
					id,
					H256::repeat_byte(2),
					ChallengeReason::FailedDelivery,
				)
			});
			if let Some(escrow) = Escrows::<Test>::get(id).filter(|e| e.frozen()) {
				assert!(
					ChallengeCalls::get().iter().any(|(challenger, target, ..)| {
						*target == ChallengeTarget::Escrow(id) && *challenger == escrow.client
					}),
					"frozen escrow without a challenge by its client"
				);
			}
		},
		Action::Settle { id, upheld } => {
			let id = escrow_id(id);
			let outcome =
				if upheld { DisputeOutcome::RefundClient } else { DisputeOutcome::Resume };
			let effect = if upheld { Effect::Refunds } else { Effect::Stays };
			escrow_call(id, effect, || {
				<Escrow as EscrowDisputes<AccountId>>::settle_dispute(id, outcome)
			});
		},
		Action::Advance { blocks } => {
			for _ in 0..blocks {
				let next = System::block_number() + 1;
				System::set_block_number(next);
				AgentRegistry::on_initialize(next);
				Escrow::on_initialize(next);
			}
		},
		Action::Register { owner, key } => {
			let doc = document(&[key as u8, owner as u8]);
			let (owner, agent_key) = (ACCOUNTS[owner], KEYS[key]);
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
		Action::Heartbeat { agent } => {
			let key = AgentRegistry::facts(agent).map_or(KEYS[0], |f| f.agent_key);
			dispatch(Registry::<Test>::heartbeat { id: agent }, signed(key))
		},
		Action::Jail { agent, ahead } => {
			let _ = with_storage_layer(|| AgentRegistry::set_jail(agent, Some(now + ahead)));
		},
		Action::Unjail { agent } => {
			let _ = with_storage_layer(|| AgentRegistry::set_jail(agent, None));
		},
		Action::Seize { agent, amount } => {
			let _ = with_storage_layer(|| -> Result<Balance, DispatchError> {
				AgentRegistry::seize_bond(agent, amount, &TREASURY)
			});
		},
		Action::TopUp { agent } => {
			dispatch(Registry::<Test>::top_up_bond { id: agent }, signed(owner_of(agent)))
		},
		Action::RotateOwner { agent, to } => dispatch(
			Registry::<Test>::rotate_owner { id: agent, new_owner: ACCOUNTS[to] },
			signed(owner_of(agent)),
		),
		Action::Deregister { agent } => {
			dispatch(Registry::<Test>::deregister { id: agent }, signed(owner_of(agent)))
		},
		Action::Withdraw { agent } => {
			dispatch(Registry::<Test>::withdraw_bond { id: agent }, signed(owner_of(agent)))
		},
	}
}

fn all_accounts() -> Vec<AccountId> {
	let mut all: Vec<AccountId> = ACCOUNTS.to_vec();
	all.extend_from_slice(&KEYS);
	all.push(TREASURY);
	all
}

fn escrow_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Escrow(HoldReason::Escrow),
		&who,
	)
}

fn check(issuance: Balance) {
	check_invariants();
	assert_eq!(Balances::total_issuance(), issuance, "total issuance changed");
	let all = all_accounts();
	let sum: Balance = all.iter().map(Balances::total_balance).sum();
	assert_eq!(sum, issuance, "funds left the known accounts");
	for who in all {
		let deposits: Balance = Escrows::<Test>::iter_values()
			.filter(|e| e.client == who)
			.map(|e| e.deposit())
			.sum();
		assert_eq!(escrow_held(who), deposits, "escrow hold of {who} differs from its escrows");
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

	#[test]
	fn random_escrow_lifecycles_keep_invariants(
		ed in prop_oneof![Just(1u64), Just(5u64)],
		treasury_exists in any::<bool>(),
		actions in proptest::collection::vec(action(), 1..120),
	) {
		let mut endowed: Vec<(AccountId, Balance)> =
			[ALICE, BOB, CHARLIE, DAVE].iter().map(|a| (*a, ENDOWMENT)).collect();
		if treasury_exists {
			endowed.push((TREASURY, ENDOWMENT));
		}
		ExtBuilder::default().existential_deposit(ed).endowed(endowed).build_and_execute(|| {
			let issuance = Balances::total_issuance();
			register(BOB, 101);
			register(CHARLIE, 102);
			register(DAVE, 103);
			check(issuance);
			for action in actions {
				apply(action);
				check(issuance);
			}
		});
	}
}
