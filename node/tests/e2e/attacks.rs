//! Attacks on reputation and settlement, end to end on the dev node with real signers
//! (`docs/security.md`, attacks 1 to 9). Each test plays the attacker trying the
//! routes the runtime offers and asserts the attack fails; on the code before its defence, each of
//! them passed for the attacker.

use crate::chaoscore_node;
use chaoscore_harness::{
	account,
	agency::{
		attest_call, committee, drawn_committee, next_receipt_id, receipt_at, record_receipt,
		record_receipt_call, verifier_call,
	},
	agent::{agents_of, register_agent, AgentSpec},
	call,
	consent::{self, consent_as},
	council::set_parameter,
	escrow::{
		dispute_call, dispute_escrow, escrow_call, hash_deliverable, now, open_escrow,
		open_escrow_due, submit_deliverable, try_dispute,
	},
	event_field, find_event,
	keys::{derivative, id_of},
	module_error,
	reputation::{give_feedback, score_at, score_now, NEUTRAL_SCORE},
	submit, submit_call, sudo, Api, DevNode, Outcome, Result, UNIT,
};
use std::time::Duration;
use subxt::{
	dynamic::{self, At, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::{dev, Keypair};

/// `Reputation::give_feedback(escrow, positive)` by `client`: whether it went through.
async fn feedback(api: &Api, client: &Keypair, escrow: u64, positive: bool) -> Result<bool> {
	Ok(give_feedback(api, client, escrow, positive).await?.is_ok())
}

/// `Escrow::<call>(escrow)` by `signer`: whether it went through (the attacker tries it anyway).
async fn attempt(api: &Api, call: &str, escrow: u64, signer: &Keypair) -> Result<bool> {
	Ok(escrow_call(api, call, escrow, signer).await?.is_ok())
}

/// Attack 1: a client and its evaluator (both the attacker's accounts) settle escrows the honest
/// provider never touched — the evaluator rejects, the client withdraws, or the deadline passes —
/// and leave negative feedback, round after round with the same capital. Before acceptance
/// existed, the evaluator's rejection counted as a refund against the provider and granted the
/// feedback right: three rounds took the score from 500 to far below.
#[tokio::test(flavor = "multi_thread")]
async fn escrows_the_provider_never_accepted_cannot_lower_its_score() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let victim = register_agent(&api, &dev::eve(), &dev::ferdie(), "honest").await?;
	let (client, evaluator) = (dev::charlie(), dev::dave());
	let amount = 127 * UNIT;
	let mut settled = 0;
	for round in 0..3 {
		let (escrow, _) =
			open_escrow(&api, &client, victim, amount, Some((&id_of(&evaluator), 0))).await?;
		let refunded = attempt(&api, "refund", escrow, &evaluator).await?
			|| attempt(&api, "refund", escrow, &client).await?;
		assert!(refunded, "round {round}: the attacker gets its money back at once");
		settled += 1;
		feedback(&api, &client, escrow, false).await?;
	}

	// Expiry: an offer left to lapse.
	let (escrow, _) = open_escrow_due(&api, &client, victim, amount, None, 3).await?;
	let deadline = now(&api).await? + 3;
	node.wait_for_height(&api, u64::try_from(deadline)? + 1).await?;
	assert!(attempt(&api, "refund", escrow, &evaluator).await?, "anyone refunds after expiry");
	settled += 1;
	feedback(&api, &client, escrow, false).await?;

	assert_eq!(settled, 4);
	let best = api.at_current_block().await?.block_hash();
	assert!(
		score_at(&api, best, victim).await?.is_none(),
		"nothing may be recorded against an agent for escrows it never accepted: {:?}",
		score_at(&api, best, victim).await?.map(|(score, _)| score)
	);
	node.stop()
}

/// Attack 2: the attacker's own agent collects escrows from the attacker's other account that are
/// paid without anything delivered, each followed by positive feedback. Before, a release
/// counted whatever the escrow's state, so a 0.1 CHAOS escrow and a feedback bought evidence.
#[tokio::test(flavor = "multi_thread")]
async fn paying_for_nothing_delivered_earns_no_reputation() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key, alt) = (dev::eve(), dev::ferdie(), dev::charlie());
	let own = register_agent(&api, &owner, &key, "inflated").await?;
	for accept_first in [false, false, true] {
		let (escrow, _) = open_escrow(&api, &alt, own, UNIT / 10, None).await?;
		if accept_first {
			assert!(attempt(&api, "accept", escrow, &key).await?, "the agent accepts");
		}
		assert!(attempt(&api, "release", escrow, &alt).await?, "the client may always pay");
		feedback(&api, &alt, escrow, true).await?;
		assert_eq!(score_now(&api, own).await?, NEUTRAL_SCORE, "gifts are not evidence of work");
	}
	node.stop()
}

