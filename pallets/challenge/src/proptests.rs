//! Property test: long random sequences of settlement actions dispatched against the mock runtime
//! (registry + slashing + escrow + challenge + balances): escrow open / submit / release / refund /
//! claim / dispute, challenge open / resolve with random rulings, governance penalties through the
//! slashing calls, agent registration and exits, and block advances that run `on_initialize`
//! (challenge expiry). After every step: nothing panicked, the `try_state` of every pallet holds
//! (including "an escrow is frozen exactly while a challenge against it is open"), total issuance
//! is unchanged and equals the sum of all accounts' free and reserved balances (funds only move
//! between clients, providers, challengers, evaluators and the treasury, and their holds).

use crate::{mock::*, ChallengeReason, ChallengeTarget, Challenges, Ruling};
use chaoscore_primitives::{
	agent::{AgentInspect, SlashAmount, SlashReason},
	settlement::Deliverable,
};
use polkadot_sdk::{
	frame_support::traits::fungible::Inspect,
	sp_core::H256,
	sp_runtime::{traits::Dispatchable, Perbill},
};
use proptest::prelude::*;

/// Accounts that own agents, open escrows, evaluate and challenge (`POOR` holds only the
/// existential deposit; 7 is never endowed).
const ACCOUNTS: [AccountId; 6] = [ALICE, BOB, CHARLIE, DAVE, POOR, 7];
/// Keys agents may sign with.
const KEYS: [AccountId; 4] = [101, 102, 103, 104];
/// Agent ids actions aim at (some will not exist).
const MAX_AGENT: u64 = 5;
/// Escrow and challenge ids actions aim at when not picking a live one.
const MAX_ID: u64 = 12;
/// Signer choices beyond `ACCOUNTS` resolve to the party that may act (client, provider key,
/// evaluator, owner), so that most actions are valid and the state machines get deep.
const EXTRA: usize = 3;

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

#[derive(Clone, Debug)]
enum RulingChoice {
	Rejected,
	Upheld { slash: Option<Amount>, jail_ahead: Option<BlockNumber> },
}

#[derive(Clone, Debug)]
enum Action {
	Register {
		owner: usize,
		key: usize,
	},
	EscrowOpen {
		client: usize,
		provider: u64,
		amount: Balance,
		evaluator: Option<(usize, Balance)>,
		ahead: BlockNumber,
	},
	Submit {
		escrow: usize,
		signer: usize,
	},
	Release {
		escrow: usize,
		signer: usize,
	},
	Refund {
		escrow: usize,
		signer: usize,
	},
	Claim {
		escrow: usize,
		signer: usize,
	},
	Dispute {
		escrow: usize,
		signer: usize,
		reason: u8,
	},
	ChallengeAgent {
		challenger: usize,
		agent: u64,
	},
	ChallengeEscrow {
		challenger: usize,
		escrow: usize,
	},
	Resolve {
		challenge: usize,
		ruling: RulingChoice,
	},
	SlashGov {
		agent: u64,
		amount: Amount,
	},
	Jail {
		agent: u64,
		ahead: BlockNumber,
	},
	Unjail {
		agent: u64,
		by_owner: bool,
	},
	TopUp {
		agent: u64,
	},
	Deregister {
		agent: u64,
	},
	Withdraw {
		agent: u64,
	},
	Advance {
		blocks: BlockNumber,
	},
}

fn amount() -> impl Strategy<Value = Amount> {
	prop_oneof![(0..150u64).prop_map(Amount::Absolute), (0..=100u32).prop_map(Amount::Fraction)]
}

fn ruling() -> impl Strategy<Value = RulingChoice> {
	prop_oneof![
		1 => Just(RulingChoice::Rejected),
		2 => (proptest::option::of(amount()), proptest::option::of(0..(MAX_JAIL + 5))).prop_map(
			|(slash, jail_ahead)| RulingChoice::Upheld { slash, jail_ahead }
		),
	]
}

