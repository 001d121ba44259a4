//! Chain specs and collator defaults an operator meets first:
//!
//! - `--chain live` is a template without dev keys, dev endowments or a sudo key; the node
//!   refuses to run it before collators are filled in.
//! - A chain spec whose para id differs from the runtime's is refused at start-up.
//! - A collator started with nothing but `--collator --chain local` finds its relay chain
//!   (`rococo-local`, built in) and binds neither the Ethereum JSON-RPC nor the MCP port.

use crate::chaoscore_node;
use chaoscore_harness::{
	free_ports, network::Rpc, node_key, process::output, wait::wait_for, Process, Result,
	QUIET_NODE_FLAGS,
};
use serde_json::Value as Json;
use std::{net::TcpListener, path::Path, time::Duration};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::dev;

/// Runs `chaoscore-node args` and waits for it to exit; returns its log.
async fn run_to_exit(args: Vec<String>, dir: &Path) -> Result<(std::process::ExitStatus, String)> {
	let mut node = Process::start(chaoscore_node(), args, dir, "node")?;
	let status = wait_for(
		"the node to exit",
		Duration::from_secs(120),
		|| {
			let exited = node.exited();
			async move { Ok(exited) }
		},
		|| String::new(),
	)
	.await?;
	Ok((status, node.log()))
}

#[tokio::test]
async fn the_live_template_has_no_dev_keys_and_is_refused_unfilled() -> Result {
	let dir = tempfile::tempdir()?;
	let plain = output(chaoscore_node(), &["build-spec", "--chain", "live"])?;
	let spec: Json = serde_json::from_str(&plain)?;
	assert_eq!(spec["chainType"], "Live");
	assert_eq!(spec["relayChain"], "polkadot");
	let genesis = &spec["genesis"]["runtimeGenesis"]["patch"];
	assert!(genesis["sudo"]["key"].is_null(), "a sudo key: {}", genesis["sudo"]);
	for empty in ["/collatorSelection/invulnerables", "/session/keys", "/council/members"] {
		assert_eq!(genesis.pointer(empty), Some(&Json::Array(vec![])), "{empty} is not empty");
	}
	// Only the collators' pot and the treasury exist, holding the existential deposit.
	let balances = genesis["balances"]["balances"].as_array().ok_or("no balances")?;
	assert_eq!(balances.len(), 2, "endowments: {balances:?}");
	assert!(balances.iter().all(|b| b[1] == 1_000_000_000), "endowments: {balances:?}");
	for key in [dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie()] {
		let account = AccountId32::from(key.public_key());
		assert!(!plain.contains(&account.to_string()), "{account} in the live template");
	}

	// Raw, it is a valid spec; run, it is refused: nobody could author.
	let raw = output(chaoscore_node(), &["build-spec", "--chain", "live", "--raw"])?;
	let raw_path = dir.path().join("live-raw.json");
	std::fs::write(&raw_path, raw)?;
	let [rpc, p2p] = free_ports();
	let mut args: Vec<String> = ["--collator", "--chain", &raw_path.display().to_string()]
		.map(String::from)
		.to_vec();
	args.extend(["--base-path".into(), dir.path().join("base").display().to_string()]);
	args.extend(["--rpc-port".into(), rpc.to_string(), "--port".into(), p2p.to_string()]);
	args.extend(["--node-key".into(), node_key(p2p)]);
	args.extend(QUIET_NODE_FLAGS.map(String::from));
	let (status, log) = run_to_exit(args, dir.path()).await?;
	assert!(!status.success());
	assert!(log.contains("the chain has no collators"), "{log}");
	Ok(())
}

#[tokio::test]
async fn a_para_id_other_than_the_runtimes_is_refused() -> Result {
	let dir = tempfile::tempdir()?;
	let mut spec: Json =
		serde_json::from_str(&output(chaoscore_node(), &["build-spec", "--chain", "local"])?)?;
	assert_eq!(spec["paraId"], 2000);
	spec["paraId"] = 2001.into();
	let path = dir.path().join("wrong-para-id.json");
	std::fs::write(&path, serde_json::to_string(&spec)?)?;
	let [rpc, p2p] = free_ports();
	let mut args: Vec<String> =
		["--dev", "--chain", &path.display().to_string()].map(String::from).to_vec();
	args.extend(["--base-path".into(), dir.path().join("base").display().to_string()]);
	args.extend(["--rpc-port".into(), rpc.to_string(), "--port".into(), p2p.to_string()]);
	args.extend(["--eth-rpc-port".into(), "0".into(), "--mcp-port".into(), "0".into()]);
	args.extend(QUIET_NODE_FLAGS.map(String::from));
	let (status, log) = run_to_exit(args, dir.path()).await?;
	assert!(!status.success());
	assert!(log.contains("para id (2001") && log.contains("runtime's (2000"), "{log}");
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_collator_runs_on_defaults_without_side_ports() -> Result {
	let dir = tempfile::tempdir()?;
	let [rpc, p2p, relay_p2p, relay_rpc] = free_ports();
	let mut args: Vec<String> =
		["--collator", "--alice", "--chain", "local"].map(String::from).to_vec();
	args.extend(["--base-path".into(), dir.path().join("base").display().to_string()]);
	args.extend(["--rpc-port".into(), rpc.to_string(), "--port".into(), p2p.to_string()]);
	args.extend(["--node-key".into(), node_key(p2p)]);
	args.extend(QUIET_NODE_FLAGS.map(String::from));
	// No relay-chain spec after `--`: the spec's `relayChain` (rococo-local) is used.
	args.extend(["--".into(), "--port".into(), relay_p2p.to_string()]);
	args.extend(["--rpc-port".into(), relay_rpc.to_string()]);
	let mut collator = Process::start(chaoscore_node(), args, dir.path(), "collator")?;
	// Generous: it computes two genesis states and compiles two runtimes, beside other tests.
	let connect = |port: u16| {
		let collator = &collator;
		async move {
			Rpc::connect(&format!("ws://127.0.0.1:{port}"), Duration::from_secs(300))
				.await
				.map_err(|e| {
					format!(
						"{e}
{}",
						collator.log_tail()
					)
				})
		}
	};
	let para = connect(rpc).await?;
	// The embedded relay-chain node serves its RPC on the port given after `--`.
	let relay = connect(relay_rpc).await?;
	assert_eq!(relay.call("system_chain", jsonrpsee::rpc_params![]).await?, "Rococo Local Testnet");
	assert_eq!(
		para.call("system_chain", jsonrpsee::rpc_params![]).await?,
		"ChaosCore Local Testnet"
	);
	assert!(collator.exited().is_none(), "{}", collator.log_tail());
	for (port, what) in [(8545, "Ethereum JSON-RPC"), (9955, "MCP")] {
		TcpListener::bind(("127.0.0.1", port))
			.map_err(|e| format!("port {port} ({what}) is taken: {e}\n{}", collator.log_tail()))?;
	}
	collator.stop()
}