/// Attack 2, with delivery: the attacker's other account pays its own agent for a delivered job
/// and leaves positive feedback; all it loses is the 1 % protocol fee and transaction fees.
/// Evidence is now linear in value (one unit per 100 CHAOS, whose fee is 1 CHAOS), so the job buys
/// what its fee pays for. Before, every escrow weighed at least one unit and its feedback one
/// more: a 1-CHAOS job and its feedback took a new agent from 500 to 799.
#[tokio::test(flavor = "multi_thread")]
async fn a_self_paid_job_buys_score_only_at_its_protocol_fee() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key, alt) = (dev::eve(), dev::ferdie(), dev::charlie());
	let own = register_agent(&api, &owner, &key, "inflated").await?;
	let (escrow, _) = open_escrow(&api, &alt, own, UNIT, None).await?;
	submit_deliverable(&api, &key, escrow, hash_deliverable()).await?;
	assert!(attempt(&api, "release", escrow, &alt).await?, "the alt pays for the delivery");
	assert!(feedback(&api, &alt, escrow, true).await?, "and praises it");
	// The release and the feedback weigh 1/100 each: P = 0.02, 1000 · 1.02 / 2.02.
	assert_eq!(score_now(&api, own).await?, 504, "0.01 CHAOS of fee buys 4 points");
	node.stop()
}

/// Attack 9: an agent that has left the pool of eligible providers (here: its owner deregistered it,
/// so it is unbonding and its bond is on the way out) still delivers to an escrow opened before,
/// to collect the payment and the reputation. Before, `submit` checked only who signed.
#[tokio::test(flavor = "multi_thread")]
async fn an_unbonding_agent_can_no_longer_deliver() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key, client) = (dev::eve(), dev::ferdie(), dev::charlie());
	let agent = register_agent(&api, &owner, &key, "leaving").await?;
	let (escrow, _) = open_escrow(&api, &client, agent, 5 * UNIT, None).await?;
	let deregister =
		dynamic::tx("AgentRegistry", "deregister", vec![Value::u128(u128::from(agent))]);
	submit(&api, &deregister, &owner).await??;

	let deliver =
		dynamic::tx("Escrow", "submit", vec![Value::u128(u128::from(escrow)), hash_deliverable()]);
	let outcome = submit(&api, &deliver, &key).await?;
	assert_eq!(module_error(outcome), "Escrow::ProviderNotEligible");
	node.stop()
}

/// Attack 9, receipts: an agent slashed below the minimum bond (nothing left at stake) keeps
/// recording receipts, whose verification raises its score. Before, only jailed and unbonding
/// agents were refused; now the agent records again once its owner tops the bond up.
#[tokio::test(flavor = "multi_thread")]
async fn a_slashed_out_agent_records_no_receipts_until_it_tops_up() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key) = (dev::eve(), dev::ferdie());
	let agent = register_agent(&api, &owner, &key, "slashed").await?;
	let all = Value::unnamed_variant("FractionOfBond", [Value::u128(1_000_000_000)]);
	let slash = call(
		"Slashing",
		"slash",
		vec![
			("id", Value::u128(u128::from(agent))),
			("amount", all),
			("reason", Value::unnamed_variant("Governance", [])),
			("evidence", Value::unnamed_variant("None", [])),
		],
	);
	sudo(&api, slash).await?;
	let refused = record_receipt(&api, agent, &key).await?;
	assert_eq!(module_error(refused), "ProofOfAgency::AgentUnderbonded");

	let top_up = dynamic::tx("AgentRegistry", "top_up_bond", vec![Value::u128(u128::from(agent))]);
	submit(&api, &top_up, &owner).await??;
	record_receipt(&api, agent, &key).await??;
	node.stop()
}

