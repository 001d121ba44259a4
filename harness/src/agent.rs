//! Agents: their metadata as `AgentRegistry::register` takes it, registration, reading them back
//! through `AgentApi`, and the treasury their penalties go to.

use crate::{
	account, balances::pallet_account, event_field, find_event, submit, variant_name, Api, Result,
};
use polkadot_sdk::sp_io::hashing::blake2_256;
use subxt::{
	dynamic::{self, At, Value},
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

/// Minimum agent bond of the runtime (`MinAgentBond`: 10 CHAOS).
pub const MIN_BOND: u128 = 10_000_000_000_000;

/// `AgentMetadata` as registration takes it, with one endpoint; [`Metadata::value`] builds it.
pub struct Metadata<'a> {
	/// Display name.
	pub name: &'a str,
	/// Primary category.
	pub category: &'a str,
	/// Tags.
	pub tags: Vec<&'a str>,
	/// Tools.
	pub tools: Vec<&'a str>,
	/// Capabilities.
	pub capabilities: Vec<&'a str>,
	/// The endpoint: its kind (`Mcp`, `A2a`, ...) and URL.
	pub endpoint: (&'a str, &'a str),
	/// Region.
	pub region: &'a str,
	/// Tier.
	pub tier: u8,
	/// Advertised latency.
	pub latency_ms: u32,
	/// The capability document the metadata commits to (by its hash).
	pub document: &'a str,
}

impl Metadata<'_> {
	/// The metadata as a dynamic value; `document_hash` is the document's blake2-256, `version`
	/// 0 (the chain sets it).
	pub fn value(&self) -> Value {
		let strings =
			|items: &[&str]| Value::unnamed_composite(items.iter().map(Value::from_bytes));
		let (kind, url) = self.endpoint;
		Value::named_composite([
			("name", Value::from_bytes(self.name)),
			("category", Value::from_bytes(self.category)),
			("tags", strings(&self.tags)),
			("tools", strings(&self.tools)),
			("capabilities", strings(&self.capabilities)),
			(
				"endpoints",
				Value::unnamed_composite([Value::named_composite([
					("kind", Value::unnamed_variant(kind, [])),
					("url", Value::from_bytes(url)),
				])]),
			),
			("region", Value::from_bytes(self.region)),
			("tier", Value::u128(self.tier.into())),
			("latency_ms", Value::u128(self.latency_ms.into())),
			("document_hash", Value::from_bytes(blake2_256(self.document.as_bytes()))),
			("version", Value::u128(0)),
		])
	}
}

/// What a test agent advertises.
#[derive(Clone, Debug)]
pub struct AgentSpec {
	/// Display name.
	pub name: String,
	/// Primary category.
	pub category: String,
	/// Tools.
	pub tools: Vec<String>,
	/// Capabilities.
	pub capabilities: Vec<String>,
	/// Region.
	pub region: String,
	/// Tier.
	pub tier: u8,
	/// Advertised latency.
	pub latency_ms: u32,
	/// An MCP endpoint URL (else an A2A endpoint).
	pub mcp: Option<String>,
	/// Description, in the capability document.
	pub description: String,
}

impl AgentSpec {
	/// A coding agent called `name` (the shape most tests use).
	pub fn coder(name: &str) -> Self {
		Self {
			name: name.into(),
			category: "coding".into(),
			tools: vec!["git.diff".into(), "cargo.check".into()],
			capabilities: vec!["code-review".into()],
			region: "eu-west".into(),
			tier: 1,
			latency_ms: 120,
			mcp: Some("https://agent.example/mcp".into()),
			description: format!("{name} reviews Rust code"),
		}
	}

	/// The capability document: JSON with the description, tools and (for MCP agents) the
	/// server manifest.
	pub fn document(&self) -> String {
		let mut doc = serde_json::json!({
			"name": self.name,
			"description": self.description,
			"tools": self.tools,
		});
		if let Some(url) = &self.mcp {
			doc["mcp"] = serde_json::json!({
				"endpoint": url,
				"transport": "streamable-http",
				"tools": self.tools.iter().map(|t| serde_json::json!({ "name": t })).collect::<Vec<_>>(),
			});
		}
		doc.to_string()
	}

