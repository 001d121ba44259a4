//! Benchmarks of the challenge pallet (frame-benchmarking v2), against the runtime's registry,
//! slashing and escrow pallets through [`Config::BenchmarkHelper`]. Targets are escrows when the
//! helper can open one (the heavier path: freeze and settle the escrow too), agents otherwise.

use super::*;
use crate::Pallet as ChallengePallet;
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_benchmarking::v2::*, frame_support::traits::fungible::Mutate as _,
	frame_system::RawOrigin,
};

const EVIDENCE: H256 = H256::repeat_byte(0xe1);

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// An account with enough free balance for `MaxDeadlinesPerBlock + 10` challenge bonds.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let bonds: BalanceOf<T> = T::MaxDeadlinesPerBlock::get().saturating_add(10).into();
	let amount = T::ChallengeBond::get()
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(bonds);
	T::Currency::set_balance(&who, amount);
	who
}

/// A target `challenger` may challenge that penalizes a fresh agent (`seed`): an escrow of the
/// challenger with that agent as provider if the runtime has escrows, else the agent itself.
fn target<T: Config>(challenger: &T::AccountId, seed: u32) -> ChallengeTarget {
	let (agent, _owner) = T::BenchmarkHelper::setup_agent(seed);
	match T::BenchmarkHelper::setup_escrow(challenger, agent) {
		Some(escrow) => ChallengeTarget::Escrow(escrow),
		None => ChallengeTarget::Agent(agent),
	}
}

/// Fills the deadline queues of `count` blocks from `first` with placeholder ids, so `open` has
/// to look at every block of its window.
fn fill_queues<T: Config>(first: BlockNumberFor<T>, count: u32) {
	let max = T::MaxDeadlinesPerBlock::get();
	for offset in 0..count {
		let block = first.saturating_add(offset.into());
		let ids: Vec<ChallengeId> = (0..max)
			.map(|i| {
				ChallengeId::MAX
					.saturating_sub(u64::from(offset.saturating_mul(max).saturating_add(i)))
			})
			.collect();
		Deadlines::<T>::insert(block, BoundedVec::truncate_from(ids));
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: an escrow target (frozen), and every deadline queue of the window but the last
	/// one full. (An agent target with every slot but one taken reads no more: the target's index
	/// holds the challengers, and its proof is counted at its maximum size either way.)
	#[benchmark]
	fn open() -> Result<(), BenchmarkError> {
		let challenger = funded::<T>("challenger", 0);
		let target = target::<T>(&challenger, 0);
		let first = now::<T>().saturating_add(T::ResolutionPeriod::get());
		fill_queues::<T>(first, MAX_DEADLINE_SCAN.saturating_sub(1));

		#[extrinsic_call]
		_(RawOrigin::Signed(challenger.clone()), target, EVIDENCE, ChallengeReason::FailedDelivery);

		let id = OpenByTarget::<T>::get(target)
			.first()
			.map(|(id, _)| *id)
			.ok_or(BenchmarkError::Stop("not opened"))?;
		let deadline = Challenges::<T>::get(id).map(|c| c.deadline);
		let last = first.saturating_add(MAX_DEADLINE_SCAN.saturating_sub(1).into());
		assert_eq!(deadline, Some(last));
		Ok(())
	}

	/// Worst case: upheld with a slash (and the challenger's reward) and a jail, on an escrow
	/// target (refunded to the client).
	#[benchmark]
	fn resolve() -> Result<(), BenchmarkError> {
		let challenger = funded::<T>("challenger", 0);
		let target = target::<T>(&challenger, 0);
		let id = ChallengePallet::<T>::do_open(
			challenger.clone(),
			target,
			EVIDENCE,
			ChallengeReason::FailedDelivery,
		)
		.map_err(|_| BenchmarkError::Stop("cannot open a challenge"))?;
		let origin =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let ruling = Ruling::Upheld {
			slash: Some(SlashAmount::FractionOfBond(Perbill::from_percent(50))),
			// Well ahead: the block number may advance between set-up and the call.
			jail_until: Some(now::<T>().saturating_add(10u32.into())),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, ruling);

		assert!(!Challenges::<T>::contains_key(id));
		assert!(!OpenByTarget::<T>::contains_key(target));
		Ok(())
	}

	/// `n` challenges (each on its own target and agent) expire in one block.
	#[benchmark]
	fn on_initialize_expire(
		n: Linear<0, { T::MaxDeadlinesPerBlock::get() }>,
	) -> Result<(), BenchmarkError> {
		let challenger = funded::<T>("challenger", 0);
		for i in 0..n {
			let target = target::<T>(&challenger, i);
			ChallengePallet::<T>::do_open(
				challenger.clone(),
				target,
				EVIDENCE,
				ChallengeReason::FailedDelivery,
			)
			.map_err(|_| BenchmarkError::Stop("cannot open a challenge"))?;
		}
		let deadline = now::<T>().saturating_add(T::ResolutionPeriod::get());
		assert_eq!(Deadlines::<T>::decode_len(deadline).unwrap_or(0) as u32, n);
		frame_system::Pallet::<T>::set_block_number(deadline);

		#[block]
		{
			ChallengePallet::<T>::on_initialize(deadline);
		}

		assert_eq!(Challenges::<T>::iter().count(), 0);
		assert!(
			T::Currency::balance_on_hold(&HoldReason::ChallengeBond.into(), &challenger).is_zero()
		);
		Ok(())
	}

	impl_benchmark_test_suite!(
		ChallengePallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
