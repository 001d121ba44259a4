//! Benchmarks of the agent registry (frame-benchmarking v2). Every benchmark sets up its worst
//! case: full metadata, owners at `MaxAgentsPerOwner` where an owner index is rewritten, and a
//! revival event for heartbeats. Keys and their consents come from [`Config::BenchmarkHelper`]
//! (the runtime's signs with sr25519).

use super::*;
use crate::Pallet as AgentRegistry;
use alloc::vec;
use polkadot_sdk::{
	frame_benchmarking::v2::*, frame_support::traits::fungible::Mutate as _,
	frame_system::RawOrigin,
};

const SEED: u32 = 0;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let hundred: BalanceOf<T> = 100u32.into();
	let amount = T::MinBond::get()
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(hundred)
		.saturating_mul(T::MaxAgentsPerOwner::get().max(1).into());
	T::Currency::set_balance(&who, amount);
	who
}

fn filled<S: Get<u32>>(byte: u8) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(vec![byte; S::get() as usize])
}

fn filled_list<L: Get<u32>, C: Get<u32>>(count: u32) -> BoundedStrings<L, C> {
	BoundedVec::truncate_from((0..count.min(C::get())).map(|i| filled::<L>(i as u8)).collect())
}

fn document<T: Config>(len: u32, salt: u8) -> DocumentOf<T> {
	let mut doc = vec![b'd'; len as usize];
	if let Some(first) = doc.first_mut() {
		*first = salt;
	}
	BoundedVec::truncate_from(doc)
}

/// Metadata with every field at its bound, except `tags` tags.
fn metadata<T: Config>(doc: &DocumentOf<T>, tags: u32) -> AgentMetadata<T> {
	let endpoint = Endpoint { kind: EndpointKind::Mcp, url: filled::<T::MaxUrlLen>(b'u') };
	AgentMetadata {
		name: filled::<T::MaxNameLen>(b'n'),
		category: filled::<T::MaxCategoryLen>(b'c'),
		tags: filled_list::<T::MaxTagLen, T::MaxTags>(tags),
		tools: filled_list::<T::MaxItemLen, T::MaxTools>(T::MaxTools::get()),
		capabilities: filled_list::<T::MaxItemLen, T::MaxCapabilities>(T::MaxCapabilities::get()),
		endpoints: BoundedVec::truncate_from(vec![endpoint; T::MaxEndpoints::get() as usize]),
		region: filled::<T::MaxRegionLen>(b'r'),
		tier: u8::MAX,
		latency_ms: u32::MAX,
		document_hash: H256(sp_io::hashing::blake2_256(doc)),
		version: 0,
	}
}

/// Registers an agent of `owner` with a fresh key; returns its id.
fn register_agent<T: Config>(owner: &T::AccountId, key_index: u32) -> AgentId {
	let key = T::BenchmarkHelper::key(key_index);
	let consent = consent::<T>(owner, None, &key);
	let doc = document::<T>(T::MaxDocumentLen::get(), key_index as u8);
	let meta = metadata::<T>(&doc, T::MaxTags::get());
	AgentRegistry::<T>::do_register(owner.clone(), key, &consent, meta, doc)
		.expect("benchmark registration succeeds")
}

/// `key`'s consent to serve `owner`'s agent `agent`, valid as long as allowed.
fn consent<T: Config>(
	owner: &T::AccountId,
	agent: Option<AgentId>,
	key: &T::AccountId,
) -> KeyConsentOf<T> {
	let valid_until = now::<T>().saturating_add(T::MaxKeyConsentAge::get().into());
	let message = AgentRegistry::<T>::key_consent_message(owner, agent, key, valid_until);
	KeyConsent { valid_until, signature: T::BenchmarkHelper::sign(key, &message) }
}

/// Gives `owner` `count` agents, with keys numbered from `first_key`.
fn fill_owner<T: Config>(owner: &T::AccountId, count: u32, first_key: u32) -> Vec<AgentId> {
	(0..count).map(|i| register_agent::<T>(owner, first_key + i)).collect()
}

