//! Unit tests of the reputation pallet against the mock runtime (real agent registry).

use crate::{
	mock::*, scoring::NEUTRAL_SCORE, Breakdown, Error, EscrowOutcome, Event, FeedbackExpiries,
	FeedbackRights, History, Outcome, ReputationSink, Reputations, ScoringModel, MAX_EXPIRY_SCAN,
	MAX_SCORE,
};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::Hooks},
	sp_runtime::DispatchError,
};

type Sink = Reputation;

fn settle(agent: u64, escrow: u64, client: AccountId, value: Balance, outcome: EscrowOutcome) {
	<Sink as ReputationSink<AccountId, Balance>>::escrow_settled(
		agent, escrow, &client, value, outcome,
	);
}

fn score(agent: u64) -> u32 {
	Reputation::score_of(agent).map(|(s, _)| s).unwrap_or(NEUTRAL_SCORE)
}

fn breakdown(agent: u64) -> Breakdown<Balance> {
	Reputation::score_of(agent).map(|(_, b)| b).unwrap_or_default()
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn recomputed(agent: u64) -> u32 {
	<Model as ScoringModel<Balance, BlockNumber>>::recompute(
		&History::<Test>::get(agent),
		System::block_number(),
	)
}

#[test]
fn unknown_agent_scores_neutral() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Reputation::score_of(0), None);
		assert_eq!(score(0), 500);
	});
}

#[test]
fn scores_of_answers_in_order_with_neutral_for_no_history() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		Sink::receipt_finalized(a, 7, true);
		assert_eq!(Reputation::scores_of(vec![9, a]), vec![(9, 500), (a, 502)]);
	});
}

#[test]
fn receipt_finalized_counts_verified_and_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		Sink::receipt_finalized(a, 7, true);
		// P = 1/100: 1000 · 1.01 / 2.01.
		assert_eq!(score(a), 502);
		assert_eq!(
			last_event(),
			RuntimeEvent::Reputation(Event::ScoreUpdated {
				agent: a,
				score: 502,
				outcome: Outcome::Receipt { id: 7, verified: true },
			})
		);
		Sink::receipt_finalized(a, 8, false);
		// P = 1/100, N = 2: 1000 · 1.01 / 4.01.
		assert_eq!(score(a), 251);
		let b = breakdown(a);
		assert_eq!((b.verified, b.rejected), (1, 1));
		assert_eq!(History::<Test>::get(a).len(), 2);
		assert_eq!(score(a), recomputed(a));
	});
}

#[test]
fn escrow_settled_weights_by_value_and_grants_a_right() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		// 300 = 3 units: w = 3 → P = 3: 1000 · 4 / 5.
		settle(a, 0, BOB, 300, EscrowOutcome::Released);
		assert_eq!(score(a), 800);
		let right = FeedbackRights::<Test>::get(0).expect("right granted");
		assert_eq!((right.client, right.agent, right.value), (BOB, a, 300));
		assert_eq!(right.expires_at, 1 + FEEDBACK_WINDOW);
		assert_eq!(FeedbackExpiries::<Test>::get(1 + FEEDBACK_WINDOW).into_inner(), vec![0]);
		assert_eq!(
			last_event(),
			RuntimeEvent::Reputation(Event::FeedbackRightGranted {
				escrow: 0,
				client: BOB,
				agent: a,
				expires_at: 1 + FEEDBACK_WINDOW,
			})
		);
		// Refund of 50 (half a unit): w = 1/2 → N = 1/2: 1000 · 4 / 5.5.
		settle(a, 1, CHARLIE, 50, EscrowOutcome::Refunded);
		assert_eq!(score(a), 727);
		let b = breakdown(a);
		assert_eq!((b.released, b.released_value, b.refunded, b.refunded_value), (1, 300, 1, 50));
		assert!(FeedbackRights::<Test>::contains_key(1));
	});
}

