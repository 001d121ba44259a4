//! Relay-chain randomness for committee draws (`pallet_proof_of_agency`): the BABE VRF output of
//! each block's relay parent, read from the relay state proof the block carries, with the relay
//! slot it belongs to as its clock. A collator cannot choose it (the relay block's author made
//! it) and chooses only among the few relay parents it may build on, which the committee
//! lookahead (`configs::agency_reputation::CommitteeRandomnessLookahead`) outlasts.

use crate::{BlockNumber, Hash, Runtime};
use core::marker::PhantomData;
use cumulus_pallet_parachain_system::{
	consensus_hook::{ConsensusHook, UnincludedSegmentCapacity},
	RelayChainStateProof,
};
use cumulus_primitives_core::relay_chain::well_known_keys::CURRENT_BLOCK_RANDOMNESS;
use polkadot_sdk::{
	frame_support::{storage_alias, traits::Randomness, weights::Weight},
	frame_system,
	sp_runtime::traits::{BlakeTwo256, Hash as _},
	*,
};

/// The VRF output of the latest relay parent that had one, and that relay block's slot.
#[storage_alias]
pub type Latest = StorageValue<RelayRandomness, ([u8; 32], BlockNumber)>;

/// Wraps the parachain's consensus hook: also keeps the relay parent's randomness in [`Latest`].
/// A relay parent without a VRF output (a secondary plain slot) leaves it as it was.
pub struct CaptureRelayRandomness<Inner>(PhantomData<Inner>);

impl<Inner: ConsensusHook> ConsensusHook for CaptureRelayRandomness<Inner> {
	fn on_state_proof(proof: &RelayChainStateProof) -> (Weight, UnincludedSegmentCapacity) {
		let (weight, capacity) = Inner::on_state_proof(proof);
		let vrf = proof
			.read_optional_entry::<Option<[u8; 32]>>(CURRENT_BLOCK_RANDOMNESS)
			.ok()
			.flatten()
			.flatten();
		if let (Some(vrf), Ok(slot)) = (vrf, proof.read_slot()) {
			let slot = BlockNumber::try_from(u64::from(slot)).unwrap_or(BlockNumber::MAX);
			Latest::put((vrf, slot));
		}
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		(weight.saturating_add(db.writes(1)), capacity)
	}
}

/// The committee randomness: `subject` hashed with the latest relay VRF output, determined at
/// its relay slot. Before the first relay VRF output, the parent hash at slot zero: the draws
/// wait for the relay chain.
pub struct RelayRandomness;

impl Randomness<Hash, BlockNumber> for RelayRandomness {
	fn random(subject: &[u8]) -> (Hash, BlockNumber) {
		match Latest::get() {
			Some((vrf, slot)) => (BlakeTwo256::hash_of(&(subject, vrf)), slot),
			None => {
				let parent = frame_system::Pallet::<Runtime>::parent_hash();
				(BlakeTwo256::hash_of(&(subject, parent)), 0)
			},
		}
	}
}

/// Benchmarks advance the relay randomness by hand (no relay state proof runs in them).
#[cfg(feature = "runtime-benchmarks")]
pub fn advance(by: BlockNumber) {
	let (vrf, slot) = Latest::get().unwrap_or_default();
	Latest::put((polkadot_sdk::sp_io::hashing::blake2_256(&vrf), slot.saturating_add(by)));
}
