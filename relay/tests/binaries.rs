//! The three relay binaries belong together: `polkadot` refuses workers of another version, and
//! the local networks need the `rococo-local` runtime compiled in.

use std::process::Command;

fn run(binary: &str, args: &[&str]) -> String {
	let output = Command::new(binary).args(args).output().expect("binary starts");
	assert!(
		output.status.success(),
		"{binary} {args:?}: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	String::from_utf8(output.stdout).expect("utf-8 output")
}

#[test]
fn workers_report_the_node_version() {
	let node = run(env!("CARGO_BIN_EXE_polkadot"), &["--version"]);
	// `polkadot 1.25.1-<commit>`: the part before the commit is what the workers must print.
	let node_version = node.split_whitespace().nth(1).expect("version field");
	let node_version = node_version.split('-').next().expect("semver part");
	for worker in [
		env!("CARGO_BIN_EXE_polkadot-prepare-worker"),
		env!("CARGO_BIN_EXE_polkadot-execute-worker"),
	] {
		assert_eq!(run(worker, &["--version"]).trim(), node_version, "{worker}");
	}
}

#[test]
fn builds_the_rococo_local_relay_spec() {
	let spec = run(
		env!("CARGO_BIN_EXE_polkadot"),
		&["build-spec", "--chain", "rococo-local", "--disable-default-bootnode"],
	);
	let spec: serde_json::Value = serde_json::from_str(&spec).expect("JSON chain spec");
	assert_eq!(spec["id"], "rococo_local_testnet");
	// Two validators with their session keys: Alice and Bob (the network tests add the
	// parachain to this genesis).
	let keys = &spec["genesis"]["runtimeGenesis"]["patch"]["session"]["keys"];
	assert_eq!(keys.as_array().map(Vec::len), Some(2), "validators in the relay genesis: {keys}");
}