/// Attack 4: a client disputes a delivered job, lets the challenge expire (or be rejected), and
/// disputes again — forever, racing the provider's `claim` on tips, keeping the payment and the
/// provider's bond frozen. Here the arbiter stays silent, so the challenge expires (resolution
/// period shortened by governance). Before, the resumed escrow could be disputed anew.
#[tokio::test(flavor = "multi_thread")]
async fn an_escrow_is_disputed_at_most_once() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;
	for period in ["ResolutionPeriod", "ReviewPeriod"] {
		sudo(&api, set_parameter("Settlement", period, 3)).await?;
	}

	let (key, client) = (dev::ferdie(), dev::charlie());
	let provider = register_agent(&api, &dev::eve(), &key, "delivers").await?;
	let (escrow, _) = open_escrow(&api, &client, provider, 5 * UNIT, None).await?;
	submit_deliverable(&api, &key, escrow, hash_deliverable()).await?;
	let (_challenge, disputed) = dispute_escrow(&api, &client, escrow).await?;
	let disputed_at: u64 = api.at_block(disputed.block).await?.block_number().into();

	// The challenge expires unanswered (its deadline is at least the resolution period ahead).
	node.wait_for_height(&api, disputed_at + 6).await?;
	let again = try_dispute(&api, &client, escrow).await?;
	assert_eq!(module_error(again), "Escrow::AlreadyDisputed");
	// The job reaches its end: the provider is paid.
	assert!(attempt(&api, "claim", escrow, &dev::dave()).await?, "the claim goes through");
	node.stop()
}

/// `AgentRegistry::rotate_agent_key(agent, key)` by `owner` as a call, with a consent in `key`'s
/// name signed by `signer` (a forgery unless `signer` is `key`).
async fn rotate_key(
	api: &Api,
	owner: &Keypair,
	agent: u64,
	key: &AccountId32,
	signer: &Keypair,
) -> Result<Value> {
	let at = api.at_current_block().await?;
	let consent = consent_as(&at, &id_of(owner), Some(agent), key, signer)?.value();
	Ok(call(
		"AgentRegistry",
		"rotate_agent_key",
		vec![
			("id", Value::u128(u128::from(agent))),
			("new_key", Value::from_bytes(key.0)),
			("key_consent", consent),
		],
	))
}

/// Attack 8, feedback: the owner of an agent whose client is unhappy sets the agent key to the
/// client's account, settles the escrow and sets the key back, all in one batch — the client is
/// then "the agent's key" at settlement, so no feedback right, or "self-feedback" at use. Now an
/// account becomes an agent key only with its own signature, so the owner cannot name the client;
/// and a feedback right is checked against the owner and key of the escrow's opening, so even a
/// rotation to a key that did consent leaves the client's right alone.
#[tokio::test(flavor = "multi_thread")]
async fn the_owner_cannot_void_a_clients_feedback_by_swapping_keys() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;
	sudo(&api, set_parameter("Settlement", "ReviewPeriod", 3)).await?;

	let (owner, key, client) = (dev::eve(), dev::ferdie(), dev::charlie());
	let agent = register_agent(&api, &owner, &key, "sloppy").await?;
	let (escrow, _) = open_escrow(&api, &client, agent, 5 * UNIT, None).await?;
	submit_deliverable(&api, &key, escrow, hash_deliverable()).await?;
	let review_over = now(&api).await? + 4;
	node.wait_for_height(&api, u64::try_from(review_over)?).await?;

	// The client's account as the key, on a consent the owner signed itself.
	let to_client = rotate_key(&api, &owner, agent, &id_of(&client), &owner).await?;
	let forged = submit_call(&api, to_client, &owner).await?;
	assert_eq!(module_error(forged), "AgentRegistry::BadKeyConsent");

	// A rotation to a key of the owner's that consents, around the claim.
	let spare = dev::dave();
	let claim = call("Escrow", "claim", vec![("id", Value::u128(u128::from(escrow)))]);
	let calls = vec![
		rotate_key(&api, &owner, agent, &id_of(&spare), &spare).await?,
		claim,
		rotate_key(&api, &owner, agent, &id_of(&key), &key).await?,
	];
	let batch = dynamic::tx("Utility", "batch_all", vec![Value::unnamed_composite(calls)]);
	submit(&api, &batch, &owner).await??;

	assert!(feedback(&api, &client, escrow, false).await?, "the client's feedback goes through");
	let best = api.at_current_block().await?.block_hash();
	let negative = score_at(&api, best, agent)
		.await?
		.map(|(_, breakdown)| breakdown.at("negative_feedback").and_then(Value::as_u128));
	assert_eq!(negative, Some(Some(1)), "the negative feedback is recorded");
	node.stop()
}

