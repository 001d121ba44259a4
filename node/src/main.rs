//! `chaoscore-node`: the ChaosCore collator binary.
//!
//! `--dev` runs a whole chain alone on one machine (no relay chain); without it the node runs as a
//! cumulus collator or full node under a relay chain.

mod chain_spec;
mod cli;
mod command;
mod discovery;
mod eth_rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
