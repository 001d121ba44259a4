//! The runtime-upgrade check, as try-runtime runs it against a live chain: this build's runtime
//! Wasm executes `TryRuntime_on_runtime_upgrade` with every check selected on the state of a dev
//! chain of the previous release (`node/tests/upgrade/dev-state.json`, written by
//! `scripts/chain-tools/state-snapshot.mjs`). That runs the runtime's `Migrations` and every
//! pallet's upgrade hooks with their pre- and post-upgrade checks, decodes the entire state and
//! runs every pallet's invariants (`try_state`).
//!
//! A storage change without its migration fails here: a layout change no longer decodes, and a
//! storage version bump without a migration leaves the on-chain version behind the code's.

use codec::Decode;
use polkadot_sdk::{
	cumulus_client_service::ParachainHostFunctions,
	frame_support::{
		traits::{GetStorageVersion, PalletInfoAccess, StorageVersion},
		weights::Weight,
	},
	sc_executor::WasmExecutor,
	sp_core::{
		bytes::from_hex,
		storage::Storage,
		traits::{CallContext, RuntimeCode, WrappedRuntimeCode},
	},
	sp_externalities::Extensions,
	sp_io::hashing::{blake2_256, twox_128},
	sp_runtime::traits::BlakeTwo256,
	sp_state_machine::{OverlayedChanges, StateMachine, TestExternalities},
};
use serde_json::Value as Json;
use std::{
	borrow::Cow,
	collections::BTreeMap,
	sync::{Mutex, Once, PoisonError},
};

/// The previous release's dev-chain state: every ChaosCore pallet populated, `:code` left out.
const SNAPSHOT: &str = include_str!("../upgrade/dev-state.json");

/// `UpgradeCheckSelect::All`, SCALE-encoded (the type exists natively only with try-runtime):
/// migrations with pre- and post-upgrade checks, the state decode and `try_state`.
const ALL_CHECKS: [u8; 1] = [1];

/// What the runtime logged at error level: try-runtime names the failed check there, while the
/// executor only reports that the runtime panicked.
static RUNTIME_ERRORS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Collects error-level log records into [`RUNTIME_ERRORS`].
struct ErrorCapture;

impl log::Log for ErrorCapture {
	fn enabled(&self, metadata: &log::Metadata) -> bool {
		metadata.level() <= log::Level::Error
	}

	fn log(&self, record: &log::Record) {
		if self.enabled(record.metadata()) {
			let mut errors = RUNTIME_ERRORS.lock().unwrap_or_else(PoisonError::into_inner);
			errors.push(format!("{}: {}", record.target(), record.args()));
		}
	}

	fn flush(&self) {}
}

/// Installs [`ErrorCapture`] once per process (the runtime's log level follows the host's).
fn capture_runtime_errors() {
	static INSTALL: Once = Once::new();
	INSTALL.call_once(|| {
		if log::set_logger(&ErrorCapture).is_ok() {
			log::set_max_level(log::LevelFilter::Error);
		}
	});
}

/// The snapshot's key-value pairs.
fn snapshot_state() -> BTreeMap<Vec<u8>, Vec<u8>> {
	let snapshot: Json = serde_json::from_str(SNAPSHOT).expect("the snapshot is JSON");
	let pairs = snapshot["pairs"].as_array().expect("the snapshot has pairs");
	pairs
		.iter()
		.map(|pair| {
			let hex = |i: usize| from_hex(pair[i].as_str().expect("hex string")).expect("hex");
			(hex(0), hex(1))
		})
		.collect()
}

/// The storage version of pallet `P` in `state`, as the chain stores it (absent is 0).
fn storage_version<P: PalletInfoAccess>(state: &BTreeMap<Vec<u8>, Vec<u8>>) -> StorageVersion {
	state
		.get(&StorageVersion::storage_key::<P>()[..])
		.map(|v| StorageVersion::decode(&mut &v[..]).expect("a storage version"))
		.unwrap_or_default()
}

