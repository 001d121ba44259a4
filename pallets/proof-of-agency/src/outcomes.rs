//! Forgetting outcomes: the outcome of a finalized receipt is kept for
//! [`Config::OutcomeRetention`] blocks after the receipt was recorded, then removed by
//! `on_initialize` (so a receipt's state lives a bounded time, whatever its recorder pays).

use super::*;

impl<T: Config> Pallet<T> {
	/// How many outcomes one block may remove: twice the receipts a block may record, so the
	/// removal keeps up and catches up after a pending receipt held it back.
	pub fn max_forgotten_per_block() -> u32 {
		T::MaxReceiptsPerBlock::get().saturating_mul(2)
	}

	/// Removes, in id order from [`OutcomeCursor`], the outcomes of receipts recorded at least
	/// [`Config::OutcomeRetention`] blocks before `now`, at most
	/// [`Pallet::max_forgotten_per_block`]; stops at a receipt that is still pending or too
	/// young (ids grow with the recording block). Returns the weight used.
	pub fn forget_outcomes(now: BlockNumberFor<T>) -> Weight {
		let next = NextReceiptId::<T>::get();
		let mut cursor = OutcomeCursor::<T>::get();
		let mut steps: u32 = 0;
		while steps < Self::max_forgotten_per_block() && cursor < next {
			match Outcomes::<T>::get(cursor) {
				Some(o) if o.recorded_at.saturating_add(T::OutcomeRetention::get()) <= now => {
					Outcomes::<T>::remove(cursor);
				},
				Some(_) => break,
				None if Receipts::<T>::contains_key(cursor) => break,
				None => {},
			}
			cursor = cursor.saturating_add(1);
			steps = steps.saturating_add(1);
		}
		OutcomeCursor::<T>::put(cursor);
		T::WeightInfo::on_initialize_forget(steps)
	}
}
