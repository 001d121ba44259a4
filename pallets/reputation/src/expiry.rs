//! Expiry of unused feedback rights: the per-block expiry queues and their pruning (run by
//! `on_initialize`).

use super::*;

impl<T: Config> Pallet<T> {
	/// The block a right granted at `now` expires at: the first block at or after
	/// `now + FeedbackWindow` with room in its queue, within [`MAX_EXPIRY_SCAN`] blocks.
	pub fn next_free_expiry(now: BlockNumberFor<T>) -> Option<BlockNumberFor<T>> {
		let first = now.saturating_add(T::FeedbackWindow::get());
		let max = T::MaxFeedbackExpiriesPerBlock::get() as usize;
		(0..MAX_EXPIRY_SCAN)
			.map(|offset| first.saturating_add(offset.into()))
			.find(|block| {
				*block > now && FeedbackExpiries::<T>::decode_len(block).unwrap_or(0) < max
			})
	}

	/// Prunes the feedback rights expiring at `now`; returns the weight used.
	pub fn expire_rights(now: BlockNumberFor<T>) -> Weight {
		let due = FeedbackExpiries::<T>::take(now);
		let count: u32 = due.len().saturated_into();
		for escrow in due {
			match FeedbackRights::<T>::get(escrow) {
				Some(right) if right.expires_at == now => {
					FeedbackRights::<T>::remove(escrow);
					Self::deposit_event(Event::FeedbackRightExpired { escrow, agent: right.agent });
				},
				_ => {
					log::warn!(target: LOG_TARGET, "expiry queue of {now:?} lists escrow {escrow} without a right expiring then")
				},
			}
		}
		T::WeightInfo::on_initialize_expire(count)
	}
}
