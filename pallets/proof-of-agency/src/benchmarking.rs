//! Benchmarks of the proof-of-agency pallet (frame-benchmarking v2), against the runtime's agent
//! registry through [`Config::BenchmarkHelper`].

use super::*;
use crate::Pallet as ProofOfAgency;
use polkadot_sdk::{
	frame_benchmarking::v2::*, frame_support::traits::fungible::Mutate as _,
	frame_system::RawOrigin,
};

const HASH: H256 = H256::repeat_byte(0xab);

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// A longest action kind.
fn max_kind<T: Config>() -> KindOf<T> {
	BoundedVec::truncate_from(alloc::vec![b'k'; T::MaxKindLen::get() as usize])
}

/// A registered verifier (funded for its bond).
fn verifier<T: Config>(index: u32) -> Result<T::AccountId, BenchmarkError> {
	let who: T::AccountId = account("verifier", index, 0);
	if Verifiers::<T>::contains_key(&who) {
		return Ok(who);
	}
	let amount = T::VerifierBond::get()
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(2u32.into());
	T::Currency::set_balance(&who, amount);
	ProofOfAgency::<T>::register_verifier(RawOrigin::Signed(who.clone()).into())
		.map_err(|_| BenchmarkError::Stop("cannot register a verifier"))?;
	Ok(who)
}

/// Records a receipt of `agent` signed by `key`; returns its id.
fn record<T: Config>(key: &T::AccountId, agent: AgentId) -> Result<ReceiptId, BenchmarkError> {
	ProofOfAgency::<T>::do_record(
		key.clone(),
		agent,
		max_kind::<T>(),
		HASH,
		HASH,
		Some(ReceiptContext::Escrow(0)),
		Some(HASH),
	)
	.map_err(|_| BenchmarkError::Stop("cannot record a receipt"))
}

/// Fills the deadline queues of `count` blocks from `first` with placeholder ids, so
/// `record_receipt` has to look at every block of its window.
fn fill_queues<T: Config>(first: BlockNumberFor<T>, count: u32) {
	let max = T::MaxDeadlinesPerBlock::get();
	for offset in 0..count {
		let block = first.saturating_add(offset.into());
		let ids: Vec<ReceiptId> = (0..max)
			.map(|i| {
				ReceiptId::MAX
					.saturating_sub(u64::from(offset.saturating_mul(max).saturating_add(i)))
			})
			.collect();
		Deadlines::<T>::insert(block, BoundedVec::truncate_from(ids));
	}
}

/// Attestations a pending receipt can carry at most: fewer than `Quorum` on each side and at
/// most `MaxAttestations - 1` in all.
fn max_prior<T: Config>() -> u32 {
	let per_side = T::Quorum::get().saturating_sub(1);
	per_side.saturating_mul(2).min(T::MaxAttestations::get().saturating_sub(1))
}

/// Adds `count` attestations to receipt `id` from fresh verifiers (`first_index` onwards): up to
/// `Quorum - 1` valid ones, the rest invalid.
fn attest_many<T: Config>(
	id: ReceiptId,
	count: u32,
	first_index: u32,
) -> Result<(), BenchmarkError> {
	let per_side = T::Quorum::get().saturating_sub(1);
	for i in 0..count {
		let v = verifier::<T>(first_index.saturating_add(i))?;
		ProofOfAgency::<T>::do_attest(v, id, i < per_side)
			.map_err(|_| BenchmarkError::Stop("cannot attest"))?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: a longest kind, all optional fields, and every deadline queue of the window but
	/// the last one full.
	#[benchmark]
	fn record_receipt() -> Result<(), BenchmarkError> {
		let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(0);
		let first = now::<T>().saturating_add(T::AttestationPeriod::get());
		fill_queues::<T>(first, MAX_DEADLINE_SCAN.saturating_sub(1));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(key),
			agent,
			max_kind::<T>(),
			HASH,
			HASH,
			Some(ReceiptContext::Studio(1)),
			Some(HASH),
		);

		let r = Receipts::<T>::get(0).ok_or(BenchmarkError::Stop("not recorded"))?;
		assert_eq!(r.deadline, first.saturating_add(MAX_DEADLINE_SCAN.saturating_sub(1).into()));
		Ok(())
	}

	#[benchmark]
	fn register_verifier() {
		let who: T::AccountId = account("verifier", 0, 0);
		T::Currency::set_balance(
			&who,
			T::VerifierBond::get().saturating_add(T::Currency::minimum_balance()),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Verifiers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn deregister_verifier() -> Result<(), BenchmarkError> {
		let who = verifier::<T>(0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Verifiers::<T>::contains_key(&who));
		Ok(())
	}

	/// Worst case: the finalizing attestation, with the most prior attestations a pending receipt
	/// can carry (`min(2 * (Quorum - 1), MaxAttestations - 1)`) to clear, and other receipts in
	/// its deadline queue.
	#[benchmark]
	fn attest() -> Result<(), BenchmarkError> {
		let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(0);
		let queued = T::MaxDeadlinesPerBlock::get().max(1);
		let mut id = 0;
		for _ in 0..queued {
			id = record::<T>(&key, agent)?;
		}
		attest_many::<T>(id, max_prior::<T>(), 1)?;
		let last = verifier::<T>(0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(last), id, true);

		assert!(!Receipts::<T>::contains_key(id));
		assert_eq!(Outcomes::<T>::get(id), Some((agent, ReceiptStatus::Verified)));
		Ok(())
	}

	#[benchmark]
	fn anchor() -> Result<(), BenchmarkError> {
		let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(key), agent, HASH, u32::MAX);

		assert!(Anchors::<T>::contains_key(0));
		Ok(())
	}

	/// `n` receipts expire in one block, each with the most attestations a pending receipt can
	/// carry.
	#[benchmark]
	fn on_initialize_expire(
		n: Linear<0, { T::MaxDeadlinesPerBlock::get() }>,
	) -> Result<(), BenchmarkError> {
		let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(0);
		let prior = max_prior::<T>();
		for _ in 0..n {
			let id = record::<T>(&key, agent)?;
			attest_many::<T>(id, prior, 0)?;
		}
		let deadline = now::<T>().saturating_add(T::AttestationPeriod::get());
		assert_eq!(Deadlines::<T>::decode_len(deadline).unwrap_or(0) as u32, n);
		frame_system::Pallet::<T>::set_block_number(deadline);

		#[block]
		{
			ProofOfAgency::<T>::on_initialize(deadline);
		}

		assert_eq!(Receipts::<T>::iter().count(), 0);
		assert_eq!(Outcomes::<T>::iter().count() as u32, n);
		Ok(())
	}

	impl_benchmark_test_suite!(
		ProofOfAgency,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
