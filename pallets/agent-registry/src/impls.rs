//! Implementations of the `chaoscore_primitives` agent traits other pallets use the registry
//! through ([`AgentInspect`], [`AgentPenalties`]), and helpers on [`Event`].

use super::*;

impl<T: Config> Event<T> {
	/// The agent this event is about (every registry event names one).
	pub fn agent(&self) -> Option<AgentId> {
		match self {
			Self::Registered { id, .. }
			| Self::Updated { id, .. }
			| Self::Heartbeat { id, .. }
			| Self::Revived { id, .. }
			| Self::MarkedStale { id, .. }
			| Self::Deregistered { id, .. }
			| Self::BondWithdrawn { id, .. }
			| Self::OwnerRotated { id, .. }
			| Self::AgentKeyRotated { id, .. }
			| Self::BondToppedUp { id, .. }
			| Self::BondSeized { id, .. }
			| Self::Jailed { id, .. }
			| Self::Unjailed { id, .. } => Some(*id),
			_ => None,
		}
	}
}

impl<T: Config> AgentInspect<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn facts(id: AgentId) -> Option<AgentFactsOf<T>> {
		Agents::<T>::get(id).map(|record| Self::facts_of_record(record, Self::now()))
	}
}

impl<T: Config> AgentPenalties<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn seize_bond(
		id: AgentId,
		amount: BalanceOf<T>,
		to: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_seize_bond(id, amount, to)
	}

	fn set_jail(id: AgentId, until: Option<BlockNumberFor<T>>) -> DispatchResult {
		Self::do_set_jail(id, until)
	}

	fn top_up_bond(id: AgentId) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_top_up_bond(id)
	}
}
