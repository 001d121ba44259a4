//! Whole-state comparison of the blocks before and after a case: every change must be block
//! bookkeeping or the fee's path, exactly.
//!
//! The fee's path: the signer's nonce +1 and free balance −fee, the collators' pot +fee, and the
//! block author's reward of half the pot (less the existential deposit, as the pot was before
//! the block) from it. Nothing else in any account (reserved, frozen, providers…), no hold, no
//! other storage item of any pallet.

use chaoscore_harness::{balances::pallet_account, hex, storage};
use codec::Decode;
use std::collections::{BTreeMap, BTreeSet};
use subxt::{utils::AccountId32, Metadata};

/// The whole state at a block: key -> value (`:code` -> hash of the code).
pub(super) type Snapshot = BTreeMap<Vec<u8>, Vec<u8>>;

/// `frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>`.
#[derive(Decode, Default, Debug, PartialEq, Clone, Copy)]
pub(super) struct RawAccount {
	pub(super) nonce: u32,
	consumers: u32,
	providers: u32,
	sufficients: u32,
	free: u128,
	reserved: u128,
	frozen: u128,
	flags: u128,
}

impl RawAccount {
	/// `System::Account` of `who` in `state` (the default if it has none).
	pub(super) fn of(state: &Snapshot, who: &AccountId32) -> Self {
		state
			.get(&storage::account_key(who))
			.map(|v| Self::decode(&mut &v[..]).expect("System::Account decodes"))
			.unwrap_or_default()
	}
}

/// Names of storage keys (`Pallet::Entry`), by their prefixes in the runtime's metadata.
pub(super) struct StorageNames(Vec<(Vec<u8>, String)>);

impl StorageNames {
	/// The storage items `metadata` declares.
	pub(super) fn of(metadata: &Metadata) -> Self {
		let mut names = Vec::new();
		for pallet in metadata.pallets() {
			if let Some(items) = pallet.storage() {
				for entry in items.entries() {
					let name = format!("{}::{}", pallet.name(), entry.name());
					names.push((storage::prefix(items.prefix(), entry.name()), name));
				}
			}
		}
		// Kept by the runtime outside any pallet (`runtime/src/relay_randomness.rs`).
		names
			.push((storage::prefix("RelayRandomness", "Latest"), "RelayRandomness::Latest".into()));
		Self(names)
	}

	/// Name of a storage key: `Pallet::Entry`, or the raw key.
	fn name_of(&self, key: &[u8]) -> String {
		self.0
			.iter()
			.find(|(prefix, _)| key.starts_with(prefix))
			.map(|(_, name)| name.clone())
			.unwrap_or_else(|| format!("{:?}", String::from_utf8_lossy(key)))
	}
}

/// Whether a change of storage item `name` is block bookkeeping, which every block makes.
fn is_bookkeeping(name: &str) -> bool {
	match name.split_once("::") {
		Some(("System", entry)) => entry != "Account",
		Some((
			"Timestamp" | "ParachainSystem" | "Aura" | "AuraExt" | "Authorship" | "RelayRandomness",
			_,
		)) => true,
		Some(("TransactionPayment", entry)) => entry == "NextFeeMultiplier",
		// The Ethereum view of each block (pallet-revive).
		Some(("Revive", entry)) => ["EthereumBlock", "BlockHash"].contains(&entry),
		// Moved by `on_initialize` every block once there are more agents than one sweep.
		Some(("AgentRegistry", entry)) => entry == "SweepCursor",
		_ => false,
	}
}

/// The account a key of a map keyed by `Blake2_128Concat(AccountId32)` is about.
fn account_in(key: &[u8]) -> AccountId32 {
	AccountId32(key[key.len() - 32..].try_into().expect("32 bytes"))
}

/// What changed between two states, sorted by what may explain it.
#[derive(Default)]
struct Changes<'a> {
	/// Accounts whose `System::Account` changed.
	accounts: BTreeSet<AccountId32>,
	/// The block author, whose `CollatorSelection::LastAuthoredBlock` changed.
	author: Option<AccountId32>,
	/// Every other changed key.
	others: Vec<&'a Vec<u8>>,
}

