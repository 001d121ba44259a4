//! Benchmarks of the escrow pallet (frame-benchmarking v2), against the runtime's agent registry
//! through [`Config::BenchmarkHelper`] and the runtime's [`Config::Challenges`]. Each benchmark
//! takes the most expensive path of its call: an evaluator on every escrow, new accounts as
//! recipients, the evaluator releasing (three transfers) and the evaluator rejecting (a transfer
//! and a release).

use super::*;
use crate::Pallet as Escrow;
use polkadot_sdk::{frame_benchmarking::v2::*, frame_system::RawOrigin};

const SEED: u32 = 0;

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// A client with enough free balance for an escrow and anything the runtime's challenge pallet
/// holds on a dispute.
fn funded_client<T: Config>() -> T::AccountId {
	let client: T::AccountId = account("client", 0, SEED);
	let ed = T::Currency::minimum_balance();
	let plenty = T::MinEscrowAmount::get().saturating_add(ed).saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&client, plenty);
	client
}

/// Makes sure the treasury account exists, so the protocol fee is transferred (the costlier path).
fn treasury_exists<T: Config>() {
	let treasury = T::Treasury::get();
	let ed = T::Currency::minimum_balance();
	if T::Currency::balance(&treasury) < ed {
		T::Currency::set_balance(&treasury, ed);
	}
}

/// An amount whose protocol fee is at least the existential deposit (so it is paid, not returned).
fn escrow_amount<T: Config>() -> BalanceOf<T> {
	let ed = T::Currency::minimum_balance();
	T::MinEscrowAmount::get().saturating_add(ed).saturating_mul(1_000u32.into())
}

/// The evaluator (a new account) and its fee.
fn evaluator_and_fee<T: Config>() -> (T::AccountId, BalanceOf<T>) {
	let fee = T::Currency::minimum_balance().saturating_mul(10u32.into());
	(account("evaluator", 0, SEED), fee)
}

/// An escrow opened for a benchmark, and its parties.
struct Opened<T: Config> {
	id: EscrowId,
	client: T::AccountId,
	agent_key: T::AccountId,
	evaluator: T::AccountId,
}

/// Opens an escrow with an evaluator for a fresh provider.
fn open_escrow<T: Config>() -> Result<Opened<T>, BenchmarkError> {
	let (provider, _owner, agent_key) = T::BenchmarkHelper::setup_provider(0);
	let client = funded_client::<T>();
	let (evaluator, fee) = evaluator_and_fee::<T>();
	treasury_exists::<T>();
	let deadline = now::<T>().saturating_add(T::MaxDeadline::get());
	let id = Escrow::<T>::do_open(
		client.clone(),
		provider,
		escrow_amount::<T>(),
		Some((evaluator.clone(), fee)),
		deadline,
		H256::repeat_byte(1),
	)
	.map_err(|_| BenchmarkError::Stop("cannot open the benchmark escrow"))?;
	Ok(Opened { id, client, agent_key, evaluator })
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn open() -> Result<(), BenchmarkError> {
		let (provider, _owner, _key) = T::BenchmarkHelper::setup_provider(0);
		let client = funded_client::<T>();
		let (evaluator, fee) = evaluator_and_fee::<T>();
		let amount = escrow_amount::<T>();
		let deadline = now::<T>().saturating_add(T::MaxDeadline::get());
		let id = NextEscrowId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(client.clone()),
			provider,
			amount,
			Some((evaluator, fee)),
			deadline,
			H256::repeat_byte(1),
		);

		assert!(Escrows::<T>::contains_key(id));
		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::Escrow.into(), &client),
			amount.saturating_add(fee)
		);
		Ok(())
	}

	#[benchmark]
	fn submit() -> Result<(), BenchmarkError> {
		let Opened { id, agent_key, .. } = open_escrow::<T>()?;
		let provider =
			Escrows::<T>::get(id).map(|e| e.provider).ok_or(BenchmarkError::Weightless)?;
		let deliverable = T::BenchmarkHelper::deliverable(provider);

		#[extrinsic_call]
		_(RawOrigin::Signed(agent_key), id, deliverable);

		assert!(
			Escrows::<T>::get(id).is_some_and(|e| matches!(e.state, EscrowState::Submitted { .. }))
		);
		Ok(())
	}

	#[benchmark]
	fn accept() -> Result<(), BenchmarkError> {
		let Opened { id, agent_key, .. } = open_escrow::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(agent_key), id);

		assert!(
			Escrows::<T>::get(id).is_some_and(|e| matches!(e.state, EscrowState::Accepted { .. }))
		);
		Ok(())
	}

	/// The evaluator approves: payee, treasury and evaluator are all paid.
	#[benchmark]
	fn release() -> Result<(), BenchmarkError> {
		let Opened { id, agent_key, evaluator, .. } = open_escrow::<T>()?;
		Escrow::<T>::do_submit(agent_key, id, Deliverable::Hash(H256::repeat_byte(2)))
			.map_err(|_| BenchmarkError::Stop("cannot submit"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(evaluator.clone()), id);

		assert!(!Escrows::<T>::contains_key(id));
		assert_eq!(T::Currency::balance(&evaluator), evaluator_and_fee::<T>().1);
		Ok(())
	}

	/// The evaluator rejects a submission: the evaluator is paid, the client refunded.
	#[benchmark]
	fn refund() -> Result<(), BenchmarkError> {
		let Opened { id, agent_key, evaluator, .. } = open_escrow::<T>()?;
		Escrow::<T>::do_submit(agent_key, id, Deliverable::Hash(H256::repeat_byte(2)))
			.map_err(|_| BenchmarkError::Stop("cannot submit"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(evaluator.clone()), id);

		assert!(!Escrows::<T>::contains_key(id));
		assert_eq!(T::Currency::balance(&evaluator), evaluator_and_fee::<T>().1);
		Ok(())
	}

	/// Through the runtime's challenge pallet (which holds the client's challenge bond).
	#[benchmark]
	fn dispute() -> Result<(), BenchmarkError> {
		let Opened { id, client, agent_key, .. } = open_escrow::<T>()?;
		Escrow::<T>::do_submit(agent_key, id, Deliverable::Hash(H256::repeat_byte(2)))
			.map_err(|_| BenchmarkError::Stop("cannot submit"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(client), id, H256::repeat_byte(2), ChallengeReason::BadDeliverable);

		assert!(Escrows::<T>::get(id).is_some_and(|e| e.frozen()));
		Ok(())
	}

	/// A third party claims after the review period: payee and treasury paid, the evaluator fee
	/// returned to the client.
	#[benchmark]
	fn claim() -> Result<(), BenchmarkError> {
		let Opened { id, agent_key, .. } = open_escrow::<T>()?;
		Escrow::<T>::do_submit(agent_key, id, Deliverable::Hash(H256::repeat_byte(2)))
			.map_err(|_| BenchmarkError::Stop("cannot submit"))?;
		frame_system::Pallet::<T>::set_block_number(
			now::<T>().saturating_add(T::ReviewPeriod::get()),
		);
		let claimer: T::AccountId = account("claimer", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(claimer), id);

		assert!(!Escrows::<T>::contains_key(id));
		Ok(())
	}

	impl_benchmark_test_suite!(
		Escrow,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
