//! Smoke test of `zombienet/local.toml`: a rococo-local relay chain with two validators and two
//! ChaosCore collators (parachain 2000), launched with zombienet-sdk's native provider.
//!
//! Checks that the parachain produces and finalizes blocks, and that an agent registered through
//! one collator is seen by the other. Skipped (with a message) unless `polkadot`,
//! `polkadot-prepare-worker`, `polkadot-execute-worker` and `chaoscore-node` are on PATH.

use std::time::Duration;

use zombienet_sdk::{
	subxt::{
		backend::rpc::RpcClient,
		dynamic,
		dynamic::Value,
		ext::{scale_value::At, subxt_rpcs::rpc_params},
		OnlineClient, PolkadotConfig,
	},
	subxt_signer::sr25519::dev,
	NetworkConfig, NetworkConfigExt,
};

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Binaries the network needs.
const BINARIES: [&str; 4] =
	["polkadot", "polkadot-prepare-worker", "polkadot-execute-worker", "chaoscore-node"];

const BEST: &str = "block_height{status=\"best\"}";
const FINALIZED: &str = "block_height{status=\"finalized\"}";

/// The capability document the agent registers with, and its blake2-256 hash.
const DOCUMENT: &[u8] = br#"{"description":"seen from every collator"}"#;
const DOCUMENT_HASH: &str = "1950b96ed0a1fd2c34607fa902239289a8827ab4666f860ed7bef553c97a8680";

fn on_path(binary: &str) -> bool {
	std::env::var_os("PATH")
		.map(|path| std::env::split_paths(&path).any(|dir| dir.join(binary).is_file()))
		.unwrap_or(false)
}

fn metadata() -> TestResult<Value> {
	let hash = (0..DOCUMENT_HASH.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&DOCUMENT_HASH[i..i + 2], 16))
		.collect::<Result<Vec<u8>, _>>()?;
	let strings = |items: &[&str]| Value::unnamed_composite(items.iter().map(Value::from_bytes));
	Ok(Value::named_composite([
		("name", Value::from_bytes("zombienet smoke agent")),
		("category", Value::from_bytes("testing")),
		("tags", strings(&["smoke"])),
		("tools", strings(&[])),
		("capabilities", strings(&[])),
		("endpoints", Value::unnamed_composite([])),
		("region", Value::from_bytes("local")),
		("tier", Value::u128(0)),
		("latency_ms", Value::u128(100)),
		("document_hash", Value::from_bytes(hash)),
		("version", Value::u128(0)),
	]))
}

#[tokio::test(flavor = "multi_thread")]
async fn relay_chain_and_two_collators() -> TestResult {
	let missing: Vec<&str> = BINARIES.into_iter().filter(|b| !on_path(b)).collect();
	if !missing.is_empty() {
		eprintln!(
			"zombienet smoke test SKIPPED: not on PATH: {} (see docs/operator.md, \"zombienet\")",
			missing.join(", ")
		);
		return Ok(());
	}

	let toml = concat!(env!("CARGO_MANIFEST_DIR"), "/local.toml");
	let config = NetworkConfig::load_from_toml(toml).map_err(|e| format!("{toml}: {e}"))?;
	let network = config.spawn_native().await?;
	network.wait_until_is_up(120).await?;

	// Blocks are produced and finalized on the parachain.
	let alice = network.get_node("chaoscore-alice")?;
	let bob = network.get_node("chaoscore-bob")?;
	alice.wait_metric_with_timeout(BEST, |height| height >= 3.0, 600u64).await?;
	bob.wait_metric_with_timeout(FINALIZED, |height| height >= 2.0, 600u64).await?;

	// An agent registered through one collator...
	let via_alice = OnlineClient::<PolkadotConfig>::from_url(alice.ws_uri()).await?;
	let agent_key = dev::dave();
	let register = dynamic::tx(
		"AgentRegistry",
		"register",
		vec![Value::from_bytes(agent_key.public_key().0), metadata()?, Value::from_bytes(DOCUMENT)],
	);
	via_alice
		.tx()
		.sign_and_submit_then_watch_default(&register, &dev::charlie())
		.await?
		.wait_for_finalized_success()
		.await?;

	// ...is seen by the other, through the runtime API and the agent RPC.
	let via_bob = OnlineClient::<PolkadotConfig>::from_url(bob.ws_uri()).await?;
	let rpc = RpcClient::from_url(bob.ws_uri()).await?;
	for _ in 0..120 {
		let call = dynamic::runtime_api_call("AgentApi", "agent", vec![Value::u128(0)]);
		let answer = via_bob.runtime_api().at_latest().await?.call(call).await?.to_value()?;
		let profile: serde_json::Value = rpc.request("agent_profile", rpc_params![0]).await?;
		if answer.at(0).is_some() && profile["name"] == "zombienet smoke agent" {
			return Ok(());
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	Err("chaoscore-bob never saw the agent registered through chaoscore-alice".into())
}
