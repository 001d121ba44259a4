//! Committees: which verifiers may attest a receipt, drawn at the start of a block once
//! randomness nobody knew at the receipt's recording has come (run by `on_initialize`), and the
//! quorum of a committee.

use super::*;
use polkadot_sdk::sp_io::hashing::blake2_256;

/// The quorum of a committee of `size` members: a strict majority.
pub fn quorum(size: usize) -> u32 {
	u32::try_from(size / 2).unwrap_or(u32::MAX).saturating_add(1)
}

/// The `n`-th random number of the draw for receipt `id` under `seed`.
fn random(seed: &[u8], id: ReceiptId, n: u32) -> u32 {
	let hash = blake2_256(&(b"chaoscore/committee", seed, id, n).encode());
	u32::from_le_bytes([hash[0], hash[1], hash[2], hash[3]])
}

impl<T: Config> Pallet<T> {
	/// Most draw slots read for one committee (each read adds to the block's proof): the whole
	/// draw when it holds at most this many verifiers, otherwise this many random slots, which
	/// leaves a committee short only when several picks collide or hit the agent's owner or key.
	pub fn max_draw_reads() -> u32 {
		T::CommitteeSize::get().saturating_mul(2)
	}

	/// The committee randomness now, and when it was determined.
	pub fn committee_randomness() -> (T::Hash, BlockNumberFor<T>) {
		T::CommitteeRandomness::random(b"chaoscore/committee")
	}

	/// Draws the committees of the oldest undrawn receipts whose randomness has come: determined
	/// more than [`Config::RandomnessLookahead`] after the newest at their recording. At most
	/// [`Config::MaxReceiptsPerBlock`] a block; returns the weight used.
	pub fn draw_due() -> Weight {
		let mut undrawn = Undrawn::<T>::get();
		let (seed, determined) = Self::committee_randomness();
		let lookahead = T::RandomnessLookahead::get();
		let due = undrawn
			.iter()
			.take(T::MaxReceiptsPerBlock::get() as usize)
			.take_while(|u| u.seen.saturating_add(lookahead) < determined)
			.count();
		if due == 0 {
			return T::WeightInfo::on_initialize_draw(0);
		}
		for UndrawnReceipt { id, .. } in undrawn.drain(..due) {
			let Some(mut receipt) = Receipts::<T>::get(id) else {
				// Expired before its randomness came.
				continue;
			};
			let committee = Self::draw_committee(seed.as_ref(), id, receipt.agent);
			receipt.committee = Some(committee.clone());
			Receipts::<T>::insert(id, receipt);
			Self::deposit_event(Event::CommitteeDrawn { id, committee });
		}
		Undrawn::<T>::put(undrawn);
		T::WeightInfo::on_initialize_draw(due.saturated_into())
	}

	/// Draws up to [`Config::CommitteeSize`] distinct verifiers from the draw for receipt `id`
	/// of `agent`, never the agent's owner or key. A small draw is shuffled whole (the committee
	/// is as large as it can be); a large one is sampled at [`Self::max_draw_reads`] random slots,
	/// all of them read (a constant cost, which the benchmark measures), the first eligible
	/// distinct ones taken.
	pub fn draw_committee(seed: &[u8], id: ReceiptId, agent: AgentId) -> CommitteeOf<T> {
		let excluded = T::Agents::facts(agent).map(|f| [f.owner, f.agent_key]);
		let eligible = |who: &T::AccountId| excluded.as_ref().is_none_or(|e| !e.contains(who));
		let count = VerifierCount::<T>::get();
		let size = T::CommitteeSize::get();
		let mut committee = CommitteeOf::<T>::default();
		if count <= Self::max_draw_reads() {
			let mut pool: Vec<T::AccountId> =
				(0..count).filter_map(VerifierSlots::<T>::get).filter(|v| eligible(v)).collect();
			for n in 0..size {
				let left: u32 = pool.len().saturated_into();
				if left == 0 {
					break;
				}
				let index = (random(seed, id, n) % left) as usize;
				if index >= pool.len() {
					break;
				}
				if committee.try_push(pool.swap_remove(index)).is_err() {
					break;
				}
			}
		} else {
			let picks = (0..Self::max_draw_reads())
				.filter_map(|n| VerifierSlots::<T>::get(random(seed, id, n) % count))
				.collect::<Vec<_>>();
			for who in picks {
				if (committee.len() as u32) < size && eligible(&who) && !committee.contains(&who) {
					let _ = committee.try_push(who);
				}
			}
		}
		committee
	}
}
