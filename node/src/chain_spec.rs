//! Chain specifications built into the node: `dev` and `local` (from the runtime's genesis
//! presets), the `live` template operators fill in, or any chain spec JSON file given by path.

use chaoscore_primitives::token;
use chaoscore_runtime::{PARACHAIN_ID, WASM_BINARY};
use polkadot_sdk::{
	sc_chain_spec::{ChainSpecExtension, ChainSpecGroup, ChainType},
	sc_service,
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
};
use serde::{Deserialize, Serialize};

/// The relay chain of the built-in dev and local specs (its spec is built into the node).
const LOCAL_RELAY_CHAIN: &str = "rococo-local";

/// A ChaosCore chain spec: genesis plus the parachain extensions below.
pub type ChainSpec = sc_service::GenericChainSpec<Extensions>;

/// Relay-chain facts a collator needs before the runtime can tell it anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ChainSpecGroup, ChainSpecExtension)]
#[serde(rename_all = "camelCase")]
pub struct Extensions {
	/// The relay chain this parachain runs under (e.g. `rococo-local`).
	#[serde(alias = "relay_chain")]
	pub relay_chain: String,
	/// The parachain id registered on that relay chain.
	#[serde(alias = "para_id")]
	pub para_id: u32,
}

impl Extensions {
	/// The extensions of a loaded chain spec, if it has them.
	pub fn try_get(chain_spec: &dyn sc_service::ChainSpec) -> Option<&Self> {
		polkadot_sdk::sc_chain_spec::get_extension(chain_spec.extensions())
	}
}

/// Token facts shown by Polkadot.js Apps and wallets.
fn properties() -> polkadot_sdk::sc_chain_spec::Properties {
	let mut properties = polkadot_sdk::sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), token::SYMBOL.into());
	properties.insert("tokenDecimals".into(), token::DECIMALS.into());
	properties.insert("ss58Format".into(), token::SS58_PREFIX.into());
	properties
}

/// Builds a spec from one of the runtime's genesis presets, for a parachain of `relay_chain`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
	relay_chain: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or("the runtime Wasm blob was not built (SKIP_WASM_BUILD set?)")?;
	Ok(ChainSpec::builder(
		wasm,
		Extensions { relay_chain: relay_chain.into(), para_id: PARACHAIN_ID },
	)
	.with_name(name)
	.with_id(id)
	.with_chain_type(chain_type)
	.with_genesis_config_preset_name(preset)
	.with_protocol_id("chaoscore")
	.with_properties(properties())
	.build())
}

/// The single-machine development chain (`--dev`): Alice is sudo and the dev accounts are funded.
pub fn development() -> Result<ChainSpec, String> {
	from_preset(
		"ChaosCore Development",
		"chaoscore_dev",
		ChainType::Development,
		DEV_RUNTIME_PRESET,
		LOCAL_RELAY_CHAIN,
	)
}

/// A local test network under a `rococo-local` relay chain, collated by Alice and Bob.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"ChaosCore Local Testnet",
		"chaoscore_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
		LOCAL_RELAY_CHAIN,
	)
}

/// The template of a network for real use (`--chain live`): no sudo key, no dev keys or
/// endowments. Export it with `build-spec --chain live`, then fill in the collators (with their
/// session keys), the council, the endowments, the para id and the relay chain
/// (`docs/operator.md`); the node refuses to run it unfilled.
pub fn live_template() -> Result<ChainSpec, String> {
	from_preset(
		"ChaosCore",
		"chaoscore",
		ChainType::Live,
		chaoscore_runtime::genesis_config_presets::LIVE_TEMPLATE_PRESET,
		"polkadot",
	)
}

/// Resolves `--chain`: `dev`, `local`, `live`, or a path to a chain spec JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"" | "dev" | "development" => Box::new(development()?),
		"local" | "local_testnet" => Box::new(local_testnet()?),
		"live" => Box::new(live_template()?),
		path => Box::new(ChainSpec::from_json_file(path.into())?),
	})
}
