//! Expiry of the receipts that reach their deadline without a quorum (run by `on_initialize`).

use super::*;

impl<T: Config> Pallet<T> {
	/// Expires every receipt whose deadline is `now`; returns the weight used.
	pub fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let due = Deadlines::<T>::take(now);
		let count: u32 = due.len().saturated_into();
		for id in due {
			match Receipts::<T>::get(id) {
				Some(receipt) => {
					Self::prune(id, &receipt, ReceiptStatus::Expired, false);
					Self::deposit_event(Event::ReceiptExpired {
						id,
						agent: receipt.agent,
						valid: receipt.valid,
						invalid: receipt.invalid,
					});
				},
				None => {
					log::error!(target: LOG_TARGET, "receipt {id} queued at {now:?} is gone");
				},
			}
		}
		T::WeightInfo::on_initialize_expire(count)
	}
}
