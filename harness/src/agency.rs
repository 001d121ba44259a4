//! Proof of agency: receipts, their committees and statuses, and verifiers.

use crate::{call, submit_call, wait::wait_for, Api, Outcome, Result};
use std::time::Duration;
use subxt::{
	dynamic::{self, At, Value},
	ext::scale_decode::{self, DecodeAsType},
	utils::{AccountId32, H256},
};
use subxt_signer::sr25519::Keypair;

/// `ProofOfAgency::record_receipt` of a `b"kind"` action of `agent` (fixed input and output
/// hashes, no context, no TEE attestation) as a call.
pub fn record_receipt_call(agent: u64) -> Value {
	call(
		"ProofOfAgency",
		"record_receipt",
		vec![
			("agent", Value::u128(u128::from(agent))),
			("kind", Value::from_bytes(b"kind")),
			("input_hash", Value::from_bytes([1u8; 32])),
			("output_hash", Value::from_bytes([2u8; 32])),
			("context", Value::unnamed_variant("None", [])),
			("tee_attestation", Value::unnamed_variant("None", [])),
		],
	)
}

/// Submits [`record_receipt_call`] signed by `signer` (the agent's key or owner).
pub async fn record_receipt(api: &Api, agent: u64, signer: &Keypair) -> Result<Outcome> {
	submit_call(api, record_receipt_call(agent), signer).await
}

/// `ProofOfAgency::attest(receipt, valid)` as a call.
pub fn attest_call(receipt: u64, valid: bool) -> Value {
	call(
		"ProofOfAgency",
		"attest",
		vec![("id", Value::u128(u128::from(receipt))), ("valid", Value::bool(valid))],
	)
}

/// `ProofOfAgency::<name>()`: `register_verifier`, `deregister_verifier` or
/// `withdraw_verifier_bond`, as a call.
pub fn verifier_call(name: &str) -> Value {
	call("ProofOfAgency", name, vec![])
}

/// The id the next recorded receipt gets.
pub async fn next_receipt_id(api: &Api) -> Result<u64> {
	let at = api.at_current_block().await?;
	let address = dynamic::storage::<(), u64>("ProofOfAgency", "NextReceiptId");
	Ok(at.storage().fetch(address, ()).await?.decode()?)
}

/// The agent and status (`Pending`, `Verified`, …) of receipt `id` that `AgencyApi::receipt`
/// answers at `block`.
pub async fn receipt_at(api: &Api, block: H256, id: u64) -> Result<(u128, String)> {
	let payload = dynamic::runtime_api_call::<_, Value>("AgencyApi", "receipt", (id,));
	let answer = api.at_block(block).await?.runtime_apis().call(payload).await?;
	let pair = answer.at(0).ok_or("AgencyApi knows no such receipt")?;
	let agent = pair.at(0).and_then(|a| a.as_u128()).ok_or("no agent")?;
	let status = pair.at(1).and_then(crate::variant_name).ok_or("no status")?.to_string();
	Ok((agent, status))
}

/// The part of a pending receipt the harness reads.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
struct PendingReceipt {
	committee: Option<Vec<AccountId32>>,
}

/// The committee of pending receipt `id` at the best block (`None` until it is drawn).
pub async fn committee(api: &Api, id: u64) -> Result<Option<Vec<AccountId32>>> {
	let at = api.at_current_block().await?;
	let address = dynamic::storage::<(u64,), PendingReceipt>("ProofOfAgency", "Receipts");
	Ok(at.storage().fetch(address, (id,)).await?.decode()?.committee)
}

/// The committee of pending receipt `id` once it is drawn, waiting up to `timeout` (a committee
/// waits for relay-chain randomness newer than its receipt: on a dev node some seven blocks).
pub async fn drawn_committee(api: &Api, id: u64, timeout: Duration) -> Result<Vec<AccountId32>> {
	wait_for("the receipt's committee", timeout, || committee(api, id), String::new).await
}
