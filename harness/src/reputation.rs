//! Reading reputation through the runtime API, as wallets and explorers do.

use crate::{submit, variant_name, Api, Outcome, Result};
use subxt::{
	dynamic::{self, At, Value},
	utils::H256,
};
use subxt_signer::sr25519::Keypair;

/// The score of an agent without any recorded outcome.
pub const NEUTRAL_SCORE: u128 = 500;

/// `ReputationApi::score(agent)` at `block`: the score and the breakdown, or `None` for an agent
/// nothing was ever recorded for.
pub async fn score_at(api: &Api, block: H256, agent: u64) -> Result<Option<(u128, Value)>> {
	let payload = dynamic::runtime_api_call::<_, Value>("ReputationApi", "score", (agent,));
	let answer = api.at_block(block).await?.runtime_apis().call(payload).await?;
	if variant_name(&answer) != Some("Some") {
		return Ok(None);
	}
	let pair = answer.at(0).ok_or("Some without a value")?;
	let score = pair.at(0).and_then(|s| s.as_u128()).ok_or("no score")?;
	let breakdown = pair.at(1).ok_or("no breakdown")?.clone();
	Ok(Some((score, breakdown)))
}

/// The score of `agent` at the best block ([`NEUTRAL_SCORE`] for an agent without history).
pub async fn score_now(api: &Api, agent: u64) -> Result<u128> {
	let best = api.at_current_block().await?.block_hash();
	Ok(score_at(api, best, agent).await?.map_or(NEUTRAL_SCORE, |(score, _)| score))
}

/// `Reputation::give_feedback(escrow, positive)` signed by `client`: what became of it.
pub async fn give_feedback(
	api: &Api,
	client: &Keypair,
	escrow: u64,
	positive: bool,
) -> Result<Outcome> {
	let args = vec![Value::u128(escrow.into()), Value::bool(positive)];
	submit(api, &dynamic::tx("Reputation", "give_feedback", args), client).await
}
