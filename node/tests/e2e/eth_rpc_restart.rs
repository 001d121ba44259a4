//! Fault test (issue 9): the Ethereum JSON-RPC server the node runs as a child process dies while
//! the node keeps producing blocks; the server the node starts again catches up and serves the
//! receipts of the transactions made while it was down.
//!
//! 1. A transfer through the server is mined and its receipt served: the server works.
//! 2. The server is frozen (SIGSTOP), so it runs no code, serves nothing and indexes nothing. A
//!    killed server would be restarted by the node after 1 s, less than it takes to get
//!    transactions finalized; a frozen one keeps its supervisor waiting, so the outage lasts as
//!    long as the test needs. Meanwhile two transfers from Baltathar and a contract deployment from
//!    Charleth, signed with alloy, go straight to the node as `Revive::eth_transact` unsigned
//!    extrinsics and are finalized. The frozen process is then still the only eth-rpc process of
//!    the node: no server saw those blocks. It is killed (SIGKILL) and its port refuses
//!    connections.
//! 3. The node starts a new server process, which must serve the receipts of the three transactions
//!    (success, sender, recipient or new contract, block number and the Ethereum block hash the
//!    runtime computed), list them in their blocks, find those blocks by hash, and show the new
//!    balances, nonces and contract; a new transfer through it is mined.
//!
//! A restarted server resumes from the oldest block in its database and needs the node to still
//! have that block's state: the node keeps the state of every finalized block while it serves
//! Ethereum JSON-RPC (see `keep_state_for_eth_rpc` in `node/src/command.rs`); with an explicit
//! `--state-pruning N` a server down for more than N blocks cannot catch up.

use std::{
	process::Command,
	time::{Duration, Instant},
};

use crate::chaoscore_node;
use alloy::{
	eips::{eip2718::Encodable2718, BlockNumberOrTag},
	network::{EthereumWallet, TransactionBuilder},
	primitives::{Address, B256, U256},
	providers::Provider,
	rpc::types::TransactionRequest,
	signers::local::PrivateKeySigner,
};
use chaoscore_harness::{
	eth::{eth_ready, wallet, wei, JobBoard, ALITH, BALTATHAR, CHARLETH},
	Api, DevNode, Result,
};
use chaoscore_runtime::UNIT;
use subxt::{
	dynamic::{self, Value},
	utils::H256,
};

/// How long the restarted server may take to serve the receipts of the blocks it missed.
const CATCH_UP_TIMEOUT: Duration = Duration::from_secs(120);

/// The TCP port of an `http://host:port` URL.
fn port_of(url: &str) -> Result<u16> {
	Ok(url.rsplit(':').next().ok_or("no port in the URL")?.parse()?)
}

/// Ids of the node's eth-rpc processes, found by their command line (`eth-rpc
/// --node-rpc-url=<the node's RPC> --rpc-port=<its eth port> …`).
fn eth_rpc_pids(node: &DevNode) -> Result<Vec<u32>> {
	let pattern = format!(
		"eth-rpc --node-rpc-url={} --rpc-port={} ",
		node.rpc_url().replace('.', "\\."),
		port_of(&node.eth_url())?
	);
	let out = Command::new("pgrep").args(["-f", &pattern]).output()?;
	// pgrep exits with 1 when nothing matches.
	if !out.status.success() && out.status.code() != Some(1) {
		return Err(format!("pgrep failed: {}", out.status).into());
	}
	Ok(String::from_utf8(out.stdout)?
		.lines()
		.map(str::parse)
		.collect::<Result<_, _>>()?)
}

/// The node's one eth-rpc process.
fn the_eth_rpc_pid(node: &DevNode) -> Result<u32> {
	match eth_rpc_pids(node)?.as_slice() {
		[pid] => Ok(*pid),
		pids => Err(format!("expected one eth-rpc process, found {pids:?}").into()),
	}
}

/// Sends `signal` (e.g. `STOP`) to process `pid`.
fn signal(pid: u32, signal: &str) -> Result {
	let status = Command::new("kill").args([&format!("-{signal}"), &pid.to_string()]).status()?;
	if !status.success() {
		return Err(format!("kill -{signal} {pid}: {status}").into());
	}
	Ok(())
}