/// Attack 8, registration: a registration waiting in the pool names its agent key; anyone could
/// register first with the same key, so the key was taken and the honest registration failed
/// with `AgentKeyInUse`. Now the key's consent names the owner it consents to: copied into the
/// front-runner's registration it is refused, and the honest registration goes through (so the
/// consent message the client builds is the one the runtime checks).
#[tokio::test(flavor = "multi_thread")]
async fn a_registration_cannot_be_front_run_for_its_key() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key, front_runner) = (dev::eve(), dev::ferdie(), dev::alice());
	let at = api.at_current_block().await?;
	let valid_until = consent::valid_until(&at)?;
	let genesis = at.genesis_hash().ok_or("no genesis hash")?.0;
	let message = consent::message(genesis, &id_of(&owner), None, &id_of(&key), valid_until);

	// The honest owner's registration, as it sits in the pool.
	let spec = AgentSpec::coder("contested");
	let register = call(
		"AgentRegistry",
		"register",
		vec![
			("agent_key", Value::from_bytes(id_of(&key).0)),
			("key_consent", consent::Consent::sign(&key, &message, valid_until).value()),
			("metadata", spec.metadata()),
			("document", Value::from_bytes(spec.document())),
		],
	);
	let front_run = submit_call(&api, register.clone(), &front_runner).await?;
	assert_eq!(module_error(front_run), "AgentRegistry::BadKeyConsent");
	submit_call(&api, register, &owner).await??;
	let owned = agents_of(&api, &id_of(&owner)).await?;
	assert_eq!(owned.len(), 1, "the honest owner registered its agent");
	assert!(agents_of(&api, &id_of(&front_runner)).await?.is_empty(), "the front-runner has none");
	node.stop()
}

/// `Challenge::open` against agent `agent` by `challenger`.
async fn challenge_agent(api: &Api, agent: u64, challenger: &Keypair) -> Result<Outcome> {
	let open = dynamic::tx(
		"Challenge",
		"open",
		vec![
			Value::unnamed_variant("Agent", [Value::u128(u128::from(agent))]),
			Value::from_bytes([3u8; 32]),
			Value::unnamed_variant("Misconduct", []),
		],
	);
	submit(api, &open, challenger).await
}

/// Attack 5, by the agent's own key: the key takes a challenge slot with weak evidence so that an
/// honest challenger is refused, and would collect the reward if upheld. Before, only the owner
/// was kept out of its own agent's slot.
#[tokio::test(flavor = "multi_thread")]
async fn an_agent_key_cannot_take_its_agents_challenge_slot() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key) = (dev::eve(), dev::ferdie());
	let agent = register_agent(&api, &owner, &key, "squatted").await?;
	let squat = challenge_agent(&api, agent, &key).await?;
	assert_eq!(module_error(squat), "Challenge::ChallengerIsAgentKey");
	challenge_agent(&api, agent, &dev::charlie()).await??;
	node.stop()
}

