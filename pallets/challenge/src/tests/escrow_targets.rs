//! Challenges against escrows: disputes through the escrow pallet, and rulings and expiry
//! applied to the escrow.

use super::*;

type EscrowHold = pallet_escrow::HoldReason;
type EscrowError = pallet_escrow::Error<Test>;
type EscrowEvent = pallet_escrow::Event<Test>;

const AMOUNT: Balance = 200;
const EVAL_FEE: Balance = 20;
const ESCROW_DEADLINE: BlockNumber = 50;

fn escrow_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Escrow(EscrowHold::Escrow),
		&who,
	)
}

/// ALICE's agent and an escrow of DAVE for it (`AMOUNT`, CHARLIE evaluating for `EVAL_FEE`).
fn escrow_setup(deadline: BlockNumber) -> (u64, u64) {
	let agent = register(ALICE, KEY_A);
	let escrow = open_escrow(DAVE, agent, AMOUNT, Some((CHARLIE, EVAL_FEE)), deadline);
	(agent, escrow)
}

/// DAVE disputes `escrow` through the escrow pallet; returns the challenge id.
fn dispute(escrow: u64) -> u64 {
	let id = NextChallengeId::<Test>::get();
	assert_ok!(Escrow::dispute(signed(DAVE), escrow, EVIDENCE, ChallengeReason::FailedDelivery));
	id
}

fn disputed(escrow: u64) -> bool {
	pallet_escrow::Escrows::<Test>::get(escrow).expect("escrow exists").frozen()
}

fn has_event(event: impl Into<RuntimeEvent>) -> bool {
	let event = event.into();
	System::events().iter().any(|r| r.event == event)
}

#[test]
fn dispute_through_escrow_opens_a_challenge_and_freezes_it() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let issuance = Balances::total_issuance();
		let id = dispute(escrow);
		let target = ChallengeTarget::Escrow(escrow);
		assert_eq!(
			Challenges::<Test>::get(id),
			Some(crate::Challenge {
				challenger: DAVE,
				target,
				agent: Some(agent),
				evidence: EVIDENCE,
				reason: ChallengeReason::FailedDelivery,
				bond: BOND,
				opened_at: 1,
				deadline: 1 + RESOLUTION,
			})
		);
		assert!(has_event(EscrowEvent::Frozen { id: escrow, challenger: DAVE }));
		assert!(has_event(Event::Opened {
			id,
			challenger: DAVE,
			target,
			agent: Some(agent),
			reason: ChallengeReason::FailedDelivery,
			evidence: EVIDENCE,
			bond: BOND,
			deadline: 1 + RESOLUTION,
		}));
		System::assert_last_event(
			EscrowEvent::Disputed {
				id: escrow,
				client: DAVE,
				challenge: id,
				reason: ChallengeReason::FailedDelivery,
				evidence: EVIDENCE,
			}
			.into(),
		);
		assert!(disputed(escrow));
		assert_eq!(free(DAVE), ENDOWMENT - AMOUNT - EVAL_FEE - BOND);
		assert_eq!(escrow_held(DAVE), AMOUNT + EVAL_FEE);
		assert_eq!(bond_held(DAVE), BOND);
		assert_eq!(Balances::total_issuance(), issuance);
		// The provider is challenged through the escrow.
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(1));
		assert!(<Challenge as ChallengeGuard>::is_challenged(agent));
		// The escrow is frozen.
		assert_noop!(Escrow::release(signed(DAVE), escrow), EscrowError::Disputed);
		assert_noop!(Escrow::refund(signed(CHARLIE), escrow), EscrowError::Disputed);
		assert_noop!(
			Escrow::submit(
				signed(KEY_A),
				escrow,
				chaoscore_primitives::settlement::Deliverable::Hash(H256::repeat_byte(1))
			),
			EscrowError::Disputed
		);
		// One challenge per target, whichever way it is opened.
		assert_noop!(
			Escrow::dispute(signed(DAVE), escrow, EVIDENCE, ChallengeReason::Misconduct),
			EscrowError::AlreadyDisputed
		);
		assert_noop!(
			Challenge::open(signed(DAVE), target, EVIDENCE, ChallengeReason::Misconduct),
			Error::<Test>::TargetAlreadyChallenged
		);
	});
}

