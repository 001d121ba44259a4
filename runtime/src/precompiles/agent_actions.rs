//! The agent system-action precompile: `IAgentActions` (`contracts/IAgentActions.sol`).
//!
//! Every action runs the pallet's own logic (`do_*`) for the caller (`msg.sender`, mapped to
//! its ChaosCore account), after charging the weight the pallet declares for the same call.
//! Success emits the pallet's event and a Solidity event; failure reverts with the pallet's
//! error name and, like any EVM revert, leaves no state change.

use alloc::vec::Vec;
use core::num::NonZero;

use polkadot_sdk::*;

use chaoscore_primitives::{agent::AgentId, settlement::EscrowId};
use frame_support::dispatch::GetDispatchInfo;
use pallet_revive::{
	precompiles::{
		alloy::{
			self,
			primitives::{Address, FixedBytes},
			sol_types::{SolEvent, SolValue},
		},
		AddressMatcher, Error, Ext, Precompile, H160,
	},
	AddressMapper, ExecOrigin as Origin,
};
use sp_core::H256;
use sp_runtime::{DispatchError, ModuleError};

use super::abi::{self, revert};
use crate::{
	agent_keys::AgentKeySignature, AccountId, AgentRegistry, Escrow, Runtime, RuntimeCall,
};

alloy::sol!("../contracts/IAgentActions.sol");
use IAgentActions::IAgentActionsCalls as Calls;

/// The precompile's index: it answers at `0x…0000CA0000` (see [`AGENT_ACTIONS_ADDRESS`]).
pub const AGENT_ACTIONS_INDEX: u16 = 0x00CA;

/// The precompile's address, `0x0000000000000000000000000000000000ca0000`.
pub const AGENT_ACTIONS_ADDRESS: H160 = {
	let mut address = [0u8; 20];
	let index = AGENT_ACTIONS_INDEX.to_be_bytes();
	address[16] = index[0];
	address[17] = index[1];
	H160(address)
};

/// The agent system actions as an EVM precompile.
pub struct AgentActions;

impl Precompile for AgentActions {
	type T = Runtime;
	type Interface = Calls;
	const MATCHER: AddressMatcher =
		AddressMatcher::Fixed(match NonZero::new(AGENT_ACTIONS_INDEX) {
			Some(index) => index,
			None => panic!("the precompile index is not zero"),
		});
	const HAS_CONTRACT_INFO: bool = false;

	fn call(
		_address: &[u8; 20],
		input: &Self::Interface,
		env: &mut impl Ext<T = Self::T>,
	) -> Result<Vec<u8>, Error> {
		if env.is_delegate_call() {
			return Err(pallet_revive::Error::<Runtime>::PrecompileDelegateDenied.into());
		}
		let reads_only =
			matches!(input, Calls::agent(_) | Calls::agentStatus(_) | Calls::keyConsentMessage(_));
		if !reads_only && env.is_read_only() {
			return Err(pallet_revive::Error::<Runtime>::StateChangeDenied.into());
		}
		match input {
			Calls::register(call) => register(env, call),
			Calls::update(call) => update(env, call),
			Calls::heartbeat(call) => heartbeat(env, call.agentId),
			Calls::agent(call) => agent(env, call.agentId),
			Calls::agentStatus(call) => agent_status(env, call.agentId),
			Calls::keyConsentMessage(call) => Ok(key_consent_message(call).abi_encode()),
			Calls::openEscrow(call) => open_escrow(env, call),
			Calls::release(call) => settle(env, call.escrowId, Settlement::Release),
			Calls::refund(call) => settle(env, call.escrowId, Settlement::Refund),
		}
	}
}

/// The caller's account; the root origin cannot own agents or escrows.
fn caller(env: &impl Ext<T = Runtime>) -> Result<AccountId, Error> {
	match env.caller() {
		Origin::Signed(who) => Ok(who),
		Origin::Root => Err(revert("the root origin cannot act as an account")),
	}
}

