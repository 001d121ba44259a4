//! End to end on the `local_testnet` chain, which has no sudo key: governance is the council's
//! (Alice, Bob, Charlie). Sudo is refused; a non-member cannot propose; Alice proposes jailing an
//! agent; with one aye the motion cannot be closed, with Alice's and Bob's it is closed and
//! executed as the council's origin, and the agent is jailed — the same calls Polkadot.js Apps
//! builds under *Governance → Council → Motions*. A second motion changes a parameter
//! (`Parameters::set_parameter`), which `governance_parameters` then reports.

use crate::chaoscore_node;
use chaoscore_harness::{
	agent::{register_agent, status_and_bond},
	call,
	council::{propose, set_parameter, Motion},
	event_field, find_event, module_error, submit, variant_name, DevNode, Result,
};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClientBuilder};
use serde_json::Value as Json;
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::dev;

#[tokio::test(flavor = "multi_thread")]
async fn the_council_jails_an_agent_and_changes_a_parameter_by_motion() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start_sealing(
		chaoscore_node(),
		base.path(),
		&["--chain", "local", "--dev-block-time", "1000"],
	)?;
	let api = node.client().await?;
	node.wait_for_height(&api, 1).await?;

	let id = register_agent(&api, &dev::dave(), &dev::eve(), "council-watched").await?;
	let now = api.at_current_block().await?.block_number() as u128;
	let jail = call(
		"Slashing",
		"jail",
		vec![("id", Value::u128(id.into())), ("until", Value::u128(now + 100))],
	);

	// No sudo key on this chain; only members propose.
	let sudo = dynamic::tx("Sudo", "sudo", vec![jail.clone()]);
	assert_eq!(module_error(submit(&api, &sudo, &dev::alice()).await?), "Sudo::RequireSudo");
	let by_dave = submit(&api, &propose(jail.clone()), &dev::dave()).await?;
	assert_eq!(module_error(by_dave), "Council::NotMember");

	// One aye of the two needed: too early to close, nothing happens.
	let motion = Motion::propose(&api, jail).await?;
	motion.aye(&api, &dev::alice()).await?;
	assert_eq!(module_error(motion.close(&api).await?), "Council::TooEarly");
	assert_eq!(status_and_bond(&api, id).await?.0, "Active", "jailed before the vote");

	// Bob's aye carries it: closed, it jails the agent as the council.
	motion.aye(&api, &dev::bob()).await?;
	let closed = motion.close(&api).await??;
	let executed = find_event(&closed, "Council", "Executed")?;
	assert_eq!(variant_name(&event_field(&executed, "result")?), Some("Ok"));
	drop(executed);
	find_event(&closed, "Slashing", "Jailed")?;
	assert_eq!(status_and_bond(&api, id).await?.0, "Jailed");

	// A parameter change: the liveness window becomes 1,200 blocks.
	let rpc = WsClientBuilder::default().build(node.rpc_url()).await?;
	let parameters: Json = rpc.request("governance_parameters", rpc_params![]).await?;
	assert_eq!(parameters["livenessWindow"], 600);
	let set = set_parameter("Agents", "LivenessWindow", 1_200);
	let changed = Motion::propose(&api, set).await?.pass(&api).await?;
	find_event(&changed, "Parameters", "Updated")?;
	let parameters: Json = rpc.request("governance_parameters", rpc_params![]).await?;
	assert_eq!(parameters["livenessWindow"], 1_200);

	node.stop()
}
