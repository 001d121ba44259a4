//! Precompiles: ChaosCore system actions callable from EVM contracts and Ethereum wallets.
//!
//! [`AgentActions`] lives at [`AGENT_ACTIONS_ADDRESS`]; its Solidity interface is
//! `contracts/IAgentActions.sol`, from which the ABI types here are generated.

mod abi;
mod agent_actions;

pub use agent_actions::{AgentActions, AGENT_ACTIONS_ADDRESS, AGENT_ACTIONS_INDEX};

#[cfg(test)]
mod tests;
