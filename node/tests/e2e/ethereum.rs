//! End to end on the dev node, through the Ethereum JSON-RPC server the node runs, with alloy
//! (the Rust Ethereum client library) and the well-known Ethereum dev keys:
//!
//! 1. `eth_chainId`, `net_version`, `web3_clientVersion` and `eth_getBalance` of Alith answer as a
//!    wallet expects (chain id, 18-decimal balance of the genesis endowment).
//! 2. A signed EIP-1559 transfer to a fresh address is mined; its receipt is read back.
//! 3. `contracts/JobBoard.sol` (compiled artifact beside its source) is deployed and called.
//! 4. Alith registers an agent through the agent precompile with Baltathar as its key, on
//!    Baltathar's signed consent (refused when Charleth sends the same registration); Baltathar
//!    heartbeats through it; the agent is visible through `agent_profile` (owned by Alith's
//!    ChaosCore account) and the runtime API `AgentApi::agent`; the job board, calling the
//!    precompile from a contract, accepts a job for it and rejects one for an unknown agent.
//! 5. Charleth opens an escrow for the agent through the precompile and releases it.

use crate::chaoscore_node;
use alloy::{
	network::TransactionBuilder,
	primitives::{Address, FixedBytes, U256},
	providers::Provider,
	rpc::types::TransactionRequest,
	signers::{local::PrivateKeySigner, Signer},
	sol,
};
use chaoscore_harness::{
	eth::{eth_ready, wallet, wei, JobBoard, ALITH, BALTATHAR, CHARLETH},
	variant_name, DevNode, Result,
};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClientBuilder};
use serde_json::Value as Json;
use subxt::{
	dynamic::{self, At, Value},
	utils::AccountId32,
};

sol!(
	#[sol(rpc, all_derives)]
	"../contracts/IAgentActions.sol"
);
/// The agent precompile.
const AGENT_ACTIONS: Address =
	Address::new(chaoscore_runtime::precompiles::AGENT_ACTIONS_ADDRESS.0);

/// The ChaosCore account of an Ethereum address: the address followed by twelve `0xEE` bytes.
fn account_of(address: Address) -> AccountId32 {
	let mut bytes = [0xEE; 32];
	bytes[..20].copy_from_slice(address.as_slice());
	AccountId32(bytes)
}

/// The error of a call expected to revert.
fn reverted<T>(result: Result<T, alloy::contract::Error>) -> Result<String> {
	match result {
		Ok(_) => Err("the call succeeded".into()),
		Err(e) => Ok(e.to_string()),
	}
}

