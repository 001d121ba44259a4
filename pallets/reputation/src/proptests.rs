//! Property test: random sequences of receipts, escrow settlements, upheld challenges, slashes,
//! feedback (valid and invalid) and block advances (running `on_initialize`) against the mock
//! runtime. After every step: nothing panicked; every score lies in `[0, MAX_SCORE]`; every
//! agent's history equals the outcomes the test itself reported (a shadow log), and its stored
//! score equals `recompute` of that log at the current block (`MaxHistory` exceeds the number of
//! steps, so histories are complete); the breakdown equals the counts of the log; and
//! `try_state` holds. Owner and key rotations in the registry make former clients owners or keys,
//! whose feedback must then be refused.

use crate::{
	mock::*, Breakdown, EscrowOutcome, FeedbackRights, History, Outcome, ReputationSink,
	ScoringModel, MAX_SCORE,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Agents 0 and 1 are registered (owners ALICE, BOB; keys KEY_A, KEY_B); 2 is not.
const AGENTS: u64 = 3;
/// Clients and feedback signers (including the agents' owners and keys).
const ACCOUNTS: [AccountId; 6] = [ALICE, BOB, CHARLIE, DAVE, KEY_A, KEY_B];
const MAX_STEPS: usize = 100;

std::thread_local! {
	/// Feedback accepted over all cases (the test checks the generator reaches valid feedback).
	static FEEDBACK_ACCEPTED: core::cell::Cell<u32> = const { core::cell::Cell::new(0) };
}

#[derive(Clone, Debug)]
enum Action {
	Receipt {
		agent: u64,
		verified: bool,
	},
	Settle {
		agent: u64,
		client: usize,
		value: Balance,
		released: bool,
	},
	Challenge {
		agent: u64,
	},
	Slash {
		agent: u64,
		amount: Balance,
	},
	/// `escrow` indexes the escrows settled so far (modulo, plus one unknown id); `signer` beyond
	/// `ACCOUNTS` picks the escrow's client.
	Feedback {
		escrow: u64,
		signer: usize,
		positive: bool,
	},
	Advance {
		blocks: BlockNumber,
	},
	/// The owner of `agent` hands it to `new_owner` (may fail; the registry decides).
	RotateOwner {
		agent: u64,
		new_owner: usize,
	},
	/// The owner of `agent` changes its key to `new_key` (may fail).
	RotateKey {
		agent: u64,
		new_key: usize,
	},
}

fn value() -> impl Strategy<Value = Balance> {
	prop_oneof![0..1_000u64, any::<u64>()]
}

fn action() -> impl Strategy<Value = Action> {
	prop_oneof![
		3 => (0..AGENTS, any::<bool>()).prop_map(|(agent, verified)| Action::Receipt { agent, verified }),
		3 => (0..AGENTS, 0..ACCOUNTS.len(), value(), any::<bool>()).prop_map(
			|(agent, client, value, released)| Action::Settle { agent, client, value, released }
		),
		1 => (0..AGENTS).prop_map(|agent| Action::Challenge { agent }),
		1 => (0..AGENTS, value()).prop_map(|(agent, amount)| Action::Slash { agent, amount }),
		4 => (any::<u64>(), 0..(ACCOUNTS.len() + 3), any::<bool>())
			.prop_map(|(escrow, signer, positive)| Action::Feedback { escrow, signer, positive }),
		3 => prop_oneof![0..5u64, 0..(4 * HALF_LIFE)].prop_map(|blocks| Action::Advance { blocks }),
		1 => (0..2u64, 0..ACCOUNTS.len())
			.prop_map(|(agent, new_owner)| Action::RotateOwner { agent, new_owner }),
		1 => (0..2u64, 0..ACCOUNTS.len())
			.prop_map(|(agent, new_key)| Action::RotateKey { agent, new_key }),
	]
}

#[derive(Default)]
struct Shadow {
	log: BTreeMap<u64, Vec<(BlockNumber, Outcome<Balance>)>>,
	/// Escrows settled so far: (agent, client, value).
	escrows: Vec<(u64, AccountId, Balance)>,
}

impl Shadow {
	fn push(&mut self, agent: u64, outcome: Outcome<Balance>) {
		self.log.entry(agent).or_default().push((System::block_number(), outcome));
	}
}

fn apply(action: Action, shadow: &mut Shadow) {
	match action {
		Action::Receipt { agent, verified } => {
			let id = System::block_number();
			Reputation::receipt_finalized(agent, id, verified);
			shadow.push(agent, Outcome::Receipt { id, verified });
		},
		Action::Settle { agent, client, value, released } => {
			let id = shadow.escrows.len() as u64;
			let client = ACCOUNTS[client];
			let outcome = if released { EscrowOutcome::Released } else { EscrowOutcome::Refunded };
			<Reputation as ReputationSink<AccountId, Balance>>::escrow_settled(
				agent, id, &client, value, outcome,
			);
			shadow.escrows.push((agent, client, value));
			shadow.push(agent, Outcome::Escrow { id, value, outcome });
		},
		Action::Challenge { agent } => {
			Reputation::challenge_upheld(agent);
			shadow.push(agent, Outcome::ChallengeUpheld);
		},
		Action::Slash { agent, amount } => {
			<Reputation as ReputationSink<AccountId, Balance>>::slashed(agent, amount);
			shadow.push(agent, Outcome::Slashed { amount });
		},
		Action::Feedback { escrow, signer, positive } => {
			let count = shadow.escrows.len() as u64 + 1;
			let escrow = escrow % count;
			let party = shadow.escrows.get(escrow as usize).copied();
			let who = ACCOUNTS.get(signer).copied().or(party.map(|(_, c, _)| c)).unwrap_or(DAVE);
			let right = FeedbackRights::<Test>::get(escrow);
			let result = Reputation::give_feedback(RuntimeOrigin::signed(who), escrow, positive);
			if let Some(right) = right {
				let facts = pallet_agent_registry::Agents::<Test>::get(right.agent);
				let allowed = right.client == who
					&& System::block_number() < right.expires_at
					&& facts.is_some();
				assert_eq!(result.is_ok(), allowed, "feedback accepted iff allowed");
			} else {
				assert!(result.is_err(), "feedback without a right");
			}
			if result.is_ok() {
				FEEDBACK_ACCEPTED.with(|c| c.set(c.get() + 1));
				let (agent, client, value) = party.expect("a right for a settled escrow");
				assert_eq!(client, who);
				shadow.push(agent, Outcome::Feedback { escrow, value, positive });
			}
		},
		Action::Advance { blocks } => run_to_block(System::block_number() + blocks),
		Action::RotateOwner { agent, new_owner } => {
			if let Some(record) = pallet_agent_registry::Agents::<Test>::get(agent) {
				let _ = AgentRegistry::rotate_owner(
					RuntimeOrigin::signed(record.owner),
					agent,
					ACCOUNTS[new_owner],
				);
			}
		},
		Action::RotateKey { agent, new_key } => {
			if let Some(record) = pallet_agent_registry::Agents::<Test>::get(agent) {
				let _ = AgentRegistry::rotate_agent_key(
					RuntimeOrigin::signed(record.owner),
					agent,
					ACCOUNTS[new_key],
					key_consent::<Test>(record.owner, Some(agent), ACCOUNTS[new_key]),
				);
			}
		},
	}
}

fn check(shadow: &Shadow) {
	check_invariants();
	let now = System::block_number();
	for agent in 0..AGENTS {
		let log = shadow.log.get(&agent).cloned().unwrap_or_default();
		assert_eq!(History::<Test>::get(agent).into_inner(), log, "history is the reported log");
		let expected = <Model as ScoringModel<Balance, BlockNumber>>::recompute(&log, now);
		assert!(expected <= MAX_SCORE);
		match Reputation::score_of(agent) {
			Some((score, breakdown)) => {
				assert!(score <= MAX_SCORE, "score in bounds");
				assert_eq!(score, expected, "stored score equals the recomputation");
				assert_eq!(breakdown, Breakdown::of(log.iter()));
			},
			None => assert!(log.is_empty()),
		}
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

	#[test]
	fn random_outcomes_keep_scores_bounded_and_recomputable(
		actions in proptest::collection::vec(action(), 1..MAX_STEPS)
	) {
		assert!(MAX_STEPS as u32 <= HISTORY_LEN);
		ExtBuilder::default().build_and_execute(|| {
			register(ALICE, KEY_A);
			register(BOB, KEY_B);
			let mut shadow = Shadow::default();
			for action in actions {
				apply(action, &mut shadow);
				check(&shadow);
			}
		});
	}
}

#[test]
fn random_outcomes_reach_valid_feedback() {
	FEEDBACK_ACCEPTED.with(|c| c.set(0));
	random_outcomes_keep_scores_bounded_and_recomputable();
	assert!(FEEDBACK_ACCEPTED.with(|c| c.get()) > 0, "no feedback was ever accepted");
}