/// Attack 5, by the owner's other accounts: with one challenge slot per agent, an account of the
/// owner's (which the chain cannot tell from a stranger's) took it with weak evidence and honest
/// challengers were refused until it expired, to be taken again. Now an agent has eight slots,
/// one per challenger: the honest challenge goes in beside the squatter's, and taking every slot
/// costs eight bonds, each lost when its challenge is rejected.
#[tokio::test(flavor = "multi_thread")]
async fn a_squatter_cannot_keep_honest_challengers_out() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key, squatter) = (dev::eve(), dev::ferdie(), dev::alice());
	let agent = register_agent(&api, &owner, &key, "squatted").await?;
	challenge_agent(&api, agent, &squatter).await??;
	let honest = challenge_agent(&api, agent, &dev::charlie()).await?;
	if let Err(refused) = honest {
		panic!("the honest challenger must get in beside the squatter: {refused}");
	}
	let again = challenge_agent(&api, agent, &squatter).await?;
	assert_eq!(module_error(again), "Challenge::AlreadyChallenging", "one slot per challenger");
	node.stop()
}

/// Attack 4, the agent's side: a challenge kept open against an agent (re-opened whenever one
/// expires) kept it from deregistering, pinning it in the pool with its bond. Now it may leave at
/// once; only its bond waits for the ruling.
#[tokio::test(flavor = "multi_thread")]
async fn a_challenged_agent_can_leave_but_not_take_its_bond() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key) = (dev::eve(), dev::ferdie());
	let agent = register_agent(&api, &owner, &key, "pinned").await?;
	challenge_agent(&api, agent, &dev::charlie()).await??;
	let id = vec![Value::u128(u128::from(agent))];
	let deregister = dynamic::tx("AgentRegistry", "deregister", id.clone());
	submit(&api, &deregister, &owner).await??;
	let withdraw = dynamic::tx("AgentRegistry", "withdraw_bond", id);
	assert_eq!(
		module_error(submit(&api, &withdraw, &owner).await?),
		"AgentRegistry::AgentChallenged"
	);
	node.stop()
}

/// `TransactionPaymentCallApi::query_call_info(call)`: the weight a transaction of `call` is
/// charged, as `(ref_time, proof_size)`.
async fn charged_weight(api: &Api, call: Value) -> Result<(u128, u128)> {
	let payload = dynamic::runtime_api_call::<_, Value>(
		"TransactionPaymentCallApi",
		"query_call_info",
		(call, 0u32),
	);
	let info = api.at_current_block().await?.runtime_apis().call(payload).await?;
	let weight = info.at("weight").ok_or("no weight in the call info")?;
	let part = |name: &str| weight.at(name).and_then(|v| v.as_u128()).ok_or("no weight part");
	Ok((part("ref_time")?, part("proof_size")?))
}

/// Attack 6: `escrow.dispute` runs `challenge.open`, whose worst case scans the full window of
/// deadline queues, but was charged only its own benchmark — block space below cost for anyone
/// filling blocks with disputes. The weight a client is charged must cover the challenge.
#[tokio::test(flavor = "multi_thread")]
async fn a_dispute_pays_for_the_challenge_it_opens() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let open = call(
		"Challenge",
		"open",
		vec![
			("target", Value::unnamed_variant("Agent", [Value::u128(0)])),
			("evidence", Value::from_bytes([3u8; 32])),
			("reason", Value::unnamed_variant("BadDeliverable", [])),
		],
	);
	let (open_time, open_proof) = charged_weight(&api, open).await?;
	let (time, proof) = charged_weight(&api, dispute_call(0)).await?;
	assert!(
		time >= open_time && proof >= open_proof,
		"escrow.dispute charged ({time}, {proof}), challenge.open alone ({open_time}, {open_proof})"
	);
	node.stop()
}

/// `Utility::as_derivative(index, call)`: `call` dispatched as the signer's derivative account.
fn as_derivative(index: u16, call: Value) -> Value {
	chaoscore_harness::call(
		"Utility",
		"as_derivative",
		vec![("index", Value::u128(u128::from(index))), ("call", call)],
	)
}

