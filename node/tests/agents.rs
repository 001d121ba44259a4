//! End to end on the dev node: an agent's lifecycle through the registry and governance
//! penalties — register, heartbeat, jail (Root via sudo), heartbeat refused, unjail, slash — with
//! balances and statuses read back through the runtime API `AgentApi`.

mod common;

use common::{account, call, event_field, module_error, submit, sudo, variant_name, DevNode, TestResult};
use polkadot_sdk::sp_io::hashing::blake2_256;
use subxt::{
	dynamic::{self, At, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::dev;

/// Minimum agent bond of the runtime (`MinAgentBond`: 10 CHAOS).
const MIN_BOND: u128 = 10_000_000_000_000;

/// Capability metadata of a test agent whose full document is `document`.
fn metadata(document: &[u8]) -> Value {
	let strings = |items: &[&str]| Value::unnamed_composite(items.iter().map(|i| Value::from_bytes(i)));
	Value::named_composite([
		("name", Value::from_bytes("code-reviewer")),
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

/// `AgentApi::agent(id)`: `(facts, metadata)` as a dynamic value, or `None`.
async fn agent_via_api(api: &common::Api, id: u64) -> TestResult<Option<Value>> {
	let at = api.at_current_block().await?;
	let payload = dynamic::runtime_api_call::<_, Value>("AgentApi", "agent", (id,));
	let answer = at.runtime_apis().call(payload).await?;
	Ok(match variant_name(&answer) {
		Some("Some") => answer.at(0).cloned(),
		_ => None,
	})
}

/// Status name and bond of agent `id`, read through `AgentApi`.
async fn status_and_bond(api: &common::Api, id: u64) -> TestResult<(String, u128)> {
	let agent = agent_via_api(api, id).await?.ok_or("AgentApi knows no such agent")?;
	let facts = agent.at(0).ok_or("no facts")?;
	let status = facts.at("status").and_then(variant_name).ok_or("no status")?.to_string();
	let bond = facts.at("bond").and_then(|b| b.as_u128()).ok_or("no bond")?;
	Ok((status, bond))
}

#[tokio::test(flavor = "multi_thread")]
async fn agent_lifecycle_with_governance_penalties() -> TestResult {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let owner = dev::alice();
	let agent_key = dev::dave();
	let owner_id: AccountId32 = owner.public_key().into();
	let key_id: AccountId32 = agent_key.public_key().into();
	let held_before = account(&api, &owner_id).await?.reserved;

	// Register: the bond is held from the owner.
	let document = br#"{"name":"code-reviewer","tools":["git.diff","cargo.check"]}"#;
	let register = dynamic::tx(
		"AgentRegistry",
		"register",
		vec![Value::from_bytes(key_id.0), metadata(document), Value::from_bytes(document)],
	);
	let events = submit(&api, &register, &owner).await??;
	let registered = events
		.iter()
		.filter_map(Result::ok)
		.find(|e| (e.pallet_name(), e.event_name()) == ("AgentRegistry", "Registered"))
		.ok_or("no Registered event")?;
	let id = event_field(&registered, "id")?.as_u128().ok_or("id is not a number")? as u64;
	assert_eq!(account(&api, &owner_id).await?.reserved, held_before + MIN_BOND);
	assert_eq!(status_and_bond(&api, id).await?, ("Active".to_string(), MIN_BOND));

	// The agent key heartbeats.
	let heartbeat = dynamic::tx("AgentRegistry", "heartbeat", vec![Value::u128(id.into())]);
	submit(&api, &heartbeat, &agent_key).await??;

	// Governance jails it; a heartbeat is then refused with the named error.
	let now = api.at_current_block().await?.block_number() as u128;
	let jail = call("Slashing", "jail", vec![("id", Value::u128(id.into())), ("until", Value::u128(now + 100))]);
	sudo(&api, jail).await?;
	assert_eq!(status_and_bond(&api, id).await?.0, "Jailed");
	assert_eq!(module_error(submit(&api, &heartbeat, &agent_key).await?), "AgentRegistry::AgentJailed");

	// Governance lifts the jail before its term; heartbeats work again.
	sudo(&api, call("Slashing", "unjail", vec![("id", Value::u128(id.into()))])).await?;
	assert_eq!(status_and_bond(&api, id).await?.0, "Active");
	submit(&api, &heartbeat, &agent_key).await??;

	// Governance slashes half the bond to the treasury: the agent is underbonded.
	let treasury = treasury_account(&api).await?;
	let treasury_before = account(&api, &treasury).await?.free;
	let slash = call(
		"Slashing",
		"slash",
		vec![
			("id", Value::u128(id.into())),
			("amount", Value::unnamed_variant("FractionOfBond", [Value::u128(500_000_000)])),
			("reason", Value::unnamed_variant("Governance", [])),
			("evidence", Value::unnamed_variant("None", [])),
		],
	);
	sudo(&api, slash).await?;
	let half = MIN_BOND / 2;
	assert_eq!(status_and_bond(&api, id).await?, ("Underbonded".to_string(), half));
	assert_eq!(account(&api, &treasury).await?.free, treasury_before + half);
	assert_eq!(account(&api, &owner_id).await?.reserved, held_before + half);

	// The runtime API also answers batches and owner listings.
	let at = api.at_current_block().await?;
	let statuses = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("AgentApi", "statuses", (vec![id, id + 1000],)))
		.await?;
	assert_eq!(statuses.at(0).and_then(|s| s.at(1)).and_then(|s| s.at(0)).and_then(variant_name), Some("Underbonded"));
	assert_eq!(statuses.at(1).and_then(|s| s.at(1)).and_then(variant_name), Some("None"));
	let owned = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Vec<u64>>("AgentApi", "agents_of", (owner_id.clone(),)))
		.await?;
	assert_eq!(owned, vec![id]);
	node.stop()
}

/// The treasury account: the `Treasury` of the slashing pallet, from its `PalletId`.
async fn treasury_account(api: &common::Api) -> TestResult<AccountId32> {
	// `PalletId(*b"cc/trsry")` -> `b"modl" ++ id`, zero-padded to 32 bytes.
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(b"modl");
	raw[4..12].copy_from_slice(b"cc/trsry");
	let treasury = AccountId32(raw);
	// It is endowed at genesis, so it exists.
	assert!(account(api, &treasury).await?.free > 0);
	Ok(treasury)
}
