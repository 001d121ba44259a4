//! End to end on the `local_testnet` chain, which has no sudo key: governance is the council's
//! (Alice, Bob, Charlie). Sudo is refused; a non-member cannot propose; Alice proposes jailing an
//! agent; with one aye the motion cannot be closed, with Alice's and Bob's it is closed and
//! executed as the council's origin, and the agent is jailed — the same calls Polkadot.js Apps
//! builds under *Governance → Council → Motions*. A second motion changes a parameter
//! (`Parameters::set_parameter`), which `governance_parameters` then reports.

mod common;

use common::{
	agent::{register_agent, status_and_bond},
	call, event_field, find_event, module_error, submit, variant_name, Api, DevNode, Included,
	Outcome, TestResult,
};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClientBuilder};
use serde_json::Value as Json;
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::{dev, Keypair};

/// Upper bound on the encoded length of the proposal, as the council calls require.
const LENGTH_BOUND: u128 = 10_000;

/// An open council motion.
struct Motion {
	hash: Value,
	index: Value,
}

impl Motion {
	/// Alice proposes `proposal` with a threshold of 2 of the 3 members (proposing is not voting).
	async fn propose(api: &Api, proposal: Value) -> TestResult<Self> {
		let proposed = submit(api, &propose(proposal), &dev::alice()).await??;
		let motion = find_event(&proposed, "Council", "Proposed")?;
		Ok(Self {
			hash: event_field(&motion, "proposal_hash")?,
			index: event_field(&motion, "proposal_index")?,
		})
	}

	/// `member` votes aye.
	async fn aye(&self, api: &Api, member: &Keypair) -> TestResult {
		let vote = dynamic::tx(
			"Council",
			"vote",
			vec![self.hash.clone(), self.index.clone(), Value::bool(true)],
		);
		submit(api, &vote, member).await??;
		Ok(())
	}

	/// Charlie closes the motion: once it has its threshold it executes as the council.
	async fn close(&self, api: &Api) -> TestResult<Outcome> {
		let weight_bound = Value::named_composite([
			("ref_time", Value::u128(50_000_000_000)),
			("proof_size", Value::u128(500_000)),
		]);
		let close = dynamic::tx(
			"Council",
			"close",
			vec![self.hash.clone(), self.index.clone(), weight_bound, Value::u128(LENGTH_BOUND)],
		);
		submit(api, &close, &dev::charlie()).await
	}

	/// Alice and Bob vote aye, the motion is closed; fails unless the proposal succeeded.
	async fn pass(&self, api: &Api) -> TestResult<Included> {
		self.aye(api, &dev::alice()).await?;
		self.aye(api, &dev::bob()).await?;
		let closed = self.close(api).await??;
		find_event(&closed, "Council", "Approved")?;
		let executed = find_event(&closed, "Council", "Executed")?;
		let result = event_field(&executed, "result")?;
		if variant_name(&result) != Some("Ok") {
			return Err(format!("the motion's call failed: {result}").into());
		}
		drop(executed);
		Ok(closed)
	}
}

/// `Council::propose` of `proposal` with a threshold of 2.
fn propose(proposal: Value) -> subxt::tx::DynamicPayload<Vec<Value>> {
	dynamic::tx("Council", "propose", vec![Value::u128(2), proposal, Value::u128(LENGTH_BOUND)])
}

#[tokio::test(flavor = "multi_thread")]
async fn the_council_jails_an_agent_and_changes_a_parameter_by_motion() -> TestResult {
	let base = tempfile::tempdir()?;
	let mut node =
		DevNode::start_sealing(base.path(), &["--chain", "local", "--dev-block-time", "1000"])?;
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
	let set = call(
		"Parameters",
		"set_parameter",
		vec![(
			"key_value",
			Value::unnamed_variant(
				"Agents",
				[Value::unnamed_variant(
					"LivenessWindow",
					[
						Value::unnamed_composite([]),
						Value::unnamed_variant("Some", [Value::u128(1_200)]),
					],
				)],
			),
		)],
	);
	let changed = Motion::propose(&api, set).await?.pass(&api).await?;
	find_event(&changed, "Parameters", "Updated")?;
	let parameters: Json = rpc.request("governance_parameters", rpc_params![]).await?;
	assert_eq!(parameters["livenessWindow"], 1_200);

	node.stop()
}