/// The state letter of process `pid` in `/proc` (`T` is stopped).
fn process_state(pid: u32) -> Result<char> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
	// `pid (comm) state …`; `comm` may contain spaces and parentheses.
	let after_comm = stat.rsplit_once(") ").ok_or("malformed /proc/<pid>/stat")?.1;
	Ok(after_comm.chars().next().ok_or("no process state")?)
}

/// Waits until `done` holds, polling every 10 ms, for at most `timeout`.
async fn wait_until(
	node: &DevNode,
	what: &str,
	timeout: Duration,
	mut done: impl FnMut() -> Result<bool>,
) -> Result {
	let deadline = Instant::now() + timeout;
	while !done()? {
		if Instant::now() > deadline {
			return Err(format!("not within {timeout:?}: {what}\n{}", eth_rpc_log(node)).into());
		}
		tokio::time::sleep(Duration::from_millis(10)).await;
	}
	Ok(())
}

/// The lines of the node's log about the eth-rpc server (its own log goes there too), for
/// failure messages.
fn eth_rpc_log(node: &DevNode) -> String {
	let log = node.log();
	let about = ["Ethereum JSON-RPC", "eth-rpc", "sync", "Sync", "rror"];
	let lines: Vec<&str> = log
		.lines()
		.filter(|line| about.iter().any(|word| line.contains(word)))
		.collect();
	format!("--- eth-rpc lines of the node log ---\n{}", lines.join("\n"))
}

/// Whether something accepts TCP connections on `port` of loopback.
async fn listening(port: u16) -> bool {
	tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok()
}

/// An Ethereum transaction signed by `key`: its hash and its EIP-2718 bytes (what
/// `eth_sendRawTransaction` takes).
async fn sign(key: &str, tx: TransactionRequest) -> Result<(B256, Vec<u8>)> {
	let wallet = EthereumWallet::from(key.parse::<PrivateKeySigner>()?);
	let envelope = tx.build(&wallet).await?;
	Ok((*envelope.tx_hash(), envelope.encoded_2718()))
}

/// Where a transaction was included: the Substrate block and its number.
struct InBlock {
	hash: H256,
	number: u64,
}

/// Submits signed Ethereum transactions straight to the node, as `Revive::eth_transact { payload }`
/// unsigned extrinsics (what eth-rpc does for `eth_sendRawTransaction`), and waits until each is
/// finalized and succeeded.
async fn submit_to_node(api: &Api, raw_txs: &[&[u8]]) -> Result<Vec<InBlock>> {
	let at = api.at_current_block().await?;
	let mut watched = Vec::new();
	for raw in raw_txs {
		let call = dynamic::tx("Revive", "eth_transact", vec![Value::from_bytes(raw)]);
		watched.push(at.tx().create_unsigned(&call)?.submit_and_watch().await?);
	}
	let mut included = Vec::new();
	for progress in watched {
		let in_block = progress.wait_for_finalized().await?;
		in_block.wait_for_success().await?;
		let number = in_block.at().await?.block_number();
		included.push(InBlock { hash: in_block.block_hash(), number });
	}
	Ok(included)
}

/// The Ethereum hash of block `number` as the runtime computed it (`ReviveApi::eth_block_hash`),
/// asked of the node, not of eth-rpc.
async fn eth_block_hash(api: &Api, number: u64) -> Result<B256> {
	// `U256` is `struct U256([u64; 4])`, least significant limb first.
	let limbs = [number, 0, 0, 0].map(|limb| Value::u128(limb.into()));
	let number = Value::unnamed_composite([Value::unnamed_composite(limbs)]);
	let call =
		dynamic::runtime_api_call::<_, Option<H256>>("ReviveApi", "eth_block_hash", (number,));
	let hash = api.at_current_block().await?.runtime_apis().call(call).await?;
	Ok(B256::from(hash.ok_or("the runtime has no Ethereum hash for the block")?.0))
}

#[tokio::test(flavor = "multi_thread")]
async fn restarted_eth_rpc_serves_receipts_of_blocks_made_while_it_was_down() -> Result {
	let dir = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), dir.path())?;
	let api = node.client().await?;
	outage_and_catch_up(&node, &api).await?;
	node.stop()
}

