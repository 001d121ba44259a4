//! Conversions between the Solidity ABI of `IAgentActions` and the pallets' types.

use alloc::{format, string::String, vec::Vec};

use polkadot_sdk::*;

use chaoscore_primitives::agent::AgentStatus;
use frame_support::{traits::Get, BoundedVec};
use pallet_agent_registry::{AgentMetadata, BoundedStrings, DocumentOf, Endpoint, EndpointKind};
use pallet_revive::precompiles::{
	alloy::{primitives::U256, sol_types::Revert},
	Error,
};
use sp_core::H256;

use super::agent_actions::IAgentActions;
use crate::{configs::revive::NATIVE_TO_ETH_RATIO, Balance, Runtime};

/// A revert carrying `message`, as `revert(message)` in Solidity.
pub fn revert(message: impl Into<String>) -> Error {
	Error::Revert(Revert::from(message.into()))
}

/// Native planck from a wei amount; reverts unless it is a whole number of planck.
pub fn to_native(wei: &U256, field: &str) -> Result<Balance, Error> {
	let (planck, dust) = wei.div_rem(U256::from(NATIVE_TO_ETH_RATIO));
	if !dust.is_zero() {
		return Err(revert(format!("{field}: not a multiple of {NATIVE_TO_ETH_RATIO} wei")));
	}
	u128::try_from(planck).map_err(|_| revert(format!("{field}: too large")))
}

/// Wei from native planck.
pub fn to_wei(planck: Balance) -> U256 {
	U256::from(planck).saturating_mul(U256::from(NATIVE_TO_ETH_RATIO))
}

/// The ABI status of a registry status.
pub fn status(status: AgentStatus) -> IAgentActions::AgentStatus {
	match status {
		AgentStatus::Active => IAgentActions::AgentStatus::Active,
		AgentStatus::Stale => IAgentActions::AgentStatus::Stale,
		AgentStatus::Jailed => IAgentActions::AgentStatus::Jailed,
		AgentStatus::Underbonded => IAgentActions::AgentStatus::Underbonded,
		AgentStatus::Unbonding => IAgentActions::AgentStatus::Unbonding,
	}
}

/// `bytes` as a bounded vector, or a revert naming `field`.
fn bounded<S: Get<u32>>(bytes: &[u8], field: &str) -> Result<BoundedVec<u8, S>, Error> {
	BoundedVec::try_from(bytes.to_vec())
		.map_err(|_| revert(format!("{field}: longer than {} bytes", S::get())))
}

/// A bounded list of bounded strings, or a revert naming `field`.
fn bounded_strings<Len: Get<u32>, Count: Get<u32>>(
	items: &[String],
	field: &str,
) -> Result<BoundedStrings<Len, Count>, Error> {
	let items = items
		.iter()
		.map(|item| bounded::<Len>(item.as_bytes(), field))
		.collect::<Result<Vec<_>, _>>()?;
	BoundedVec::try_from(items)
		.map_err(|_| revert(format!("{field}: more than {} entries", Count::get())))
}

/// The registry's endpoint kind of an ABI endpoint kind.
fn endpoint_kind(kind: IAgentActions::EndpointKind) -> Result<EndpointKind, Error> {
	match kind {
		IAgentActions::EndpointKind::Mcp => Ok(EndpointKind::Mcp),
		IAgentActions::EndpointKind::A2a => Ok(EndpointKind::A2a),
		IAgentActions::EndpointKind::Http => Ok(EndpointKind::Http),
		IAgentActions::EndpointKind::Other => Ok(EndpointKind::Other),
		_ => Err(revert("endpoints: unknown kind")),
	}
}

/// The registry's metadata and capability document of an ABI call; the document hash is
/// computed here, so Solidity callers pass only the document.
pub fn metadata(
	input: &IAgentActions::Metadata,
	document: &[u8],
) -> Result<(AgentMetadata<Runtime>, DocumentOf<Runtime>), Error> {
	type C = Runtime;
	type MaxUrlLen = <C as pallet_agent_registry::Config>::MaxUrlLen;
	let endpoints = input
		.endpoints
		.iter()
		.map(|endpoint| {
			Ok(Endpoint::<MaxUrlLen> {
				kind: endpoint_kind(endpoint.kind)?,
				url: bounded::<MaxUrlLen>(endpoint.url.as_bytes(), "endpoints.url")?,
			})
		})
		.collect::<Result<Vec<_>, Error>>()?;
	let metadata = AgentMetadata::<Runtime> {
		name: bounded(input.name.as_bytes(), "name")?,
		category: bounded(input.category.as_bytes(), "category")?,
		tags: bounded_strings(&input.tags, "tags")?,
		tools: bounded_strings(&input.tools, "tools")?,
		capabilities: bounded_strings(&input.capabilities, "capabilities")?,
		endpoints: BoundedVec::try_from(endpoints).map_err(|_| {
			revert(format!(
				"endpoints: more than {} entries",
				<<C as pallet_agent_registry::Config>::MaxEndpoints as Get<u32>>::get()
			))
		})?,
		region: bounded(input.region.as_bytes(), "region")?,
		tier: input.tier,
		latency_ms: input.latencyMs,
		document_hash: H256(sp_io::hashing::blake2_256(document)),
		version: 0,
	};
	Ok((metadata, bounded(document, "document")?))
}