#[test]
fn open_escrow_target_directly_and_its_errors() {
	const EVE: AccountId = 6;
	ExtBuilder::default().balance(EVE, AMOUNT + BOND).build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let target = ChallengeTarget::Escrow(escrow);
		let reason = ChallengeReason::BadDeliverable;
		assert_noop!(
			Challenge::open(signed(BOB), target, EVIDENCE, reason),
			Error::<Test>::NotClient
		);
		assert_noop!(
			Challenge::open(signed(ALICE), target, EVIDENCE, reason),
			Error::<Test>::NotClient
		);
		assert_noop!(
			Challenge::open(signed(DAVE), ChallengeTarget::Escrow(99), EVIDENCE, reason),
			Error::<Test>::UnknownEscrow
		);
		// A settled escrow is gone.
		let settled = open_escrow(DAVE, agent, AMOUNT, None, ESCROW_DEADLINE);
		assert_ok!(Escrow::release(signed(DAVE), settled));
		assert_noop!(
			Challenge::open(signed(DAVE), ChallengeTarget::Escrow(settled), EVIDENCE, reason),
			Error::<Test>::UnknownEscrow
		);
		// A client who cannot afford the bond: nothing is frozen.
		let poor = open_escrow(EVE, agent, AMOUNT, None, ESCROW_DEADLINE);
		assert_noop!(
			Challenge::open(signed(EVE), ChallengeTarget::Escrow(poor), EVIDENCE, reason),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Escrow::dispute(signed(EVE), poor, EVIDENCE, reason),
			Error::<Test>::InsufficientBalance
		);
		assert!(!disputed(poor));
		// The escrow's own refusal to freeze propagates (state corrupted on purpose).
		let set = |dispute| {
			pallet_escrow::Escrows::<Test>::mutate(escrow, |e| {
				e.as_mut().unwrap().dispute = dispute
			})
		};
		set(pallet_escrow::DisputeStatus::Frozen);
		assert_noop!(
			Challenge::open(signed(DAVE), target, EVIDENCE, reason),
			EscrowError::AlreadyDisputed
		);
		set(pallet_escrow::DisputeStatus::None);
		// Directly through this pallet: same effect as a dispute.
		assert_ok!(Challenge::open(signed(DAVE), target, EVIDENCE, reason));
		assert!(has_event(EscrowEvent::Frozen { id: escrow, challenger: DAVE }));
		assert!(disputed(escrow));
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(1));
		assert_eq!(bond_held(DAVE), BOND);
	});
}

#[test]
fn upheld_on_escrow_refunds_the_client_and_penalizes_the_provider() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let id = dispute(escrow);
		let issuance = Balances::total_issuance();
		run_to_block(3);
		let until = 3 + 20;
		assert_ok!(Challenge::resolve(
			root(),
			id,
			upheld(Some(SlashAmount::Absolute(40)), Some(until))
		));
		System::assert_last_event(
			Event::Upheld {
				id,
				challenger: DAVE,
				target: ChallengeTarget::Escrow(escrow),
				agent: Some(agent),
				slashed: 40,
				reward: 20,
				jailed_until: Some(until),
				bond_returned: BOND,
			}
			.into(),
		);
		assert!(has_event(EscrowEvent::Refunded {
			id: escrow,
			provider: agent,
			client: DAVE,
			refunded: AMOUNT + EVAL_FEE,
			evaluator_fee: 0,
			reason: pallet_escrow::RefundReason::DisputeUpheld,
		}));
		// The client: payment, evaluator fee and bond back, plus half the slash.
		assert_eq!(free(DAVE), ENDOWMENT + 20);
		assert_eq!(escrow_held(DAVE), 0);
		assert_eq!(bond_held(DAVE), 0);
		// The provider's owner lost 40 of its bond; the treasury got the other 20.
		assert_eq!(agent_bond_held(ALICE), MIN_BOND - 40);
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND);
		assert_eq!(free(TREASURY), ENDOWMENT + 20);
		assert_eq!(free(CHARLIE), ENDOWMENT);
		let facts = AgentRegistry::facts(agent).unwrap();
		assert_eq!((facts.status, facts.jailed_until), (AgentStatus::Jailed, Some(until)));
		assert_eq!(Balances::total_issuance(), issuance);
		assert!(pallet_escrow::Escrows::<Test>::get(escrow).is_none());
		assert_gone(id, ChallengeTarget::Escrow(escrow));
		assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
		// Reputation hears of the slash, the refund and the upheld challenge.
		assert_eq!(
			reports(),
			vec![
				Report::Slashed { agent, amount: 40 },
				Report::Escrow {
					agent,
					escrow,
					client: DAVE,
					value: AMOUNT,
					outcome: EscrowOutcome::Refunded
				},
				Report::ChallengeUpheld { agent },
			]
		);
	});
}

