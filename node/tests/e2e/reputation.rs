//! End to end on the dev node: proof of agency feeds reputation.
//!
//! 1. Two verifiers bond; the agent records a receipt of an action; both attest it valid: the
//!    receipt is finalized as verified (`AgencyApi::receipt`) and the agent's score rises above the
//!    neutral 500.
//! 2. A client escrows a job; the agent delivers by referencing the verified receipt; the client
//!    releases: the score rises again.
//! 3. A second escrow is disputed and the arbiter upholds the challenge with a slash: the score
//!    falls.
//!
//! At every step the score `ReputationApi::score` answers at the block of the transaction equals
//! the score of the last `Reputation::ScoreUpdated` event of that transaction, and the breakdown
//! counts what happened.

use crate::chaoscore_node;
use chaoscore_harness::{
	agency::{drawn_committee, receipt_at, record_receipt},
	agent::register_agent,
	escrow::{
		dispute_escrow, hash_deliverable, now, open_escrow, receipt_deliverable,
		submit_deliverable, uphold,
	},
	events::number_field,
	find_event,
	reputation::{score_at, NEUTRAL_SCORE as NEUTRAL},
	submit, Api, DevNode, Included, Result, UNIT,
};
use std::time::Duration;
use subxt::dynamic::{self, At, Value};
use subxt_signer::sr25519::dev;

/// The scores `Reputation::ScoreUpdated` reported for `agent` in a transaction, in order.
fn reported_scores(included: &Included, agent: u64) -> Result<Vec<u128>> {
	let mut scores = Vec::new();
	for event in included.iter().filter_map(|event| event.ok()) {
		if (event.pallet_name(), event.event_name()) != ("Reputation", "ScoreUpdated") {
			continue;
		}
		if number_field(&event, "agent")? == u128::from(agent) {
			scores.push(number_field(&event, "score")?);
		}
	}
	Ok(scores)
}

/// Checks that the transaction reported `expected_reports` score updates for `agent` and that
/// the runtime API at its block answers the last one; returns that score and the breakdown.
async fn api_agrees_with_events(
	api: &Api,
	included: &Included,
	agent: u64,
	expected_reports: usize,
) -> Result<(u128, Value)> {
	let reported = reported_scores(included, agent)?;
	assert_eq!(reported.len(), expected_reports, "score updates reported: {reported:?}");
	let last = *reported.last().ok_or("no ScoreUpdated event")?;
	let (score, breakdown) = score_at(api, included.block, agent)
		.await?
		.ok_or("ReputationApi knows no score")?;
	assert_eq!(score, last, "runtime API and event disagree");
	Ok((score, breakdown))
}

/// A number field of the breakdown.
fn count(breakdown: &Value, field: &str) -> u128 {
	breakdown
		.at(field)
		.and_then(|v| v.as_u128())
		.unwrap_or_else(|| panic!("no {field}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn verified_work_raises_the_score_and_an_upheld_challenge_lowers_it() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let (owner, agent_key) = (dev::eve(), dev::ferdie());
	let (verifier_a, verifier_b, client) = (dev::charlie(), dev::dave(), dev::charlie());
	let agent = register_agent(&api, &owner, &agent_key, "analyst").await?;
	let start = api.at_current_block().await?.block_hash();
	assert!(score_at(&api, start, agent).await?.is_none(), "a new agent has no score yet");

	// 1. A receipt verified by a quorum of two verifiers.
	for verifier in [&verifier_a, &verifier_b] {
		let register = dynamic::tx("ProofOfAgency", "register_verifier", Vec::<Value>::new());
		submit(&api, &register, verifier).await??;
	}
	let recorded = record_receipt(&api, agent, &agent_key).await??;
	let receipt = number_field(&find_event(&recorded, "ProofOfAgency", "ReceiptRecorded")?, "id")?;
	let receipt = u64::try_from(receipt)?;
	assert_eq!(receipt_at(&api, recorded.block, receipt).await?, (agent.into(), "Pending".into()));
	drawn_committee(&api, receipt, Duration::from_secs(60)).await?;
	let attest = || {
		dynamic::tx("ProofOfAgency", "attest", vec![Value::u128(receipt.into()), Value::bool(true)])
	};
	let first = submit(&api, &attest(), &verifier_a).await??;
	assert!(reported_scores(&first, agent)?.is_empty(), "one attestation is not a quorum");
	let finalized = submit(&api, &attest(), &verifier_b).await??;
	find_event(&finalized, "ProofOfAgency", "ReceiptFinalized")?;
	assert_eq!(
		receipt_at(&api, finalized.block, receipt).await?,
		(agent.into(), "Verified".into())
	);
	let (verified_score, breakdown) = api_agrees_with_events(&api, &finalized, agent, 1).await?;
	assert!(verified_score > NEUTRAL, "a verified receipt raises the score: {verified_score}");
	assert_eq!(count(&breakdown, "verified"), 1);

	// 2. An escrow delivered with the verified receipt and released by the client.
	let amount = 20 * UNIT;
	let (escrow, _) = open_escrow(&api, &client, agent, amount, None).await?;
	submit_deliverable(&api, &agent_key, escrow, receipt_deliverable(receipt)).await?;
	let release = dynamic::tx("Escrow", "release", vec![Value::u128(escrow.into())]);
	let released = submit(&api, &release, &client).await??;
	let (released_score, breakdown) = api_agrees_with_events(&api, &released, agent, 1).await?;
	assert!(
		released_score > verified_score,
		"a released escrow raises the score: {verified_score} -> {released_score}"
	);
	assert_eq!((count(&breakdown, "released"), count(&breakdown, "released_value")), (1, amount));

	// 3. A disputed escrow; the arbiter upholds the challenge and slashes half the bond.
	let (disputed, _) = open_escrow(&api, &client, agent, amount, None).await?;
	submit_deliverable(&api, &agent_key, disputed, hash_deliverable()).await?;
	let (challenge, _) = dispute_escrow(&api, &client, disputed).await?;
	let upheld = uphold(&api, challenge, 500_000_000, now(&api).await? + 100).await?;
	// Three reports: the slash, the refunded escrow and the upheld challenge.
	let (upheld_score, breakdown) = api_agrees_with_events(&api, &upheld, agent, 3).await?;
	assert!(
		upheld_score < released_score,
		"an upheld challenge lowers the score: {released_score} -> {upheld_score}"
	);
	for field in ["challenges_upheld", "slashes", "refunded", "verified", "released"] {
		assert_eq!(count(&breakdown, field), 1, "{field}");
	}
	assert_eq!(count(&breakdown, "refunded_value"), amount);
	println!("score: verified receipt {verified_score}, released {released_score}, upheld {upheld_score}");
	node.stop()
}
