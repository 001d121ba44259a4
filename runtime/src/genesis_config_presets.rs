//! Genesis presets: ready-made genesis configurations for development and local test networks.
//!
//! Both presets use para id [`PARACHAIN_ID`], make Alice and Bob the invulnerable collators (their
//! sr25519 dev keys are their Aura keys), endow the well-known dev accounts — Substrate's Alice to
//! Ferdie and the Ethereum dev keys Alith to Ethan — and seat Alice, Bob and Charlie on the
//! council. Only `development` has a sudo key (Alice); on `local_testnet` governance is the
//! council's alone.

use alloc::{vec, vec::Vec};

use polkadot_sdk::{staging_xcm as xcm, *};

use cumulus_primitives_core::ParaId;
use frame_support::build_struct_json_patch;
use pallet_revive::AddressMapper;
use serde_json::Value;
use sp_core::H160;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

use crate::{
	configs::agent_control::TreasuryAccount, AccountId, AuraId, Balance, BalancesConfig,
	CollatorSelection, CollatorSelectionConfig, CouncilConfig, ParachainInfoConfig,
	PolkadotXcmConfig, Runtime, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig,
	EXISTENTIAL_DEPOSIT, PARACHAIN_ID, UNIT,
};

/// XCM version assumed for destinations whose version is not known yet.
pub const SAFE_XCM_VERSION: u32 = xcm::prelude::XCM_VERSION;

/// Balance of every endowed dev account.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// Bond a collator candidate must reserve: enough that filling the candidate list with
/// sybils costs real money (6 seats: 60,000 CHAOS), and slashable stake worth a collator's care.
pub const CANDIDACY_BOND: Balance = 10_000 * UNIT;

/// Bonded collators elected beside the invulnerables (the highest bonds win the seats).
pub const DESIRED_CANDIDATES: u32 = 6;

/// Builds a genesis patch from its variable parts.
fn genesis(
	invulnerables: Vec<(AccountId, AuraId)>,
	endowed_accounts: Vec<AccountId>,
	root: Option<AccountId>,
	council: Vec<AccountId>,
	id: ParaId,
) -> Value {
	let mut balances: Vec<(AccountId, Balance)> =
		endowed_accounts.into_iter().map(|account| (account, ENDOWMENT)).collect();
	// The collators' staking pot must exist for fees below the existential deposit to reach it.
	balances.push((CollatorSelection::account_id(), EXISTENTIAL_DEPOSIT));
	// So is the treasury, for slashes smaller than the existential deposit.
	balances.push((TreasuryAccount::get(), EXISTENTIAL_DEPOSIT));

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		parachain_info: ParachainInfoConfig { parachain_id: id },
		collator_selection: CollatorSelectionConfig {
			invulnerables: invulnerables.iter().map(|(account, _)| account.clone()).collect(),
			candidacy_bond: CANDIDACY_BOND,
			desired_candidates: DESIRED_CANDIDATES,
		},
		session: SessionConfig {
			keys: invulnerables
				.into_iter()
				.map(|(account, aura)| (account.clone(), account, SessionKeys { aura }))
				.collect::<Vec<_>>(),
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(SAFE_XCM_VERSION) },
		sudo: SudoConfig { key: root },
		council: CouncilConfig { members: council },
	})
}

/// Alice and Bob, with their sr25519 dev keys as Aura keys.
fn dev_collators() -> Vec<(AccountId, AuraId)> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob]
		.into_iter()
		.map(|key| (key.to_account_id(), key.public().into()))
		.collect()
}

/// Addresses of the well-known Ethereum dev keys (Alith, Baltathar, Charleth, Dorothy, Ethan:
/// the Moonbeam / `subxt_signer::eth::dev` keys; their private keys are public, see
/// `docs/ethereum.md`).
pub const ETH_DEV_ADDRESSES: [[u8; 20]; 5] = [
	sp_core::hex2array!("f24ff3a9cf04c71dbc94d0b566f7a27b94566cac"),
	sp_core::hex2array!("3cd0a705a2dc65e5b1e1205896baa2be8a07c6e0"),
	sp_core::hex2array!("798d4ba9baf0064ec19eb4f0a1a45785ae9d6dfc"),
	sp_core::hex2array!("773539d4ac0e786233d90a233654ccee26a613d9"),
	sp_core::hex2array!("ff64d3f6efe2317ee2807d223a0bdc4c0c49dfdb"),
];

/// The well-known dev accounts: Alice to Ferdie with their `//stash` accounts, and the accounts
/// of the Ethereum dev keys.
fn dev_accounts() -> Vec<AccountId> {
	let ethereum = ETH_DEV_ADDRESSES.iter().map(|address| {
		<Runtime as pallet_revive::Config>::AddressMapper::to_fallback_account_id(&H160(*address))
	});
	Sr25519Keyring::well_known()
		.map(|key| key.to_account_id())
		.chain(ethereum)
		.collect()
}

/// The council of both presets: Alice, Bob and Charlie.
fn dev_council() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.into_iter()
		.map(|key| key.to_account_id())
		.collect()
}

/// Genesis of both presets: a single dev node (`development`, with Alice as sudo) and a local
/// multi-node test network (`local_testnet`, governed by the council only) start from the same
/// accounts, collators and council.
fn dev_genesis(root: Option<AccountId>) -> Value {
	genesis(dev_collators(), dev_accounts(), root, dev_council(), PARACHAIN_ID.into())
}

/// Preset of a network for real use, for operators to fill in: no sudo key, no dev keys or
/// endowments, no collators or council yet (see `docs/operator.md`).
pub const LIVE_TEMPLATE_PRESET: &str = "live_template";

/// JSON genesis patch of the preset `id`, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		DEV_RUNTIME_PRESET => dev_genesis(Some(Sr25519Keyring::Alice.to_account_id())),
		LOCAL_TESTNET_RUNTIME_PRESET => dev_genesis(None),
		LIVE_TEMPLATE_PRESET => genesis(vec![], vec![], None, vec![], PARACHAIN_ID.into()),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serializing a JSON value cannot fail; qed")
			.into_bytes(),
	)
}

/// Names of the available presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(LIVE_TEMPLATE_PRESET),
	]
}
