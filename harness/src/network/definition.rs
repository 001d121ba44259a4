//! The network definition: the part of zombienet's TOML format the harness reads
//! (`zombienet/local.toml`).

use crate::Result;
use serde::Deserialize;
use std::path::Path;

/// A relay chain and its parachains, as a zombienet network definition describes them.
#[derive(Debug, Deserialize)]
pub struct Definition {
	/// The relay chain.
	pub relaychain: RelayChainDef,
	/// The parachains (ChaosCore: one).
	pub parachains: Vec<ParachainDef>,
}

/// The relay chain of a [`Definition`].
#[derive(Debug, Deserialize)]
pub struct RelayChainDef {
	/// Built-in chain spec the relay spec starts from (e.g. `rococo-local`).
	pub chain: String,
	/// Arguments every relay node gets.
	#[serde(default)]
	pub default_args: Vec<String>,
	/// The validators; each `name` is a dev key (`alice` runs with `--alice`).
	pub nodes: Vec<NodeDef>,
}

/// A node of a [`Definition`].
#[derive(Debug, Deserialize)]
pub struct NodeDef {
	/// Node name (for validators: the dev key).
	pub name: String,
	/// Extra arguments (for collators: the dev key flag, e.g. `--alice`).
	#[serde(default)]
	pub args: Vec<String>,
	/// A relay-chain validator (`--validator`).
	#[serde(default)]
	pub validator: bool,
}

/// A parachain of a [`Definition`].
#[derive(Debug, Deserialize)]
pub struct ParachainDef {
	/// Para id registered at relay genesis.
	pub id: u32,
	/// The parachain's chain spec (`--chain` of `chaoscore-node`).
	pub chain: String,
	/// The collators.
	pub collators: Vec<NodeDef>,
}

impl Definition {
	/// Reads `zombienet/local.toml`.
	pub fn local() -> Result<Self> {
		let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../zombienet/local.toml");
		let text = std::fs::read_to_string(&path)
			.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
		Ok(toml::from_str(&text)?)
	}

	/// The ChaosCore parachain.
	pub fn parachain(&self) -> Result<&ParachainDef> {
		Ok(self.parachains.first().ok_or("the network definition has no parachain")?)
	}
}
