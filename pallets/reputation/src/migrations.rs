//! Storage migrations of the reputation pallet, a module per storage version; the runtime
//! lists them in its `Migrations`.

use crate::Pallet;
use chaoscore_primitives::migrations::BumpVersion;
use polkadot_sdk::frame_system;

/// Version 1: the first release's layout.
pub mod v1 {
	use super::*;

	/// Chains started before storage versions were made consistent carry version 0 with the same
	/// layout: only the version changes.
	pub type MigrateV0ToV1<T> = BumpVersion<0, 1, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// Version 2: evidence is weighed by what it cost. Escrows and feedback count linearly in the
/// escrow's value, a verified receipt a hundredth of a unit; a feedback outcome carries its
/// escrow's value. Each history's feedback entries gain the value of the escrow they rate and
/// every complete history is replayed under the new weights.
pub mod v2 {
	use super::*;
	use crate::{
		Config, EscrowId, EscrowOutcome, History, Outcome, ReceiptId, Reputations, ScoringModel,
	};
	use codec::Decode;
	#[cfg(feature = "try-runtime")]
	use codec::Encode;
	use polkadot_sdk::{
		frame_support::{
			migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
		},
		frame_system::pallet_prelude::BlockNumberFor,
		sp_runtime::traits::Zero,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, polkadot_sdk::sp_runtime::TryRuntimeError};

	/// An outcome as version 1 stored it (feedback without its escrow's value).
	#[derive(Decode)]
	#[cfg_attr(test, derive(codec::Encode))]
	pub enum OldOutcome<Balance> {
		/// As [`Outcome::Receipt`].
		Receipt { id: ReceiptId, verified: bool },
		/// As [`Outcome::Escrow`].
		Escrow { id: EscrowId, value: Balance, outcome: EscrowOutcome },
		/// As [`Outcome::ChallengeUpheld`].
		ChallengeUpheld,
		/// As [`Outcome::Slashed`].
		Slashed { amount: Balance },
		/// Feedback on escrow `escrow`.
		Feedback { escrow: EscrowId, positive: bool },
	}

	/// A history as version 1 stored it.
	type OldHistory<T> = BoundedVec<
		(BlockNumberFor<T>, OldOutcome<<T as Config>::Balance>),
		<T as Config>::MaxHistory,
	>;

	/// Gives every feedback entry the value of the escrow it rates, found in the same history (a
	/// settlement is recorded before its feedback; where the history no longer holds it, the value
	/// is zero and the feedback weighs nothing), then replays every complete history into its
	/// record's model state. A record whose history lost entries keeps its state, which decays.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut agents: u64 = 0;
			History::<T>::translate::<OldHistory<T>, _>(|agent, old| {
				agents = agents.saturating_add(1);
				let value_of = |escrow: EscrowId| {
					old.iter()
						.find_map(|(_, o)| match o {
							OldOutcome::Escrow { id, value, .. } if *id == escrow => Some(*value),
							_ => None,
						})
						.unwrap_or_else(Zero::zero)
				};
				let entries = old.iter().map(|(at, o)| {
					let outcome = match o {
						OldOutcome::Receipt { id, verified } => {
							Outcome::Receipt { id: *id, verified: *verified }
						},
						OldOutcome::Escrow { id, value, outcome } => {
							Outcome::Escrow { id: *id, value: *value, outcome: *outcome }
						},
						OldOutcome::ChallengeUpheld => Outcome::ChallengeUpheld,
						OldOutcome::Slashed { amount } => Outcome::Slashed { amount: *amount },
						OldOutcome::Feedback { escrow, positive } => Outcome::Feedback {
							escrow: *escrow,
							value: value_of(*escrow),
							positive: *positive,
						},
					};
					(*at, outcome)
				});
				// Same length and bound as the old history.
				let history = BoundedVec::truncate_from(entries.collect());
				Reputations::<T>::mutate_extant(agent, |record| {
					if record.dropped == 0 {
						record.state = T::Model::replay(&history);
					}
				});
				Some(history)
			});
			T::DbWeight::get().reads_writes(agents.saturating_mul(2), agents.saturating_mul(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let entries: u64 = History::<T>::iter_keys()
				.map(|agent| {
					let raw = History::<T>::hashed_key_for(agent);
					polkadot_sdk::frame_support::storage::unhashed::get::<OldHistory<T>>(&raw)
						.map_or(0, |h| h.len() as u64)
				})
				.sum();
			Ok(entries.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let entries = u64::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("v2: undecodable pre-upgrade state"))?;
			let now: u64 = History::<T>::iter_values().map(|h| h.len() as u64).sum();
			ensure!(now == entries, "v2: history entries lost");
			crate::Pallet::<T>::do_try_state()
		}
	}

	/// Version 1 to 2: [`InnerMigrateV1ToV2`], then the version.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

#[cfg(test)]
mod tests {
	use super::v2::{MigrateV1ToV2, OldOutcome};
	use crate::{
		mock::*, Breakdown, EscrowOutcome, History, Outcome, Record, Reputations, ScoringModel,
	};
	use codec::Encode;
	use polkadot_sdk::frame_support::{
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};

	#[test]
	fn v2_gives_feedback_its_escrows_value_and_replays_the_state() {
		ExtBuilder::default().build_and_execute(|| {
			let a = register(ALICE, KEY_A);
			let released = EscrowOutcome::Released;
			let old = vec![
				(1u64, OldOutcome::<Balance>::Escrow { id: 0, value: 300, outcome: released }),
				(1, OldOutcome::Feedback { escrow: 0, positive: true }),
				// Its escrow is no longer in the history: the feedback weighs nothing.
				(1, OldOutcome::Feedback { escrow: 9, positive: false }),
			];
			unhashed::put_raw(&History::<Test>::hashed_key_for(a), &old.encode());
			let new = [
				(1, Outcome::Escrow { id: 0, value: 300, outcome: released }),
				(1, Outcome::Feedback { escrow: 0, value: 300, positive: true }),
				(1, Outcome::Feedback { escrow: 9, value: 0, positive: false }),
			];
			// A state the old weights left (version 1 weighed each feedback 1).
			let stale = <Model as ScoringModel<Balance, BlockNumber>>::replay(&[
				(1, Outcome::Escrow { id: 0, value: 400, outcome: released }),
				(1, Outcome::Escrow { id: 1, value: 100, outcome: EscrowOutcome::Refunded }),
			]);
			let breakdown = Breakdown::of(new.iter());
			Reputations::<Test>::insert(
				a,
				Record { state: stale, breakdown, updated_at: 1, dropped: 0 },
			);
			StorageVersion::new(1).put::<Reputation>();

			MigrateV1ToV2::<Test>::on_runtime_upgrade();

			assert_eq!(History::<Test>::get(a).into_inner(), new.to_vec());
			let record = Reputations::<Test>::get(a).expect("the record stays");
			let replayed = <Model as ScoringModel<Balance, BlockNumber>>::replay(&new);
			assert_eq!(record.state, replayed);
			assert_ne!(record.state, stale);
			assert_eq!(Reputation::on_chain_storage_version(), StorageVersion::new(2));
			// P = 3 + 3, N = 0: 1000 · 7 / 8.
			assert_eq!(Reputation::score_of(a).map(|(s, _)| s), Some(875));
		});
	}
}
