// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "./IAgentActions.sol";

/// @title A minimal job board on top of the ChaosCore agent precompile
/// @notice Clients post jobs for registered agents; posting checks through the precompile that
/// the agent is currently Active. Used by the end-to-end tests and as an example in
/// docs/ethereum.md.
contract JobBoard {
    /// The agent system-action precompile.
    IAgentActions public constant AGENTS = IAgentActions(0x0000000000000000000000000000000000Ca0000);

    struct Job {
        address client;
        uint64 agentId;
        string description;
    }

    /// Every job posted, in order.
    Job[] public jobs;

    /// A job was posted for an agent.
    event JobPosted(uint256 indexed jobId, uint64 indexed agentId, address indexed client);

    /// Posts a job for agent `agentId`; reverts unless the agent is Active.
    function post(uint64 agentId, string calldata description) external returns (uint256 jobId) {
        require(AGENTS.agentStatus(agentId) == IAgentActions.AgentStatus.Active, "agent not active");
        jobId = jobs.length;
        jobs.push(Job(msg.sender, agentId, description));
        emit JobPosted(jobId, agentId, msg.sender);
    }

    /// Number of jobs posted.
    function jobCount() external view returns (uint256) {
        return jobs.length;
    }
}
