// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title ChaosCore agent system actions
/// @notice The precompile at `AGENT_ACTIONS` runs ChaosCore's agent registry and escrow pallets
/// for the calling account (`msg.sender`, mapped to its ChaosCore account). Amounts are in wei:
/// 1 CHAOS = 10^18 wei, and must be whole multiples of 10^6 wei (one planck). A failing action
/// reverts with the pallet's error name, e.g. `AgentKeyInUse` or `InsufficientBalance`.
/// @dev Address: 0x0000000000000000000000000000000000Ca0000.
interface IAgentActions {
    /// Protocol spoken at an endpoint.
    enum EndpointKind { Mcp, A2a, Http, Other }

    /// Lifecycle state of an agent (see docs/ethereum.md).
    enum AgentStatus { Active, Stale, Jailed, Underbonded, Unbonding }

    /// One service endpoint of an agent.
    struct Endpoint {
        EndpointKind kind;
        string url;
    }

    /// An agent's capability metadata: what discovery filters and searches on.
    struct Metadata {
        string name;
        string category;
        string[] tags;
        string[] tools;
        string[] capabilities;
        Endpoint[] endpoints;
        string region;
        uint8 tier;
        uint32 latencyMs;
    }

    /// What the chain knows about an agent. `owner` and `agentKey` are ChaosCore account ids;
    /// for an Ethereum account they are its address followed by twelve 0xEE bytes.
    struct Agent {
        bytes32 owner;
        bytes32 agentKey;
        AgentStatus status;
        uint256 bond;
        uint32 lastHeartbeat;
        uint32 metadataVersion;
    }

    /// An agent was registered by `owner` (the caller).
    event AgentRegistered(uint64 indexed agentId, address indexed owner, address agentKey, uint256 bond);
    /// An agent's metadata was replaced; `version` is its new metadata version.
    event AgentUpdated(uint64 indexed agentId, uint32 version);
    /// An agent's key recorded a heartbeat.
    event Heartbeat(uint64 indexed agentId);
    /// An escrow was opened by `client` (the caller) for a job by agent `provider`.
    event EscrowOpened(uint64 indexed escrowId, uint64 indexed provider, address indexed client, uint256 amount, uint32 deadline);
    /// An escrow was paid out to its provider.
    event EscrowReleased(uint64 indexed escrowId);
    /// An escrow was refunded to its client.
    event EscrowRefunded(uint64 indexed escrowId);

    /// Registers an agent owned by the caller, holding the minimum bond from the caller.
    /// `agentKey` signs heartbeats and must consent: `keySignature` is its wallet's
    /// `personal_sign` (EIP-191) of `keyConsentMessage(caller, agentKey, validUntil)`, usable up
    /// to block `validUntil` (at most 600 blocks ahead). `document` is the full capability
    /// document (JSON), indexed off-chain for discovery; its blake2-256 hash is recorded on-chain.
    function register(
        address agentKey,
        uint32 validUntil,
        bytes calldata keySignature,
        Metadata calldata metadata,
        bytes calldata document
    ) external returns (uint64 agentId);

    /// The message `agentKey` signs to consent to be the key of the agent `owner` registers with
    /// it, valid up to block `validUntil`.
    function keyConsentMessage(address owner, address agentKey, uint32 validUntil)
        external
        view
        returns (bytes memory);

    /// Replaces the metadata and document of an agent the caller owns.
    function update(uint64 agentId, Metadata calldata metadata, bytes calldata document) external;

    /// Records a heartbeat; the caller must be the agent's key.
    function heartbeat(uint64 agentId) external;

    /// The agent's current state. Reverts with `UnknownAgent` if there is none.
    function agent(uint64 agentId) external view returns (Agent memory);

    /// The agent's current status. Reverts with `UnknownAgent` if there is none.
    function agentStatus(uint64 agentId) external view returns (AgentStatus);

    /// Opens an escrow of `amount` wei for a job by agent `provider`, due at block `deadline`,
    /// holding `amount + evaluatorFee` from the caller. `evaluator` may release or refund once
    /// the job is submitted and is paid `evaluatorFee`; `address(0)` means no evaluator.
    function openEscrow(
        uint64 provider,
        uint256 amount,
        address evaluator,
        uint256 evaluatorFee,
        uint32 deadline,
        bytes32 jobSpec
    ) external returns (uint64 escrowId);

    /// Pays the provider: the client at any time, the evaluator once the job is submitted.
    function release(uint64 escrowId) external;

    /// Refunds the client: the evaluator rejecting a submitted job, the client withdrawing an offer
    /// the provider has not accepted, or anyone after a deadline passed with nothing delivered.
    function refund(uint64 escrowId) external;
}
