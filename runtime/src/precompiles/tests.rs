//! The agent precompile called through `pallet-revive` in this runtime: answers, Solidity events,
//! weight charged, and reverts that carry the pallet's error and leave state unchanged.

use alloc::{string::String, vec, vec::Vec};

use polkadot_sdk::*;

use frame_support::weights::Weight;
use pallet_revive::{
	precompiles::alloy::{
		primitives::{Address, FixedBytes, U256},
		sol_types::{Revert, SolCall, SolError, SolEvent, SolValue},
	},
	ExecConfig, TransactionLimits,
};
use sp_core::{H160, H256};
use sp_runtime::{AccountId32, BuildStorage};

use super::{agent_actions::IAgentActions, AGENT_ACTIONS_ADDRESS};
use crate::{
	AccountId, AgentRegistry, Balance, Escrow, Revive, Runtime, RuntimeEvent, RuntimeOrigin,
	System, UNIT,
};

type TestResult<T = ()> = Result<T, String>;

/// Alice, a Substrate account.
const ALICE: AccountId = AccountId32::new([1; 32]);
/// An Ethereum key and its ChaosCore account.
const ETH_KEY: [u8; 20] = [0x22; 20];

fn eth_account(address: [u8; 20]) -> AccountId {
	let mut bytes = [0xEE; 32];
	bytes[..20].copy_from_slice(&address);
	AccountId32::new(bytes)
}

/// The runtime with Alice and the Ethereum key funded, at block 1.
fn ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Runtime>::default()
		.build_storage()
		.unwrap_or_default();
	let balances: Vec<(AccountId, Balance)> =
		vec![(ALICE, 1_000 * UNIT), (eth_account(ETH_KEY), 1_000 * UNIT)];
	let _ = pallet_balances::GenesisConfig::<Runtime> { balances, ..Default::default() }
		.assimilate_storage(&mut storage);
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// What a call to the precompile answered.
#[derive(Debug)]
enum Answer {
	Returned(Vec<u8>),
	Reverted(String),
}

/// Calls the precompile as `who` with `call`; returns the answer and the weight consumed.
fn call(who: &AccountId, call: impl SolCall) -> TestResult<(Answer, Weight)> {
	let result = Revive::bare_call(
		RuntimeOrigin::signed(who.clone()),
		AGENT_ACTIONS_ADDRESS,
		0u32.into(),
		TransactionLimits::WeightAndDeposit {
			weight_limit: Weight::from_parts(1_000_000_000_000, 5 * 1024 * 1024),
			deposit_limit: 100 * UNIT,
		},
		call.abi_encode(),
		&ExecConfig::new_substrate_tx(),
	);
	let output = result.result.map_err(|e| format!("call trapped: {e:?}"))?;
	let answer = if output.did_revert() {
		let revert = Revert::abi_decode(&output.data).map_err(|e| format!("{e}"))?;
		Answer::Reverted(revert.reason)
	} else {
		Answer::Returned(output.data)
	};
	Ok((answer, result.weight_consumed))
}

/// The data a successful call returned.
fn returned(answer: Answer) -> TestResult<Vec<u8>> {
	match answer {
		Answer::Returned(data) => Ok(data),
		Answer::Reverted(reason) => Err(format!("reverted: {reason}")),
	}
}

/// The reason a reverted call gave.
fn reverted(answer: Answer) -> TestResult<String> {
	match answer {
		Answer::Reverted(reason) => Ok(reason),
		Answer::Returned(data) => Err(format!("returned {data:?}")),
	}
}

/// The Solidity events the precompile emitted, decoded as `E`.
fn logs<E: SolEvent>() -> Vec<E> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted {
				contract,
				data,
				topics,
			}) if contract == AGENT_ACTIONS_ADDRESS => {
				let topics = topics.iter().map(|t| FixedBytes(t.0)).collect::<Vec<_>>();
				E::decode_raw_log(topics, &data).ok()
			},
			_ => None,
		})
		.collect()
}

fn metadata(tags: usize) -> IAgentActions::Metadata {
	IAgentActions::Metadata {
		name: "Indexer".into(),
		category: "data".into(),
		tags: (0..tags).map(|i| alloc::format!("tag{i}")).collect(),
		tools: vec!["index".into()],
		capabilities: vec![],
		endpoints: vec![IAgentActions::Endpoint {
			kind: IAgentActions::EndpointKind::Http,
			url: "https://indexer.example".into(),
		}],
		region: "us-east".into(),
		tier: 2,
		latencyMs: 120,
	}
}

fn register(key: [u8; 20], tags: usize) -> IAgentActions::registerCall {
	IAgentActions::registerCall {
		agentKey: Address::from(key),
		metadata: metadata(tags),
		document: br#"{"description":"indexes things"}"#.to_vec().into(),
	}
}

