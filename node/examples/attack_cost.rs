//! Attack cost: the CHAOS an attacker must *lose* (transaction fees, the protocol fee, payments
//! to accounts it does not control; not what is only held and returned) to move an agent's
//! reputation score by 100 points on the current runtime (`docs/security.md`).
//!
//! Starts `chaoscore-node --dev`, funds its accounts (`//Attacker//…`, `//Victim//…`) from Alice
//! and plays, each until the score moved by 100 points or `--max-rounds` rounds:
//!
//! 1. **raise**: the attacker's alt client pays the attacker's own agent for delivered jobs of
//!    `--amount` CHAOS and leaves positive feedback;
//! 2. **lower, colluding evaluator**: the honest victim accepts and delivers jobs whose evaluator
//!    the attacker controls; the evaluator rejects each deliverable, the client leaves negative
//!    feedback;
//! 3. **lower, no evaluator**: the victim delivers, so the attacker's client must pay it before
//!    it may leave negative feedback;
//! 4. **raise, verified receipts**: the attacker's agent records receipts of real actions, which
//!    honest verifiers (Alice, Bob, Charlie; not the attacker's) verify.
//!
//! For each it prints the rounds played, the score before and after, and the attacker's loss.
//!
//! ```text
//! cargo run -p chaoscore-node --example attack_cost -- [--node PATH] [--amount 1]
//!     [--max-rounds 10]
//! ```

use chaoscore_harness::{
	agency::{attest_call, drawn_committee, next_receipt_id, record_receipt, verifier_call},
	agent::register_agent,
	balances::account,
	bench::{node_binary, start_node},
	call,
	escrow::{escrow_call, hash_deliverable, open_escrow, submit_deliverable},
	keys::{id_of, key},
	reputation::{give_feedback, score_now},
	submit, submit_call, Api, Result, UNIT,
};
use clap::Parser;
use std::{path::PathBuf, time::Duration};
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::{dev, Keypair};

#[derive(Parser)]
struct Args {
	/// The `chaoscore-node` binary (default: the dev build in `$CARGO_TARGET_DIR`).
	#[arg(long)]
	node: Option<PathBuf>,
	/// The value of each escrow, in CHAOS.
	#[arg(long, default_value_t = 1.0)]
	amount: f64,
	/// Rounds each attack may play before it counts as not reached.
	#[arg(long, default_value_t = 10)]
	max_rounds: u32,
}

/// How far an attack moves the score before it stops.
const TARGET_POINTS: u128 = 100;

/// What one attack cost.
struct Cost {
	rounds: u32,
	before: u128,
	after: u128,
	reached: bool,
	lost: u128,
}

/// The total (free and held) balance of `accounts`.
async fn holdings(api: &Api, accounts: &[&Keypair]) -> Result<u128> {
	let mut total = 0u128;
	for who in accounts {
		let data = account(api, &id_of(who)).await?;
		total = total.saturating_add(data.free).saturating_add(data.reserved);
	}
	Ok(total)
}

/// Gives every account in `to` 1,000 CHAOS from Alice, in one batch.
async fn fund(api: &Api, to: &[&Keypair]) -> Result {
	let transfers = to.iter().map(|who| {
		call(
			"Balances",
			"transfer_keep_alive",
			vec![
				("dest", Value::unnamed_variant("Id", [Value::from_bytes(id_of(who).0)])),
				("value", Value::u128(5_000 * UNIT)),
			],
		)
	});
	let batch = dynamic::tx(
		"Utility",
		"batch_all",
		vec![Value::unnamed_composite(transfers.collect::<Vec<_>>())],
	);
	submit(api, &batch, &dev::alice()).await??;
	Ok(())
}

/// One job of `amount` from `client` to `agent` (key `agent_key`), delivered: `evaluator`, if
/// any, rejects it and the client leaves negative feedback; else the client pays and leaves
/// feedback (`positive`).
async fn job(
	api: &Api,
	client: &Keypair,
	agent: (u64, &Keypair),
	amount: u128,
	evaluator: Option<&Keypair>,
	positive: bool,
) -> Result {
	let (agent, agent_key) = agent;
	let judge = evaluator.map(id_of);
	let terms = judge.as_ref().map(|judge| (judge, 0));
	let (escrow, _) = open_escrow(api, client, agent, amount, terms).await?;
	submit_deliverable(api, agent_key, escrow, hash_deliverable()).await?;
	match evaluator {
		Some(evaluator) => escrow_call(api, "refund", escrow, evaluator).await??,
		None => escrow_call(api, "release", escrow, client).await??,
	};
	give_feedback(api, client, escrow, positive).await??;
	Ok(())
}

