//! The pallet's events and errors (a section of the `pallet` module).

use polkadot_sdk::frame_support::pallet_macros::pallet_section;

/// Events and errors of the agent registry.
#[pallet_section]
mod events {
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An agent was registered and its bond held.
		Registered {
			id: AgentId,
			owner: T::AccountId,
			agent_key: T::AccountId,
			bond: BalanceOf<T>,
			version: u32,
			document_hash: H256,
			block: BlockNumberFor<T>,
		},
		/// An agent's metadata was replaced.
		Updated { id: AgentId, owner: T::AccountId, version: u32, document_hash: H256 },
		/// An agent sent a heartbeat.
		Heartbeat { id: AgentId, block: BlockNumberFor<T> },
		/// A heartbeat brought a `Stale` agent back to `Active`.
		Revived { id: AgentId, block: BlockNumberFor<T> },
		/// The liveness sweep recorded that an agent went `Active -> Stale`.
		MarkedStale { id: AgentId, last_heartbeat: BlockNumberFor<T>, block: BlockNumberFor<T> },
		/// The owner deregistered an agent; its bond can be withdrawn from `unbonding_until`.
		Deregistered {
			id: AgentId,
			owner: T::AccountId,
			bond: BalanceOf<T>,
			unbonding_until: BlockNumberFor<T>,
		},
		/// The bond was released to the owner and the agent removed.
		BondWithdrawn {
			id: AgentId,
			owner: T::AccountId,
			agent_key: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// The agent (and its held bond) moved to a new owner.
		OwnerRotated {
			id: AgentId,
			old_owner: T::AccountId,
			new_owner: T::AccountId,
			bond: BalanceOf<T>,
		},
		/// The agent's signing key changed.
		AgentKeyRotated { id: AgentId, old_key: T::AccountId, new_key: T::AccountId },
		/// More of the owner's balance was held to bring the bond back to the minimum.
		BondToppedUp {
			id: AgentId,
			owner: T::AccountId,
			amount: BalanceOf<T>,
			bond: BalanceOf<T>,
			status: AgentStatus,
		},
		/// Part of the bond was seized (slashing) and moved to `to`.
		BondSeized {
			id: AgentId,
			owner: T::AccountId,
			to: T::AccountId,
			amount: BalanceOf<T>,
			remaining_bond: BalanceOf<T>,
			status: AgentStatus,
		},
		/// The agent was jailed; the owner may lift the jail from block `until`.
		Jailed { id: AgentId, until: BlockNumberFor<T> },
		/// The jail was lifted; `status` is the agent's status afterwards.
		Unjailed { id: AgentId, status: AgentStatus },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No agent with this id.
		UnknownAgent,
		/// The signer is not the agent's owner.
		NotOwner,
		/// The signer is not the agent's key.
		NotAgentKey,
		/// The agent key is already used by an agent.
		AgentKeyInUse,
		/// The owner already has `MaxAgentsPerOwner` agents.
		TooManyAgents,
		/// The owner's free balance cannot cover the bond.
		InsufficientBalance,
		/// `blake2_256(document)` differs from `metadata.document_hash`.
		DocumentHashMismatch,
		/// The metadata name is empty.
		EmptyName,
		/// The agent is jailed.
		AgentJailed,
		/// The agent is unbonding.
		AgentUnbonding,
		/// The agent is not unbonding (deregister first).
		NotUnbonding,
		/// The unbonding period is not over yet.
		UnbondingNotOver,
		/// The agent has a pending challenge.
		AgentChallenged,
		/// The new owner is the current owner.
		SameOwner,
		/// The new owner's account cannot hold the bond (it does not exist or has too many holds).
		NewOwnerCannotHold,
		/// The bond already meets the minimum.
		BondAlreadySufficient,
		/// The agent is not jailed.
		NotJailed,
		/// Agent ids are exhausted.
		NoMoreAgentIds,
		/// The metadata version cannot be incremented further.
		VersionOverflow,
		/// The key consent's last valid block has passed.
		KeyConsentExpired,
		/// The key consent is valid for more than `MaxKeyConsentAge` blocks from now.
		KeyConsentTooLong,
		/// The key consent is not the agent key's signature over this owner, agent and key.
		BadKeyConsent,
	}
}
