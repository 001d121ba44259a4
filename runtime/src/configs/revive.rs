//! `Config` of `pallet-revive`: the Ethereum plane (see `docs/ethereum.md`).
//!
//! EVM bytecode runs in `Revive`; an Ethereum key (H160) owns the account
//! `H160 ++ 0xEE * 12` ([`pallet_revive::AccountId32Mapper`]), so it holds CHAOS and acts through
//! the same pallets as a Substrate key. Ethereum transactions reach the chain as unsigned
//! `Revive::eth_transact` extrinsics, which [`EthExtraImpl`] turns into signed ones.
//!
//! Amounts: one planck (10^-12 CHAOS) is 10^6 wei, so wallets see CHAOS with 18 decimals.

use polkadot_sdk::{frame_support::parameter_types, *};

use frame_support::traits::{ConstBool, ConstU32, ConstU64};
use frame_system::EnsureSigned;
use pallet_revive::evm::runtime::EthExtra;
use sp_runtime::{FixedU128, Perbill};

use crate::{
	AccountId, Address, Balance, Balances, Nonce, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, Signature, Timestamp, TxExtension, MILLI_UNIT,
};

/// The EIP-155 chain id wallets sign for (`0xca05`).
pub const ETH_CHAIN_ID: u64 = 51_717;

/// Wei per planck: the native token has 12 decimals, Ethereum amounts 18.
pub const NATIVE_TO_ETH_RATIO: u32 = 1_000_000;

parameter_types! {
	/// Storage deposit per contract storage item.
	pub const DepositPerItem: Balance = 2 * MILLI_UNIT;
	/// Storage deposit per byte of contract storage and code.
	pub const DepositPerByte: Balance = MILLI_UNIT / 100;
	/// Storage deposit per item of a contract's child trie.
	pub const DepositPerChildTrieItem: Balance = MILLI_UNIT / 50;
	/// Share of the code deposit locked by a contract that uses someone else's code.
	pub const CodeHashLockupDepositPercent: Perbill = Perbill::from_percent(30);
	/// An Ethereum transaction may use up to 90 % of a block's normal-class weight.
	pub const MaxEthExtrinsicWeight: FixedU128 = FixedU128::from_rational(9, 10);
}

impl pallet_revive::Config for Runtime {
	type Time = Timestamp;
	type Balance = Balance;
	type Currency = Balances;
	type OnBurn = ();
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = pallet_revive::weights::SubstrateWeight<Self>;
	/// The agent system actions, callable from Solidity at
	/// [`crate::precompiles::AGENT_ACTIONS_ADDRESS`].
	type Precompiles = (crate::precompiles::AgentActions,);
	type FindAuthor = <Runtime as pallet_authorship::Config>::FindAuthor;
	type DepositPerByte = DepositPerByte;
	type DepositPerItem = DepositPerItem;
	type DepositPerChildTrieItem = DepositPerChildTrieItem;
	type CodeHashLockupDepositPercent = CodeHashLockupDepositPercent;
	type AddressMapper = pallet_revive::AccountId32Mapper<Self>;
	/// Solidity compiled by `solc` runs as is.
	type AllowEVMBytecode = ConstBool<true>;
	type UploadOrigin = EnsureSigned<AccountId>;
	type InstantiateOrigin = EnsureSigned<AccountId>;
	type RuntimeMemory = ConstU32<{ 128 * 1024 * 1024 }>;
	type PVFMemory = ConstU32<{ 512 * 1024 * 1024 }>;
	type ChainId = ConstU64<ETH_CHAIN_ID>;
	type NativeToEthRatio = ConstU32<NATIVE_TO_ETH_RATIO>;
	type FeeInfo = pallet_revive::evm::fees::Info<Address, Signature, EthExtraImpl>;
	type Deposit = ();
	type MaxEthExtrinsicWeight = MaxEthExtrinsicWeight;
	type DebugEnabled = ConstBool<false>;
	/// Every account is mapped when it is created, so Substrate keys can call contracts and
	/// receive from them without a separate `map_account`.
	type AutoMap = ConstBool<true>;
	/// Scales gas so that common operations cost amounts of gas close to Ethereum's.
	type GasScale = ConstU32<50_000>;
}

/// Builds the transaction extensions of an Ethereum transaction: the same pipeline as a signed
/// extrinsic, immortal, with the Ethereum nonce and tip, and the origin marked as Ethereum.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EthExtraImpl;

impl EthExtra for EthExtraImpl {
	type Config = Runtime;
	type ExtensionV0 = TxExtension;
	type ExtensionOtherVersions = sp_runtime::traits::InvalidVersion;

	fn get_eth_extension(nonce: Nonce, tip: Balance) -> Self::ExtensionV0 {
		cumulus_pallet_weight_reclaim::StorageWeightReclaim::new((
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(sp_runtime::generic::Era::Immortal),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			pallet_revive::evm::tx_extension::SetOrigin::<Runtime>::new_from_eth_transaction(),
		))
	}
}