#[test]
fn register_runs_the_registry_and_charges_its_weight() -> TestResult {
	ext().execute_with(|| {
		let (answer, weight) = call(&ALICE, register(ETH_KEY, 2))?;
		let id = u64::abi_decode(&returned(answer)?).map_err(|e| format!("{e}"))?;
		assert_eq!(id, 0);

		let (facts, stored) = AgentRegistry::agent_info(id).ok_or("not registered")?;
		assert_eq!(facts.owner, ALICE);
		assert_eq!(facts.agent_key, eth_account(ETH_KEY));
		assert_eq!(stored.name.to_vec(), b"Indexer".to_vec());
		assert_eq!(stored.tags.len(), 2);
		assert_eq!(
			stored.document_hash,
			H256(sp_io::hashing::blake2_256(br#"{"description":"indexes things"}"#))
		);

		let events = logs::<IAgentActions::AgentRegistered>();
		assert_eq!(events.len(), 1);
		assert_eq!(events[0].agentId, id);
		assert_eq!(events[0].agentKey, Address::from(ETH_KEY));
		assert_eq!(events[0].bond, U256::from(10 * UNIT) * U256::from(1_000_000u64));

		let declared = {
			use frame_support::dispatch::GetDispatchInfo;
			pallet_agent_registry::Call::<Runtime>::register {
				agent_key: eth_account(ETH_KEY),
				metadata: stored.clone(),
				document: Default::default(),
			}
			.get_dispatch_info()
			.call_weight
		};
		assert!(weight.ref_time() >= declared.ref_time(), "{weight:?} < {declared:?}");
		Ok(())
	})
}

#[test]
fn bad_metadata_reverts_with_the_field_and_changes_nothing() -> TestResult {
	ext().execute_with(|| {
		let (answer, _) = call(&ALICE, register(ETH_KEY, 17))?;
		assert_eq!(reverted(answer)?, "tags: more than 16 entries");
		assert!(AgentRegistry::agent_info(0).is_none());
		assert!(logs::<IAgentActions::AgentRegistered>().is_empty());
		Ok(())
	})
}

#[test]
fn pallet_errors_revert_with_their_names() -> TestResult {
	ext().execute_with(|| {
		returned(call(&ALICE, register(ETH_KEY, 0))?.0)?;
		let held = pallet_balances::Pallet::<Runtime>::reserved_balance(&ALICE);

		// The key is taken: the registry's error, and no second bond held.
		assert_eq!(reverted(call(&ALICE, register(ETH_KEY, 0))?.0)?, "AgentKeyInUse");
		assert_eq!(pallet_balances::Pallet::<Runtime>::reserved_balance(&ALICE), held);

		// Only the agent key heartbeats.
		let heartbeat = IAgentActions::heartbeatCall { agentId: 0 };
		assert_eq!(reverted(call(&ALICE, heartbeat.clone())?.0)?, "NotAgentKey");
		returned(call(&eth_account(ETH_KEY), heartbeat)?.0)?;
		assert_eq!(logs::<IAgentActions::Heartbeat>().len(), 1);

		let unknown = IAgentActions::agentStatusCall { agentId: 7 };
		assert_eq!(reverted(call(&ALICE, unknown)?.0)?, "UnknownAgent");
		let status = returned(call(&ALICE, IAgentActions::agentStatusCall { agentId: 0 })?.0)?;
		let status = IAgentActions::AgentStatus::abi_decode(&status).map_err(|e| format!("{e}"))?;
		assert_eq!(status as u8, IAgentActions::AgentStatus::Active as u8);
		Ok(())
	})
}

#[test]
fn escrow_opens_releases_and_rejects_dust() -> TestResult {
	ext().execute_with(|| {
		returned(call(&ALICE, register(ETH_KEY, 0))?.0)?;
		let client = eth_account([0x33; 20]);
		let _ = <pallet_balances::Pallet<Runtime> as frame_support::traits::fungible::Mutate<_>>::mint_into(&client, 100 * UNIT);
		let wei = |planck: Balance| U256::from(planck) * U256::from(1_000_000u64);
		let open = |amount: U256| IAgentActions::openEscrowCall {
			provider: 0,
			amount,
			evaluator: Address::ZERO,
			evaluatorFee: U256::ZERO,
			deadline: 50,
			jobSpec: FixedBytes([9; 32]),
		};

		let dust = open(wei(UNIT) + U256::from(1));
		assert_eq!(reverted(call(&client, dust)?.0)?, "amount: not a multiple of 1000000 wei");

		let data = returned(call(&client, open(wei(5 * UNIT)))?.0)?;
		let id = u64::abi_decode(&data).map_err(|e| format!("{e}"))?;
		let stored = Escrow::escrow(id).ok_or("no escrow")?;
		assert_eq!((stored.client.clone(), stored.amount), (client.clone(), 5 * UNIT));
		let opened = logs::<IAgentActions::EscrowOpened>();
		assert_eq!(opened.len(), 1);
		assert_eq!(opened[0].client, Address::from([0x33; 20]));

		let release = IAgentActions::releaseCall { escrowId: id };
		assert_eq!(reverted(call(&ALICE, release.clone())?.0)?, "NotAuthorized");
		returned(call(&client, release.clone())?.0)?;
		assert!(Escrow::escrow(id).is_none());
		assert_eq!(logs::<IAgentActions::EscrowReleased>().len(), 1);
		assert_eq!(reverted(call(&client, release)?.0)?, "UnknownEscrow");
		Ok(())
	})
}

#[test]
fn the_address_is_the_documented_one() {
	assert_eq!(
		AGENT_ACTIONS_ADDRESS,
		H160(sp_core::hex2array!("0000000000000000000000000000000000ca0000"))
	);
}
