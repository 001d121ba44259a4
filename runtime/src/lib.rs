//! # ChaosCore runtime
//!
//! The FRAME runtime of the ChaosCore parachain: the chain core plane (accounts, fees, collators,
//! XCM) on which ChaosCore's agent pallets are built.
//!
//! - [`configs`] holds the `Config` of every pallet, [`configs::xcm_config`] the XCM set-up.
//! - [`apis`] implements the runtime APIs the node (and `polkadot-omni-node`) calls.
//! - [`genesis_config_presets`] provides the `development` and `local_testnet` genesis presets.
//!
//! Pallet indices below 50 belong to the core plane; indices 50 and above are reserved for the
//! agent pallets.
#![cfg_attr(not(feature = "std"), no_std)]
// The runtime macros recurse deeply.
#![recursion_limit = "256"]

// `WASM_BINARY`: the runtime compiled to Wasm, built by `build.rs`.
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

/// This runtime built with `spec_version + 1` (feature `spec-version-bump`): the code the
/// runtime-upgrade test moves a chain to. Built only with `upgrade-test-wasm` (the node's tests).
#[cfg(all(feature = "std", feature = "upgrade-test-wasm"))]
pub mod upgrade_test {
	include!(concat!(env!("OUT_DIR"), "/wasm_binary_spec_bump.rs"));
}

extern crate alloc;

use alloc::vec::Vec;

pub mod agent_keys;
pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
#[cfg(test)]
mod capacity;
pub mod configs;
pub mod genesis_config_presets;
pub mod precompiles;
pub mod relay_randomness;

use polkadot_sdk::{staging_parachain_info as parachain_info, *};

use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight};
use sp_runtime::{generic, Perbill};
use sp_version::RuntimeVersion;

pub use chaoscore_primitives::{
	token::{EXISTENTIAL_DEPOSIT, MICRO_UNIT, MILLI_UNIT, UNIT},
	AccountId, Balance, BlockNumber, Hash, Header, Nonce, Signature,
};
pub use sp_consensus_aura::sr25519::AuthorityId as AuraId;
pub use sp_runtime::MultiAddress;

pub use apis::RuntimeApi;
pub use opaque::SessionKeys;

/// Default para id, used by the genesis presets.
pub const PARACHAIN_ID: u32 = 2000;

/// The address format of extrinsic signers and call arguments.
pub type Address = MultiAddress<AccountId, ()>;

/// The checks and payments every signed transaction goes through, in order. The whole pipeline
/// is wrapped in `StorageWeightReclaim`, which refunds the unused proof size after dispatch.
pub type TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim<
	Runtime,
	(
		frame_system::CheckNonZeroSender<Runtime>,
		frame_system::CheckSpecVersion<Runtime>,
		frame_system::CheckTxVersion<Runtime>,
		frame_system::CheckGenesis<Runtime>,
		frame_system::CheckEra<Runtime>,
		frame_system::CheckNonce<Runtime>,
		frame_system::CheckWeight<Runtime>,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
		frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
		// Marks the origin of Ethereum transactions; must follow every signed-origin check.
		pallet_revive::evm::tx_extension::SetOrigin<Runtime>,
	),
>;

/// An extrinsic as this runtime decodes it: a Substrate extrinsic, or an Ethereum transaction
/// wrapped in `Revive::eth_transact` (checked with [`configs::revive::EthExtraImpl`]).
pub type UncheckedExtrinsic = pallet_revive::evm::runtime::UncheckedExtrinsic<
	Address,
	Signature,
	configs::revive::EthExtraImpl,
>;

/// A block as this runtime decodes it.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// Single-block migrations run on the next runtime upgrade, each a no-op once its pallet is at
/// the target storage version. `node/tests/e2e/upgrade_check.rs` runs them, with every pallet's
/// pre- and post-upgrade checks and invariants, on the state of the previous release.
///
/// Wired through `frame_system::Config::SingleBlockMigrations`; the matching generic of
/// `Executive` is deprecated in this SDK.
pub type Migrations = (
	pallet_escrow::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_escrow::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_challenge::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_challenge::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_proof_of_agency::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_proof_of_agency::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_proof_of_agency::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_proof_of_agency::migrations::v4::MigrateV3ToV4<Runtime>,
	pallet_reputation::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_reputation::migrations::v2::MigrateV1ToV2<Runtime>,
);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// Converts weight into a fee: one second of reference time costs one CHAOS (so the base weight
/// of an extrinsic costs about a tenth of a [`MILLI_UNIT`]); proof size is priced in the same
/// ratio as the block's limits. `pallet-revive` requires this fee model, because it derives
/// Ethereum gas from it.
pub type WeightToFee = pallet_revive::evm::fees::BlockRatioFee<1, 1, Runtime, Balance>;

/// Types the node uses without knowing the runtime's call types.
pub mod opaque {
	use super::{Aura, Vec};
	use polkadot_sdk::sp_runtime::impl_opaque_keys;

	pub use polkadot_sdk::sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header.
	pub type Header = chaoscore_primitives::Header;
	/// Block with opaque extrinsics.
	pub type Block = chaoscore_primitives::Block;
	/// Block hash.
	pub type Hash = chaoscore_primitives::Hash;

	impl_opaque_keys! {
		/// The session keys a collator registers: only its Aura key.
		pub struct SessionKeys {
			/// Key used to author blocks.
			pub aura: Aura,
		}
	}
}