/// Runs this build's runtime upgrade with all checks on `state`; returns the state afterwards or
/// the runtime's refusal with the errors it logged.
fn try_runtime_upgrade(
	state: BTreeMap<Vec<u8>, Vec<u8>>,
) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, String> {
	capture_runtime_errors();
	let wasm = chaoscore_runtime::WASM_BINARY.expect("the test build has the runtime Wasm");
	let mut after = state.clone();
	let mut ext = TestExternalities::<BlakeTwo256>::new_with_code(
		wasm,
		Storage { top: state, children_default: Default::default() },
	);
	let backend = ext.as_backend();
	let code = WrappedRuntimeCode(Cow::Borrowed(wasm));
	let runtime_code =
		RuntimeCode { code_fetcher: &code, heap_pages: None, hash: blake2_256(wasm).to_vec() };
	let executor = WasmExecutor::<ParachainHostFunctions>::builder().build();
	let mut changes = OverlayedChanges::<BlakeTwo256>::default();
	let output = StateMachine::new(
		&backend,
		&mut changes,
		&executor,
		"TryRuntime_on_runtime_upgrade",
		&ALL_CHECKS,
		&mut Extensions::default(),
		&runtime_code,
		CallContext::Offchain,
	)
	.execute()
	.map_err(|e| {
		let logged = RUNTIME_ERRORS.lock().unwrap_or_else(PoisonError::into_inner).join("\n");
		format!("{e}\nlogged by the runtime:\n{logged}")
	})?;
	let (weight, _max_block) =
		<(Weight, Weight)>::decode(&mut &output[..]).expect("the API returns two weights");
	assert!(weight.ref_time() > 0, "the migrations report no weight");

	for (key, value) in changes.changes_mut() {
		match value.value() {
			Some(value) => after.insert(key.clone(), value.clone()),
			None => after.remove(key),
		};
	}
	Ok(after)
}

/// Asserts that pallet `P` is at `before` in the snapshot and at its in-code version after the
/// upgrade.
fn assert_upgraded<
	P: PalletInfoAccess + GetStorageVersion<InCodeStorageVersion = StorageVersion>,
>(
	before: &BTreeMap<Vec<u8>, Vec<u8>>,
	after: &BTreeMap<Vec<u8>, Vec<u8>>,
	from: u16,
) {
	assert_eq!(storage_version::<P>(before), StorageVersion::new(from), "{} before", P::name());
	assert_eq!(
		storage_version::<P>(after),
		P::in_code_storage_version(),
		"{} after the upgrade",
		P::name()
	);
}

#[test]
fn upgrade_check_migrates_the_previous_release() {
	use chaoscore_runtime::{
		AgentRegistry, Challenge, Escrow, ProofOfAgency, Reputation, Slashing,
	};

	let before = snapshot_state();
	let after = try_runtime_upgrade(before.clone()).unwrap_or_else(|e| panic!("{e}"));
	// The previous release stored version 0 for four pallets and 1 for two; all are now at the
	// version of this code.
	assert_upgraded::<AgentRegistry>(&before, &after, 1);
	assert_upgraded::<Slashing>(&before, &after, 1);
	assert_upgraded::<Escrow>(&before, &after, 0);
	assert_upgraded::<Challenge>(&before, &after, 0);
	assert_upgraded::<ProofOfAgency>(&before, &after, 0);
	assert_upgraded::<Reputation>(&before, &after, 0);
}

#[test]
fn upgrade_check_refuses_an_undecodable_state() {
	// One escrow's stored value cut short, as a layout change without a migration would leave it.
	let mut state = snapshot_state();
	let escrows = [twox_128(b"Escrow"), twox_128(b"Escrows")].concat();
	let (key, value) = state
		.iter_mut()
		.find(|(key, _)| key.starts_with(&escrows))
		.expect("the snapshot holds an escrow");
	value.truncate(value.len() / 2);
	let key = key.clone();

	let refusal = try_runtime_upgrade(state).expect_err("a corrupt escrow must fail the check");
	assert!(
		refusal.contains("try-runtime: runtime upgrade failed")
			&& refusal.contains("`try_decode_entire_state` failed"),
		"{refusal} (escrow {key:?})"
	);
}
