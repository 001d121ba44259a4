//! Types of the challenge pallet: the stored challenge and the aliases its configuration spells
//! them with.

use super::*;

/// Balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A challenge as this pallet's configuration spells it.
pub type ChallengeOf<T> =
	Challenge<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A ruling as this pallet's configuration spells it.
pub type RulingOf<T> = Ruling<BalanceOf<T>, BlockNumberFor<T>>;

/// An open challenge. Resolved and expired challenges are removed (their history is in the
/// events).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Challenge<AccountId, Balance, BlockNumber> {
	/// Who opened the challenge; its bond is held.
	pub challenger: AccountId,
	/// What the challenge is about.
	pub target: ChallengeTarget,
	/// The agent a penalty would hit: the target agent, or the escrow's provider agent (`None` if
	/// that agent was no longer registered when the challenge was opened).
	pub agent: Option<AgentId>,
	/// Hash of the evidence (kept off-chain).
	pub evidence: H256,
	/// The claim made.
	pub reason: ChallengeReason,
	/// Bond held from the challenger.
	pub bond: Balance,
	/// Block the challenge was opened at.
	pub opened_at: BlockNumber,
	/// Block at whose start the challenge expires if still unresolved.
	pub deadline: BlockNumber,
}
