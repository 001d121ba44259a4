//! Escrow and challenge steps: open, accept, deliver, settle, dispute, and the arbiter's ruling.

use crate::{
	call, events::number_field, fee_paid, find_event, submit, sudo, Api, Included, Outcome, Result,
};
use subxt::{
	dynamic::{self, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

/// The current best block number.
pub async fn now(api: &Api) -> Result<u128> {
	Ok(api.at_current_block().await?.block_number().into())
}

/// `Escrow::open` by `client` with a deadline 1,000 blocks ahead; returns the escrow id and the
/// fee the client paid.
pub async fn open_escrow(
	api: &Api,
	client: &Keypair,
	provider: u64,
	amount: u128,
	evaluator: Option<(&AccountId32, u128)>,
) -> Result<(u64, u128)> {
	open_escrow_due(api, client, provider, amount, evaluator, 1_000).await
}

/// `Escrow::open` by `client` with a deadline `blocks` ahead of the best block; returns the
/// escrow id and the fee the client paid.
pub async fn open_escrow_due(
	api: &Api,
	client: &Keypair,
	provider: u64,
	amount: u128,
	evaluator: Option<(&AccountId32, u128)>,
	blocks: u128,
) -> Result<(u64, u128)> {
	let evaluator = match evaluator {
		Some((who, fee)) => Value::unnamed_variant(
			"Some",
			[Value::unnamed_composite([Value::from_bytes(who.0), Value::u128(fee)])],
		),
		None => Value::unnamed_variant("None", []),
	};
	let open = dynamic::tx(
		"Escrow",
		"open",
		vec![
			Value::u128(provider.into()),
			Value::u128(amount),
			evaluator,
			Value::u128(now(api).await? + blocks),
			Value::from_bytes([7u8; 32]),
		],
	);
	let events = submit(api, &open, client).await??;
	let id = number_field(&find_event(&events, "Escrow", "Opened")?, "id")?;
	Ok((u64::try_from(id)?, fee_paid(&events)?))
}

/// `Escrow::<name>(escrow)` (`accept`, `release`, `refund`, `claim`) signed by `signer`: what
/// became of it.
pub async fn escrow_call(api: &Api, name: &str, escrow: u64, signer: &Keypair) -> Result<Outcome> {
	submit(api, &dynamic::tx("Escrow", name, vec![Value::u128(escrow.into())]), signer).await
}

/// A deliverable that is only a hash.
pub fn hash_deliverable() -> Value {
	Value::unnamed_variant("Hash", [Value::from_bytes([9u8; 32])])
}

/// A deliverable that references proof-of-agency receipt `receipt`.
pub fn receipt_deliverable(receipt: u64) -> Value {
	Value::unnamed_variant("Receipt", [Value::u128(receipt.into())])
}

/// `Escrow::submit` of `deliverable` by the provider's agent key.
pub async fn submit_deliverable(
	api: &Api,
	agent_key: &Keypair,
	escrow: u64,
	deliverable: Value,
) -> Result {
	let tx = dynamic::tx("Escrow", "submit", vec![Value::u128(escrow.into()), deliverable]);
	submit(api, &tx, agent_key).await??;
	Ok(())
}

/// The arguments of `Escrow::dispute` of `escrow` for a bad deliverable.
fn dispute_args(escrow: u64) -> Vec<(&'static str, Value)> {
	vec![
		("id", Value::u128(escrow.into())),
		("evidence", Value::from_bytes([3u8; 32])),
		("reason", Value::unnamed_variant("BadDeliverable", [])),
	]
}

/// The runtime call `Escrow::dispute` of `escrow` (e.g. to ask for its weight).
pub fn dispute_call(escrow: u64) -> Value {
	call("Escrow", "dispute", dispute_args(escrow))
}

/// `Escrow::dispute` of `escrow` signed by `client`: what became of it.
pub async fn try_dispute(api: &Api, client: &Keypair, escrow: u64) -> Result<Outcome> {
	let args: Vec<Value> = dispute_args(escrow).into_iter().map(|(_, value)| value).collect();
	submit(api, &dynamic::tx("Escrow", "dispute", args), client).await
}

/// `Escrow::dispute` by the client; returns the challenge id and the dispute's events.
pub async fn dispute_escrow(api: &Api, client: &Keypair, escrow: u64) -> Result<(u128, Included)> {
	let events = try_dispute(api, client, escrow).await??;
	let challenge = number_field(&find_event(&events, "Challenge", "Opened")?, "id")?;
	Ok((challenge, events))
}

/// The arbiter (Root through sudo) upholds `challenge`: slashes `slash_per_billion` of the
/// agent's bond and jails it until `jail_until`. Returns the events of the sudo transaction.
pub async fn uphold(
	api: &Api,
	challenge: u128,
	slash_per_billion: u128,
	jail_until: u128,
) -> Result<Included> {
	let ruling = Value::named_variant(
		"Upheld",
		[
			(
				"slash",
				Value::unnamed_variant(
					"Some",
					[Value::unnamed_variant("FractionOfBond", [Value::u128(slash_per_billion)])],
				),
			),
			("jail_until", Value::unnamed_variant("Some", [Value::u128(jail_until)])),
		],
	);
	sudo(
		api,
		call("Challenge", "resolve", vec![("id", Value::u128(challenge)), ("ruling", ruling)]),
	)
	.await
}
