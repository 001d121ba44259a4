//! Implementations of the `chaoscore-primitives` traits.

use super::*;

impl<T: Config> ReceiptInspect for Pallet<T> {
	fn receipt(id: ReceiptId) -> Option<(AgentId, ReceiptStatus)> {
		Self::receipt_status(id)
	}
}