fn action() -> impl Strategy<Value = Action> {
	let acc = 0..ACCOUNTS.len() + EXTRA;
	let agent = 0..MAX_AGENT;
	let pick = 0..(MAX_ID as usize + EXTRA);
	prop_oneof![
		2 => (acc.clone(), 0..KEYS.len()).prop_map(|(owner, key)| Action::Register { owner, key }),
		5 => (
			acc.clone(),
			agent.clone(),
			0..400u64,
			proptest::option::of((acc.clone(), 0..40u64)),
			0..(MAX_ESCROW_DEADLINE + 10),
		)
			.prop_map(|(client, provider, amount, evaluator, ahead)| Action::EscrowOpen {
				client,
				provider,
				amount,
				evaluator,
				ahead,
			}),
		3 => (pick.clone(), acc.clone()).prop_map(|(escrow, signer)| Action::Submit { escrow, signer }),
		2 => (pick.clone(), acc.clone()).prop_map(|(escrow, signer)| Action::Release { escrow, signer }),
		2 => (pick.clone(), acc.clone()).prop_map(|(escrow, signer)| Action::Refund { escrow, signer }),
		2 => (pick.clone(), acc.clone()).prop_map(|(escrow, signer)| Action::Claim { escrow, signer }),
		3 => (pick.clone(), acc.clone(), 0..4u8)
			.prop_map(|(escrow, signer, reason)| Action::Dispute { escrow, signer, reason }),
		3 => (acc.clone(), agent.clone())
			.prop_map(|(challenger, agent)| Action::ChallengeAgent { challenger, agent }),
		1 => (acc.clone(), pick.clone())
			.prop_map(|(challenger, escrow)| Action::ChallengeEscrow { challenger, escrow }),
		4 => (pick.clone(), ruling()).prop_map(|(challenge, ruling)| Action::Resolve { challenge, ruling }),
		1 => (agent.clone(), amount()).prop_map(|(agent, amount)| Action::SlashGov { agent, amount }),
		1 => (agent.clone(), 0..(MAX_JAIL + 5)).prop_map(|(agent, ahead)| Action::Jail { agent, ahead }),
		1 => (agent.clone(), any::<bool>()).prop_map(|(agent, by_owner)| Action::Unjail { agent, by_owner }),
		1 => agent.clone().prop_map(|agent| Action::TopUp { agent }),
		1 => agent.clone().prop_map(|agent| Action::Deregister { agent }),
		1 => agent.prop_map(|agent| Action::Withdraw { agent }),
		3 => (1..8u64).prop_map(|blocks| Action::Advance { blocks }),
		1 => (8..30u64).prop_map(|blocks| Action::Advance { blocks }),
	]
}