impl<'a> Changes<'a> {
	fn between(before: &'a Snapshot, after: &'a Snapshot) -> Self {
		let account_prefix = storage::prefix("System", "Account");
		let authored_prefix = storage::prefix("CollatorSelection", "LastAuthoredBlock");
		let keys: BTreeSet<&Vec<u8>> = before.keys().chain(after.keys()).collect();
		let mut changes = Self::default();
		for key in keys.into_iter().filter(|key| before.get(*key) != after.get(*key)) {
			if key.starts_with(&account_prefix) {
				changes.accounts.insert(account_in(key));
			} else if key.starts_with(&authored_prefix) {
				changes.author = Some(account_in(key));
			} else {
				changes.others.push(key);
			}
		}
		changes
	}
}

/// A storage value for a message: hex, cut after 80 characters.
fn show(value: Option<&Vec<u8>>) -> String {
	value.map_or("(none)".to_string(), |v| {
		let h = hex::encode(v);
		if h.len() > 80 {
			format!("{}…", &h[..80])
		} else {
			h
		}
	})
}

/// The change of `key` from `before` to `after`, for a message.
fn describe(name: &str, key: &[u8], before: &Snapshot, after: &Snapshot) -> String {
	format!(
		"{name} {}: {} -> {}",
		hex::encode(&key[key.len().saturating_sub(8)..]),
		show(before.get(key)),
		show(after.get(key))
	)
}

/// The free balance change the fee's path makes to each account it touches: the payer −`fee`,
/// the collators' pot +`fee` − the author's reward, the author +reward (half the pot before
/// the block, less the existential deposit).
fn fee_path(
	before: &Snapshot,
	fee: Option<(&AccountId32, u128)>,
	author: AccountId32,
	existential_deposit: u128,
) -> BTreeMap<AccountId32, i128> {
	let pot = pallet_account(b"PotStake");
	let reward = RawAccount::of(before, &pot).free.saturating_sub(existential_deposit) / 2;
	let paid = fee.map_or(0, |(_, amount)| amount);
	let mut deltas: BTreeMap<AccountId32, i128> = BTreeMap::new();
	if let Some((payer, amount)) = fee {
		*deltas.entry(*payer).or_default() -= amount as i128;
	}
	*deltas.entry(pot).or_default() += paid as i128 - reward as i128;
	*deltas.entry(author).or_default() += reward as i128;
	deltas
}

/// Each account in `accounts` must be as before but for the nonce of the payer (+1) and the
/// free balance `deltas` gives it.
fn account_problems(
	before: &Snapshot,
	after: &Snapshot,
	accounts: BTreeSet<AccountId32>,
	deltas: &BTreeMap<AccountId32, i128>,
	payer: Option<&AccountId32>,
) -> Vec<String> {
	let mut problems = Vec::new();
	for who in accounts {
		let (b, a) = (RawAccount::of(before, &who), RawAccount::of(after, &who));
		let nonce = if Some(&who) == payer { b.nonce + 1 } else { b.nonce };
		let free = (b.free as i128 + deltas.get(&who).copied().unwrap_or(0)) as u128;
		let want = RawAccount { nonce, free, ..b };
		if a != want {
			problems.push(format!("System::Account {who}: {b:?} -> {a:?}, expected {want:?}"));
		}
	}
	problems
}

/// What changed from `before` to `after` that neither block bookkeeping nor the fee (`fee`: who
/// paid how much; `None` for a refused transaction, which costs nothing) explains.
pub(super) fn unexplained(
	names: &StorageNames,
	before: &Snapshot,
	after: &Snapshot,
	fee: Option<(&AccountId32, u128)>,
	existential_deposit: u128,
) -> Vec<String> {
	let mut changes = Changes::between(before, after);
	let mut problems: Vec<String> = changes
		.others
		.iter()
		.map(|key| (names.name_of(key), key))
		.filter(|(name, _)| !is_bookkeeping(name))
		.map(|(name, key)| describe(&name, key, before, after))
		.collect();
	let Some(author) = changes.author else {
		problems.push("no CollatorSelection::LastAuthoredBlock change: author unknown".into());
		return problems;
	};
	let deltas = fee_path(before, fee, author, existential_deposit);
	changes.accounts.extend(deltas.keys().copied());
	let payer = fee.map(|(payer, _)| payer);
	problems.extend(account_problems(before, after, changes.accounts, &deltas, payer));
	problems
}
