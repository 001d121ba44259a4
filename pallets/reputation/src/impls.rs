//! Implementations of the `chaoscore-primitives` traits: the [`ReputationSink`] other pallets
//! report outcomes through.

use super::*;

impl<T: Config> ReputationSink<T::AccountId, T::Balance> for Pallet<T> {
	fn receipt_finalized(agent: AgentId, receipt: ReceiptId, verified: bool) {
		Self::record_outcome(agent, Outcome::Receipt { id: receipt, verified });
	}

	fn escrow_settled(
		agent: AgentId,
		escrow: EscrowId,
		client: &T::AccountId,
		value: T::Balance,
		outcome: EscrowOutcome,
	) {
		Self::record_outcome(agent, Outcome::Escrow { id: escrow, value, outcome });
		if !Self::grant_right(escrow, agent, client, value) {
			Self::deposit_event(Event::FeedbackRightNotGranted { escrow, agent });
		}
	}

	fn challenge_upheld(agent: AgentId) {
		Self::record_outcome(agent, Outcome::ChallengeUpheld);
	}

	fn slashed(agent: AgentId, amount: T::Balance) {
		Self::record_outcome(agent, Outcome::Slashed { amount });
	}

	fn outcome_weight() -> Weight {
		T::WeightInfo::record_outcome()
	}

	fn settlement_weight() -> Weight {
		T::WeightInfo::escrow_settled()
	}
}