fn dispatch(call: impl Into<RuntimeCall>, origin: RuntimeOrigin) {
	// Errors are fine (many actions are invalid by design); panics are not.
	let _ = call.into().dispatch(origin);
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// `ACCOUNTS[i]`, or `fallback` (the party that may act) for the extra choices.
fn account_or(i: usize, fallback: Option<AccountId>) -> AccountId {
	ACCOUNTS
		.get(i)
		.copied()
		.unwrap_or_else(|| fallback.unwrap_or(ACCOUNTS[i % ACCOUNTS.len()]))
}

/// An escrow id: mostly a live escrow, sometimes any id below `MAX_ID`.
fn escrow_id(i: usize) -> u64 {
	let live: Vec<u64> = pallet_escrow::Escrows::<Test>::iter_keys().collect();
	if (i < MAX_ID as usize && i.is_multiple_of(3)) || live.is_empty() {
		i as u64
	} else {
		live[i % live.len()]
	}
}

/// A challenge id: mostly an open challenge, sometimes any id below `MAX_ID`.
fn challenge_id(i: usize) -> u64 {
	let open: Vec<u64> = Challenges::<Test>::iter_keys().collect();
	if (i < MAX_ID as usize && i.is_multiple_of(3)) || open.is_empty() {
		i as u64
	} else {
		open[i % open.len()]
	}
}

fn owner_of(agent: u64) -> Option<AccountId> {
	AgentRegistry::facts(agent).map(|f| f.owner)
}

fn escrow_of(id: u64) -> Option<pallet_escrow::EscrowOf<Test>> {
	pallet_escrow::Escrows::<Test>::get(id)
}

fn apply(action: Action) {
	use crate::Call as ChallengeCall;
	use pallet_agent_registry::Call as Registry;
	use pallet_escrow::Call as EscrowCall;
	use pallet_slashing::Call as Slash;
	let now = System::block_number();
	match action {
		Action::Register { owner, key } => {
			let doc = document(&[key as u8, owner as u8]);
			let (owner, agent_key) = (ACCOUNTS[owner % ACCOUNTS.len()], KEYS[key]);
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
		Action::EscrowOpen { client, provider, amount, evaluator, ahead } => dispatch(
			EscrowCall::<Test>::open {
				provider,
				amount,
				evaluator: evaluator.map(|(who, fee)| (ACCOUNTS[who % ACCOUNTS.len()], fee)),
				deadline: now + ahead,
				job_spec: H256::repeat_byte(ahead as u8),
			},
			signed(ACCOUNTS[client % ACCOUNTS.len()]),
		),
		Action::Submit { escrow, signer } => {
			let id = escrow_id(escrow);
			let key = escrow_of(id).and_then(|e| AgentRegistry::facts(e.provider)).map(|f| {
				if signer % 2 == 0 {
					f.agent_key
				} else {
					f.owner
				}
			});
			dispatch(
				EscrowCall::<Test>::submit {
					id,
					deliverable: Deliverable::Hash(H256::from_low_u64_be(now.into())),
				},
				signed(account_or(signer, key)),
			)
		},
		Action::Release { escrow, signer } => {
			let id = escrow_id(escrow);
			let party = escrow_of(id).map(|e| match (signer % 2, e.evaluator) {
				(0, Some((evaluator, _))) => evaluator,
				_ => e.client,
			});
			dispatch(EscrowCall::<Test>::release { id }, signed(account_or(signer, party)))
		},
		Action::Refund { escrow, signer } => {
			let id = escrow_id(escrow);
			let party = escrow_of(id).and_then(|e| e.evaluator).map(|(evaluator, _)| evaluator);
			dispatch(EscrowCall::<Test>::refund { id }, signed(account_or(signer, party)))
		},
		Action::Claim { escrow, signer } => dispatch(
			EscrowCall::<Test>::claim { id: escrow_id(escrow) },
			signed(account_or(signer, None)),
		),
		Action::Dispute { escrow, signer, reason } => {
			let id = escrow_id(escrow);
			let reason = match reason {
				0 => ChallengeReason::FailedDelivery,
				1 => ChallengeReason::BadDeliverable,
				2 => ChallengeReason::InvalidReceipt,
				_ => ChallengeReason::Misconduct,
			};
			dispatch(
				EscrowCall::<Test>::dispute {
					id,
					evidence: H256::repeat_byte(reason as u8),
					reason,
				},
				signed(account_or(signer, escrow_of(id).map(|e| e.client))),
			)
		},
		Action::ChallengeAgent { challenger, agent } => dispatch(
			ChallengeCall::<Test>::open {
				target: ChallengeTarget::Agent(agent),
				evidence: H256::repeat_byte(1),
				reason: ChallengeReason::Misconduct,
			},
			signed(account_or(challenger, None)),
		),
		Action::ChallengeEscrow { challenger, escrow } => {
			let id = escrow_id(escrow);
			dispatch(
				ChallengeCall::<Test>::open {
					target: ChallengeTarget::Escrow(id),
					evidence: H256::repeat_byte(2),
					reason: ChallengeReason::BadDeliverable,
				},
				signed(account_or(challenger, escrow_of(id).map(|e| e.client))),
			)
		},
		Action::Resolve { challenge, ruling } => {
			let ruling = match ruling {
				RulingChoice::Rejected => Ruling::Rejected,
				RulingChoice::Upheld { slash, jail_ahead } => Ruling::Upheld {
					slash: slash.map(Amount::into_slash),
					jail_until: jail_ahead.map(|ahead| now + ahead),
				},
			};
			dispatch(
				ChallengeCall::<Test>::resolve { id: challenge_id(challenge), ruling },
				RuntimeOrigin::root(),
			)
		},
		Action::SlashGov { agent, amount } => dispatch(
			Slash::<Test>::slash {
				id: agent,
				amount: amount.into_slash(),
				reason: SlashReason::Governance,
				evidence: None,
			},
			RuntimeOrigin::root(),
		),
		Action::Jail { agent, ahead } => {
			dispatch(Slash::<Test>::jail { id: agent, until: now + ahead }, RuntimeOrigin::root())
		},
		Action::Unjail { agent, by_owner } => {
			let origin = match (by_owner, owner_of(agent)) {
				(true, Some(owner)) => signed(owner),
				_ => RuntimeOrigin::root(),
			};
			dispatch(Slash::<Test>::unjail { id: agent }, origin)
		},
		Action::TopUp { agent } => {
			let owner = owner_of(agent).unwrap_or(ALICE);
			dispatch(Registry::<Test>::top_up_bond { id: agent }, signed(owner))
		},
		Action::Deregister { agent } => {
			let owner = owner_of(agent).unwrap_or(ALICE);
			dispatch(Registry::<Test>::deregister { id: agent }, signed(owner))
		},
		Action::Withdraw { agent } => {
			let owner = owner_of(agent).unwrap_or(ALICE);
			dispatch(Registry::<Test>::withdraw_bond { id: agent }, signed(owner))
		},
		Action::Advance { blocks } => {
			for _ in 0..blocks {
				next_block();
			}
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
	let free_and_reserved: Balance = all_accounts()
		.into_iter()
		.map(|a| {
			let account = System::account(a).data;
			account.free + account.reserved
		})
		.sum();
	assert_eq!(free_and_reserved, issuance, "free + reserved not conserved");
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

	#[test]
	fn random_settlements_keep_invariants(actions in proptest::collection::vec(action(), 1..100)) {
		ExtBuilder::default().build_and_execute(|| {
			// Two agents to start with, so that escrows and challenges have targets.
			register(ALICE, KEYS[0]);
			register(BOB, KEYS[1]);
			let issuance = Balances::total_issuance();
			check(issuance);
			for action in actions {
				apply(action);
				check(issuance);
			}
		});
	}
}
