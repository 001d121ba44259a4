//! `open` against an agent: the bond, the indices, the deadline queues and the refusals.

use super::*;

#[test]
fn open_agent_target_holds_the_bond_and_indexes() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let issuance = Balances::total_issuance();
		let id = open_agent(BOB, agent);
		assert_eq!(id, 0);
		let deadline = 1 + RESOLUTION;
		System::assert_last_event(
			Event::Opened {
				id,
				challenger: BOB,
				target: ChallengeTarget::Agent(agent),
				agent: Some(agent),
				reason: ChallengeReason::Misconduct,
				evidence: EVIDENCE,
				bond: BOND,
				deadline,
			}
			.into(),
		);
		assert_eq!(
			Challenges::<Test>::get(id),
			Some(crate::Challenge {
				challenger: BOB,
				target: ChallengeTarget::Agent(agent),
				agent: Some(agent),
				evidence: EVIDENCE,
				reason: ChallengeReason::Misconduct,
				bond: BOND,
				opened_at: 1,
				deadline,
			})
		);
		assert_eq!(
			OpenByTarget::<Test>::get(ChallengeTarget::Agent(agent)).into_inner(),
			vec![(id, BOB)]
		);
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(1));
		assert_eq!(Deadlines::<Test>::get(deadline).into_inner(), vec![id]);
		assert_eq!(NextChallengeId::<Test>::get(), 1);
		assert!(<Challenge as ChallengeGuard>::is_challenged(agent));
		assert_eq!(bond_held(BOB), BOND);
		assert_eq!(free(BOB), ENDOWMENT - BOND);
		assert_eq!(Balances::total_issuance(), issuance);
		// View functions.
		assert_eq!(Challenge::challenge(id), Challenges::<Test>::get(id));
		let ids = |target| Challenge::challenges_of(target).into_iter().map(|(i, _)| i);
		assert_eq!(ids(ChallengeTarget::Agent(agent)).collect::<Vec<_>>(), vec![id]);
		assert_eq!(ids(ChallengeTarget::Agent(agent + 1)).count(), 0);
		// Runtime API.
		let open = Challenge::open_challenges();
		assert_eq!(open.len(), 1);
		assert_eq!(Some(&open[0].1), Challenges::<Test>::get(id).as_ref());
	});
}

#[test]
fn anyone_but_the_owner_may_challenge_even_a_jailed_agent() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		assert_ok!(Slashing::jail(root(), agent, 5));
		// The agent key is not the owner: it may challenge too.
		let id = open_agent(CHARLIE, agent);
		assert_eq!(Challenges::<Test>::get(id).unwrap().challenger, CHARLIE);
	});
}

#[test]
fn open_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let target = ChallengeTarget::Agent(agent);
		let reason = ChallengeReason::Misconduct;
		assert_noop!(Challenge::open(RuntimeOrigin::none(), target, EVIDENCE, reason), BadOrigin);
		assert_noop!(Challenge::open(root(), target, EVIDENCE, reason), BadOrigin);
		assert_noop!(
			Challenge::open(signed(BOB), ChallengeTarget::Agent(9), EVIDENCE, reason),
			Error::<Test>::UnknownAgent
		);
		assert_noop!(
			Challenge::open(signed(ALICE), target, EVIDENCE, reason),
			Error::<Test>::ChallengerIsOwner
		);
		assert_noop!(
			Challenge::open(signed(KEY_A), target, EVIDENCE, reason),
			Error::<Test>::ChallengerIsAgentKey
		);
		assert_noop!(
			Challenge::open(signed(POOR), target, EVIDENCE, reason),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Challenge::open(signed(BOB), ChallengeTarget::Escrow(0), EVIDENCE, reason),
			Error::<Test>::UnknownEscrow
		);
		open_agent(BOB, agent);
		assert_noop!(
			Challenge::open(signed(BOB), target, EVIDENCE, reason),
			Error::<Test>::AlreadyChallenging
		);
		open_agent(CHARLIE, agent);
		assert_noop!(
			Challenge::open(signed(DAVE), target, EVIDENCE, reason),
			Error::<Test>::TooManyChallenges
		);
	});
}