#[test]
fn value_weight_is_capped() {
	ExtBuilder::default().build_and_execute(|| {
		let whale = register(ALICE, KEY_A);
		let small = register(BOB, KEY_B);
		// A whale escrow counts at most MAX_VALUE_WEIGHT = 4: 1000 · 5 / 6.
		settle(whale, 0, CHARLIE, Balance::MAX, EscrowOutcome::Released);
		assert_eq!(score(whale), 833);
		// 700 = 7 units, capped at 4.
		settle(small, 1, CHARLIE, 700, EscrowOutcome::Released);
		assert_eq!(score(small), 833);
		// Three escrows of 1 add 3/100: one more escrow of any size outweighs the whale's.
		for escrow in 2..5 {
			settle(small, escrow, DAVE, 1, EscrowOutcome::Released);
		}
		assert_eq!(score(small), 834);
		assert!(score(small) > score(whale));
	});
}

#[test]
fn challenge_upheld_and_slashed_are_negative() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		Sink::challenge_upheld(a);
		// N = 5: 1000 · 1 / 7.
		assert_eq!(score(a), 142);
		<Sink as ReputationSink<AccountId, Balance>>::slashed(a, 40);
		// N = 8: 1000 · 1 / 10.
		assert_eq!(score(a), 100);
		let b = breakdown(a);
		assert_eq!((b.challenges_upheld, b.slashes, b.slashed_amount), (1, 1, 40));
		assert_eq!(score(a), recomputed(a));
	});
}

#[test]
fn decay_moves_back_toward_neutral_exactly_per_half_life() {
	ExtBuilder::default().build_and_execute(|| {
		let good = register(ALICE, KEY_A);
		let bad = register(BOB, KEY_B);
		for escrow in 0..4 {
			settle(good, escrow, CHARLIE, 2 * VALUE_UNIT, EscrowOutcome::Released);
		}
		for _ in 0..4 {
			Sink::receipt_finalized(bad, 100, false);
		}
		// 0 half-lives: P = 8 → 900; N = 8 → 100.
		assert_eq!((score(good), score(bad)), (900, 100));
		run_to_block(1 + HALF_LIFE);
		// 1 half-life: P = 4 → 1000 · 5 / 6; N = 4 → 1000 · 1 / 6.
		assert_eq!((score(good), score(bad)), (833, 166));
		run_to_block(1 + 2 * HALF_LIFE);
		// 2 half-lives: P = 2 → 1000 · 3 / 4; N = 2 → 1000 · 1 / 4.
		assert_eq!((score(good), score(bad)), (750, 250));
		run_to_block(1 + 200 * HALF_LIFE);
		assert_eq!((score(good), score(bad)), (500, 500));
		assert_eq!(score(good), recomputed(good));
	});
}

/// The worked example of `docs/reputation.md`.
#[test]
fn worked_example_from_the_docs() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		// Block 1: escrow 0 of value 300 released (w = 3) and receipt 0 verified (1/100):
		// P = 3.01, N = 0.
		settle(a, 0, BOB, 300, EscrowOutcome::Released);
		Sink::receipt_finalized(a, 0, true);
		assert_eq!(score(a), 800);
		// Block 11: BOB's positive feedback on escrow 0 (w = 3).
		// P = 3.01 · (1000 − 30)/(1000 + 40) + 3.
		run_to_block(11);
		assert_ok!(Reputation::give_feedback(RuntimeOrigin::signed(BOB), 0, true));
		assert_eq!(score(a), 871);
		// Block 51: receipt 1 rejected. P decays by (1000 − 120)/(1000 + 160) over 40 blocks.
		run_to_block(51);
		Sink::receipt_finalized(a, 1, false);
		assert_eq!(score(a), 643);
		// Block 251, two half-lives later, nothing new: P and N are quartered.
		run_to_block(251);
		assert_eq!(score(a), 583);
		// The stored state stays as of block 51; reading decays it.
		let record = Reputations::<Test>::get(a).unwrap();
		assert_eq!(record.state.positive.into_inner(), 4_405_616_710_875_331_564);
		assert_eq!(record.state.negative.into_inner(), 2_000_000_000_000_000_000);
		assert_eq!(record.state.at, 51);
		assert_eq!(score(a), recomputed(a));
	});
}

