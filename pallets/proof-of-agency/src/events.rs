//! The pallet's events and errors (a section of the `pallet` module).

use polkadot_sdk::frame_support::pallet_macros::pallet_section;

/// Events and errors of the proof-of-agency pallet.
#[pallet_section]
mod events {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An agent recorded a receipt of an action.
		ReceiptRecorded {
			id: ReceiptId,
			agent: AgentId,
			/// The signer (the agent's key or its owner).
			recorder: T::AccountId,
			kind: KindOf<T>,
			input_hash: H256,
			output_hash: H256,
			context: Option<ReceiptContext>,
			tee_attestation: Option<H256>,
			/// The receipt expires at the start of this block without a quorum.
			deadline: BlockNumberFor<T>,
		},
		/// A verifier attested a receipt.
		Attested { id: ReceiptId, verifier: T::AccountId, valid: bool },
		/// The committee of a receipt was drawn; only its members may attest.
		CommitteeDrawn { id: ReceiptId, committee: CommitteeOf<T> },
		/// A receipt reached a quorum: `status` is `Verified` or `Rejected`. It was reported to
		/// reputation and pruned.
		ReceiptFinalized {
			id: ReceiptId,
			agent: AgentId,
			status: ReceiptStatus,
			valid: u32,
			invalid: u32,
		},
		/// A receipt reached its deadline without a quorum and was pruned.
		ReceiptExpired { id: ReceiptId, agent: AgentId, valid: u32, invalid: u32 },
		/// An account registered as a verifier; its bond is held and it is in the draw.
		VerifierRegistered { who: T::AccountId, bond: BalanceOf<T> },
		/// A verifier left the draw (deregistered, or after a penalty); its bond stays held until
		/// `unbonding_until`.
		VerifierLeft { who: T::AccountId, bond: BalanceOf<T>, unbonding_until: BlockNumberFor<T> },
		/// A verifier attested against a receipt's final outcome and lost `amount` of its bond.
		VerifierPenalized {
			who: T::AccountId,
			receipt: ReceiptId,
			amount: BalanceOf<T>,
			remaining_bond: BalanceOf<T>,
		},
		/// A verifier's bond was released after its unbonding period; it is no longer registered.
		VerifierBondWithdrawn { who: T::AccountId, amount: BalanceOf<T> },
		/// An agent anchored the Merkle root of a batch of off-chain action logs.
		Anchored {
			id: AnchorId,
			agent: AgentId,
			/// The signer (the agent's key or its owner), who paid `deposit`.
			by: T::AccountId,
			root: H256,
			leaf_count: u32,
			deposit: BalanceOf<T>,
		},
		/// An anchor was removed and its deposit released to its depositor.
		AnchorRemoved {
			id: AnchorId,
			agent: AgentId,
			depositor: T::AccountId,
			deposit: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No agent with this id.
		UnknownAgent,
		/// The signer is neither the agent's key nor its owner.
		NotAgentController,
		/// The agent is jailed.
		AgentJailed,
		/// The agent is unbonding (deregistered).
		AgentUnbonding,
		/// The action kind is empty.
		EmptyKind,
		/// Every deadline queue within reach is full; try again in a later block.
		DeadlineQueuesFull,
		/// Receipt ids are exhausted.
		NoMoreReceiptIds,
		/// The signer is already a registered verifier.
		AlreadyVerifier,
		/// The signer is not a registered verifier.
		NotVerifier,
		/// The signer's free balance cannot cover the verifier bond, or the receipt or anchor
		/// deposit.
		InsufficientBalance,
		/// No receipt with this id was ever recorded.
		UnknownReceipt,
		/// The receipt is already finalized (verified, rejected or expired).
		ReceiptFinalized,
		/// The verifier already attested this receipt.
		AlreadyAttested,
		/// The receipt's committee is drawn at the start of the block after it was recorded.
		CommitteeNotDrawn,
		/// The verifier is not on the receipt's committee.
		NotInCommittee,
		/// The draw holds [`Config::MaxVerifiers`] verifiers.
		TooManyVerifiers,
		/// The verifier already left the draw and is unbonding.
		VerifierUnbonding,
		/// The verifier is still in the draw: deregister first.
		VerifierNotUnbonding,
		/// The verifier's unbonding period is not over yet.
		VerifierUnbondingNotOver,
		/// This block already recorded [`Config::MaxReceiptsPerBlock`] receipts; try the next.
		TooManyReceiptsThisBlock,
		/// The agent has [`Config::MaxPendingPerAgent`] pending receipts; wait for one to be
		/// finalized or to expire.
		TooManyPendingReceipts,
		/// A batch must have at least one leaf.
		EmptyBatch,
		/// Anchor ids are exhausted.
		NoMoreAnchorIds,
		/// A slash left the agent's bond below the minimum: it records no receipts until its owner
		/// tops the bond up (an agent with nothing at stake earns no evidence).
		AgentUnderbonded,
		/// No anchor with this id.
		UnknownAnchor,
		/// The signer did not anchor this root.
		NotAnchorDepositor,
		/// [`Config::MaxUndrawn`] receipts are waiting for their committees (the committee
		/// randomness has not advanced); try a later block.
		CommitteeDrawsBehind,
	}
}