/// Agent metadata as Solidity callers pass it.
fn metadata() -> IAgentActions::Metadata {
	IAgentActions::Metadata {
		name: "Solidity Summarizer".into(),
		category: "writing".into(),
		tags: vec!["summaries".into(), "evm".into()],
		tools: vec!["summarize".into()],
		capabilities: vec!["summarize documents".into()],
		endpoints: vec![IAgentActions::Endpoint {
			kind: IAgentActions::EndpointKind::Mcp,
			url: "https://summarizer.example/mcp".into(),
		}],
		region: "eu-west".into(),
		tier: 1,
		latencyMs: 900,
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn ethereum_wallets_contracts_and_the_agent_precompile() -> Result {
	let dir = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), dir.path())?;
	let api = node.client().await?;
	let url = node.eth_url();
	let (alith, alith_address) = wallet(&url, ALITH)?;

	// 1. What a wallet asks first.
	assert_eq!(eth_ready(&node, &alith).await?, chaoscore_runtime::configs::revive::ETH_CHAIN_ID);
	let net_version: String = alith.raw_request("net_version".into(), ()).await?;
	assert_eq!(net_version, chaoscore_runtime::configs::revive::ETH_CHAIN_ID.to_string());
	let client_version: String = alith.raw_request("web3_clientVersion".into(), ()).await?;
	assert!(!client_version.is_empty());
	// Wallets see the spendable balance: all but the existential deposit.
	let spendable = |free: u128| wei(free - chaoscore_runtime::EXISTENTIAL_DEPOSIT);
	let endowment = spendable(chaoscore_runtime::genesis_config_presets::ENDOWMENT);
	assert_eq!(alith.get_balance(alith_address).await?, endowment);

	// 2. A signed EIP-1559 transfer to a fresh address.
	let fresh = Address::from([0x42; 20]);
	let value = wei(3 * chaoscore_runtime::UNIT);
	let transfer = TransactionRequest::default().with_to(fresh).with_value(value);
	let receipt = alith.send_transaction(transfer).await?.get_receipt().await?;
	assert!(receipt.status(), "transfer failed: {receipt:?}");
	assert_eq!(receipt.transaction_type(), alloy::consensus::TxType::Eip1559);
	assert_eq!(receipt.to, Some(fresh));
	let mined = alith
		.get_transaction_receipt(receipt.transaction_hash)
		.await?
		.ok_or("no receipt for the transfer")?;
	assert_eq!(mined.block_number, receipt.block_number);
	// The sender also pays the new account's existential deposit, so it can spend all it got.
	assert_eq!(alith.get_balance(fresh).await?, value);
	assert!(alith.get_balance(alith_address).await? < endowment - value, "no fee was charged");

	// 3. Deploy the job board and call it.
	let board = JobBoard::deploy(alith.clone()).await?;
	assert_eq!(board.jobCount().call().await?, U256::ZERO);
	assert_eq!(board.AGENTS().call().await?, AGENT_ACTIONS);

	// 4. An agent registered through the precompile, keyed by Baltathar.
	let (baltathar, baltathar_address) = wallet(&url, BALTATHAR)?;
	let agents = IAgentActions::new(AGENT_ACTIONS, alith.clone());
	let document = br#"{"description":"summarizes long documents","languages":["en"]}"#;
	// Baltathar consents as a wallet signs a message (EIP-191), to the message the precompile
	// names; a copy of the consent sent by anyone but Alith is refused.
	let valid_until = u32::try_from(alith.get_block_number().await?)? + 100;
	let message = agents
		.keyConsentMessage(alith_address, baltathar_address, valid_until)
		.call()
		.await?;
	let signature = BALTATHAR.parse::<PrivateKeySigner>()?.sign_message(&message).await?;
	let signature: alloy::primitives::Bytes = signature.as_bytes().to_vec().into();
	let (charleth, charleth_address) = wallet(&url, CHARLETH)?;
	let front_runner = IAgentActions::new(AGENT_ACTIONS, charleth.clone());
	let key_signature = signature.clone();
	let copied = front_runner.register(
		baltathar_address,
		valid_until,
		key_signature,
		metadata(),
		document.to_vec().into(),
	);
	let front_run = reverted(copied.call().await)?;
	assert!(front_run.contains("BadKeyConsent"), "{front_run}");
	let receipt = agents
		.register(baltathar_address, valid_until, signature, metadata(), document.to_vec().into())
		.send()
		.await?
		.get_receipt()
		.await?;
	assert!(receipt.status(), "register reverted: {receipt:?}");
	let registered = receipt
		.decoded_log::<IAgentActions::AgentRegistered>()
		.ok_or("no AgentRegistered log")?;
	let id = registered.agentId;
	assert_eq!(registered.owner, alith_address);
	assert_eq!(registered.agentKey, baltathar_address);
	assert_eq!(agents.agentStatus(id).call().await?, IAgentActions::AgentStatus::Active);

	// The agent key heartbeats; the precompile rejects anyone else with the pallet's error.
	let as_key = IAgentActions::new(AGENT_ACTIONS, baltathar.clone());
	let receipt = as_key.heartbeat(id).send().await?.get_receipt().await?;
	assert!(receipt.status(), "heartbeat reverted: {receipt:?}");
	assert!(receipt.decoded_log::<IAgentActions::Heartbeat>().is_some());
	let refused = reverted(agents.heartbeat(id).call().await)?;
	assert!(refused.to_string().contains("NotAgentKey"), "{refused}");

	let info = agents.agent(id).call().await?;
	assert_eq!(info.owner, FixedBytes(account_of(alith_address).0));
	assert_eq!(info.agentKey, FixedBytes(account_of(baltathar_address).0));
	assert_eq!(info.status, IAgentActions::AgentStatus::Active);
	assert_eq!(info.metadataVersion, 1);

	// Visible to Substrate clients: the runtime API and the agent RPC.
	let facts = api
		.at_current_block()
		.await?
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Value>("AgentApi", "agent", (id,)))
		.await?;
	let facts = facts.at(0).and_then(|agent| agent.at(0)).ok_or("AgentApi::agent: none")?;
	assert_eq!(facts.at("status").and_then(variant_name), Some("Active"));
	let rpc = WsClientBuilder::default().build(node.rpc_url()).await?;
	let profile: Json = rpc.request("agent_profile", rpc_params![id]).await?;
	assert_eq!(profile["name"], "Solidity Summarizer");
	assert_eq!(profile["owner"], account_of(alith_address).to_string());
	assert_eq!(profile["status"], "Active");

	// A contract calls the precompile: jobs only for active agents.
	let receipt = board
		.post(id, "summarize the whitepaper".into())
		.send()
		.await?
		.get_receipt()
		.await?;
	assert!(receipt.status(), "post reverted: {receipt:?}");
	let posted = receipt.decoded_log::<JobBoard::JobPosted>().ok_or("no JobPosted log")?;
	assert_eq!((posted.agentId, posted.client), (id, alith_address));
	assert_eq!(board.jobCount().call().await?, U256::from(1));
	let refused = reverted(board.post(id + 1000, "nobody".into()).call().await)?;
	assert!(refused.to_string().contains("UnknownAgent"), "{refused}");

	// 5. Charleth escrows a job for the agent and pays it out.
	let as_client = IAgentActions::new(AGENT_ACTIONS, charleth.clone());
	let deadline = u32::try_from(alith.get_block_number().await? + 100)?;
	let amount = wei(10 * chaoscore_runtime::UNIT);
	let receipt = as_client
		.openEscrow(id, amount, Address::ZERO, U256::ZERO, deadline, FixedBytes([7; 32]))
		.send()
		.await?
		.get_receipt()
		.await?;
	assert!(receipt.status(), "openEscrow reverted: {receipt:?}");
	let opened = receipt.decoded_log::<IAgentActions::EscrowOpened>().ok_or("no EscrowOpened")?;
	assert_eq!((opened.provider, opened.client, opened.amount), (id, charleth_address, amount));
	let receipt = as_client.release(opened.escrowId).send().await?.get_receipt().await?;
	assert!(receipt.status(), "release reverted: {receipt:?}");
	assert!(receipt.decoded_log::<IAgentActions::EscrowReleased>().is_some());
	let again = reverted(as_client.release(opened.escrowId).call().await)?;
	assert!(again.to_string().contains("UnknownEscrow"), "{again}");

	node.stop()
}
