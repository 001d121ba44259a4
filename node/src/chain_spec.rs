//! Chain specifications built into the node: `dev` and `local` (from the runtime's genesis
//! presets), the `live` template operators fill in, or any chain spec JSON file given by path.

use chaoscore_primitives::token;
use chaoscore_runtime::{genesis_config_presets, RuntimeGenesisConfig, PARACHAIN_ID, WASM_BINARY};
use polkadot_sdk::{
	sc_chain_spec::{json_merge, ChainSpec as _, ChainSpecExtension, ChainSpecGroup, ChainType},
	sc_service,
	sp_core::storage::{well_known_keys, Storage},
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	sp_runtime::BuildStorage,
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

/// How the genesis state of a built-in spec is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Genesis {
	/// The spec names the runtime preset; whoever reads it asks the runtime's Wasm for the state
	/// (`GenesisBuilder` API). What `build-spec` and `export-chain-spec` print without `--raw`.
	Preset,
	/// The state is built by the runtime's native code from the same preset, with the same
	/// functions the Wasm runs (`native_genesis_is_the_wasm_genesis` checks they agree). A node
	/// started on a preset spec would otherwise compile the runtime's Wasm twice more before its
	/// client compiles it: about 20 s of a debug node's start-up.
	Native,
}

/// Genesis state of the runtime preset `preset` with `wasm` as its code, built natively: the
/// preset patched over the default config, then `BuildGenesisConfig::build`, as the runtime's
/// `GenesisBuilder::build_state` does it.
fn native_genesis(preset: &str, wasm: &[u8]) -> Result<Storage, String> {
	let patch = genesis_config_presets::get_preset(&preset.into())
		.ok_or_else(|| format!("the runtime has no genesis preset `{preset}`"))?;
	let patch = serde_json::from_slice(&patch).map_err(|e| format!("preset `{preset}`: {e}"))?;
	let mut config =
		serde_json::to_value(RuntimeGenesisConfig::default()).map_err(|e| e.to_string())?;
	json_merge(&mut config, patch);
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).map_err(|e| format!("preset `{preset}`: {e}"))?;
	let mut storage = config.build_storage()?;
	storage.top.insert(well_known_keys::CODE.to_vec(), wasm.to_vec());
	Ok(storage)
}

/// Builds a spec from one of the runtime's genesis presets, for a parachain of `relay_chain`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
	relay_chain: &str,
	genesis: Genesis,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or("the runtime Wasm blob was not built (SKIP_WASM_BUILD set?)")?;
	let mut spec = ChainSpec::builder(
		wasm,
		Extensions { relay_chain: relay_chain.into(), para_id: PARACHAIN_ID },
	)
	.with_name(name)
	.with_id(id)
	.with_chain_type(chain_type)
	.with_genesis_config_preset_name(preset)
	.with_protocol_id("chaoscore")
	.with_properties(properties())
	.build();
	if genesis == Genesis::Native {
		spec.set_storage(native_genesis(preset, wasm)?);
	}
	Ok(spec)
}

/// The single-machine development chain (`--dev`): Alice is sudo and the dev accounts are funded.
pub fn development(genesis: Genesis) -> Result<ChainSpec, String> {
	from_preset(
		"ChaosCore Development",
		"chaoscore_dev",
		ChainType::Development,
		DEV_RUNTIME_PRESET,
		LOCAL_RELAY_CHAIN,
		genesis,
	)
}

/// A local test network under a `rococo-local` relay chain, collated by Alice and Bob.
pub fn local_testnet(genesis: Genesis) -> Result<ChainSpec, String> {
	from_preset(
		"ChaosCore Local Testnet",
		"chaoscore_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
		LOCAL_RELAY_CHAIN,
		genesis,
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
		// Exported and filled in before anyone runs it.
		Genesis::Preset,
	)
}

/// Resolves `--chain`: `dev`, `local`, `live`, or a path to a chain spec JSON file; `genesis`
/// says how the built-in `dev` and `local` specs carry their genesis state.
pub fn load(id: &str, genesis: Genesis) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"" | "dev" | "development" => Box::new(development(genesis)?),
		"local" | "local_testnet" => Box::new(local_testnet(genesis)?),
		"live" => Box::new(live_template()?),
		path => Box::new(ChainSpec::from_json_file(path.into())?),
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::{
		sc_chain_spec::GenesisConfigBuilderRuntimeCaller, sp_core::hexdisplay::HexDisplay,
	};
	use std::collections::BTreeMap;

	/// Keys whose values differ between two storage maps (present in one only included).
	fn differing(a: &BTreeMap<Vec<u8>, Vec<u8>>, b: &BTreeMap<Vec<u8>, Vec<u8>>) -> Vec<String> {
		a.keys()
			.chain(b.keys())
			.filter(|key| a.get(*key) != b.get(*key))
			.map(|key| format!("0x{}", HexDisplay::from(key)))
			.collect()
	}

	/// The state the node builds natively is the state the runtime's Wasm builds from the same
	/// preset (what `build-spec --raw` prints and a relay chain registers).
	#[test]
	fn native_genesis_is_the_wasm_genesis() {
		let wasm = WASM_BINARY.expect("the runtime Wasm is built for tests");
		for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
			let native = native_genesis(preset, wasm).expect("native genesis");
			let patch = genesis_config_presets::get_preset(&preset.into()).expect("preset");
			let mut by_wasm = GenesisConfigBuilderRuntimeCaller::<()>::new(wasm)
				.get_storage_for_patch(serde_json::from_slice(&patch).expect("JSON patch"))
				.expect("Wasm genesis");
			by_wasm.top.insert(well_known_keys::CODE.to_vec(), wasm.to_vec());
			assert!(native.top.len() > 10, "{preset}: {} keys", native.top.len());
			assert_eq!(differing(&native.top, &by_wasm.top), Vec::<String>::new(), "{preset}");
			let children = |s: &Storage| s.children_default.keys().cloned().collect::<Vec<_>>();
			assert_eq!(children(&native), children(&by_wasm), "{preset}: child tries");
			for (key, child) in &native.children_default {
				let other = &by_wasm.children_default[key].data;
				assert_eq!(differing(&child.data, other), Vec::<String>::new(), "{preset}");
			}
		}
	}
}