#[test]
fn give_feedback_works_once() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		settle(a, 0, BOB, 100, EscrowOutcome::Released);
		assert_ok!(Reputation::give_feedback(RuntimeOrigin::signed(BOB), 0, false));
		assert_eq!(
			last_event(),
			RuntimeEvent::Reputation(Event::FeedbackGiven {
				escrow: 0,
				client: BOB,
				agent: a,
				positive: false
			})
		);
		let b = breakdown(a);
		assert_eq!((b.positive_feedback, b.negative_feedback), (0, 1));
		assert!(!FeedbackRights::<Test>::contains_key(0));
		assert_eq!(FeedbackExpiries::<Test>::iter().count(), 0);
		// Twice: the right is consumed.
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::signed(BOB), 0, true),
			Error::<Test>::NoFeedbackRight
		);
		assert_eq!(score(a), recomputed(a));
	});
}

#[test]
fn give_feedback_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::none(), 0, true),
			DispatchError::BadOrigin
		);
		// No settlement, no right.
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::signed(BOB), 0, true),
			Error::<Test>::NoFeedbackRight
		);
		settle(a, 0, BOB, 100, EscrowOutcome::Released);
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::signed(CHARLIE), 0, true),
			Error::<Test>::NotClient
		);
		// The agent's owner and key are not the client either.
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::signed(ALICE), 0, true),
			Error::<Test>::NotClient
		);
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::signed(KEY_A), 0, true),
			Error::<Test>::NotClient
		);
	});
}

#[test]
fn feedback_expires() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		settle(a, 0, BOB, 100, EscrowOutcome::Released);
		settle(a, 1, BOB, 100, EscrowOutcome::Released);
		let expires_at = 1 + FEEDBACK_WINDOW;
		// Last usable block.
		run_to_block(expires_at - 1);
		assert_ok!(Reputation::give_feedback(RuntimeOrigin::signed(BOB), 1, true));
		// At the expiry block, before the hook ran: expired.
		System::set_block_number(expires_at);
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::signed(BOB), 0, true),
			Error::<Test>::FeedbackExpired
		);
		// The hook prunes it.
		Reputation::on_initialize(expires_at);
		assert_eq!(
			last_event(),
			RuntimeEvent::Reputation(Event::FeedbackRightExpired { escrow: 0, agent: a })
		);
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::signed(BOB), 0, true),
			Error::<Test>::NoFeedbackRight
		);
		assert_eq!(FeedbackExpiries::<Test>::iter().count(), 0);
	});
}

#[test]
fn rotating_the_owner_or_key_to_the_client_does_not_void_its_right() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		settle(a, 0, BOB, 100, EscrowOutcome::Released);
		// The owner sets the agent key to the client's account before the next settlement...
		assert_ok!(AgentRegistry::rotate_agent_key(
			RuntimeOrigin::signed(ALICE),
			a,
			CHARLIE,
			key_consent::<Test>(ALICE, Some(a), CHARLIE)
		));
		settle(a, 1, CHARLIE, 100, EscrowOutcome::Refunded);
		assert_eq!(FeedbackRights::<Test>::get(1).map(|r| r.client), Some(CHARLIE));
		assert_ok!(Reputation::give_feedback(RuntimeOrigin::signed(CHARLIE), 1, false));
		// ...or hands the agent to the client after one: the right stands.
		assert_ok!(AgentRegistry::rotate_owner(RuntimeOrigin::signed(ALICE), a, BOB));
		assert_ok!(Reputation::give_feedback(RuntimeOrigin::signed(BOB), 0, false));
		assert_eq!(breakdown(a).negative_feedback, 2);
	});
}

#[test]
fn no_right_for_an_unknown_agent_or_twice() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		settle(99, 0, BOB, 100, EscrowOutcome::Released);
		assert_eq!(
			last_event(),
			RuntimeEvent::Reputation(Event::FeedbackRightNotGranted { escrow: 0, agent: 99 })
		);
		assert_eq!(FeedbackRights::<Test>::iter().count(), 0);
		// The outcome still counts.
		assert_eq!(breakdown(99).released, 1);
		// A second settlement of the same escrow keeps the first right.
		settle(a, 3, BOB, 100, EscrowOutcome::Released);
		settle(a, 3, CHARLIE, 100, EscrowOutcome::Refunded);
		assert_eq!(FeedbackRights::<Test>::get(3).map(|r| r.client), Some(BOB));
	});
}

