//! # ChaosCore primitives
//!
//! Types shared by the runtime, the node and the RPC layer: the chain's basic aliases and the
//! token constants that wallets display. Cross-pallet traits and runtime API declarations for the
//! agent pallets live here as they are added, so no crate reaches into another pallet's storage.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod agency;
pub mod agent;
pub mod deadlines;
pub mod governance;
pub mod migrations;
pub mod runtime_api;
pub mod settlement;

use polkadot_sdk::sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature, OpaqueExtrinsic,
};

/// Block number type: a `u32`, as omni-node compatible parachains use.
pub type BlockNumber = u32;

/// Signature type of the chain's extrinsics (sr25519, ed25519 or ecdsa).
pub type Signature = MultiSignature;

/// Account id derived from the signer's public key.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in the smallest unit (planck).
pub type Balance = u128;

/// Transaction nonce.
pub type Nonce = u32;

/// Hash type of blocks and the state trie.
pub type Hash = polkadot_sdk::sp_core::H256;

/// Header of a block.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Opaque block, as the node sees it without knowing the runtime's call types.
pub type Block = generic::Block<Header, OpaqueExtrinsic>;

/// Token facts that wallets and Polkadot.js Apps display.
pub mod token {
	use super::Balance;

	/// Ticker of the native token.
	pub const SYMBOL: &str = "CHAOS";
	/// Decimal places of the native token.
	pub const DECIMALS: u8 = 12;
	/// One whole token in planck.
	pub const UNIT: Balance = 1_000_000_000_000;
	/// One thousandth of a token.
	pub const MILLI_UNIT: Balance = UNIT / 1_000;
	/// One millionth of a token.
	pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
	/// Smallest balance an account may hold.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;
	/// SS58 address prefix (42: the generic Substrate prefix, so dev tools show familiar
	/// addresses).
	pub const SS58_PREFIX: u16 = 42;
}