/// Attack 3: an agent's owner verifies its own receipts of actions that never happened. In one
/// batch it funds two derivative accounts, registers them as verifiers, records the receipt and
/// has them attest it valid — then it would deregister them, bonds back in the same block.
/// Before, any two verifiers were a quorum, the bond came back at once, and the receipt was
/// verified in the block it was recorded. Now a receipt's committee is drawn from every verifier
/// in the draw, by relay randomness newer than any the recording block's author could know (it
/// was drawn by the recording block's hash, which that author could grind, in the next block);
/// the attacker's two seats of five are outvoted by the honest
/// members, each attacker seat that attested loses the penalty, and no bond leaves before the
/// unbonding period.
#[tokio::test(flavor = "multi_thread")]
async fn a_verifier_quorum_cannot_be_bought() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let honest = [dev::alice(), dev::bob(), dev::charlie(), dev::dave()];
	for verifier in &honest {
		submit_call(&api, verifier_call("register_verifier"), verifier).await??;
	}
	let (owner, key) = (dev::eve(), dev::ferdie());
	let agent = register_agent(&api, &owner, &key, "self-verified").await?;
	let alts = [derivative(&id_of(&owner), 0), derivative(&id_of(&owner), 1)];
	let receipt = next_receipt_id(&api).await?;

	let mut calls: Vec<Value> = alts
		.iter()
		.map(|alt| {
			call(
				"Balances",
				"transfer_keep_alive",
				vec![
					("dest", Value::unnamed_variant("Id", [Value::from_bytes(alt.0)])),
					("value", Value::u128(20 * UNIT)),
				],
			)
		})
		.collect();
	calls.extend((0..2).map(|i| as_derivative(i, verifier_call("register_verifier"))));
	calls.push(record_receipt_call(agent));
	calls.extend((0..2).map(|i| as_derivative(i, attest_call(receipt, true))));
	// `batch` keeps what succeeded before a failure: the verifiers and the receipt.
	let batch = dynamic::tx("Utility", "batch", vec![Value::unnamed_composite(calls)]);
	let included = submit(&api, &batch, &owner).await??;
	let (_, status) = receipt_at(&api, included.block, receipt).await?;
	assert_eq!(status, "Pending", "the attacker's own verifiers decided its receipt in one batch");

	// The committee waits for relay randomness that did not exist when the receipt's block was
	// built (not the next block's, whose seed the recording block's author knew); then five of
	// the six verifiers are drawn, the attacker holding at most two seats.
	let recorded_at: u64 = api.at_block(included.block).await?.block_number().into();
	node.wait_for_height(&api, recorded_at + 1).await?;
	let next = committee(&api, receipt).await?;
	assert_eq!(next, None, "drawn from randomness known when the receipt was recorded");
	let members = drawn_committee(&api, receipt, Duration::from_secs(60)).await?;
	assert_eq!(members.len(), 5, "a full committee");
	let seated: Vec<u16> = (0..2).filter(|i| members.contains(&alts[usize::from(*i)])).collect();
	assert!(!seated.is_empty(), "six verifiers, five seats: an attacker seat is drawn");
	for &i in &seated {
		submit_call(&api, as_derivative(i, attest_call(receipt, true)), &owner).await??;
	}
	// The honest members reject it until their majority finalizes it (three or four of them
	// are seated, depending on the draw).
	for verifier in honest.iter().filter(|v| members.contains(&id_of(v))) {
		let attested = submit_call(&api, attest_call(receipt, false), verifier).await??;
		if receipt_at(&api, attested.block, receipt).await?.1 != "Pending" {
			break;
		}
	}
	let best = api.at_current_block().await?.block_hash();
	assert_eq!(receipt_at(&api, best, receipt).await?.1, "Rejected", "the honest majority decides");

	// Each seat that attested for the fake lost the penalty (1 CHAOS of the 10 bonded) and left
	// the draw; no bond can be withdrawn before the unbonding period.
	for i in 0..2u16 {
		let alt = &alts[usize::from(i)];
		let penalized = seated.contains(&i);
		let held = if penalized { 9 * UNIT } else { 10 * UNIT };
		assert_eq!(account(&api, alt).await?.reserved, held, "held bond of alt {i}");
		let deregister =
			submit_call(&api, as_derivative(i, verifier_call("deregister_verifier")), &owner)
				.await?;
		if penalized {
			assert_eq!(module_error(deregister), "ProofOfAgency::VerifierUnbonding");
		} else {
			deregister?;
		}
		let withdraw = as_derivative(i, verifier_call("withdraw_verifier_bond"));
		let withdrawn = submit_call(&api, withdraw, &owner).await?;
		assert_eq!(module_error(withdrawn), "ProofOfAgency::VerifierUnbondingNotOver");
		assert_eq!(account(&api, alt).await?.reserved, held, "alt {i}'s bond stays held");
	}
	node.stop()
}