#[test]
fn unknown_agent_after_settlement() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		settle(a, 0, BOB, 100, EscrowOutcome::Released);
		assert_ok!(AgentRegistry::deregister(RuntimeOrigin::signed(ALICE), a));
		run_to_block(1 + 20);
		assert_ok!(AgentRegistry::withdraw_bond(RuntimeOrigin::signed(ALICE), a));
		// Window is 20 blocks: the right expired at block 21 anyway.
		assert_noop!(
			Reputation::give_feedback(RuntimeOrigin::signed(BOB), 0, true),
			Error::<Test>::NoFeedbackRight
		);
		settle(a, 1, BOB, 100, EscrowOutcome::Released);
		assert!(!FeedbackRights::<Test>::contains_key(1));
	});
}

#[test]
fn expiry_queue_spills_to_later_blocks() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		let first = 1 + FEEDBACK_WINDOW;
		// MAX_EXPIRIES per block: the third right spills to the next block, and so on.
		let total = MAX_EXPIRIES * MAX_EXPIRY_SCAN;
		for escrow in 0..u64::from(total) {
			settle(a, escrow, BOB, 100, EscrowOutcome::Released);
		}
		for offset in 0..u64::from(MAX_EXPIRY_SCAN) {
			assert_eq!(FeedbackExpiries::<Test>::get(first + offset).len() as u32, MAX_EXPIRIES);
		}
		assert_eq!(FeedbackRights::<Test>::get(2).map(|r| r.expires_at), Some(first + 1));
		// Every queue within reach is full: no right.
		settle(a, 1_000, BOB, 100, EscrowOutcome::Released);
		assert_eq!(
			last_event(),
			RuntimeEvent::Reputation(Event::FeedbackRightNotGranted { escrow: 1_000, agent: a })
		);
		assert!(!FeedbackRights::<Test>::contains_key(1_000));
		// Each block prunes its own queue.
		run_to_block(first);
		assert_eq!(FeedbackRights::<Test>::iter().count() as u32, total - MAX_EXPIRIES);
		run_to_block(first + u64::from(MAX_EXPIRY_SCAN));
		assert_eq!(FeedbackRights::<Test>::iter().count(), 0);
	});
}

#[test]
fn history_is_bounded_and_drops_the_oldest() {
	ExtBuilder::default().build_and_execute(|| {
		MaxHistory::set(3);
		let a = register(ALICE, KEY_A);
		for r in 0..5 {
			Sink::receipt_finalized(a, r, r % 2 == 0);
		}
		let history = History::<Test>::get(a);
		assert_eq!(history.len(), 3);
		assert_eq!(history.first().map(|e| e.1), Some(Outcome::Receipt { id: 2, verified: true }));
		let record = Reputations::<Test>::get(a).unwrap();
		assert_eq!(record.dropped, 2);
		assert_eq!(record.breakdown.total(), 5);
		// The stored score still counts the dropped outcomes; the recomputation cannot.
		assert_ne!(score(a), recomputed(a));
	});
}

#[test]
fn scores_stay_in_bounds_under_saturation() {
	ExtBuilder::default().build_and_execute(|| {
		let a = register(ALICE, KEY_A);
		for _ in 0..200 {
			Sink::challenge_upheld(a);
		}
		assert!(score(a) <= MAX_SCORE);
		assert_eq!(score(a), 0);
		let b = register(BOB, KEY_B);
		for escrow in 0..150 {
			settle(b, escrow, CHARLIE, Balance::MAX, EscrowOutcome::Released);
		}
		assert_eq!(score(b), 998);
	});
}

#[test]
fn try_state_detects_corruption() {
	ExtBuilder::default().build().execute_with(|| {
		let a = register(ALICE, KEY_A);
		settle(a, 0, BOB, 100, EscrowOutcome::Released);
		assert_ok!(Reputation::do_try_state());
		Reputations::<Test>::mutate(a, |r| {
			if let Some(r) = r {
				r.breakdown.verified += 1;
			}
		});
		assert!(Reputation::do_try_state().is_err());
		Reputations::<Test>::mutate(a, |r| {
			if let Some(r) = r {
				r.breakdown.verified -= 1;
			}
		});
		assert_ok!(Reputation::do_try_state());
		FeedbackExpiries::<Test>::remove(1 + FEEDBACK_WINDOW);
		assert!(Reputation::do_try_state().is_err());
	});
}

#[test]
fn integrity_test_passes() {
	ExtBuilder::default().build_and_execute(|| {
		<Reputation as Hooks<BlockNumber>>::integrity_test();
	});
}