/// Charges the weight the runtime declares for `call` (what the same extrinsic would pay).
fn charge(env: &mut impl Ext<T = Runtime>, call: impl Into<RuntimeCall>) -> Result<(), Error> {
	env.charge(call.into().get_dispatch_info().call_weight)?;
	Ok(())
}

/// A pallet error as a Solidity revert carrying the error's name (e.g. `UnknownAgent`).
fn failed(error: DispatchError) -> Error {
	let name: &'static str = match error {
		DispatchError::Module(ModuleError { message: Some(name), .. }) => name,
		other => other.into(),
	};
	revert(name)
}

/// Emits `event` as an EVM log of the precompile.
fn emit(env: &mut impl Ext<T = Runtime>, event: impl SolEvent) {
	let log = event.encode_log_data();
	let topics = log.topics().iter().map(|topic| H256(topic.0)).collect();
	env.deposit_event(topics, log.data.to_vec());
}

/// The ChaosCore account of an Ethereum address.
fn account_of(address: &Address) -> AccountId {
	<Runtime as pallet_revive::Config>::AddressMapper::to_account_id(&H160(address.0 .0))
}

/// A ChaosCore account id as `bytes32`.
fn account_bytes(account: AccountId) -> FixedBytes<32> {
	FixedBytes(account.into())
}

/// The Ethereum address of a ChaosCore account.
fn address_of(account: &AccountId) -> Address {
	Address::from(<Runtime as pallet_revive::Config>::AddressMapper::to_address(account).0)
}

fn register(
	env: &mut impl Ext<T = Runtime>,
	call: &IAgentActions::registerCall,
) -> Result<Vec<u8>, Error> {
	let owner = caller(env)?;
	let agent_key = account_of(&call.agentKey);
	let signature = <[u8; 65]>::try_from(call.keySignature.as_ref())
		.map_err(|_| revert("keySignature must be 65 bytes (r, s, v)"))?;
	let key_consent = pallet_agent_registry::KeyConsent {
		valid_until: call.validUntil,
		signature: AgentKeySignature::Ethereum(signature),
	};
	let (metadata, document) = abi::metadata(&call.metadata, &call.document)?;
	charge(
		env,
		pallet_agent_registry::Call::<Runtime>::register {
			agent_key: agent_key.clone(),
			key_consent: key_consent.clone(),
			metadata: metadata.clone(),
			document: document.clone(),
		},
	)?;
	let id = AgentRegistry::do_register(owner.clone(), agent_key, &key_consent, metadata, document)
		.map_err(failed)?;
	let bond = <Runtime as pallet_agent_registry::Config>::MinBond::get();
	emit(
		env,
		IAgentActions::AgentRegistered {
			agentId: id,
			owner: address_of(&owner),
			agentKey: call.agentKey,
			bond: abi::to_wei(bond),
		},
	);
	Ok(id.abi_encode())
}

/// The consent message of `agentKey` for a new agent of `owner` (see the registry's `KeyConsent`).
fn key_consent_message(call: &IAgentActions::keyConsentMessageCall) -> alloy::primitives::Bytes {
	AgentRegistry::key_consent_message(
		&account_of(&call.owner),
		None,
		&account_of(&call.agentKey),
		call.validUntil,
	)
	.into()
}

fn update(
	env: &mut impl Ext<T = Runtime>,
	call: &IAgentActions::updateCall,
) -> Result<Vec<u8>, Error> {
	let who = caller(env)?;
	let (metadata, document) = abi::metadata(&call.metadata, &call.document)?;
	charge(
		env,
		pallet_agent_registry::Call::<Runtime>::update {
			id: call.agentId,
			metadata: metadata.clone(),
			document: document.clone(),
		},
	)?;
	AgentRegistry::do_update(who, call.agentId, metadata, document).map_err(failed)?;
	let version = AgentRegistry::agent_info(call.agentId)
		.map(|(_, metadata)| metadata.version)
		.unwrap_or_default();
	emit(env, IAgentActions::AgentUpdated { agentId: call.agentId, version });
	Ok(Vec::new())
}

