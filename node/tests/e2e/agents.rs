//! End to end on the dev node: an agent's lifecycle through the registry and governance
//! penalties — register, heartbeat, jail (Root via sudo), heartbeat refused, unjail, slash — with
//! balances and statuses read back through the runtime API `AgentApi`.

use crate::chaoscore_node;
use chaoscore_harness::{
	account,
	agent::{register_agent, status_and_bond, treasury_account, MIN_BOND},
	call, module_error, submit, sudo, variant_name, DevNode, Result,
};
use subxt::{
	dynamic::{self, At, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::dev;

#[tokio::test(flavor = "multi_thread")]
async fn agent_lifecycle_with_governance_penalties() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let owner = dev::alice();
	let agent_key = dev::dave();
	let owner_id: AccountId32 = owner.public_key().into();
	let held_before = account(&api, &owner_id).await?.reserved;

	// Register: the bond is held from the owner.
	let id = register_agent(&api, &owner, &agent_key, "code-reviewer").await?;
	assert_eq!(account(&api, &owner_id).await?.reserved, held_before + MIN_BOND);
	assert_eq!(status_and_bond(&api, id).await?, ("Active".to_string(), MIN_BOND));

	// The agent key heartbeats.
	let heartbeat = dynamic::tx("AgentRegistry", "heartbeat", vec![Value::u128(id.into())]);
	submit(&api, &heartbeat, &agent_key).await??;

	// Governance jails it; a heartbeat is then refused with the named error.
	let now = api.at_current_block().await?.block_number() as u128;
	let jail = call(
		"Slashing",
		"jail",
		vec![("id", Value::u128(id.into())), ("until", Value::u128(now + 100))],
	);
	sudo(&api, jail).await?;
	assert_eq!(status_and_bond(&api, id).await?.0, "Jailed");
	assert_eq!(
		module_error(submit(&api, &heartbeat, &agent_key).await?),
		"AgentRegistry::AgentJailed"
	);

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
	assert_eq!(
		statuses
			.at(0)
			.and_then(|s| s.at(1))
			.and_then(|s| s.at(0))
			.and_then(variant_name),
		Some("Underbonded")
	);
	assert_eq!(statuses.at(1).and_then(|s| s.at(1)).and_then(variant_name), Some("None"));
	let owned = at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Vec<u64>>("AgentApi", "agents_of", (owner_id,)))
		.await?;
	assert_eq!(owned, vec![id]);
	node.stop()
}
