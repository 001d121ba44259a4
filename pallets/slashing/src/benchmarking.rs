//! Benchmarks of the slashing pallet (frame-benchmarking v2), against the runtime's agent
//! registry through [`Config::BenchmarkHelper`].

use super::*;
use crate::Pallet as Slashing;
use polkadot_sdk::{frame_benchmarking::v2::*, frame_system::RawOrigin};

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn slash() -> Result<(), BenchmarkError> {
		let (id, _owner) = T::BenchmarkHelper::setup_agent(0);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let amount = SlashAmount::FractionOfBond(Perbill::from_percent(50));

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			id,
			amount,
			SlashReason::Governance,
			Some(H256::repeat_byte(1)),
		);

		assert!(Penalties::<T>::get(id).is_some_and(|r| r.slashes == 1));
		Ok(())
	}

	#[benchmark]
	fn jail() -> Result<(), BenchmarkError> {
		let (id, _owner) = T::BenchmarkHelper::setup_agent(0);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let until = now::<T>().saturating_add(T::MaxJailPeriod::get());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, until);

		assert_eq!(T::Agents::facts(id).and_then(|f| f.jailed_until), Some(until));
		Ok(())
	}

	#[benchmark]
	fn unjail_by_governance() -> Result<(), BenchmarkError> {
		let (id, _owner) = T::BenchmarkHelper::setup_agent(0);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let until = now::<T>().saturating_add(T::MaxJailPeriod::get());
		Slashing::<T>::do_jail(id, until).map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		unjail(origin as T::RuntimeOrigin, id);

		assert_eq!(T::Agents::facts(id).and_then(|f| f.jailed_until), None);
		Ok(())
	}

	#[benchmark]
	fn unjail_by_owner() -> Result<(), BenchmarkError> {
		let (id, owner) = T::BenchmarkHelper::setup_agent(0);
		// Slashed and jailed; the term is over: the owner's unjail tops the bond up.
		Slashing::<T>::do_slash(
			id,
			SlashAmount::FractionOfBond(Perbill::from_percent(50)),
			SlashReason::Governance,
			None,
			None,
		)
		.map_err(|_| BenchmarkError::Weightless)?;
		let until = now::<T>().saturating_add(1u32.into());
		Slashing::<T>::do_jail(id, until).map_err(|_| BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(until);
		let bond_before = T::Agents::facts(id).map(|f| f.bond);

		#[extrinsic_call]
		unjail(RawOrigin::Signed(owner), id);

		let facts = T::Agents::facts(id).expect("agent exists");
		assert_eq!(facts.jailed_until, None);
		assert!(Some(facts.bond) > bond_before);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Slashing,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
