//! Crash under load: the dev node is killed with SIGKILL while transfers and agent registrations
//! from many accounts are streaming in, and started again on the same database.
//!
//! Proves: every extrinsic a client was told is in a block (`author_submitAndWatchExtrinsic`
//! reported `inBlock`) is still in that block, on the canonical chain, after the restart; the
//! transactions lost with the pool can be sent again and the final state is exactly the planned
//! one — each recipient holds what it was sent, each sender's balance and bonds reconcile with
//! the transfers, bonds and fees its blocks record, each planned agent exists once; and the
//! discovery index the node kept across the crash answers exactly like one rebuilt from chain
//! state.

use crate::chaoscore_node;
use chaoscore_harness::{
	agent::{AgentSpec, MIN_BOND},
	call,
	consent::consent,
	hex, index_dir,
	keys::{id_of, key},
	offline::{sign, At},
	rpc,
	storage::{account_key, prefix},
	sudo, DevNode, Result, UNIT,
};
use codec::Decode;
use jsonrpsee::{
	core::client::{ClientT, SubscriptionClientT},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use polkadot_sdk::{
	frame_system::{AccountInfo, EventRecord},
	pallet_balances::AccountData,
	sp_core::H256,
	sp_io::hashing::blake2_256,
};
use serde_json::{json, Value as Json};
use std::{
	collections::{BTreeMap, HashMap},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
use subxt::{dynamic::Value, utils::AccountId32};
use subxt_signer::sr25519::Keypair;

type RuntimeEvent = chaoscore_runtime::RuntimeEvent;

/// Accounts sending at the same time.
const SENDERS: usize = 12;
/// Extrinsics per sender (nonces 0..TXS); every fourth is a registration, the rest transfers.
const TXS: u64 = 16;
/// Balance each sender starts with.
const FUNDS: u128 = 1_000 * UNIT;
/// Each transfer.
const AMOUNT: u128 = UNIT;

/// One planned extrinsic, signed.
#[derive(Clone)]
struct Planned {
	bytes: Vec<u8>,
}

impl Planned {
	fn hash(&self) -> H256 {
		H256(blake2_256(&self.bytes))
	}
}

/// What the node told the client: this extrinsic is in block `block`.
struct Reported {
	tx: H256,
	block: H256,
}

async fn ws(node: &DevNode) -> Result<WsClient> {
	Ok(WsClientBuilder::default()
		.max_concurrent_requests(4096)
		.build(node.rpc_url())
		.await?)
}

/// All extrinsics of every sender, signed offline with explicit nonces.
fn plan(at_block: &At, senders: &[Keypair]) -> Result<Vec<Planned>> {
	let mut planned = Vec::new();
	for nonce in 0..TXS {
		for (sender, signer) in senders.iter().enumerate() {
			let (pallet, name, args) = if nonce % 4 == 3 {
				let agent = key(&format!("//Crash//{sender}//agent//{nonce}"))?;
				let consent = consent(at_block, &id_of(signer), None, &agent)?;
				let spec = AgentSpec::coder(&format!("crashproof s{sender} n{nonce}"));
				let args = vec![
					Value::from_bytes(id_of(&agent).0),
					consent,
					spec.metadata(),
					Value::from_bytes(spec.document()),
				];
				("AgentRegistry", "register", args)
			} else {
				let args = vec![
					Value::unnamed_variant("Id", [Value::from_bytes(sink(sender)?.0)]),
					Value::u128(AMOUNT),
				];
				("Balances", "transfer_keep_alive", args)
			};
			let bytes = sign(at_block, pallet, name, args, signer, nonce)?;
			planned.push(Planned { bytes });
		}
	}
	Ok(planned)
}

/// The account sender `i` transfers to.
fn sink(i: usize) -> Result<AccountId32> {
	Ok(id_of(&key(&format!("//Crash//sink//{i}"))?))
}

/// Submits `tx` and records it in `reported` when the node says it is in a block.
async fn submit_watched(
	client: Arc<WsClient>,
	tx: Planned,
	reported: Arc<Mutex<Vec<Reported>>>,
) -> Result {
	let mut sub = client
		.subscribe::<Json, _>(
			"author_submitAndWatchExtrinsic",
			rpc_params![hex::encode(&tx.bytes)],
			"author_unwatchExtrinsic",
		)
		.await?;
	while let Some(Ok(status)) = sub.next().await {
		let block = status.get("inBlock").or_else(|| status.get("finalized"));
		if let Some(block) = block.and_then(Json::as_str) {
			let block = H256::from_slice(&hex::decode(block)?);
			reported.lock().map_err(|_| "poisoned")?.push(Reported { tx: tx.hash(), block });
			break;
		}
	}
	Ok(())
}

/// Raw storage value at `key` in block `at`.
async fn storage(client: &WsClient, key: &[u8], at: H256) -> Result<Option<Vec<u8>>> {
	rpc::storage(client, key, Some(&hex::encode(&at.0))).await
}

/// `System::Account` of `who` at `at`.
async fn account(
	client: &WsClient,
	who: &AccountId32,
	at: H256,
) -> Result<AccountInfo<u32, AccountData<u128>>> {
	Ok(match storage(client, &account_key(who), at).await? {
		Some(raw) => AccountInfo::decode(&mut &raw[..])?,
		None => AccountInfo::default(),
	})
}

/// Balances of `who` at `at`.
async fn balances(client: &WsClient, who: &AccountId32, at: H256) -> Result<AccountData<u128>> {
	Ok(account(client, who, at).await?.data)
}

async fn block_hash(client: &WsClient, number: u32) -> Result<Option<H256>> {
	let hash = rpc::block_hash(client, number).await?;
	hash.map(|h| hex::decode(&h).map(|b| H256::from_slice(&b))).transpose()
}

/// Number and extrinsic hashes of block `hash`, if the node has it.
async fn block(client: &WsClient, hash: H256) -> Result<Option<(u32, Vec<H256>)>> {
	let block: Option<Json> =
		client.request("chain_getBlock", rpc_params![hex::encode(&hash.0)]).await?;
	let Some(block) = block else { return Ok(None) };
	let number = block["block"]["header"]["number"].as_str().ok_or("no number")?;
	let number = u32::from_str_radix(number.trim_start_matches("0x"), 16)?;
	let extrinsics = block["block"]["extrinsics"]
		.as_array()
		.ok_or("no extrinsics")?
		.iter()
		.map(|x| Ok(H256(blake2_256(&hex::decode(x.as_str().ok_or("not hex")?)?))))
		.collect::<Result<_>>()?;
	Ok(Some((number, extrinsics)))
}

/// What the chain's events say each account paid and received, over blocks `from..=to`.
#[derive(Default)]
struct Ledger {
	/// Transferred out, by sender.
	sent: HashMap<[u8; 32], u128>,
	/// Transferred in, by recipient.
	received: HashMap<[u8; 32], u128>,
	/// Transaction fees and tips, by payer.
	fees: HashMap<[u8; 32], u128>,
	/// Agent bonds held, by owner.
	bonds: HashMap<[u8; 32], u128>,
	/// Dispatch errors of failed extrinsics, with their block numbers.
	failed: Vec<(u32, String)>,
	/// Owner of each agent registered.
	agents: BTreeMap<u64, [u8; 32]>,
}

async fn ledger(client: &WsClient, from: u32, to: u32) -> Result<Ledger> {
	use chaoscore_runtime::RuntimeEvent as E;
	let mut ledger = Ledger::default();
	for number in from..=to {
		let hash = block_hash(client, number).await?.ok_or("missing block")?;
		let raw = storage(client, &prefix("System", "Events"), hash).await?.unwrap_or_default();
		for record in Vec::<EventRecord<RuntimeEvent, H256>>::decode(&mut &raw[..])? {
			match record.event {
				E::Balances(polkadot_sdk::pallet_balances::Event::Transfer {
					from,
					to,
					amount,
				}) => {
					*ledger.sent.entry(from.into()).or_default() += amount;
					*ledger.received.entry(to.into()).or_default() += amount;
				},
				E::TransactionPayment(
					polkadot_sdk::pallet_transaction_payment::Event::TransactionFeePaid {
						who,
						actual_fee,
						tip,
					},
				) => *ledger.fees.entry(who.into()).or_default() += actual_fee + tip,
				E::AgentRegistry(pallet_agent_registry::Event::Registered {
					id,
					owner,
					bond,
					..
				}) => {
					*ledger.bonds.entry(owner.clone().into()).or_default() += bond;
					ledger.agents.insert(id, owner.into());
				},
				E::System(polkadot_sdk::frame_system::Event::ExtrinsicFailed {
					dispatch_error,
					..
				}) => ledger.failed.push((number, format!("{dispatch_error:?}"))),
				_ => {},
			}
		}
	}
	Ok(ledger)
}

/// Best block number and hash.
async fn best(client: &WsClient) -> Result<(u32, H256)> {
	let header: Json = client.request("chain_getHeader", rpc_params![]).await?;
	let number = header["number"].as_str().ok_or("no number")?;
	let number = u32::from_str_radix(number.trim_start_matches("0x"), 16)?;
	Ok((number, block_hash(client, number).await?.ok_or("no best hash")?))
}

/// `discover_search` answers (agents only) for the crash agents, once the index lists `count`.
async fn discovery_answers(client: &WsClient, count: usize) -> Result<Vec<Json>> {
	let queries = [
		json!({ "text": "crashproof", "includeStale": true, "limit": 100 }),
		json!({ "text": "crashproof s3", "includeStale": true, "limit": 100 }),
		json!({ "category": "coding", "sort": "latency", "includeStale": true, "limit": 7 }),
		json!({ "capability": "code-review", "sort": "reputation", "includeStale": true, "limit": 100 }),
	];
	let deadline = Instant::now() + Duration::from_secs(120);
	loop {
		let all: Json = client.request("discover_search", rpc_params![&queries[0]]).await?;
		let found = all["agents"].as_array().map_or(0, Vec::len);
		if found == count {
			break;
		}
		if Instant::now() > deadline {
			return Err(format!("index lists {found} crash agents, chain has {count}").into());
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
	let mut answers = Vec::new();
	for q in &queries {
		let answer: Json = client.request("discover_search", rpc_params![q]).await?;
		answers.push(answer["agents"].clone());
	}
	Ok(answers)
}

#[tokio::test(flavor = "multi_thread")]
async fn reported_blocks_survive_a_crash_under_load() -> Result {
	let dir = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), dir.path())?;
	let api = node.client().await?;
	let senders: Vec<Keypair> =
		(0..SENDERS).map(|i| key(&format!("//Crash//{i}"))).collect::<Result<_>>()?;
	let funding = senders.iter().map(|s| {
		call(
			"Balances",
			"force_set_balance",
			vec![
				("who", Value::unnamed_variant("Id", [Value::from_bytes(id_of(s).0)])),
				("new_free", Value::u128(FUNDS)),
			],
		)
	});
	sudo(&api, call("Utility", "batch_all", vec![("calls", Value::unnamed_composite(funding))]))
		.await?;
	let client = Arc::new(ws(&node).await?);
	let (funded_at, funded_hash) = best(&client).await?;
	let mut before = Vec::new();
	for s in &senders {
		before.push(balances(&client, &id_of(s), funded_hash).await?);
	}
	let planned = plan(&api.at_current_block().await?, &senders)?;

	// Stream the plan in waves of one extrinsic per sender, and kill the node mid-way.
	let reported = Arc::new(Mutex::new(Vec::new()));
	let mut watchers = Vec::new();
	let mut sent = 0;
	for wave in planned.chunks(SENDERS) {
		for tx in wave {
			watchers.push(tokio::spawn(submit_watched(
				client.clone(),
				tx.clone(),
				reported.clone(),
			)));
		}
		sent += wave.len();
		tokio::time::sleep(Duration::from_millis(300)).await;
		let confirmed = reported.lock().map_err(|_| "poisoned")?.len();
		if confirmed >= planned.len() / 3 && sent > confirmed {
			break;
		}
	}
	node.kill()?;
	for watcher in watchers {
		let _ = watcher.await?;
	}
	let reported = std::mem::take(&mut *reported.lock().map_err(|_| "poisoned")?);
	assert!(
		!reported.is_empty() && reported.len() < planned.len(),
		"the kill must land mid-load: {} of {} reported in blocks",
		reported.len(),
		planned.len()
	);
	println!("killed with {} of {sent} submitted extrinsics reported in blocks", reported.len());

	// Every reported extrinsic is still in its block, and that block is canonical.
	node.start_again()?;
	let _api = node.client().await?;
	let client = ws(&node).await?;
	for r in &reported {
		let (number, extrinsics) = block(&client, r.block)
			.await?
			.ok_or_else(|| format!("reported block {:?} is gone after the crash", r.block))?;
		assert!(extrinsics.contains(&r.tx), "extrinsic {:?} is not in block #{number}", r.tx);
		assert_eq!(block_hash(&client, number).await?, Some(r.block), "#{number} was replaced");
	}

	// What the pool lost is sent again (stale nonces are refused, as they must be).
	for tx in &planned {
		let _ = client
			.request::<String, _>("author_submitExtrinsic", rpc_params![hex::encode(&tx.bytes)])
			.await;
	}
	let deadline = Instant::now() + Duration::from_secs(120);
	loop {
		// Nonces in state (`system_accountNextIndex` counts the pool too).
		let (_, at) = best(&client).await?;
		let mut done = true;
		for s in &senders {
			done &= u64::from(account(&client, &id_of(s), at).await?.nonce) == TXS;
		}
		if done {
			break;
		}
		if Instant::now() > deadline {
			return Err(format!("resent extrinsics not all included\n{}", node.log_tail()).into());
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	// Balances and bonds reconcile with the plan and with what the blocks record.
	let (now, at) = best(&client).await?;
	let ledger = ledger(&client, funded_at + 1, now).await?;
	assert_eq!(ledger.failed, vec![], "failed extrinsics");
	let transfers = (0..TXS).filter(|n| n % 4 != 3).count() as u128;
	let registrations = TXS as u128 - transfers;
	for (i, s) in senders.iter().enumerate() {
		let who = id_of(s).0;
		let after = balances(&client, &id_of(s), at).await?;
		let sink = sink(i)?;
		assert_eq!(balances(&client, &sink, at).await?.free, transfers * AMOUNT, "sink {i} holds");
		assert_eq!(ledger.received.get(&sink.0), Some(&(transfers * AMOUNT)), "sink {i} received");
		assert_eq!(ledger.sent.get(&who), Some(&(transfers * AMOUNT)), "sender {i} sent");
		let bonds = ledger.bonds.get(&who).copied().unwrap_or_default();
		assert_eq!(bonds, registrations * MIN_BOND, "sender {i} bonds");
		assert_eq!(after.reserved - before[i].reserved, bonds, "sender {i} held");
		let fees = ledger.fees.get(&who).copied().unwrap_or_default();
		assert!(fees > 0, "sender {i} paid no fees");
		assert_eq!(
			before[i].free + before[i].reserved,
			after.free + after.reserved + transfers * AMOUNT + fees,
			"sender {i}: balance does not reconcile"
		);
	}
	let owners: Vec<[u8; 32]> = senders.iter().map(|s| id_of(s).0).collect();
	let crash_agents = ledger.agents.values().filter(|o| owners.contains(o)).count();
	assert_eq!(crash_agents as u128, SENDERS as u128 * registrations, "agents registered once");

	// The index kept across the crash answers like one rebuilt from chain state.
	let kept = discovery_answers(&client, crash_agents).await?;
	node.stop()?;
	std::fs::remove_dir_all(index_dir(dir.path())?)?;
	node.start_again()?;
	let _api = node.client().await?;
	let client = ws(&node).await?;
	let rebuilt = discovery_answers(&client, crash_agents).await?;
	assert_eq!(kept, rebuilt, "index after the crash differs from a fresh rebuild");
	Ok(())
}