	/// The on-chain metadata (tagged `test`), committing to [`Self::document`].
	pub fn metadata(&self) -> Value {
		let document = self.document();
		let endpoint = match &self.mcp {
			Some(url) => ("Mcp", url.as_str()),
			None => ("A2a", "https://agent.example/a2a"),
		};
		Metadata {
			name: &self.name,
			category: &self.category,
			tags: vec!["test"],
			tools: self.tools.iter().map(String::as_str).collect(),
			capabilities: self.capabilities.iter().map(String::as_str).collect(),
			endpoint,
			region: &self.region,
			tier: self.tier,
			latency_ms: self.latency_ms,
			document: &document,
		}
		.value()
	}
}

/// Registers an agent called `name` owned by `owner` with agent key `agent_key` (the minimum
/// bond is held from the owner) and returns its id.
pub async fn register_agent(
	api: &Api,
	owner: &Keypair,
	agent_key: &Keypair,
	name: &str,
) -> Result<u64> {
	register_spec(api, owner, agent_key, &AgentSpec::coder(name)).await
}

/// Registers the agent `spec` describes and returns its id.
pub async fn register_spec(
	api: &Api,
	owner: &Keypair,
	agent_key: &Keypair,
	spec: &AgentSpec,
) -> Result<u64> {
	let key_id: AccountId32 = agent_key.public_key().into();
	let at = api.at_current_block().await?;
	let consent = crate::consent::consent(&at, &owner.public_key().into(), None, agent_key)?;
	let register = dynamic::tx(
		"AgentRegistry",
		"register",
		vec![
			Value::from_bytes(key_id.0),
			consent,
			spec.metadata(),
			Value::from_bytes(spec.document()),
		],
	);
	let events = submit(api, &register, owner).await??;
	let registered = find_event(&events, "AgentRegistry", "Registered")?;
	let id = event_field(&registered, "id")?.as_u128().ok_or("agent id is not a number")?;
	Ok(u64::try_from(id)?)
}

/// Ids of the agents `owner` owns (`AgentApi::agents_of`), at the best block.
pub async fn agents_of(api: &Api, owner: &AccountId32) -> Result<Vec<u64>> {
	let at = api.at_current_block().await?;
	let payload = dynamic::runtime_api_call::<_, Vec<u64>>("AgentApi", "agents_of", (*owner,));
	Ok(at.runtime_apis().call(payload).await?)
}

/// `AgentApi::agent(id)`: `(facts, metadata)` as a dynamic value, or `None`.
pub async fn agent_via_api(api: &Api, id: u64) -> Result<Option<Value>> {
	let at = api.at_current_block().await?;
	let payload = dynamic::runtime_api_call::<_, Value>("AgentApi", "agent", (id,));
	let answer = at.runtime_apis().call(payload).await?;
	Ok(match variant_name(&answer) {
		Some("Some") => answer.at(0).cloned(),
		_ => None,
	})
}

/// Status name and bond of agent `id`, read through `AgentApi`.
pub async fn status_and_bond(api: &Api, id: u64) -> Result<(String, u128)> {
	let agent = agent_via_api(api, id).await?.ok_or("AgentApi knows no such agent")?;
	let facts = agent.at(0).ok_or("no facts")?;
	let status = facts.at("status").and_then(variant_name).ok_or("no status")?.to_string();
	let bond = facts.at("bond").and_then(|b| b.as_u128()).ok_or("no bond")?;
	Ok((status, bond))
}

/// The treasury account (`PalletId(*b"cc/trsry")`), checked to exist (it is endowed at
/// genesis).
pub async fn treasury_account(api: &Api) -> Result<AccountId32> {
	let treasury = pallet_account(b"cc/trsry");
	if account(api, &treasury).await?.free == 0 {
		return Err("the treasury account does not exist".into());
	}
	Ok(treasury)
}