/// A squatter (here the owner's other account, BOB) takes a challenge slot with weak evidence; an
/// honest challenger still gets in, and each ruling stands alone: the squatter's rejected
/// challenge costs its bond, the honest one upheld slashes the agent and pays its challenger.
#[test]
fn a_squatter_cannot_keep_honest_challengers_out() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let squat = open_agent(BOB, agent);
		let honest = open_agent(CHARLIE, agent);
		let target = ChallengeTarget::Agent(agent);
		let open: Vec<u64> =
			Challenge::open_challenges_of(target).iter().map(|(id, _)| *id).collect();
		assert_eq!(open, vec![squat, honest]);
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(2));

		assert_ok!(Challenge::resolve(root(), squat, Ruling::Rejected));
		assert_eq!(free(BOB), ENDOWMENT - BOND, "the squatter's bond is gone");
		assert_eq!(OpenByTarget::<Test>::get(target).into_inner(), vec![(honest, CHARLIE)]);
		let slash = Some(SlashAmount::FractionOfBond(Perbill::from_percent(50)));
		assert_ok!(Challenge::resolve(root(), honest, upheld(slash, None)));
		assert!(free(CHARLIE) > ENDOWMENT, "the honest challenger is rewarded");
		assert!(!OpenByTarget::<Test>::contains_key(target));
		assert_eq!(ChallengedAgents::<Test>::get(agent), None);
	});
}

#[test]
fn bond_must_leave_the_existential_deposit() {
	ExtBuilder::default().balance(CHARLIE, BOND).build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		assert_noop!(
			Challenge::open(
				signed(CHARLIE),
				ChallengeTarget::Agent(agent),
				EVIDENCE,
				ChallengeReason::Misconduct
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn open_through_the_trait_is_all_or_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let agent = register(ALICE, KEY_A);
		let id = <Challenge as OpenChallenge<AccountId>>::open(
			BOB,
			ChallengeTarget::Agent(agent),
			EVIDENCE,
			ChallengeReason::InvalidReceipt,
		)
		.unwrap();
		assert_eq!(Challenges::<Test>::get(id).unwrap().reason, ChallengeReason::InvalidReceipt);
		let agent_b = register(ALICE, KEY_B);
		assert_noop!(
			<Challenge as OpenChallenge<AccountId>>::open(
				POOR,
				ChallengeTarget::Agent(agent_b),
				EVIDENCE,
				ChallengeReason::Misconduct,
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn full_deadline_queue_spills_to_the_next_block() {
	ExtBuilder::default().build_and_execute(|| {
		let agents: Vec<u64> = (0..4).map(|i| register(ALICE, 200 + i)).collect();
		let ids: Vec<u64> = agents.iter().map(|a| open_agent(BOB, *a)).collect();
		let first = 1 + RESOLUTION;
		assert_eq!(Deadlines::<Test>::get(first).into_inner(), ids[..3].to_vec());
		assert_eq!(Deadlines::<Test>::get(first + 1).into_inner(), vec![ids[3]]);
		assert_eq!(Challenges::<Test>::get(ids[3]).unwrap().deadline, first + 1);
		assert_eq!(bond_held(BOB), 4 * BOND);

		// The full block expires three, the next one the fourth.
		run_to_block(first - 1);
		assert_eq!(Challenges::<Test>::iter().count(), 4);
		System::set_block_number(first);
		let weight = Challenge::on_initialize(first);
		assert_eq!(weight, <() as crate::WeightInfo>::on_initialize_expire(3));
		AgentRegistry::on_initialize(first);
		assert_eq!(Challenges::<Test>::iter().map(|(id, _)| id).collect::<Vec<_>>(), vec![ids[3]]);
		assert_eq!(free(BOB), ENDOWMENT - BOND);
		check_invariants();
		next_block();
		assert_eq!(Challenges::<Test>::iter().count(), 0);
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(bond_held(BOB), 0);
		for agent in agents {
			assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
		}
	});
}

#[test]
fn open_fails_when_every_reachable_queue_is_full() {
	let slots = (MAX_DEADLINE_SCAN * MAX_DEADLINES) as u64;
	ExtBuilder::default()
		.balance(ALICE, (slots + 2) * MIN_BOND + 10)
		.balance(BOB, (slots + 2) * BOND + 10)
		.build_and_execute(|| {
			let agents: Vec<u64> = (0..=slots).map(|i| register(ALICE, 200 + i)).collect();
			for agent in &agents[..slots as usize] {
				open_agent(BOB, *agent);
			}
			let first = 1 + RESOLUTION;
			let last = first + MAX_DEADLINE_SCAN as u64 - 1;
			for block in first..=last {
				assert_eq!(Deadlines::<Test>::decode_len(block), Some(MAX_DEADLINES as usize));
			}
			assert_noop!(
				Challenge::open(
					signed(BOB),
					ChallengeTarget::Agent(agents[slots as usize]),
					EVIDENCE,
					ChallengeReason::Misconduct
				),
				Error::<Test>::DeadlineQueuesFull
			);
			// A block later the window has moved on by one block.
			next_block();
			open_agent(BOB, agents[slots as usize]);
			let last_id = NextChallengeId::<Test>::get() - 1;
			assert_eq!(Challenges::<Test>::get(last_id).unwrap().deadline, last + 1);
		});
}