/// Attack 7: one agent records receipts until every deadline queue within reach (and every
/// block's room for receipts) is full, so that no other agent can record. Before, receipts were
/// free of deposits and unlimited per agent; now an agent has at most 32 pending receipts, each
/// holding 0.1 CHAOS from its recorder until it ends, and the other agents still record.
#[tokio::test(flavor = "multi_thread")]
async fn one_agent_cannot_take_the_receipt_queues() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key) = (dev::eve(), dev::ferdie());
	let spammer = register_agent(&api, &owner, &key, "spammer").await?;
	let honest = register_agent(&api, &dev::charlie(), &dev::dave(), "honest").await?;
	let held_before = account(&api, &id_of(&key)).await?.reserved;
	// Two blocks of 16 (a block's room), each batch all-or-nothing.
	for _ in 0..2 {
		let calls = (0..16).map(|_| record_receipt_call(spammer)).collect::<Vec<_>>();
		let batch = dynamic::tx("Utility", "batch_all", vec![Value::unnamed_composite(calls)]);
		submit(&api, &batch, &key).await??;
	}
	let refused = record_receipt(&api, spammer, &key).await?;
	assert_eq!(module_error(refused), "ProofOfAgency::TooManyPendingReceipts");
	let held = account(&api, &id_of(&key)).await?.reserved - held_before;
	assert_eq!(held, 32 * UNIT / 10, "each pending receipt holds its deposit");
	record_receipt(&api, honest, &dev::dave()).await??;
	node.stop()
}

/// Attack 7, anchors: an anchor was free and kept forever, so an agent's key could grow the
/// chain's state for transaction fees alone. Now each anchor holds 0.1 CHAOS from its signer
/// until the signer removes it, which returns the deposit.
#[tokio::test(flavor = "multi_thread")]
async fn an_anchor_holds_its_deposit_until_removed() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, key) = (dev::eve(), dev::ferdie());
	let agent = register_agent(&api, &owner, &key, "anchoring").await?;
	let before = account(&api, &id_of(&key)).await?.reserved;
	let anchor = call(
		"ProofOfAgency",
		"anchor",
		vec![
			("agent", Value::u128(agent.into())),
			("root", Value::from_bytes([7u8; 32])),
			("leaf_count", Value::u128(4)),
		],
	);
	let events = submit_call(&api, anchor, &key).await??;
	let held = account(&api, &id_of(&key)).await?.reserved - before;
	assert_eq!(held, UNIT / 10, "the anchor holds its deposit");

	let anchored = find_event(&events.events, "ProofOfAgency", "Anchored")?;
	let id = event_field(&anchored, "id")?.as_u128().ok_or("anchor id is not a number")?;
	let remove = |id: u128| call("ProofOfAgency", "remove_anchor", vec![("id", Value::u128(id))]);
	let by_owner = submit_call(&api, remove(id), &owner).await?;
	assert_eq!(module_error(by_owner), "ProofOfAgency::NotAnchorDepositor");
	submit_call(&api, remove(id), &key).await??;
	let after = account(&api, &id_of(&key)).await?.reserved;
	assert_eq!(after, before, "removing the anchor returns its deposit");
	node.stop()
}
