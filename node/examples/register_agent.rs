//! Registers an agent and sends its first heartbeat with subxt, as `docs/agent-developer.md`
//! shows: `cargo run -p chaoscore-node --example register_agent [ws://127.0.0.1:9944]` against a
//! running dev chain (`scripts/dev.sh`). Alice owns the agent; Dave is its agent key.
//!
//! Self-contained on purpose (no test harness): it is the document's example, with the
//! dependencies the document lists.

use clap::Parser;
use codec::Encode;
use polkadot_sdk::sp_io::hashing::blake2_256;
use subxt::{
	dynamic::{self, At, Value},
	extrinsics::ExtrinsicEvents,
	tx::Payload,
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

type Api = OnlineClient<PolkadotConfig>;
type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Registers an agent on a running dev chain (Alice owns it, Dave is its agent key) and sends
/// its first heartbeat.
#[derive(Parser)]
struct Args {
	/// The node's WebSocket RPC endpoint.
	#[arg(default_value = "ws://127.0.0.1:9944")]
	url: String,
}

/// Signs, submits and waits until finalized; fails if the call failed.
async fn submit<C: Payload>(
	api: &Api,
	call: &C,
	signer: &Keypair,
) -> Res<ExtrinsicEvents<PolkadotConfig>> {
	let progress = api
		.at_current_block()
		.await?
		.tx()
		.sign_and_submit_then_watch_default(call, signer)
		.await?;
	Ok(progress.wait_for_finalized().await?.wait_for_success().await?)
}

#[tokio::main]
async fn main() -> Res<()> {
	let api = Api::from_insecure_url(Args::parse().url).await?;
	let (owner, agent_key) = (dev::alice(), dev::dave());

	let document = r#"{"description":"reviews Rust pull requests"}"#;
	let strings = |items: &[&str]| Value::unnamed_composite(items.iter().map(Value::from_bytes));
	let metadata = Value::named_composite([
		("name", Value::from_bytes("code-reviewer")),
		("category", Value::from_bytes("coding")),
		("tags", strings(&["rust"])),
		("tools", strings(&["git.diff"])),
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
		("document_hash", Value::from_bytes(blake2_256(document.as_bytes()))),
		("version", Value::u128(0)), // ignored
	]);
	let key: AccountId32 = agent_key.public_key().into();
	let owner_id: AccountId32 = owner.public_key().into();

	// The agent key consents to serve this owner: it signs (domain, genesis hash, owner, agent
	// — None for a new one —, key, last valid block), SCALE-encoded; at most 600 blocks ahead.
	let valid_until = u32::try_from(api.at_current_block().await?.block_number())? + 500;
	let message = (
		*b"chaoscore/agent-key",
		api.genesis_hash().0,
		owner_id.0,
		None::<u64>,
		key.0,
		valid_until,
	)
		.encode();
	let signature = agent_key.sign(&message).0;
	let consent = Value::named_composite([
		("valid_until", Value::u128(valid_until.into())),
		(
			"signature",
			Value::unnamed_variant(
				"Substrate",
				[Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)])],
			),
		),
	]);
	let register = dynamic::tx(
		"AgentRegistry",
		"register",
		vec![Value::from_bytes(key.0), consent, metadata, Value::from_bytes(document)],
	);
	let events = submit(&api, &register, &owner).await?;

	let registered = events
		.iter()
		.filter_map(Result::ok)
		.find(|e| (e.pallet_name(), e.event_name()) == ("AgentRegistry", "Registered"))
		.ok_or("no Registered event")?;
	let outer: Value = registered.decode_as()?; // AgentRegistry(Registered { .. })
	let id = outer.at(0).and_then(|e| e.at("id")).and_then(|v| v.as_u128()).ok_or("no id")?;

	// Run this on a timer well inside the liveness window, signed by the agent key.
	let heartbeat = dynamic::tx("AgentRegistry", "heartbeat", vec![Value::u128(id)]);
	submit(&api, &heartbeat, &agent_key).await?;
	println!("agent {id} registered and live");
	Ok(())
}