/// Declares [`VERSION`] with the given `spec_version` (a literal, as `runtime_version` needs).
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// Identity and versions of this runtime.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("chaoscore"),
			impl_name: alloc::borrow::Cow::Borrowed("chaoscore"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 0,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 1,
			system_version: 1,
		};
	};
}

#[cfg(not(feature = "spec-version-bump"))]
runtime_version!(1);
// The same runtime one version up: only the Wasm built for the runtime-upgrade test.
#[cfg(feature = "spec-version-bump")]
runtime_version!(2);

/// Target block time in milliseconds.
pub const MILLISECS_PER_BLOCK: u64 = 6000;

/// Aura slot duration in milliseconds. Cannot change once the chain runs.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Share of the block weight assumed to be spent by `on_initialize` hooks.
pub const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);

/// Share of the block that `Normal` extrinsics may fill; the rest is kept for `Operational` ones.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Block weight limit: 2 s of compute and the relay chain's maximal PoV size.
pub const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
);

/// Blocks the runtime accepts on top of the last included one (async backing).
pub const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;

/// Parachain blocks authored per relay chain block.
pub const BLOCK_PROCESSING_VELOCITY: u32 = 1;

/// Relay chain slot duration in milliseconds.
pub const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6000;

/// How many relay blocks behind the relay tip collators pick their relay parent (0: the tip).
pub const RELAY_PARENT_OFFSET: u32 = 0;

/// Decides whether a block may be built on the current parent (async backing, Aura slots).
pub type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

/// The ChaosCore runtime, composed of its pallets.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System support.
	/// Accounts, blocks, events and runtime upgrades.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	/// Relay chain validation data, upward/downward messages, runtime upgrades of a parachain.
	#[runtime::pallet_index(1)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	/// Block timestamp.
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	/// This chain's para id.
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = parachain_info;
	/// Batched and derivative dispatch.
	#[runtime::pallet_index(4)]
	pub type Utility = pallet_utility;

	// Monetary.
	/// The native token.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	/// Transaction fees.
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Governance.
	/// A single root key: Alice on the development chain only.
	#[runtime::pallet_index(15)]
	pub type Sudo = pallet_sudo;
	/// The council: penalizes agents, rules on challenges, changes parameters, by motion.
	#[runtime::pallet_index(16)]
	pub type Council = pallet_collective<Instance1>;
	/// Parameters governance changes at runtime.
	#[runtime::pallet_index(17)]
	pub type Parameters = pallet_parameters;
	/// Calls (e.g. runtime upgrades) stored by hash, with a deposit.
	#[runtime::pallet_index(18)]
	pub type Preimage = pallet_preimage;
	/// The council's way to Root: calls whitelisted by one motion, dispatched by another.
	#[runtime::pallet_index(19)]
	pub type Whitelist = pallet_whitelist;

	// Collators. The order of these five must not change.
	/// Tracks the author of the current block.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	/// Invulnerable and bonded collators, and their rewards.
	#[runtime::pallet_index(21)]
	pub type CollatorSelection = pallet_collator_selection;
	/// Session keys and session rotation.
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	/// Aura block authoring.
	#[runtime::pallet_index(23)]
	pub type Aura = pallet_aura;
	/// Aura checks specific to parachains.
	#[runtime::pallet_index(24)]
	pub type AuraExt = cumulus_pallet_aura_ext;

	// XCM.
	/// Messages to and from sibling parachains.
	#[runtime::pallet_index(30)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	/// User-facing XCM: send, transfer, version negotiation.
	#[runtime::pallet_index(31)]
	pub type PolkadotXcm = pallet_xcm;
	/// XCM origins of the relay chain and siblings.
	#[runtime::pallet_index(32)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	/// Queue that executes inbound messages.
	#[runtime::pallet_index(33)]
	pub type MessageQueue = pallet_message_queue;

	// Weight bookkeeping.
	/// Reclaims unused proof-size weight of transactions.
	#[runtime::pallet_index(40)]
	pub type WeightReclaim = cumulus_pallet_weight_reclaim;

	// Ethereum plane.
	/// EVM contracts and Ethereum transactions (the eth JSON-RPC server expects this name).
	#[runtime::pallet_index(45)]
	pub type Revive = pallet_revive;

	// Indices 50 and above: ChaosCore agent pallets.
	/// Agent identity, bond, liveness and capability metadata.
	#[runtime::pallet_index(50)]
	pub type AgentRegistry = pallet_agent_registry;
	/// Governance penalties on agents: slash, jail, unjail.
	#[runtime::pallet_index(51)]
	pub type Slashing = pallet_slashing;
	/// Job escrow between a client and a provider agent: open, submit, release, refund, dispute.
	#[runtime::pallet_index(52)]
	pub type Escrow = pallet_escrow;
	/// Bonded challenges against agents and escrows, resolved by the arbiter.
	#[runtime::pallet_index(53)]
	pub type Challenge = pallet_challenge;
	/// Receipts of agent actions attested by bonded verifiers; Merkle anchors of action logs.
	#[runtime::pallet_index(54)]
	pub type ProofOfAgency = pallet_proof_of_agency;
	/// Decaying, settlement-backed reputation scores of agents.
	#[runtime::pallet_index(55)]
	pub type Reputation = pallet_reputation;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}
