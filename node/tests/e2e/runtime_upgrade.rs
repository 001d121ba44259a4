//! Governance reaches Root without sudo, on the `local` chain (no sudo key; council Alice, Bob,
//! Charlie), the way `docs/governance.md` describes:
//!
//! 1. What does not reach Root: a motion of the council calling `System::authorize_upgrade`
//!    directly, and one member alone dispatching a whitelisted call.
//! 2. The council administers the plumbing (collator selection, XCMP queue, pallet-xcm) with two
//!    thirds; one member alone cannot.
//! 3. A runtime upgrade: one motion whitelists `System::authorize_upgrade(hash)`, a second
//!    dispatches it as Root; anyone then submits the code (`System::apply_authorized_upgrade`).
//!    The runtime one spec version up is live, and agents, balances and discovery answers are
//!    what they were.

use crate::chaoscore_node;
use chaoscore_harness::{
	account,
	agent::{register_agent, status_and_bond},
	call,
	council::{dispatch_as_root, pass_motion, Motion, LENGTH_BOUND},
	event_field, find_event, submit, Api, DevNode, Included, Result,
};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use polkadot_sdk::sp_io::hashing::blake2_256;
use serde_json::{json, Value as Json};
use std::time::{Duration, Instant};
use subxt::{
	dynamic::{At, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::dev;

/// The runtime's spec version as the node reports it (`state_getRuntimeVersion`).
async fn spec_version(rpc: &WsClient) -> Result<u64> {
	let version: Json = rpc.request("state_getRuntimeVersion", rpc_params![]).await?;
	Ok(version["specVersion"].as_u64().ok_or("no specVersion")?)
}

/// The result of the call a single-member motion (threshold 1: executed when proposed) made.
async fn single_member_motion(api: &Api, proposal: Value) -> Result<Value> {
	let proposal = subxt::dynamic::tx(
		"Council",
		"propose",
		vec![Value::u128(1), proposal, Value::u128(LENGTH_BOUND)],
	);
	let events = submit(api, &proposal, &dev::alice()).await??;
	let executed = find_event(&events, "Council", "Executed")?;
	let result = event_field(&executed, "result")?;
	Ok(result)
}

/// What must survive the upgrade: an agent's status and bond, balances, a discovery answer.
async fn snapshot(api: &Api, rpc: &WsClient, agent: u64) -> Result<(String, Vec<u128>, Json)> {
	let (status, bond) = status_and_bond(api, agent).await?;
	let mut balances = vec![bond];
	for who in [dev::dave(), dev::eve()] {
		let id: AccountId32 = who.public_key().into();
		let data = account(api, &id).await?;
		balances.extend([data.free, data.reserved]);
	}
	let mut answer: Json = rpc
		.request("discover_search", rpc_params![json!({ "text": "upgrade" })])
		.await?;
	// The block an answer is valid at moves on; the answer itself must not.
	answer.as_object_mut().ok_or("answer is not an object")?.remove("at");
	Ok((status, balances, answer))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_council_upgrades_the_runtime_without_sudo() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start_sealing(
		chaoscore_node(),
		base.path(),
		&["--chain", "local", "--dev-block-time", "1000"],
	)?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;
	let rpc = WsClientBuilder::default().build(node.rpc_url()).await?;
	assert_eq!(spec_version(&rpc).await?, 1);

	let agent = register_agent(&api, &dev::dave(), &dev::eve(), "upgrade-survivor").await?;
	let code = chaoscore_runtime::upgrade_test::WASM_BINARY.ok_or("no spec-bumped runtime")?;
	// Debug builds leave the Wasm uncompressed; the chain takes code compressed as well.
	let code = sp_maybe_compressed_blob::compress_strongly(
		&sp_maybe_compressed_blob::decompress(code, 64 << 20)?,
		64 << 20,
	)
	.ok_or("cannot compress the runtime")?;
	let code_hash = blake2_256(&code);
	let authorize =
		|| call("System", "authorize_upgrade", vec![("code_hash", Value::from_bytes(code_hash))]);

	// 1. The council is not Root, and one member cannot use the whitelist.
	let direct = Motion::propose(&api, authorize()).await?;
	let closed = {
		direct.aye(&api, &dev::alice()).await?;
		direct.aye(&api, &dev::bob()).await?;
		direct.close(&api).await??
	};
	let result = event_field(&find_event(&closed, "Council", "Executed")?, "result")?;
	assert!(result.to_string().contains("BadOrigin"), "a council motion acted as Root: {result}");
	let alone = single_member_motion(
		&api,
		call("Whitelist", "dispatch_whitelisted_call_with_preimage", vec![("call", authorize())]),
	)
	.await?;
	assert!(alone.to_string().contains("BadOrigin"), "one member reached Root: {alone}");

	// 2. Two thirds administer collator selection, the XCMP queue and pallet-xcm; one cannot.
	let desired =
		|| call("CollatorSelection", "set_desired_candidates", vec![("max", Value::u128(7))]);
	let alone = single_member_motion(&api, desired()).await?;
	assert!(alone.to_string().contains("BadOrigin"), "one member set desired candidates: {alone}");
	let changed = pass_motion(&api, desired()).await?;
	find_event(&changed, "CollatorSelection", "NewDesiredCandidates")?;
	pass_motion(&api, call("XcmpQueue", "suspend_xcm_execution", vec![])).await?;
	pass_motion(&api, call("XcmpQueue", "resume_xcm_execution", vec![])).await?;
	let xcm_version = call(
		"PolkadotXcm",
		"force_default_xcm_version",
		vec![("maybe_xcm_version", Value::unnamed_variant("Some", [Value::u128(5)]))],
	);
	pass_motion(&api, xcm_version).await?;

	// 3. The upgrade.
	let before = snapshot(&api, &rpc, agent).await?;
	let authorized: Included = dispatch_as_root(
		&api,
		"System",
		"authorize_upgrade",
		vec![("code_hash", Value::from_bytes(code_hash))],
	)
	.await?;
	find_event(&authorized, "System", "UpgradeAuthorized")?;
	let apply =
		subxt::dynamic::tx("System", "apply_authorized_upgrade", vec![Value::from_bytes(&code)]);
	let applied = submit(&api, &apply, &dev::ferdie()).await??;
	find_event(&applied, "ParachainSystem", "ValidationFunctionStored")?;

	let deadline = Instant::now() + Duration::from_secs(120);
	while spec_version(&rpc).await? != 2 {
		if Instant::now() > deadline {
			return Err(format!("spec version 2 never went live\n{}", node.log_tail()).into());
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	// Blocks go on under the new runtime, and transactions signed for it are accepted.
	let api = node.client().await?;
	let later = api.at_current_block().await?.block_number();
	node.wait_for_height(&api, later + 2).await?;
	let last_upgrade: Value = api
		.at_current_block()
		.await?
		.storage()
		.fetch(subxt::dynamic::storage::<(), Value>("System", "LastRuntimeUpgrade"), ())
		.await?
		.decode()?;
	assert_eq!(
		last_upgrade.at("spec_version").and_then(|v| v.as_u128()),
		Some(2),
		"LastRuntimeUpgrade: {last_upgrade}"
	);
	assert_eq!(snapshot(&api, &rpc, agent).await?, before, "state changed across the upgrade");
	let second = register_agent(&api, &dev::ferdie(), &dev::one(), "after-upgrade").await?;
	assert_eq!(status_and_bond(&api, second).await?.0, "Active");
	node.stop()
}