#[test]
fn rejected_on_escrow_takes_the_bond_and_resumes_the_escrow() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let id = dispute(escrow);
		assert_ok!(Challenge::resolve(root(), id, Ruling::Rejected));
		System::assert_last_event(
			Event::Rejected {
				id,
				challenger: DAVE,
				target: ChallengeTarget::Escrow(escrow),
				agent: Some(agent),
				bond_slashed: BOND,
			}
			.into(),
		);
		assert!(has_event(EscrowEvent::Resumed { id: escrow }));
		assert!(!disputed(escrow));
		assert_eq!(free(DAVE), ENDOWMENT - AMOUNT - EVAL_FEE - BOND);
		assert_eq!(bond_held(DAVE), 0);
		assert_eq!(escrow_held(DAVE), AMOUNT + EVAL_FEE);
		assert_eq!(free(TREASURY), ENDOWMENT + BOND);
		assert_eq!(AgentRegistry::facts(agent).unwrap().bond, MIN_BOND);
		assert!(reports().is_empty(), "a rejected challenge says nothing about the agent");
		// One dispute per escrow: the client cannot freeze it again.
		assert_noop!(
			Escrow::dispute(signed(DAVE), escrow, EVIDENCE, ChallengeReason::FailedDelivery),
			EscrowError::AlreadyDisputed
		);
		// The escrow continues: delivered and approved by the evaluator.
		assert_ok!(Escrow::submit(
			signed(KEY_A),
			escrow,
			chaoscore_primitives::settlement::Deliverable::Hash(EVIDENCE)
		));
		assert_ok!(Escrow::release(signed(CHARLIE), escrow));
		let fee = AMOUNT * FEE_PERCENT as u64 / 100;
		assert_eq!(free(ALICE), ENDOWMENT - MIN_BOND + AMOUNT - fee);
		assert_eq!(free(TREASURY), ENDOWMENT + BOND + fee);
		assert_eq!(free(CHARLIE), ENDOWMENT + EVAL_FEE);
		assert_eq!(free(DAVE), ENDOWMENT - AMOUNT - EVAL_FEE - BOND);
		assert_eq!(escrow_held(DAVE), 0);
	});
}

#[test]
fn expired_on_escrow_returns_the_bond_and_resumes_the_escrow() {
	ExtBuilder::default().build_and_execute(|| {
		// The escrow's own deadline passes while it is frozen.
		let (agent, escrow) = escrow_setup(5);
		let id = dispute(escrow);
		run_to_block(5);
		assert_noop!(Escrow::refund(signed(BOB), escrow), EscrowError::Disputed);
		run_to_block(1 + RESOLUTION);
		System::assert_has_event(
			Event::Expired {
				id,
				challenger: DAVE,
				target: ChallengeTarget::Escrow(escrow),
				agent: Some(agent),
				bond_returned: BOND,
			}
			.into(),
		);
		assert!(has_event(EscrowEvent::Resumed { id: escrow }));
		assert!(!disputed(escrow));
		assert_eq!(free(DAVE), ENDOWMENT - AMOUNT - EVAL_FEE);
		assert_eq!(free(TREASURY), ENDOWMENT);
		assert_eq!(AgentRegistry::facts(agent).unwrap().bond, MIN_BOND);
		assert_eq!(AgentRegistry::facts(agent).unwrap().status, AgentStatus::Active);
		assert_gone(id, ChallengeTarget::Escrow(escrow));
		assert!(reports().is_empty(), "an expired challenge says nothing about the agent");
		assert_noop!(
			Challenge::open(
				signed(DAVE),
				ChallengeTarget::Escrow(escrow),
				EVIDENCE,
				ChallengeReason::FailedDelivery
			),
			EscrowError::AlreadyDisputed
		);
		// Nothing was delivered: anyone may now refund it.
		assert_ok!(Escrow::refund(signed(BOB), escrow));
		assert_eq!(free(DAVE), ENDOWMENT);
		assert_eq!(free(CHARLIE), ENDOWMENT);
	});
}

