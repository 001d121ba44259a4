// This file is part of ChaosCore.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_agent_registry`
//!
//! PLACEHOLDER UNTIL GENERATED ON THE REFERENCE MACHINE.
//!
//! These numbers were written by hand, in the format `frame-omni-bencher` / the node's
//! `benchmark pallet` command generates, to be deliberately conservative (several times what a
//! dispatch of this shape costs); storage reads and writes are counted from the code. Regenerate
//! this file with the node's `benchmark pallet --pallet=pallet_agent_registry --extrinsic=*
//! --steps=50 --repeat=20 --template=<frame-weight-template.hbs>` before launch.
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

/// Weight functions needed for `pallet_agent_registry`.
pub trait WeightInfo {
	fn register(d: u32, t: u32, ) -> Weight;
	fn update(d: u32, t: u32, ) -> Weight;
	fn heartbeat() -> Weight;
	fn deregister() -> Weight;
	fn withdraw_bond() -> Weight;
	fn rotate_owner() -> Weight;
	fn rotate_agent_key() -> Weight;
	fn top_up_bond() -> Weight;
	fn on_initialize_sweep(n: u32, ) -> Weight;
}

/// Weights for `pallet_agent_registry` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `AgentRegistry::AgentByKey` (r:1 w:1)
	/// Storage: `AgentRegistry::NextAgentId` (r:1 w:1)
	/// Storage: `AgentRegistry::AgentsByOwner` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `AgentRegistry::AgentCount` (r:1 w:1)
	/// Storage: `AgentRegistry::Agents` (r:0 w:1)
	/// Storage: `AgentRegistry::Metadata` (r:0 w:1)
	/// The range of component `d` is `[0, MaxDocumentLen]`.
	/// The range of component `t` is `[0, MaxTags]`.
	fn register(d: u32, t: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300`
		//  Estimated: `8000`
		// Minimum execution time: placeholder.
		Weight::from_parts(150_000_000, 8000)
			// Standard Error: placeholder
			.saturating_add(Weight::from_parts(5_000, 0).saturating_mul(d.into()))
			// Standard Error: placeholder
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:1 w:1)
	/// Storage: `AgentRegistry::Metadata` (r:0 w:1)
	/// The range of component `d` is `[0, MaxDocumentLen]`.
	/// The range of component `t` is `[0, MaxTags]`.
	fn update(d: u32, t: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(100_000_000, 4000)
			// Standard Error: placeholder
			.saturating_add(Weight::from_parts(5_000, 0).saturating_mul(d.into()))
			// Standard Error: placeholder
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:1 w:1)
	fn heartbeat() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:1 w:1)
	fn deregister() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `AgentRegistry::AgentsByOwner` (r:1 w:1)
	/// Storage: `AgentRegistry::AgentCount` (r:1 w:1)
	/// Storage: `AgentRegistry::Metadata` (r:0 w:1)
	/// Storage: `AgentRegistry::AgentByKey` (r:0 w:1)
	fn withdraw_bond() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `8000`
		// Minimum execution time: placeholder.
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:1 w:1)
	/// Storage: `AgentRegistry::AgentsByOwner` (r:2 w:2)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Balances::Holds` (r:2 w:2)
	fn rotate_owner() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `700`
		//  Estimated: `12000`
		// Minimum execution time: placeholder.
		Weight::from_parts(200_000_000, 12000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:1 w:1)
	/// Storage: `AgentRegistry::AgentByKey` (r:1 w:2)
	fn rotate_agent_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `AgentRegistry::Agents` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	fn top_up_bond() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `500`
		//  Estimated: `6000`
		// Minimum execution time: placeholder.
		Weight::from_parts(120_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `AgentRegistry::AgentCount` (r:1 w:0)
	/// Storage: `AgentRegistry::SweepCursor` (r:1 w:1)
	/// Storage: `AgentRegistry::Agents` (r:n w:n)
	/// The range of component `n` is `[0, MaxStaleChecksPerBlock]`.
	fn on_initialize_sweep(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `100 + n * (150 ±0)`
		//  Estimated: `1500 + n * (2600 ±0)`
		// Minimum execution time: placeholder.
		Weight::from_parts(10_000_000, 1500)
			// Standard Error: placeholder
			.saturating_add(Weight::from_parts(25_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(n.into()))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn register(d: u32, t: u32, ) -> Weight {
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(Weight::from_parts(5_000, 0).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(t.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn update(d: u32, t: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 4000)
			.saturating_add(Weight::from_parts(5_000, 0).saturating_mul(d.into()))
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(t.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn heartbeat() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn deregister() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn withdraw_bond() -> Weight {
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn rotate_owner() -> Weight {
		Weight::from_parts(200_000_000, 12000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn rotate_agent_key() -> Weight {
		Weight::from_parts(60_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn top_up_bond() -> Weight {
		Weight::from_parts(120_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn on_initialize_sweep(n: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 1500)
			.saturating_add(Weight::from_parts(25_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(n.into()))
	}
}