/// Registers an agent with full metadata for a freshly funded owner (enough free balance left to
/// top the bond up many times) and returns the agent id and owner. For other pallets' benchmark
/// helpers, e.g. the runtime's `pallet_slashing::BenchmarkHelper`.
pub fn setup_agent<T: Config>(seed: u32) -> (AgentId, T::AccountId) {
	let owner = funded::<T>("bench_owner", seed);
	let id = register_agent::<T>(&owner, 50_000u32.saturating_add(seed));
	(id, owner)
}

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register(d: Linear<0, { T::MaxDocumentLen::get() }>, t: Linear<0, { T::MaxTags::get() }>) {
		let owner = funded::<T>("owner", 0);
		fill_owner::<T>(&owner, T::MaxAgentsPerOwner::get().saturating_sub(1), 1_000);
		let key = T::BenchmarkHelper::key(0);
		let consent = consent::<T>(&owner, None, &key);
		let doc = document::<T>(d, 0);
		let meta = metadata::<T>(&doc, t);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), key.clone(), consent, meta, doc);

		assert!(AgentByKey::<T>::contains_key(&key));
		assert_eq!(AgentsByOwner::<T>::get(&owner).len() as u32, T::MaxAgentsPerOwner::get());
	}

	#[benchmark]
	fn update(d: Linear<0, { T::MaxDocumentLen::get() }>, t: Linear<0, { T::MaxTags::get() }>) {
		let owner = funded::<T>("owner", 0);
		let id = register_agent::<T>(&owner, 0);
		let doc = document::<T>(d, 1);
		let meta = metadata::<T>(&doc, t);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, meta, doc);

		assert_eq!(Agents::<T>::get(id).map(|r| r.metadata_version), Some(2));
	}

	#[benchmark]
	fn heartbeat() {
		let owner = funded::<T>("owner", 0);
		let id = register_agent::<T>(&owner, 0);
		let key = T::BenchmarkHelper::key(0);
		// Stale, so the heartbeat also revives it.
		let later = now::<T>().saturating_add(T::LivenessWindow::get()).saturating_add(2u32.into());
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(key), id);

		assert_eq!(Agents::<T>::get(id).map(|r| r.last_heartbeat), Some(later));
	}

	#[benchmark]
	fn deregister() {
		let owner = funded::<T>("owner", 0);
		let id = register_agent::<T>(&owner, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(Agents::<T>::get(id).is_some_and(|r| r.unbonding_until.is_some()));
	}

	#[benchmark]
	fn withdraw_bond() {
		let owner = funded::<T>("owner", 0);
		let ids = fill_owner::<T>(&owner, T::MaxAgentsPerOwner::get(), 0);
		// The first one, so the owner index is scanned and rewritten in full.
		let id = ids.first().copied().expect("MaxAgentsPerOwner > 0");
		AgentRegistry::<T>::do_deregister(owner.clone(), id).expect("deregisters");
		let until = Agents::<T>::get(id).and_then(|r| r.unbonding_until).expect("unbonding");
		frame_system::Pallet::<T>::set_block_number(until);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(!Agents::<T>::contains_key(id));
	}

	#[benchmark]
	fn rotate_owner() {
		let owner = funded::<T>("owner", 0);
		let ids = fill_owner::<T>(&owner, T::MaxAgentsPerOwner::get(), 0);
		let id = ids.first().copied().expect("MaxAgentsPerOwner > 0");
		let new_owner = funded::<T>("new_owner", 0);
		fill_owner::<T>(&new_owner, T::MaxAgentsPerOwner::get().saturating_sub(1), 1_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_owner.clone());

		assert_eq!(Agents::<T>::get(id).map(|r| r.owner), Some(new_owner));
	}

	#[benchmark]
	fn rotate_agent_key() {
		let owner = funded::<T>("owner", 0);
		let id = register_agent::<T>(&owner, 0);
		let new_key = T::BenchmarkHelper::key(1);
		let consent = consent::<T>(&owner, Some(id), &new_key);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_key.clone(), consent);

		assert_eq!(AgentByKey::<T>::get(&new_key), Some(id));
	}

	#[benchmark]
	fn top_up_bond() {
		let owner = funded::<T>("owner", 0);
		let id = register_agent::<T>(&owner, 0);
		let receiver = funded::<T>("receiver", 0);
		let half = T::MinBond::get() / 2u32.into();
		AgentRegistry::<T>::do_seize_bond(id, half.max(1u32.into()), &receiver).expect("seizes");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert_eq!(Agents::<T>::get(id).map(|r| r.bond), Some(T::MinBond::get()));
	}

	#[benchmark]
	fn on_initialize_sweep(n: Linear<0, { T::MaxStaleChecksPerBlock::get() }>) {
		for i in 0..n {
			let owner = funded::<T>("sweep_owner", i);
			register_agent::<T>(&owner, i);
		}
		// Every agent went stale: each check also persists a transition.
		let later = now::<T>().saturating_add(T::LivenessWindow::get()).saturating_add(2u32.into());
		frame_system::Pallet::<T>::set_block_number(later);

		#[block]
		{
			AgentRegistry::<T>::sweep_stale(later);
		}

		assert!(Agents::<T>::iter().all(|(_, r)| r.status == AgentStatus::Stale));
	}

	impl_benchmark_test_suite!(
		AgentRegistry,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