fn heartbeat(env: &mut impl Ext<T = Runtime>, id: AgentId) -> Result<Vec<u8>, Error> {
	let who = caller(env)?;
	charge(env, pallet_agent_registry::Call::<Runtime>::heartbeat { id })?;
	AgentRegistry::do_heartbeat(who, id).map_err(failed)?;
	emit(env, IAgentActions::Heartbeat { agentId: id });
	Ok(Vec::new())
}

/// Weight of reading an agent's record and metadata.
fn charge_agent_read(env: &mut impl Ext<T = Runtime>) -> Result<(), Error> {
	let reads = <Runtime as frame_system::Config>::DbWeight::get().reads(2);
	env.charge(reads)?;
	Ok(())
}

fn agent(env: &mut impl Ext<T = Runtime>, id: AgentId) -> Result<Vec<u8>, Error> {
	charge_agent_read(env)?;
	let (facts, metadata) = AgentRegistry::agent_info(id)
		.ok_or_else(|| failed(pallet_agent_registry::Error::<Runtime>::UnknownAgent.into()))?;
	Ok(IAgentActions::Agent {
		owner: account_bytes(facts.owner),
		agentKey: account_bytes(facts.agent_key),
		status: abi::status(facts.status),
		bond: abi::to_wei(facts.bond),
		lastHeartbeat: facts.last_heartbeat,
		metadataVersion: metadata.version,
	}
	.abi_encode())
}

fn agent_status(env: &mut impl Ext<T = Runtime>, id: AgentId) -> Result<Vec<u8>, Error> {
	charge_agent_read(env)?;
	let (facts, _) = AgentRegistry::agent_info(id)
		.ok_or_else(|| failed(pallet_agent_registry::Error::<Runtime>::UnknownAgent.into()))?;
	Ok(abi::status(facts.status).abi_encode())
}

fn open_escrow(
	env: &mut impl Ext<T = Runtime>,
	call: &IAgentActions::openEscrowCall,
) -> Result<Vec<u8>, Error> {
	let client = caller(env)?;
	let amount = abi::to_native(&call.amount, "amount")?;
	let evaluator = if call.evaluator.is_zero() {
		None
	} else {
		let fee = abi::to_native(&call.evaluatorFee, "evaluatorFee")?;
		Some((account_of(&call.evaluator), fee))
	};
	let job_spec = H256(call.jobSpec.0);
	charge(
		env,
		pallet_escrow::Call::<Runtime>::open {
			provider: call.provider,
			amount,
			evaluator: evaluator.clone(),
			deadline: call.deadline,
			job_spec,
		},
	)?;
	let id =
		Escrow::do_open(client.clone(), call.provider, amount, evaluator, call.deadline, job_spec)
			.map_err(failed)?;
	emit(
		env,
		IAgentActions::EscrowOpened {
			escrowId: id,
			provider: call.provider,
			client: address_of(&client),
			amount: call.amount,
			deadline: call.deadline,
		},
	);
	Ok(id.abi_encode())
}

/// How an escrow is settled.
enum Settlement {
	Release,
	Refund,
}

fn settle(
	env: &mut impl Ext<T = Runtime>,
	id: EscrowId,
	settlement: Settlement,
) -> Result<Vec<u8>, Error> {
	let who = caller(env)?;
	match settlement {
		Settlement::Release => {
			charge(env, pallet_escrow::Call::<Runtime>::release { id })?;
			Escrow::do_release(who, id).map_err(failed)?;
			emit(env, IAgentActions::EscrowReleased { escrowId: id });
		},
		Settlement::Refund => {
			charge(env, pallet_escrow::Call::<Runtime>::refund { id })?;
			Escrow::do_refund(who, id).map_err(failed)?;
			emit(env, IAgentActions::EscrowRefunded { escrowId: id });
		},
	}
	Ok(Vec::new())
}
