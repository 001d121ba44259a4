//! Chain specifications built into the node: `dev` and `local` (from the runtime's genesis
//! presets), or any chain spec JSON file given by path.

use chaoscore_primitives::token;
use chaoscore_runtime::{PARACHAIN_ID, WASM_BINARY};
use polkadot_sdk::{
	sc_chain_spec::{ChainSpecExtension, ChainSpecGroup, ChainType},
	sc_service,
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
};
use serde::{Deserialize, Serialize};

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

/// Builds a spec from one of the runtime's genesis presets.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or("the runtime Wasm blob was not built (SKIP_WASM_BUILD set?)")?;
	Ok(ChainSpec::builder(
		wasm,
		Extensions { relay_chain: "rococo-local".into(), para_id: PARACHAIN_ID },
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
	)
}

/// A local test network under a `rococo-local` relay chain, collated by Alice and Bob.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"ChaosCore Local Testnet",
		"chaoscore_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// Resolves `--chain`: `dev`, `local`, or a path to a chain spec JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"" | "dev" | "development" => Box::new(development()?),
		"local" | "local_testnet" => Box::new(local_testnet()?),
		path => Box::new(ChainSpec::from_json_file(path.into())?),
	})
}
