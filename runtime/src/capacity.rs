//! Block capacity of the agent system actions: how many of each fit in one block, from the
//! benchmarked weights and the runtime's block limits, next to `balances.transfer_keep_alive`.
//! Calls that report to reputation include the report's worst case, as their dispatch weight
//! does.
//!
//! `cargo test -p chaoscore-runtime capacity -- --nocapture` prints the table quoted in
//! `docs/weights.md`.

use crate::{configs::RuntimeBlockWeights, Runtime};
use chaoscore_primitives::agency::ReputationSink;
use pallet_agent_registry::WeightInfo as _;
use pallet_challenge::WeightInfo as _;
use pallet_escrow::WeightInfo as _;
use pallet_proof_of_agency::WeightInfo as _;
use pallet_reputation::WeightInfo as _;
use pallet_slashing::WeightInfo as _;
use polkadot_sdk::{
	frame_support::{dispatch::DispatchClass, weights::Weight},
	pallet_balances::WeightInfo as _,
};

type Registry = <Runtime as pallet_agent_registry::Config>::WeightInfo;
type Slashing = <Runtime as pallet_slashing::Config>::WeightInfo;
type Escrow = <Runtime as pallet_escrow::Config>::WeightInfo;
type Challenge = <Runtime as pallet_challenge::Config>::WeightInfo;
type Agency = <Runtime as pallet_proof_of_agency::Config>::WeightInfo;
type Feedback = <Runtime as pallet_reputation::Config>::WeightInfo;
type Balances = <Runtime as polkadot_sdk::pallet_balances::Config>::WeightInfo;
type Reputation = crate::Reputation;
type AccountId = <Runtime as polkadot_sdk::frame_system::Config>::AccountId;

/// Worst-case weight of one outcome report to reputation.
fn outcome_report() -> Weight {
	<Reputation as ReputationSink<AccountId, crate::Balance>>::outcome_weight()
}

/// Worst-case weight of one escrow settlement report to reputation.
fn settlement_report() -> Weight {
	<Reputation as ReputationSink<AccountId, crate::Balance>>::settlement_weight()
}

/// How many extrinsics of dispatch weight `call` fit in the `Normal` share of one block, by
/// reference time and by proof size (the smaller one binds).
fn per_block(call: Weight) -> (u64, u64) {
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let room = normal.max_total.unwrap_or(weights.max_block).saturating_sub(weights.base_block);
	let each = call.saturating_add(normal.base_extrinsic);
	(room.ref_time() / each.ref_time().max(1), room.proof_size() / each.proof_size().max(1))
}

#[test]
fn capacity_of_agent_system_actions() {
	let calls: [(&str, Weight); 21] = [
		("balances.transfer_keep_alive", Balances::transfer_keep_alive()),
		("agent_registry.register (16 KiB doc, 16 tags)", Registry::register(16_384, 16)),
		("agent_registry.update (16 KiB doc, 16 tags)", Registry::update(16_384, 16)),
		("agent_registry.heartbeat", Registry::heartbeat()),
		("agent_registry.deregister", Registry::deregister()),
		("agent_registry.withdraw_bond", Registry::withdraw_bond()),
		("slashing.slash", Slashing::slash() + outcome_report()),
		("slashing.jail", Slashing::jail()),
		("slashing.unjail (owner, tops up)", Slashing::unjail_by_owner()),
		("escrow.open", Escrow::open()),
		("escrow.accept", Escrow::accept()),
		("escrow.submit", Escrow::submit()),
		("escrow.release", Escrow::release() + settlement_report()),
		("escrow.refund", Escrow::refund() + settlement_report()),
		("escrow.dispute (+ challenge.open)", Escrow::dispute() + Challenge::open()),
		("challenge.open", Challenge::open()),
		(
			"challenge.resolve",
			Challenge::resolve() + pallet_challenge::Pallet::<Runtime>::report_weight(),
		),
		("proof_of_agency.record_receipt", Agency::record_receipt()),
		("proof_of_agency.attest (finalizes)", Agency::attest() + outcome_report()),
		("proof_of_agency.anchor", Agency::anchor()),
		("reputation.give_feedback", Feedback::give_feedback()),
	];
	println!(
		"| call | ref time (ps) | proof size (bytes) | per block (ref time) | per block (proof) |"
	);
	println!("| --- | ---: | ---: | ---: | ---: |");
	for (name, weight) in calls {
		let (by_time, by_proof) = per_block(weight);
		println!(
			"| {name} | {} | {} | {by_time} | {by_proof} |",
			weight.ref_time(),
			weight.proof_size()
		);
	}

	// Heartbeats are the most frequent system action: a block must carry thousands of them.
	let (by_time, by_proof) = per_block(Registry::heartbeat());
	let heartbeats = by_time.min(by_proof);
	println!("heartbeats per block: {heartbeats}");
	assert!(heartbeats >= 1_000, "only {heartbeats} heartbeats fit in a block");
}
