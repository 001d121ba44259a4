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

/// Adds `amount` (a deposit) to `who`'s balance.
fn fund<T: Config>(who: &T::AccountId, amount: BalanceOf<T>) {
	let balance = T::Currency::balance(who).max(T::Currency::minimum_balance());
	T::Currency::set_balance(who, balance.saturating_add(amount));
}

/// Records a receipt of `agent` signed by `key` (funding its deposit); returns its id.
fn record<T: Config>(key: &T::AccountId, agent: AgentId) -> Result<ReceiptId, BenchmarkError> {
	fund::<T>(key, T::ReceiptDeposit::get());
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

/// Draws the committees of the receipts recorded so far, as the next block would.
fn draw<T: Config>() {
	randomness_comes::<T>();
	ProofOfAgency::<T>::draw_due();
}

/// Advances the committee randomness past the lookahead of every receipt recorded so far.
fn randomness_comes<T: Config>() {
	T::BenchmarkHelper::advance_committee_randomness(
		T::RandomnessLookahead::get().saturated_into(),
	);
}

/// The committee of drawn receipt `id`.
fn committee<T: Config>(id: ReceiptId) -> Result<Vec<T::AccountId>, BenchmarkError> {
	Receipts::<T>::get(id)
		.and_then(|r| r.committee)
		.map(|c| c.into_inner())
		.ok_or(BenchmarkError::Stop("no committee"))
}

/// Registers verifiers `0..count`, a full committee unless `count` says otherwise.
fn verifiers<T: Config>(count: u32) -> Result<(), BenchmarkError> {
	for i in 0..count {
		verifier::<T>(i)?;
	}
	Ok(())
}

/// The quorum of a full committee.
fn full_quorum<T: Config>() -> u32 {
	crate::committee::quorum(T::CommitteeSize::get() as usize)
}

/// Has the first `valid + invalid` members of receipt `id`'s committee attest: `valid` of them
/// valid, then `invalid` invalid.
fn attest_many<T: Config>(id: ReceiptId, valid: u32, invalid: u32) -> Result<(), BenchmarkError> {
	let members = committee::<T>(id)?;
	let votes = (0..valid).map(|_| true).chain((0..invalid).map(|_| false));
	for (member, vote) in members.into_iter().zip(votes) {
		ProofOfAgency::<T>::do_attest(member, id, vote)
			.map_err(|_| BenchmarkError::Stop("cannot attest"))?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: a longest kind, all optional fields, every deadline queue of the window but
	/// the last one full, and the list of receipts waiting for committees one short of full, with
	/// this block's share of it one short of the per-block cap.
	#[benchmark]
	fn record_receipt() -> Result<(), BenchmarkError> {
		let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(0);
		let first = now::<T>().saturating_add(T::AttestationPeriod::get());
		fill_queues::<T>(first, MAX_DEADLINE_SCAN.saturating_sub(1));
		// Receipts of earlier blocks wait for their randomness, and this block recorded all but
		// one of its own: the longest list to decode and count.
		let others = T::MaxUndrawn::get().saturating_sub(1);
		let this_block = T::MaxReceiptsPerBlock::get().saturating_sub(1);
		let earlier = now::<T>().saturating_sub(1u32.into());
		let placeholders = (0..others).map(|i| UndrawnReceipt {
			id: ReceiptId::MAX.saturating_sub(u64::from(others.saturating_sub(i))),
			recorded_at: if others.saturating_sub(i) <= this_block { now::<T>() } else { earlier },
			seen: Zero::zero(),
		});
		Undrawn::<T>::put(BoundedVec::truncate_from(placeholders.collect::<Vec<_>>()));
		// The agent one short of its cap of pending receipts.
		PendingPerAgent::<T>::insert(agent, T::MaxPendingPerAgent::get().saturating_sub(1));
		fund::<T>(&key, T::ReceiptDeposit::get());

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
		assert_eq!(Undrawn::<T>::decode_len().unwrap_or(0) as u32, others.saturating_add(1));
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

	/// Worst case: another verifier moves into the leaving one's slot.
	#[benchmark]
	fn deregister_verifier() -> Result<(), BenchmarkError> {
		let who = verifier::<T>(0)?;
		verifier::<T>(1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Verifiers::<T>::get(&who).is_some_and(|v| v.leaving.is_some()));
		assert_eq!(VerifierCount::<T>::get(), 1);
		Ok(())
	}

	#[benchmark]
	fn withdraw_verifier_bond() -> Result<(), BenchmarkError> {
		let who = verifier::<T>(0)?;
		ProofOfAgency::<T>::deregister_verifier(RawOrigin::Signed(who.clone()).into())
			.map_err(|_| BenchmarkError::Stop("cannot deregister"))?;
		let over = now::<T>().saturating_add(T::VerifierUnbondingPeriod::get());
		frame_system::Pallet::<T>::set_block_number(over);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Verifiers::<T>::contains_key(&who));
		Ok(())
	}

	/// Worst case: the finalizing attestation of a full committee, after every other member
	/// attested (`CommitteeSize - quorum` of them the other way, each penalized and moved out of
	/// the draw), with other receipts in its deadline queue.
	#[benchmark]
	fn attest() -> Result<(), BenchmarkError> {
		let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(0);
		verifiers::<T>(T::CommitteeSize::get().saturating_add(1))?;
		let queued = T::MaxDeadlinesPerBlock::get().max(1);
		let mut id = 0;
		for _ in 0..queued {
			id = record::<T>(&key, agent)?;
		}
		draw::<T>();
		let members = committee::<T>(id)?;
		let quorum = full_quorum::<T>();
		let losers = (members.len() as u32).saturating_sub(quorum);
		// The losers attest first (invalid), then all winners but the last (valid).
		let mut order = members;
		let last = order.pop().ok_or(BenchmarkError::Stop("empty committee"))?;
		let in_draw = VerifierCount::<T>::get();
		for (i, member) in order.into_iter().enumerate() {
			ProofOfAgency::<T>::do_attest(member, id, (i as u32) >= losers)
				.map_err(|_| BenchmarkError::Stop("cannot attest"))?;
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(last), id, true);

		assert!(!Receipts::<T>::contains_key(id));
		assert_eq!(
			Outcomes::<T>::get(id).map(|o| (o.agent, o.status)),
			Some((agent, ReceiptStatus::Verified))
		);
		assert_eq!(VerifierCount::<T>::get(), in_draw.saturating_sub(losers));
		Ok(())
	}

	#[benchmark]
	fn anchor() -> Result<(), BenchmarkError> {
		let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(0);
		fund::<T>(&key, T::AnchorDeposit::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(key), agent, HASH, u32::MAX);

		assert!(Anchors::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn remove_anchor() -> Result<(), BenchmarkError> {
		let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(0);
		fund::<T>(&key, T::AnchorDeposit::get());
		let id = ProofOfAgency::<T>::do_anchor(key.clone(), agent, HASH, 1)
			.map_err(|_| BenchmarkError::Stop("anchor failed"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(key), id);

		assert!(!Anchors::<T>::contains_key(id));
		Ok(())
	}

	/// `n` outcomes old enough to be forgotten (each check of an id also reads `Receipts` when
	/// the outcome is gone; a present outcome is the costlier case: read and removed).
	#[benchmark]
	fn on_initialize_forget(
		n: Linear<0, { ProofOfAgency::<T>::max_forgotten_per_block() }>,
	) -> Result<(), BenchmarkError> {
		let recorded_at = now::<T>();
		for id in 0..u64::from(n) {
			let status = ReceiptStatus::Verified;
			Outcomes::<T>::insert(id, ReceiptOutcome { agent: id, status, recorded_at });
		}
		NextReceiptId::<T>::put(u64::from(n));
		let later = recorded_at.saturating_add(T::OutcomeRetention::get());
		frame_system::Pallet::<T>::set_block_number(later);

		#[block]
		{
			ProofOfAgency::<T>::forget_outcomes(later);
		}

		assert_eq!(Outcomes::<T>::iter().count(), 0);
		assert_eq!(OutcomeCursor::<T>::get(), u64::from(n));
		Ok(())
	}

	/// `n` receipts expire in one block, each of another agent and depositor (whose deposit is
	/// returned) and each with the most attestations a pending receipt can carry (`quorum - 1`
	/// each way, at most the whole committee).
	#[benchmark]
	fn on_initialize_expire(
		n: Linear<0, { T::MaxDeadlinesPerBlock::get() }>,
	) -> Result<(), BenchmarkError> {
		verifiers::<T>(T::CommitteeSize::get())?;
		let ids = (0..n)
			.map(|i| {
				let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(i);
				record::<T>(&key, agent)
			})
			.collect::<Result<Vec<_>, _>>()?;
		draw::<T>();
		let per_side = full_quorum::<T>().saturating_sub(1);
		let invalid = per_side.min(T::CommitteeSize::get().saturating_sub(per_side));
		for id in ids {
			attest_many::<T>(id, per_side, invalid)?;
		}
		let deadline = now::<T>().saturating_add(T::AttestationPeriod::get());
		assert_eq!(Deadlines::<T>::decode_len(deadline).unwrap_or(0) as u32, n);
		frame_system::Pallet::<T>::set_block_number(deadline);

		#[block]
		{
			ProofOfAgency::<T>::expire_due(deadline);
		}

		assert_eq!(Receipts::<T>::iter().count(), 0);
		assert_eq!(Outcomes::<T>::iter().count() as u32, n);
		Ok(())
	}

	/// `n` receipts, each of another agent, get their committees at the start of a block, from a
	/// large draw (sampled: every receipt reads [`Pallet::max_draw_reads`] random slots).
	#[benchmark]
	fn on_initialize_draw(
		n: Linear<0, { T::MaxReceiptsPerBlock::get() }>,
	) -> Result<(), BenchmarkError> {
		// The draw only reads the slots: fill them directly, as a thousand registrations would.
		let size = T::MaxVerifiers::get().min(1_000);
		assert!(size > ProofOfAgency::<T>::max_draw_reads(), "the draw must be sampled");
		for slot in 0..size {
			VerifierSlots::<T>::insert(slot, account::<T::AccountId>("verifier", slot, 0));
		}
		VerifierCount::<T>::put(size);
		for i in 0..n {
			let (agent, _owner, key) = T::BenchmarkHelper::setup_agent(i);
			record::<T>(&key, agent)?;
		}
		randomness_comes::<T>();
		// Behind them, receipts whose randomness has not come fill the list: the longest to
		// decode and write back.
		let mut undrawn = Undrawn::<T>::get();
		let waiting = (0..T::MaxUndrawn::get().saturating_sub(n)).map(|i| UndrawnReceipt {
			id: ReceiptId::MAX.saturating_sub(u64::from(i)),
			recorded_at: now::<T>(),
			seen: u32::MAX.into(),
		});
		for entry in waiting.collect::<Vec<_>>().into_iter().rev() {
			undrawn.try_push(entry).map_err(|_| BenchmarkError::Stop("undrawn full"))?;
		}
		Undrawn::<T>::put(undrawn);

		#[block]
		{
			ProofOfAgency::<T>::draw_due();
		}

		let drawn = Receipts::<T>::iter_values().filter(|r| r.committee.is_some()).count();
		assert_eq!(drawn as u32, n);
		assert_eq!(
			Undrawn::<T>::decode_len().unwrap_or(0) as u32,
			T::MaxUndrawn::get().saturating_sub(n)
		);
		Ok(())
	}

	impl_benchmark_test_suite!(
		ProofOfAgency,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