/// The scenario of the module documentation, on a running dev node.
async fn outage_and_catch_up(node: &DevNode, api: &Api) -> Result {
	let url = node.eth_url();
	let eth_port = port_of(&url)?;
	let (alith, alith_address) = wallet(&url, ALITH)?;
	let chain_id = eth_ready(node, &alith).await?;

	// 1. The server works: a transfer through it is mined and its receipt served.
	let first = Address::from([0x51; 20]);
	let sent = TransactionRequest::default().with_to(first).with_value(wei(UNIT));
	let receipt = alith.send_transaction(sent).await?.get_receipt().await?;
	assert!(receipt.status(), "transfer through the server failed: {receipt:?}");
	assert!(alith.get_transaction_receipt(receipt.transaction_hash).await?.is_some());

	// What the transactions made while the server is down need, asked while it is up.
	let baltathar = BALTATHAR.parse::<PrivateKeySigner>()?.address();
	let charleth = CHARLETH.parse::<PrivateKeySigner>()?.address();
	let (to_one, to_two) = (Address::from([0x52; 20]), Address::from([0x53; 20]));
	let (value_one, value_two) = (wei(2 * UNIT), wei(5 * UNIT));
	let transfer =
		|to: Address, value: U256| TransactionRequest::default().with_to(to).with_value(value);
	let transfer_gas = alith.estimate_gas(transfer(to_one, value_one).with_from(baltathar)).await?;
	let deploy = TransactionRequest::default().with_deploy_code(JobBoard::BYTECODE.clone());
	let deploy_gas = alith.estimate_gas(deploy.clone().with_from(charleth)).await?;
	let gas_price = alith.get_gas_price().await?;
	let baltathar_before = alith.get_balance(baltathar).await?;
	let baltathar_nonce = alith.get_transaction_count(baltathar).await?;
	let charleth_nonce = alith.get_transaction_count(charleth).await?;
	// Generous limits: twice the estimate, and a fee cap of twice the gas price (the runtime
	// charges the base fee; no tip).
	let limits = |tx: TransactionRequest, gas: u64, nonce: u64| {
		tx.with_chain_id(chain_id)
			.with_nonce(nonce)
			.with_gas_limit(2 * gas)
			.with_max_fee_per_gas(2 * gas_price)
			.with_max_priority_fee_per_gas(0)
	};

	// 2. Freeze the server; it serves nothing.
	let frozen = the_eth_rpc_pid(node)?;
	signal(frozen, "STOP")?;
	wait_until(node, "the eth-rpc process is stopped", Duration::from_secs(5), || {
		Ok(process_state(frozen)? == 'T')
	})
	.await?;
	let down = Instant::now();
	let answer = tokio::time::timeout(Duration::from_secs(2), alith.get_block_number()).await;
	assert!(answer.is_err(), "a frozen server answered: {answer:?}");

	// Two transfers from Baltathar and a deployment from Charleth, straight to the node.
	let one = limits(transfer(to_one, value_one), transfer_gas, baltathar_nonce);
	let two = limits(transfer(to_two, value_two), transfer_gas, baltathar_nonce + 1);
	let (hash_one, raw_one) = sign(BALTATHAR, one).await?;
	let (hash_two, raw_two) = sign(BALTATHAR, two).await?;
	let (hash_deploy, raw_deploy) =
		sign(CHARLETH, limits(deploy, deploy_gas, charleth_nonce)).await?;
	let included = submit_to_node(api, &[&raw_one, &raw_two, &raw_deploy]).await?;
	let finalized_after = down.elapsed();

	// No server process saw those blocks: the frozen one is still the only one, still stopped.
	assert_eq!(eth_rpc_pids(node)?, [frozen], "another eth-rpc process ran during the outage");
	assert_eq!(process_state(frozen)?, 'T', "the eth-rpc process ran during the outage");

	// Kill it; its port is closed before the node restarts it (1 s after it exits).
	signal(frozen, "KILL")?;
	let killed = Instant::now();
	let mut refused = false;
	while !refused && killed.elapsed() < Duration::from_secs(1) {
		refused = !listening(eth_port).await;
	}
	assert!(refused, "the eth port still accepted connections 1 s after the kill");

	// 3. The node starts a new server process, which answers again.
	wait_until(node, "the node restarts eth-rpc", Duration::from_secs(60), || {
		Ok(eth_rpc_pids(node)?.iter().any(|&pid| pid != frozen))
	})
	.await?;
	eth_ready(node, &alith).await?;
	let serving_after = killed.elapsed();
	let restarted = the_eth_rpc_pid(node)?;

	// It catches up: receipts of the three transactions.
	let deadline = Instant::now() + CATCH_UP_TIMEOUT;
	let mut receipts = Vec::new();
	for hash in [hash_one, hash_two, hash_deploy] {
		let receipt = loop {
			if let Some(receipt) = alith.get_transaction_receipt(hash).await? {
				break receipt;
			}
			if Instant::now() > deadline {
				let log = eth_rpc_log(node);
				return Err(format!("no receipt for {hash} after the restart\n{log}").into());
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		};
		receipts.push(receipt);
	}
	let caught_up_after = killed.elapsed();

	let contract = charleth.create(charleth_nonce);
	let expected = [
		(hash_one, baltathar, Some(to_one), None),
		(hash_two, baltathar, Some(to_two), None),
		(hash_deploy, charleth, None, Some(contract)),
	];
	for ((receipt, block), (hash, from, to, created)) in
		receipts.iter().zip(&included).zip(expected)
	{
		assert!(receipt.status(), "{hash} failed: {receipt:?}");
		assert_eq!(receipt.transaction_hash, hash);
		assert_eq!((receipt.from, receipt.to, receipt.contract_address), (from, to, created));
		// In the Substrate block it was finalized in, under the Ethereum hash the runtime gave it.
		assert_eq!(receipt.block_number, Some(block.number), "{hash}: in block {:?}", block.hash);
		let block_hash = eth_block_hash(api, block.number).await?;
		assert_eq!(receipt.block_hash, Some(block_hash), "{hash}: block hash");

		// The block lists it, by number and by hash (the latter through the server's index).
		let by_number = alith
			.get_block_by_number(BlockNumberOrTag::Number(block.number))
			.await?
			.ok_or("no block by number")?;
		assert_eq!(by_number.header.hash, block_hash);
		assert!(by_number.transactions.hashes().any(|h| h == hash), "{hash} not in its block");
		let by_hash = alith.get_block_by_hash(block_hash).await?.ok_or("no block by hash")?;
		assert_eq!(by_hash.header.number, block.number);
	}

	// Their effects: balances, nonces, the contract (its code and a call to it).
	assert_eq!(alith.get_balance(to_one).await?, value_one);
	assert_eq!(alith.get_balance(to_two).await?, value_two);
	let baltathar_after = alith.get_balance(baltathar).await?;
	assert!(baltathar_after < baltathar_before - value_one - value_two, "no fee was charged");
	assert_eq!(alith.get_transaction_count(baltathar).await?, baltathar_nonce + 2);
	assert_eq!(alith.get_transaction_count(charleth).await?, charleth_nonce + 1);
	assert!(!alith.get_code_at(contract).await?.is_empty(), "no code at {contract}");
	assert_eq!(JobBoard::new(contract, alith.clone()).jobCount().call().await?, U256::ZERO);

	// A new transaction through the restarted server.
	let last = Address::from([0x54; 20]);
	let receipt = alith.send_transaction(transfer(last, wei(UNIT))).await?.get_receipt().await?;
	assert!(receipt.status(), "transfer through the restarted server failed: {receipt:?}");
	assert_eq!((receipt.from, receipt.to), (alith_address, Some(last)));
	assert_eq!(alith.get_balance(last).await?, wei(UNIT));
	assert_eq!(eth_rpc_pids(node)?, [restarted], "the server restarted again");

	eprintln!(
		"transactions finalized {finalized_after:?} into the outage (blocks {:?}); after the kill \
		 the server answered in {serving_after:?} and served all receipts in {caught_up_after:?}",
		included.iter().map(|block| block.number).collect::<Vec<_>>()
	);
	Ok(())
}
