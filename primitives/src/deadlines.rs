//! Deadline queues: a pallet that settles items at a deadline keeps one bounded queue per block
//! and gives each new item the first block, from the earliest allowed, whose queue has room.

use polkadot_sdk::sp_runtime::traits::Saturating;

/// How many consecutive blocks, from the earliest allowed deadline, are inspected for a queue
/// with room before the item is refused.
pub const MAX_DEADLINE_SCAN: u32 = 16;

/// The first block at or after `earliest`, within [`MAX_DEADLINE_SCAN`] blocks, whose deadline
/// queue (of length `queue_len(block)`) holds fewer than `capacity` items; `None` if all are full.
pub fn first_free_deadline<B>(earliest: B, capacity: u32, queue_len: impl Fn(B) -> u32) -> Option<B>
where
	B: Saturating + From<u32> + Copy,
{
	(0..MAX_DEADLINE_SCAN)
		.map(|offset| earliest.saturating_add(offset.into()))
		.find(|block| queue_len(*block) < capacity)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_first_block_with_room_within_the_scan_is_chosen() {
		let full_until = |last: u32| move |block: u32| if block <= last { 2 } else { 1 };
		assert_eq!(first_free_deadline(10u32, 2, full_until(9)), Some(10));
		assert_eq!(first_free_deadline(10u32, 2, full_until(12)), Some(13));
		assert_eq!(first_free_deadline(10u32, 2, full_until(10 + MAX_DEADLINE_SCAN - 2)), Some(25));
		assert_eq!(first_free_deadline(10u32, 2, full_until(10 + MAX_DEADLINE_SCAN - 1)), None);
		assert_eq!(first_free_deadline(u32::MAX, 2, full_until(0)), Some(u32::MAX));
	}
}
