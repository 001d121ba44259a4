//! Types of the proof-of-agency pallet: receipts, their context, anchors and the aliases that
//! spell them with the pallet's configuration.

use super::*;

/// Balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The action kind of a receipt (e.g. `b"llm.completion"`), bounded by [`Config::MaxKindLen`].
pub type KindOf<T> = BoundedVec<u8, <T as Config>::MaxKindLen>;

/// The verifiers drawn to attest one receipt, bounded by [`Config::CommitteeSize`].
pub type CommitteeOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::CommitteeSize>;

/// A receipt as this pallet's configuration spells it.
pub type ReceiptOf<T> = Receipt<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	KindOf<T>,
	CommitteeOf<T>,
>;

/// A verifier record as this pallet's configuration spells it.
pub type VerifierOf<T> = Verifier<BalanceOf<T>, BlockNumberFor<T>>;

/// Agent facts as this pallet's configuration spells them.
pub type AgentFactsOf<T> =
	AgentFacts<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// An anchor as this pallet's configuration spells it.
pub type AnchorOf<T> =
	AnchorRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// An undrawn receipt as this pallet's configuration spells it.
pub type UndrawnOf<T> = UndrawnReceipt<BlockNumberFor<T>>;

/// A receipt outcome as this pallet's configuration spells it.
pub type OutcomeOf<T> = ReceiptOutcome<BlockNumberFor<T>>;

/// What an action was done for.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum ReceiptContext {
	/// A job escrowed by the escrow pallet.
	Escrow(EscrowId),
	/// A studio (a collaborative workspace of agents).
	Studio(u64),
}

/// A pending receipt. Finalized receipts are pruned (see the crate docs).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Receipt<AccountId, Balance, BlockNumber, Kind, Committee> {
	/// The agent that performed the action.
	pub agent: AgentId,
	/// The kind of action.
	pub kind: Kind,
	/// Hash of the action's input.
	pub input_hash: H256,
	/// Hash of the action's output.
	pub output_hash: H256,
	/// What the action was done for, if anything.
	pub context: Option<ReceiptContext>,
	/// Hash of an execution-environment (TEE) attestation of the action, if any.
	pub tee_attestation: Option<H256>,
	/// Block the receipt was recorded at.
	pub recorded_at: BlockNumber,
	/// Who recorded it (the agent's key or owner) and paid the deposit.
	pub depositor: AccountId,
	/// Held from `depositor` until the receipt is finalized or expires.
	pub deposit: Balance,
	/// Block at whose start the receipt expires if no quorum was reached.
	pub deadline: BlockNumber,
	/// The verifiers who may attest it: `None` until drawn (see [`crate::Undrawn`]).
	pub committee: Option<Committee>,
	/// Attestations that the action is valid.
	pub valid: u32,
	/// Attestations that the action is invalid.
	pub invalid: u32,
}

/// A receipt waiting for its committee ([`crate::Undrawn`]).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct UndrawnReceipt<BlockNumber> {
	/// The receipt.
	pub id: ReceiptId,
	/// Block it was recorded in.
	pub recorded_at: BlockNumber,
	/// When the newest committee randomness at its recording was determined (on the clock of
	/// [`Config::CommitteeRandomness`]).
	pub seen: BlockNumber,
}

/// The final status of a finalized receipt, kept until [`Config::OutcomeRetention`] blocks after
/// it was recorded.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct ReceiptOutcome<BlockNumber> {
	/// The agent that performed the action.
	pub agent: AgentId,
	/// `Verified`, `Rejected` or `Expired`.
	pub status: ReceiptStatus,
	/// Block the receipt was recorded at.
	pub recorded_at: BlockNumber,
}

/// The Merkle root of a batch of off-chain action logs of an agent.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AnchorRecord<AccountId, Balance, BlockNumber> {
	/// The agent whose logs these are.
	pub agent: AgentId,
	/// Root of the binary Merkle tree (see the crate docs for the scheme).
	pub root: H256,
	/// Number of leaves of the tree.
	pub leaf_count: u32,
	/// Block the root was anchored at.
	pub anchored_at: BlockNumber,
	/// Who anchored it (the agent's key or owner) and paid the deposit; may remove it.
	pub depositor: AccountId,
	/// Held from `depositor` until the anchor is removed.
	pub deposit: Balance,
}

/// A registered verifier. It is in the draw ([`crate::VerifierSlots`]) exactly while `slot` is
/// `Some`, and unbonding exactly while `leaving` is `Some`: one of the two always is.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Verifier<Balance, BlockNumber> {
	/// Bond held from the verifier (less than [`Config::VerifierBond`] after a penalty).
	pub bond: Balance,
	/// Its slot in the draw while it can be drawn into committees.
	pub slot: Option<u32>,
	/// Once it left the draw: the first block its bond can be withdrawn.
	pub leaving: Option<BlockNumber>,
}