/// One receipt of `agent` recorded by its key and verified by a majority of its committee, drawn
/// from `verifiers` (all registered, none the attacker's).
async fn verified_receipt(
	api: &Api,
	(agent, agent_key): (u64, &Keypair),
	verifiers: &[Keypair],
) -> Result {
	let id = next_receipt_id(api).await?;
	record_receipt(api, agent, agent_key).await??;
	let members = drawn_committee(api, id, Duration::from_secs(30)).await?;
	let quorum = members.len() / 2 + 1;
	let drawn = verifiers.iter().filter(|v| members.contains(&id_of(v)));
	for verifier in drawn.take(quorum) {
		submit_call(api, attest_call(id, true), verifier).await??;
	}
	Ok(())
}

/// Plays `round` (one settled escrow or verified receipt) until `agent`'s score moved by
/// [`TARGET_POINTS`] in direction `up`, or `max_rounds`; `attacker` are the accounts whose
/// holdings count.
async fn play<F, Fut>(
	api: &Api,
	agent: u64,
	up: bool,
	attacker: &[&Keypair],
	max_rounds: u32,
	mut round: F,
) -> Result<Cost>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Result>,
{
	let before = score_now(api, agent).await?;
	let held = holdings(api, attacker).await?;
	let moved = |score: u128| {
		if up {
			score >= before + TARGET_POINTS
		} else {
			score + TARGET_POINTS <= before
		}
	};
	let (mut rounds, mut after) = (0, before);
	while rounds < max_rounds && !moved(after) {
		round().await?;
		rounds += 1;
		after = score_now(api, agent).await?;
	}
	let lost = held.saturating_sub(holdings(api, attacker).await?);
	Ok(Cost { rounds, before, after, reached: moved(after), lost })
}

fn report(name: &str, cost: &Cost) {
	let chaos = |planck: u128| planck as f64 / UNIT as f64;
	let outcome = if cost.reached { "reached" } else { "not reached" };
	println!(
		"{name:<28} {outcome:<12} rounds {:>3}  score {:>4} -> {:>4}  lost {:>12.6} CHAOS",
		cost.rounds,
		cost.before,
		cost.after,
		chaos(cost.lost)
	);
}

#[tokio::main]
async fn main() -> Result {
	let args = Args::parse();
	let amount = (args.amount * UNIT as f64) as u128;
	let binary = node_binary(args.node)?;
	let base = tempfile::tempdir()?;
	let mut node = start_node(&binary, base.path(), 500)?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let keys = [
		"//Attacker//owner",
		"//Attacker//key",
		"//Attacker//client",
		"//Attacker//evaluator",
		"//Victim//owner",
		"//Victim//key-1",
		"//Victim//key-2",
	]
	.map(key)
	.into_iter()
	.collect::<Result<Vec<_>>>()?;
	let [owner, own_key, client, evaluator, victim_owner, victim_key, other_victim_key] =
		<[Keypair; 7]>::try_from(keys).map_err(|_| "seven keys")?;
	fund(
		&api,
		&[&owner, &own_key, &client, &evaluator, &victim_owner, &victim_key, &other_victim_key],
	)
	.await?;
	println!(
		"escrows of {} CHAOS; a score moves by {TARGET_POINTS} points or the attack stops",
		args.amount
	);

	let own = register_agent(&api, &owner, &own_key, "attacker").await?;
	let attacker = [&owner, &own_key, &client];
	let cost = play(&api, own, true, &attacker, args.max_rounds, || {
		job(&api, &client, (own, &own_key), amount, None, true)
	})
	.await?;
	report("raise own score", &cost);

	let victim = register_agent(&api, &victim_owner, &victim_key, "victim").await?;
	let cost = play(&api, victim, false, &[&client, &evaluator], args.max_rounds, || {
		job(&api, &client, (victim, &victim_key), amount, Some(&evaluator), false)
	})
	.await?;
	report("lower, colluding evaluator", &cost);

	let victim = register_agent(&api, &victim_owner, &other_victim_key, "victim-2").await?;
	let cost = play(&api, victim, false, &[&client], args.max_rounds, || {
		job(&api, &client, (victim, &other_victim_key), amount, None, false)
	})
	.await?;
	report("lower, no evaluator", &cost);

	let verifiers = [dev::alice(), dev::bob(), dev::charlie()];
	for verifier in &verifiers {
		submit_call(&api, verifier_call("register_verifier"), verifier).await??;
	}
	let own = register_agent(&api, &owner, &client, "attacker-2").await?;
	let cost = play(&api, own, true, &[&owner, &client], args.max_rounds, || {
		verified_receipt(&api, (own, &client), &verifiers)
	})
	.await?;
	report("raise, verified receipts", &cost);
	node.stop()
}