#[test]
fn departed_provider_cannot_be_penalized() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(MAX_ESCROW_DEADLINE);
		// Not challenged yet: the provider leaves the registry.
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
		run_to_block(1 + UNBONDING);
		assert_ok!(AgentRegistry::withdraw_bond(signed(ALICE), agent));
		let id = dispute(escrow);
		assert_eq!(Challenges::<Test>::get(id).unwrap().agent, None);
		assert_eq!(ChallengedAgents::<Test>::iter().count(), 0);
		assert_noop!(
			Challenge::resolve(root(), id, upheld(Some(SlashAmount::Absolute(1)), None)),
			Error::<Test>::NoAgentToPenalize
		);
		assert_noop!(
			Challenge::resolve(root(), id, upheld(None, Some(30))),
			Error::<Test>::NoAgentToPenalize
		);
		// Upheld without penalties still refunds the client.
		assert_ok!(Challenge::resolve(root(), id, upheld(None, None)));
		assert!(matches!(
			last_challenge_event(),
			Event::Upheld { agent: None, slashed: 0, reward: 0, bond_returned: BOND, .. }
		));
		assert_eq!(free(DAVE), ENDOWMENT);
		assert!(pallet_escrow::Escrows::<Test>::get(escrow).is_none());
	});
}

#[test]
fn agent_counts_one_per_open_challenge() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let direct = open_agent(BOB, agent);
		run_to_block(2);
		let through_escrow = dispute(escrow);
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(2));
		assert_ok!(Challenge::resolve(root(), direct, Ruling::Rejected));
		assert_eq!(ChallengedAgents::<Test>::get(agent), Some(1));
		assert_noop!(
			AgentRegistry::rotate_owner(signed(ALICE), agent, CHARLIE),
			pallet_agent_registry::Error::<Test>::AgentChallenged
		);
		run_to_block(2 + RESOLUTION);
		assert!(Challenges::<Test>::get(through_escrow).is_none());
		assert_eq!(ChallengedAgents::<Test>::get(agent), None);
		assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
	});
}

#[test]
fn expiry_goes_on_when_an_escrow_cannot_resume() {
	ExtBuilder::default().build_and_execute(|| {
		let (agent, escrow) = escrow_setup(ESCROW_DEADLINE);
		let agent_b = register(BOB, KEY_B);
		let first = dispute(escrow);
		let second = open_agent(CHARLIE, agent_b);
		// Corrupt the escrow: it forgot its dispute.
		pallet_escrow::Escrows::<Test>::mutate(escrow, |e| {
			e.as_mut().unwrap().dispute = pallet_escrow::DisputeStatus::None
		});
		// A ruling on it fails as a whole.
		assert_noop!(Challenge::resolve(root(), first, Ruling::Rejected), EscrowError::NotDisputed);
		run_to_block(1 + RESOLUTION);
		assert!(has_event(Event::ExpiryFailed {
			id: first,
			error: EscrowError::NotDisputed.into()
		}));
		assert!(has_event(Event::Expired {
			id: first,
			challenger: DAVE,
			target: ChallengeTarget::Escrow(escrow),
			agent: Some(agent),
			bond_returned: BOND,
		}));
		assert!(has_event(Event::Expired {
			id: second,
			challenger: CHARLIE,
			target: ChallengeTarget::Agent(agent_b),
			agent: Some(agent_b),
			bond_returned: BOND,
		}));
		assert_gone(first, ChallengeTarget::Escrow(escrow));
		assert_gone(second, ChallengeTarget::Agent(agent_b));
		assert_eq!(bond_held(DAVE), 0);
		assert_eq!(bond_held(CHARLIE), 0);
		assert_eq!(ChallengedAgents::<Test>::iter().count(), 0);
	});
}
