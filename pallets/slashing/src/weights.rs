// This file is part of ChaosCore.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_slashing`
//!
//! PLACEHOLDER UNTIL GENERATED ON THE REFERENCE MACHINE.
//!
//! These numbers were written by hand, in the format `frame-omni-bencher` / the node's
//! `benchmark pallet` command generates, to be deliberately conservative (several times what a
//! dispatch of this shape costs); storage reads and writes are counted from the code, including
//! the agent registry and balances storage the penalties touch. Regenerate this file with the
//! node's `benchmark pallet --pallet=pallet_slashing --extrinsic=* --steps=50 --repeat=20
//! --template=<frame-weight-template.hbs>` before launch.
//!
//! THIS FILE IS NOT AUTO-GENERATED (yet).
//! DATE: placeholder, STEPS: `-`, REPEAT: `-`, LOW RANGE: `[]`, HIGH RANGE: `[]`
//! WORST CASE MAP SIZE: `1000000`
//! HOSTNAME: `-`, CPU: `-`
//! WASM-EXECUTION: `Compiled`, CHAIN: `None`, DB CACHE: `1024`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use polkadot_sdk::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use polkadot_sdk::frame_system;
use core::marker::PhantomData;

/// Weight functions needed for `pallet_slashing`.
pub trait WeightInfo {
	fn slash() -> Weight;
	fn jail() -> Weight;
	fn unjail_by_governance() -> Weight;
	fn unjail_by_owner() -> Weight;
}

/// Weights for `pallet_slashing` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `AgentRegistry::Agents` (r:2 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Slashing::Penalties` (r:1 w:1)
	/// Storage: `Slashing::TotalSlashed` (r:1 w:1)
	fn slash() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `700`
		//  Estimated: `10000`
		// Minimum execution time: placeholder.
		Weight::from_parts(200_000_000, 10000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:2 w:1)
	/// Storage: `Slashing::Penalties` (r:1 w:1)
	fn jail() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `5000`
		// Minimum execution time: placeholder.
		Weight::from_parts(80_000_000, 5000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:2 w:1)
	fn unjail_by_governance() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:3 w:2)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	fn unjail_by_owner() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `700`
		//  Estimated: `8000`
		// Minimum execution time: placeholder.
		Weight::from_parts(180_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn slash() -> Weight {
		Weight::from_parts(200_000_000, 10000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn jail() -> Weight {
		Weight::from_parts(80_000_000, 5000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn unjail_by_governance() -> Weight {
		Weight::from_parts(70_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn unjail_by_owner() -> Weight {
		Weight::from_parts(180_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
