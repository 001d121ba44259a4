//! Agent set-up shared by the end-to-end tests: capability metadata, registration, the treasury.

use super::{account, event_field, find_event, submit, variant_name, Api, TestResult};
use polkadot_sdk::sp_io::hashing::blake2_256;
use subxt::{
	dynamic::{self, At, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

/// Minimum agent bond of the runtime (`MinAgentBond`: 10 CHAOS).
pub const MIN_BOND: u128 = 10_000_000_000_000;

/// Capability metadata of a test agent called `name` whose full document is `document`.
pub fn metadata(name: &str, document: &[u8]) -> Value {
	let strings =
		|items: &[&str]| Value::unnamed_composite(items.iter().map(|i| Value::from_bytes(i)));
	Value::named_composite([
		("name", Value::from_bytes(name)),
		("category", Value::from_bytes("coding")),
		("tags", strings(&["rust", "review"])),
		("tools", strings(&["git.diff", "cargo.check"])),
		("capabilities", strings(&["code-review"])),
		(
			"endpoints",
			Value::unnamed_composite([Value::named_composite([
				("kind", Value::unnamed_variant("Mcp", [])),
				("url", Value::from_bytes("https://agent.example/mcp")),
			])]),
		),
		("region", Value::from_bytes("eu-west")),
		("tier", Value::u128(1)),
		("latency_ms", Value::u128(120)),
		("document_hash", Value::from_bytes(blake2_256(document))),
		("version", Value::u128(0)),
	])
}

/// Registers an agent called `name` owned by `owner` with agent key `agent_key` (the minimum
/// bond is held from the owner) and returns its id.
pub async fn register_agent(
	api: &Api,
	owner: &Keypair,
	agent_key: &Keypair,
	name: &str,
) -> TestResult<u64> {
	let key_id: AccountId32 = agent_key.public_key().into();
	let document = format!(r#"{{"name":"{name}","tools":["git.diff","cargo.check"]}}"#);
	let register = dynamic::tx(
		"AgentRegistry",
		"register",
		vec![
			Value::from_bytes(key_id.0),
			metadata(name, document.as_bytes()),
			Value::from_bytes(&document),
		],
	);
	let events = submit(api, &register, owner).await??;
	let registered = find_event(&events, "AgentRegistry", "Registered")?;
	let id = event_field(&registered, "id")?.as_u128().ok_or("agent id is not a number")?;
	Ok(u64::try_from(id)?)
}

/// `AgentApi::agent(id)`: `(facts, metadata)` as a dynamic value, or `None`.
pub async fn agent_via_api(api: &Api, id: u64) -> TestResult<Option<Value>> {
	let at = api.at_current_block().await?;
	let payload = dynamic::runtime_api_call::<_, Value>("AgentApi", "agent", (id,));
	let answer = at.runtime_apis().call(payload).await?;
	Ok(match variant_name(&answer) {
		Some("Some") => answer.at(0).cloned(),
		_ => None,
	})
}

/// Status name and bond of agent `id`, read through `AgentApi`.
pub async fn status_and_bond(api: &Api, id: u64) -> TestResult<(String, u128)> {
	let agent = agent_via_api(api, id).await?.ok_or("AgentApi knows no such agent")?;
	let facts = agent.at(0).ok_or("no facts")?;
	let status = facts.at("status").and_then(variant_name).ok_or("no status")?.to_string();
	let bond = facts.at("bond").and_then(|b| b.as_u128()).ok_or("no bond")?;
	Ok((status, bond))
}

/// The treasury account (`PalletId(*b"cc/trsry")`: `b"modl" ++ id`, zero-padded to 32 bytes),
/// checked to exist (it is endowed at genesis).
pub async fn treasury_account(api: &Api) -> TestResult<AccountId32> {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(b"modl");
	raw[4..12].copy_from_slice(b"cc/trsry");
	let treasury = AccountId32(raw);
	if account(api, &treasury).await?.free == 0 {
		return Err("the treasury account does not exist".into());
	}
	Ok(treasury)
}
