//! End to end on the dev node: escrow and challenge with every balance checked.
//!
//! 1. Dispute: a client opens an escrow → the provider submits → the client disputes → the arbiter
//!    (Root via sudo) upholds → the provider is slashed and jailed, the client refunded and
//!    rewarded with a share of the slash.
//! 2. Release: a client opens an escrow with an evaluator → the provider submits → the evaluator
//!    releases → the provider's owner is paid minus the protocol fee, the treasury gets the fee and
//!    the evaluator its evaluator fee.
//!
//! Alice and Bob are the dev chain's collators and earn fees as blocks are authored, so the
//! accounts whose balances are checked exactly are Charlie, Dave, Eve and Ferdie.

use crate::chaoscore_node;
use chaoscore_harness::{
	account,
	agent::{register_agent, status_and_bond, treasury_account, MIN_BOND},
	escrow::{dispute_escrow, hash_deliverable, now, open_escrow, submit_deliverable, uphold},
	event_field, fee_paid, find_event,
	keys::id_of,
	module_error, submit, DevNode, Result, UNIT,
};
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::dev;

/// `ChallengeBond` of the runtime.
const CHALLENGE_BOND: u128 = 5 * UNIT;
/// `ProtocolFee` of the runtime: 1% of a released escrow.
const PROTOCOL_FEE_PERCENT: u128 = 1;
/// `ChallengerReward` of the runtime: 50% of an upheld slash.
const CHALLENGER_REWARD_PERCENT: u128 = 50;

#[tokio::test(flavor = "multi_thread")]
async fn dispute_upheld_slashes_jails_refunds_and_rewards() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;
	let treasury = treasury_account(&api).await?;

	let (owner, agent_key, client) = (dev::dave(), dev::ferdie(), dev::charlie());
	let provider = register_agent(&api, &owner, &agent_key, "translator").await?;
	let owner_before = account(&api, &id_of(&owner)).await?;

	// The client opens a 20 CHAOS escrow: it is held from the client.
	let amount = 20 * UNIT;
	let client_start = account(&api, &id_of(&client)).await?;
	let (escrow, open_fee) = open_escrow(&api, &client, provider, amount, None).await?;
	let client_open = account(&api, &id_of(&client)).await?;
	assert_eq!(client_open.reserved, client_start.reserved + amount);
	assert_eq!(client_open.free, client_start.free - amount - open_fee);

	submit_deliverable(&api, &agent_key, escrow, hash_deliverable()).await?;

	// The client disputes: its challenge bond is held too and a challenge is opened.
	let (challenge, events) = dispute_escrow(&api, &client, escrow).await?;
	let client_disputed = account(&api, &id_of(&client)).await?;
	assert_eq!(client_disputed.reserved, client_open.reserved + CHALLENGE_BOND);
	assert_eq!(client_disputed.free, client_open.free - CHALLENGE_BOND - fee_paid(&events)?);

	// The arbiter upholds: slash half the provider's bond and jail it.
	let treasury_before = account(&api, &treasury).await?.free;
	let jail_until = now(&api).await? + 100;
	uphold(&api, challenge, 500_000_000, jail_until).await?;

	// Provider: half its bond gone, jailed.
	let slashed = MIN_BOND / 2;
	let reward = slashed * CHALLENGER_REWARD_PERCENT / 100;
	assert_eq!(status_and_bond(&api, provider).await?, ("Jailed".to_string(), MIN_BOND - slashed));
	let owner_after = account(&api, &id_of(&owner)).await?;
	assert_eq!(owner_after.reserved, owner_before.reserved - slashed);
	assert_eq!(owner_after.free, owner_before.free);
	// Client: escrow and bond back, plus the challenger's share of the slash.
	let client_end = account(&api, &id_of(&client)).await?;
	assert_eq!(client_end.reserved, client_start.reserved);
	assert_eq!(client_end.free, client_disputed.free + amount + CHALLENGE_BOND + reward);
	// Treasury: the rest of the slash.
	assert_eq!(account(&api, &treasury).await?.free, treasury_before + slashed - reward);
	node.stop()
}

#[tokio::test(flavor = "multi_thread")]
async fn evaluator_release_pays_provider_treasury_and_evaluator() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;
	let treasury = treasury_account(&api).await?;

	let (owner, agent_key, client, evaluator) =
		(dev::eve(), dev::ferdie(), dev::charlie(), dev::dave());
	let provider = register_agent(&api, &owner, &agent_key, "summarizer").await?;

	let (amount, evaluator_fee) = (10 * UNIT, UNIT);
	let client_start = account(&api, &id_of(&client)).await?;
	let (escrow, open_fee) =
		open_escrow(&api, &client, provider, amount, Some((&id_of(&evaluator), evaluator_fee)))
			.await?;
	let client_open = account(&api, &id_of(&client)).await?;
	assert_eq!(client_open.reserved, client_start.reserved + amount + evaluator_fee);
	assert_eq!(client_open.free, client_start.free - amount - evaluator_fee - open_fee);

	submit_deliverable(&api, &agent_key, escrow, hash_deliverable()).await?;

	let owner_before = account(&api, &id_of(&owner)).await?;
	let treasury_before = account(&api, &treasury).await?.free;
	let evaluator_before = account(&api, &id_of(&evaluator)).await?;
	let release = dynamic::tx("Escrow", "release", vec![Value::u128(escrow.into())]);
	let events = submit(&api, &release, &evaluator).await??;
	let released = find_event(&events, "Escrow", "Released")?;
	let protocol_fee = amount * PROTOCOL_FEE_PERCENT / 100;
	assert_eq!(event_field(&released, "fee")?.as_u128(), Some(protocol_fee));

	// Provider's owner paid minus the protocol fee; treasury gets the fee; evaluator its fee.
	let owner_after = account(&api, &id_of(&owner)).await?;
	assert_eq!(owner_after.free, owner_before.free + amount - protocol_fee);
	assert_eq!(owner_after.reserved, owner_before.reserved);
	assert_eq!(account(&api, &treasury).await?.free, treasury_before + protocol_fee);
	let evaluator_after = account(&api, &id_of(&evaluator)).await?;
	assert_eq!(evaluator_after.free, evaluator_before.free + evaluator_fee - fee_paid(&events)?);
	// Client: nothing more held, nothing more spent.
	let client_end = account(&api, &id_of(&client)).await?;
	assert_eq!(client_end.reserved, client_start.reserved);
	assert_eq!(client_end.free, client_open.free);

	// Settled escrows are gone: a second release fails with the named error.
	let again = submit(&api, &release, &evaluator).await?;
	assert_eq!(module_error(again), "Escrow::UnknownEscrow");
	node.stop()
}
