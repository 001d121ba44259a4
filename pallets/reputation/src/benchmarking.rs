//! Benchmarks of the reputation pallet (frame-benchmarking v2), against the runtime's registry
//! through [`Config::BenchmarkHelper`]. Every path records into a full history (the oldest entry
//! is dropped), the worst case of [`Pallet::record_outcome`].

use super::*;
use crate::Pallet as ReputationPallet;
use polkadot_sdk::{frame_benchmarking::v2::*, frame_system::RawOrigin, sp_runtime::traits::One};

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// Fills the history of `agent` to `MaxHistory` entries.
fn fill_history<T: Config>(agent: AgentId) {
	for i in 0..T::MaxHistory::get() {
		ReputationPallet::<T>::record_outcome(
			agent,
			Outcome::Receipt { id: u64::from(i), verified: i % 2 == 0 },
		);
	}
	assert_eq!(History::<T>::decode_len(agent).unwrap_or(0) as u32, T::MaxHistory::get());
}

/// Fills the expiry queues of `count` blocks from `first` with placeholder rights.
fn fill_queues<T: Config>(first: BlockNumberFor<T>, count: u32, client: &T::AccountId) {
	let max = T::MaxFeedbackExpiriesPerBlock::get();
	for offset in 0..count {
		let block = first.saturating_add(offset.into());
		let ids: Vec<EscrowId> = (0..max)
			.map(|i| {
				EscrowId::MAX
					.saturating_sub(u64::from(offset.saturating_mul(max).saturating_add(i)))
			})
			.collect();
		for id in &ids {
			FeedbackRights::<T>::insert(
				id,
				FeedbackRight {
					client: client.clone(),
					agent: 0,
					value: Zero::zero(),
					expires_at: block,
				},
			);
		}
		FeedbackExpiries::<T>::insert(block, BoundedVec::truncate_from(ids));
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: a full history.
	#[benchmark]
	fn give_feedback() -> Result<(), BenchmarkError> {
		let (agent, _owner) = T::BenchmarkHelper::setup_agent(0);
		let client: T::AccountId = account("client", 0, 0);
		fill_history::<T>(agent);
		<ReputationPallet<T> as ReputationSink<T::AccountId, T::Balance>>::escrow_settled(
			agent,
			0,
			&client,
			One::one(),
			EscrowOutcome::Released,
		);
		ensure!(FeedbackRights::<T>::contains_key(0), BenchmarkError::Stop("no right"));

		#[extrinsic_call]
		_(RawOrigin::Signed(client), 0, true);

		assert!(!FeedbackRights::<T>::contains_key(0));
		Ok(())
	}

	/// A sink method (`receipt_finalized`, `challenge_upheld`, `slashed`) on a full history.
	#[benchmark]
	fn record_outcome() {
		let (agent, _owner) = T::BenchmarkHelper::setup_agent(0);
		fill_history::<T>(agent);
		let dropped = Reputations::<T>::get(agent).map(|r| r.dropped).unwrap_or(0);

		#[block]
		{
			ReputationPallet::<T>::record_outcome(agent, Outcome::ChallengeUpheld);
		}

		assert_eq!(
			Reputations::<T>::get(agent).map(|r| r.dropped),
			Some(dropped.saturating_add(1))
		);
	}

	/// `escrow_settled` on a full history, granting a right after scanning every expiry queue
	/// within reach but the last.
	#[benchmark]
	fn escrow_settled() -> Result<(), BenchmarkError> {
		let (agent, _owner) = T::BenchmarkHelper::setup_agent(0);
		let client: T::AccountId = account("client", 0, 0);
		fill_history::<T>(agent);
		let first = now::<T>().saturating_add(T::FeedbackWindow::get());
		fill_queues::<T>(first, MAX_EXPIRY_SCAN.saturating_sub(1), &client);

		#[block]
		{
			<ReputationPallet<T> as ReputationSink<T::AccountId, T::Balance>>::escrow_settled(
				agent,
				0,
				&client,
				One::one(),
				EscrowOutcome::Released,
			);
		}

		let last = first.saturating_add(MAX_EXPIRY_SCAN.saturating_sub(1).into());
		ensure!(
			FeedbackRights::<T>::get(0).map(|r| r.expires_at) == Some(last),
			BenchmarkError::Stop("right not granted at the last block")
		);
		Ok(())
	}

	/// `n` rights expire in one block.
	#[benchmark]
	fn on_initialize_expire(n: Linear<0, { T::MaxFeedbackExpiriesPerBlock::get() }>) {
		let (agent, _owner) = T::BenchmarkHelper::setup_agent(0);
		let client: T::AccountId = account("client", 0, 0);
		for escrow in 0..n {
			<ReputationPallet<T> as ReputationSink<T::AccountId, T::Balance>>::escrow_settled(
				agent,
				u64::from(escrow),
				&client,
				One::one(),
				EscrowOutcome::Released,
			);
		}
		let expiry = now::<T>().saturating_add(T::FeedbackWindow::get());
		assert_eq!(FeedbackExpiries::<T>::decode_len(expiry).unwrap_or(0) as u32, n);
		frame_system::Pallet::<T>::set_block_number(expiry);

		#[block]
		{
			ReputationPallet::<T>::on_initialize(expiry);
		}

		assert_eq!(FeedbackRights::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(
		ReputationPallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
