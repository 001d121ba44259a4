//! ChaosCore's test and benchmark harness: runs the real `chaoscore-node` binary (and, for the
//! relay-chain test, a relay chain) on free loopback ports and drives it with the clients users
//! have — subxt, jsonrpsee, alloy. The end-to-end tests (`node/tests/e2e`) and the benchmark
//! examples (`node/examples`) share it.
//!
//! The harness does not look for `chaoscore-node`: its callers pass the binary's path (the tests
//! `env!("CARGO_BIN_EXE_chaoscore-node")`, the benchmarks their `--node` flag).
//!
//! - Processes: [`process`] (one supervised process, restartable), [`ports`], [`dev_node`] (a
//!   `chaoscore-node` on its own ports), [`network`] (a relay chain with ChaosCore collators).
//! - Clients: [`client`] (subxt and jsonrpsee clients), [`rpc`] (raw JSON-RPC reads),
//!   [`storage`] (storage keys), [`hex`], [`keys`], [`wait`].
//! - Transactions: [`calls`] (runtime calls as values), [`tx`] (sign, submit, watch),
//!   [`events`], [`offline`] (offline signing and bulk submission), [`balances`].
//! - ChaosCore: [`agent`], [`consent`] (agent-key consents), [`agency`], [`escrow`],
//!   [`council`], [`eth`].
//! - Benchmarks: [`bench`], [`bench_agents`] (generated agents), [`stats`].

pub mod agency;
pub mod agent;
pub mod balances;
pub mod bench;
pub mod bench_agents;
pub mod calls;
pub mod client;
pub mod consent;
pub mod council;
pub mod dev_node;
pub mod escrow;
pub mod eth;
pub mod events;
pub mod hex;
pub mod keys;
pub mod network;
pub mod offline;
pub mod ports;
pub mod process;
pub mod reputation;
pub mod rpc;
pub mod stats;
pub mod storage;
pub mod tx;
pub mod wait;

pub use balances::{account, AccountData, UNIT};
pub use calls::call;
pub use client::{legacy_client, Api};
pub use dev_node::{index_dir, DevNode, QUIET_NODE_FLAGS};
pub use events::{event_field, expect_dispatched, fee_paid, find_event, variant_name};
pub use ports::{free_ports, node_key};
pub use process::Process;
pub use tx::{module_error, submit, submit_call, sudo, Included, Outcome};

/// The error of the harness, the tests and the benchmarks: any error, shown by its message.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Result type of the harness, the tests and the benchmarks.
pub type Result<T = (), E = Error> = std::result::Result<T, E>;
