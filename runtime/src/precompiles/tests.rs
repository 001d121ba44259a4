//! The agent precompile called through `pallet-revive` in this runtime: answers, Solidity events,
//! weight charged, and reverts that carry the pallet's error and leave state unchanged.

use alloc::{string::String, vec, vec::Vec};

use polkadot_sdk::*;

use frame_support::weights::Weight;
use pallet_revive::{
	precompiles::alloy::{
		primitives::{Address, Bytes, FixedBytes, U256},
		sol_types::{Revert, SolCall, SolError, SolEvent, SolValue},
	},
	ExecConfig, TransactionLimits,
};
use sp_core::{ecdsa, Pair, H160, H256};
use sp_runtime::{AccountId32, BuildStorage};

use super::{agent_actions::IAgentActions, AGENT_ACTIONS_ADDRESS};
use crate::{
	agent_keys::{
		testing::{eth_account, eth_address, personal_sign},
		AgentKeySignature,
	},
	AccountId, AgentRegistry, Balance, Escrow, Revive, Runtime, RuntimeEvent, RuntimeOrigin,
	System, UNIT,
};

type TestResult<T = ()> = Result<T, String>;

/// Alice, a Substrate account.
const ALICE: AccountId = AccountId32::new([1; 32]);
/// The Ethereum key agents are registered with.
fn eth_key() -> ecdsa::Pair {
	ecdsa::Pair::from_seed(&[0x22; 32])
}

/// The runtime with Alice and the Ethereum key funded, at block 1.
fn ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Runtime>::default()
		.build_storage()
		.unwrap_or_default();
	let balances: Vec<(AccountId, Balance)> =
		vec![(ALICE, 1_000 * UNIT), (eth_account(eth_address(&eth_key())), 1_000 * UNIT)];
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

/// Alice registers an agent with `key`, which consents until block 10.
fn register(key: &ecdsa::Pair, tags: usize) -> IAgentActions::registerCall {
	let (address, valid_until) = (eth_address(key), 10);
	let message =
		AgentRegistry::key_consent_message(&ALICE, None, &eth_account(address), valid_until);
	IAgentActions::registerCall {
		agentKey: Address::from(address),
		validUntil: valid_until,
		keySignature: personal_sign(key, &message).to_vec().into(),
		metadata: metadata(tags),
		document: br#"{"description":"indexes things"}"#.to_vec().into(),
	}
}

#[test]
fn register_runs_the_registry_and_charges_its_weight() -> TestResult {
	ext().execute_with(|| {
		let (answer, weight) = call(&ALICE, register(&eth_key(), 2))?;
		let id = u64::abi_decode(&returned(answer)?).map_err(|e| format!("{e}"))?;
		assert_eq!(id, 0);

		let (facts, stored) = AgentRegistry::agent_info(id).ok_or("not registered")?;
		assert_eq!(facts.owner, ALICE);
		let key = eth_address(&eth_key());
		assert_eq!(facts.agent_key, eth_account(key));
		assert_eq!(stored.name.to_vec(), b"Indexer".to_vec());
		assert_eq!(stored.tags.len(), 2);
		assert_eq!(
			stored.document_hash,
			H256(sp_io::hashing::blake2_256(br#"{"description":"indexes things"}"#))
		);

		let events = logs::<IAgentActions::AgentRegistered>();
		assert_eq!(events.len(), 1);
		assert_eq!(events[0].agentId, id);
		assert_eq!(events[0].agentKey, Address::from(key));
		assert_eq!(events[0].bond, U256::from(10 * UNIT) * U256::from(1_000_000u64));

		let declared = {
			use frame_support::dispatch::GetDispatchInfo;
			pallet_agent_registry::Call::<Runtime>::register {
				agent_key: eth_account(key),
				key_consent: pallet_agent_registry::KeyConsent {
					valid_until: 10,
					signature: AgentKeySignature::Ethereum([0; 65]),
				},
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
		let (answer, _) = call(&ALICE, register(&eth_key(), 17))?;
		assert_eq!(reverted(answer)?, "tags: more than 16 entries");
		assert!(AgentRegistry::agent_info(0).is_none());
		assert!(logs::<IAgentActions::AgentRegistered>().is_empty());
		Ok(())
	})
}

#[test]
fn pallet_errors_revert_with_their_names() -> TestResult {
	ext().execute_with(|| {
		returned(call(&ALICE, register(&eth_key(), 0))?.0)?;
		let held = pallet_balances::Pallet::<Runtime>::reserved_balance(&ALICE);

		// The key is taken: the registry's error, and no second bond held.
		assert_eq!(reverted(call(&ALICE, register(&eth_key(), 0))?.0)?, "AgentKeyInUse");
		assert_eq!(pallet_balances::Pallet::<Runtime>::reserved_balance(&ALICE), held);

		// Only the agent key heartbeats.
		let heartbeat = IAgentActions::heartbeatCall { agentId: 0 };
		assert_eq!(reverted(call(&ALICE, heartbeat.clone())?.0)?, "NotAgentKey");
		returned(call(&eth_account(eth_address(&eth_key())), heartbeat)?.0)?;
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
fn the_key_consents_to_its_owner_only() -> TestResult {
	ext().execute_with(|| {
		let bob = AccountId32::new([2; 32]);
		let _ = <pallet_balances::Pallet<Runtime> as frame_support::traits::fungible::Mutate<_>>::mint_into(&bob, 100 * UNIT);
		// Alice's registration, copied by Bob (a front-runner): the key consented to Alice.
		let honest = register(&eth_key(), 0);
		assert_eq!(reverted(call(&bob, honest.clone())?.0)?, "BadKeyConsent");
		// Signed by another key; and not a signature at all.
		let mut forged = register(&ecdsa::Pair::from_seed(&[0x44; 32]), 0);
		forged.agentKey = honest.agentKey;
		assert_eq!(reverted(call(&ALICE, forged.clone())?.0)?, "BadKeyConsent");
		forged.keySignature = vec![1; 64].into();
		assert_eq!(
			reverted(call(&ALICE, forged)?.0)?,
			"keySignature must be 65 bytes (r, s, v)"
		);
		assert!(AgentRegistry::agent_info(0).is_none());

		// The message the key signs, as the precompile tells it.
		let query = IAgentActions::keyConsentMessageCall {
			owner: Address::from(eth_address(&eth_key())),
			agentKey: honest.agentKey,
			validUntil: 10,
		};
		let message = returned(call(&bob, query)?.0)?;
		let message = Bytes::abi_decode(&message).map_err(|e| format!("{e}"))?.to_vec();
		let key = eth_account(eth_address(&eth_key()));
		assert_eq!(message, AgentRegistry::key_consent_message(&key, None, &key, 10));
		returned(call(&ALICE, honest)?.0)?;
		Ok(())
	})
}

#[test]
fn escrow_opens_releases_and_rejects_dust() -> TestResult {
	ext().execute_with(|| {
		returned(call(&ALICE, register(&eth_key(), 0))?.0)?;
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
